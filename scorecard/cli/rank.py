"""``rank``, with the robustness analysis on request."""

from __future__ import annotations

import contextlib
import math
import sys
from collections.abc import Callable, Iterator
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from scorecard.cli.common import (
    ConcentrationOpt,
    CriteriaOpt,
    DateOpt,
    DrawsOpt,
    ScoresOpt,
    SeedOpt,
    SensitivityOpt,
    VendorsOpt,
    _errors,
    _input_paths,
    _load,
    app,
    resolve_date,
)
from scorecard.cli.spreadsheet import CsvLocaleOpt, WeightOpt, localised, what_if
from scorecard.model.constants import DEFAULT_CONCENTRATION, DEFAULT_DRAWS, DEFAULT_SEED
from scorecard.model.inputs import Inputs

if TYPE_CHECKING:
    from scorecard.model.results import Ranking


class RankMethod(StrEnum):
    weighted_sum = "weighted-sum"
    topsis = "topsis"


class RankFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


@app.command(name="rank")
def rank_cmd(
    vendors: VendorsOpt = None,
    criteria: CriteriaOpt = None,
    method: Annotated[
        RankMethod | None,
        typer.Option(
            "--method",
            help="Scoring method. Default: the criteria file's method.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[RankFormat, typer.Option("--format", help="Output format.")] = RankFormat.table,
    date: DateOpt = None,
    sensitivity: SensitivityOpt = False,
    draws: DrawsOpt = DEFAULT_DRAWS,
    seed: SeedOpt = DEFAULT_SEED,
    concentration: ConcentrationOpt = DEFAULT_CONCENTRATION,
    scores: ScoresOpt = None,
    weight: WeightOpt = None,
    csv_locale: CsvLocaleOpt = None,
) -> None:
    """Score and rank the vendors against the criteria: gates, weights, ties, warnings."""
    from scorecard.report.writers import WRITERS
    from scorecard.score.ranking import score_vendors
    from scorecard.score.what_if import mark_what_if

    report_date = resolve_date(date)
    _check_concentration(concentration)
    if csv_locale is not None and fmt is not RankFormat.csv:
        raise typer.BadParameter("applies to --format csv only", param_hint="--csv-locale")
    with _errors(), _no_gc():
        inputs, overrides = what_if(_load(_input_paths(vendors, criteria, scores=scores)), weight)
        ranking = score_vendors(inputs, report_date, method.value if method else None)
        ranking = mark_what_if(ranking, overrides)
        if sensitivity and fmt is RankFormat.csv:
            typer.echo(CSV_SENSITIVITY_NOTE, err=True)
        elif sensitivity:
            ranking = _with_sensitivity(inputs, ranking, draws, seed, concentration)
        text = WRITERS[fmt.value](ranking) + _sensitivity_section(ranking, fmt)
        if fmt is RankFormat.csv:
            text = localised(text, csv_locale, "ranking")
        typer.echo(text, nl=False)


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector during one short run: parsing 1,000 vendor
    files allocates ~10^6 acyclic objects and the collector's passes cost ~10% of
    `rank` (measured by bench/bench_rank.py); nothing here builds cycles to collect."""
    import gc

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


#: Show a progress bar when a robustness run draws at least this many values
#: (draws x vendors x metrics: about a tenth of a second of work).
PROGRESS_MIN_VALUES = 5_000_000


def _check_concentration(concentration: float) -> None:
    if not (math.isfinite(concentration) and concentration > 0):
        raise typer.BadParameter(
            f"must be a number above 0 (got {concentration:g})", param_hint="--concentration"
        )


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


CSV_SENSITIVITY_NOTE = (
    "Note: --sensitivity adds nothing to CSV (one row per vendor); "
    "use --format json, table or markdown."
)


def _sensitivity_section(ranking: Ranking, fmt: RankFormat) -> str:
    """The robustness section appended to table and Markdown output ('' without one)."""
    if ranking.sensitivity is None or fmt not in (RankFormat.table, RankFormat.markdown):
        return ""
    from scorecard.report.sensitivity_text import (
        format_sensitivity_markdown,
        format_sensitivity_text,
    )

    write = format_sensitivity_text if fmt is RankFormat.table else format_sensitivity_markdown
    return "\n" + write(ranking.sensitivity, ranking)


def _with_sensitivity(
    inputs: Inputs, ranking: Ranking, draws: int, seed: int, concentration: float
) -> Ranking:
    """The ranking with its robustness analysis attached (numpy is imported here)."""
    from scorecard.analyse.sensitivity import analyse_sensitivity

    columns = len(inputs.metrics) + len(inputs.gates)
    with _progress(draws * len(inputs.vendors) * columns, "Robustness") as progress:
        result = analyse_sensitivity(
            inputs,
            ranking,
            draws=draws,
            seed=seed,
            concentration=concentration,
            progress=progress,
        )
    return ranking.model_copy(update={"sensitivity": result})
