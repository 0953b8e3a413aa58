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
    AllowUnapprovedOpt,
    ConcentrationOpt,
    CriteriaOpt,
    DateOpt,
    DrawsOpt,
    ExampleOpt,
    MethodOpt,
    ScoresOpt,
    SeedOpt,
    SensitivityOpt,
    VendorsOpt,
    _approval_warnings,
    _errors,
    _input_paths,
    _no_gc,
    app,
    resolve_date,
)
from scorecard.cli.spreadsheet import CsvLocaleOpt, WeightOpt, localised, weights_option
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
    weight: WeightOpt = None,
    csv_locale: CsvLocaleOpt = None,
    example: ExampleOpt = False,
    allow_unapproved: AllowUnapprovedOpt = False,
) -> None:
    """Score and rank the vendors against the criteria: gates, weights, ties, warnings."""
    from scorecard.report.labels import Labels
    from scorecard.report.writers import write_ranking

    day = resolve_date(date)
    robust = sensitivity and fmt is not RankFormat.csv
    if csv_locale is not None and fmt is not RankFormat.csv:
        raise typer.BadParameter("applies to --format csv only", param_hint="--csv-locale")
    with _errors(fmt.value), _no_gc():
        paths = _input_paths(vendors, criteria, scores, example)
        inputs = pipeline.load_project(paths)
        _approval_warnings(
            pipeline.check_approval(
                inputs.criteria, inputs.criteria_source, paths.criteria_path, allow_unapproved
            )
        )
        options = pipeline.ScoreOptions(
            method.value if method else None,
            pipeline.Robustness(draws, seed, concentration) if robust else None,
            weights_option(inputs, weight),
        )
        with _progress(pipeline.robustness_work(inputs, options), "Robustness") as progress:
            ranking = pipeline.score_inputs(inputs, day, options, progress)
        if sensitivity and not robust:
            typer.echo(CSV_SENSITIVITY_NOTE, err=True)
        labels = Labels.of(inputs.catalog, inputs.criteria)
        text = write_ranking(ranking, fmt.value, labels, inputs.criteria.language)
        if csv_locale:
            text = localised(text, csv_locale, "ranking")
        typer.echo(mark_example(text, fmt.value) if paths.example else text, nl=False)


EXAMPLE_LINE = "Example data: the bundled example, not a buyer's project."


def mark_example(text: str, fmt: str) -> str:
    """The output marked as example data: ``"example": true`` first in JSON, a first
    line in the table and Markdown (CSV stays one row per vendor: the note on stderr)."""
    if fmt == "json":
        return text.replace("{\n", '{\n  "example": true,\n', 1)
    if fmt in ("table", "markdown"):
        return f"{EXAMPLE_LINE}\n\n{text}"
    return text


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
