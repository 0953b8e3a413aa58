"""``rank``, with the robustness analysis on request."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from enum import StrEnum
from typing import Annotated

import typer

from scorecard import pipeline
from scorecard.cli.common import (
    ConcentrationOpt,
    CriteriaOpt,
    DateOpt,
    DrawsOpt,
    MethodOpt,
    ScoresOpt,
    SeedOpt,
    SensitivityOpt,
    VendorsOpt,
    _errors,
    _input_paths,
    _no_gc,
    app,
    resolve_date,
)
from scorecard.model.constants import DEFAULT_CONCENTRATION, DEFAULT_DRAWS, DEFAULT_SEED


class RankFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


CSV_SENSITIVITY_NOTE = (
    "Note: --sensitivity adds nothing to CSV (one row per vendor); "
    "use --format json, table or markdown."
)


@app.command(name="rank")
def rank_cmd(
    vendors: VendorsOpt = None,
    criteria: CriteriaOpt = None,
    method: MethodOpt = None,
    fmt: Annotated[RankFormat, typer.Option("--format", help="Output format.")] = RankFormat.table,
    date: DateOpt = None,
    sensitivity: SensitivityOpt = False,
    draws: DrawsOpt = DEFAULT_DRAWS,
    seed: SeedOpt = DEFAULT_SEED,
    concentration: ConcentrationOpt = DEFAULT_CONCENTRATION,
    scores: ScoresOpt = None,
) -> None:
    """Score and rank the vendors against the criteria: gates, weights, ties, warnings."""
    from scorecard.report.labels import Labels
    from scorecard.report.writers import write_ranking

    day = resolve_date(date)
    robust = sensitivity and fmt is not RankFormat.csv
    options = pipeline.ScoreOptions(
        method and method.value,
        pipeline.Robustness(draws, seed, concentration) if robust else None,
    )
    with _errors(fmt.value), _no_gc():
        inputs = pipeline.load_project(_input_paths(vendors, criteria, scores))
        with _progress(pipeline.robustness_work(inputs, options), "Robustness") as progress:
            ranking = pipeline.score_inputs(inputs, day, options, progress)
        if sensitivity and not robust:
            typer.echo(CSV_SENSITIVITY_NOTE, err=True)
        labels = Labels.of(inputs.catalog, inputs.criteria)
        typer.echo(write_ranking(ranking, fmt.value, labels), nl=False)


#: Show a progress bar when a robustness run draws at least this many values
#: (draws x vendors x metrics: about a tenth of a second of work).
PROGRESS_MIN_VALUES = 5_000_000


@contextlib.contextmanager
def _progress(work: int, label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A transient progress bar on stderr for long runs; nothing when stderr is not a TTY."""
    if work < PROGRESS_MIN_VALUES or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update
