"""``export xlsx`` and ``export csv``: the scores and figures where spreadsheets are."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scorecard import pipeline
from scorecard.cli.common import (
    AllowUnapprovedOpt,
    CriteriaOpt,
    DateOpt,
    MethodOpt,
    ScoresOpt,
    VendorsOpt,
    _approval_warnings,
    _errors,
    _input_paths,
    app,
    resolve_date,
)
from scorecard.cli.spreadsheet import CsvLocaleOpt, localised

export_app = typer.Typer(
    name="export",
    help="Export scores and figures for spreadsheets: a workbook with live formulas, "
    "or CSV for any Excel locale.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


app.add_typer(export_app, name="export")


@export_app.command(name="xlsx")
def export_xlsx_cmd(
    vendors: VendorsOpt = None,
    criteria: CriteriaOpt = None,
    scores: ScoresOpt = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="The workbook to write.")] = Path(
        "scorecard.xlsx"
    ),
    date: DateOpt = None,
    method: MethodOpt = None,
    allow_unapproved: AllowUnapprovedOpt = False,
) -> None:
    """Write an Excel workbook whose formulas recompute scorecard's scores.

    Scores (weights in input cells, value scores, points, total and rank by formula),
    Figures, Warnings, Method and Read me sheets.  The PDF report stays the record."""
    from scorecard import __version__
    from scorecard.outputs import write_atomic
    from scorecard.report.xlsx import export_info, write_workbook

    day = resolve_date(date)
    chosen = method.value if method else None
    # the report id `scorecard report` gives for the same inputs, date and method
    report_options = pipeline.ScoreOptions(chosen, pipeline.Robustness()).manifest_options()
    with _errors():
        paths = _input_paths(vendors, criteria, scores)
        inputs = pipeline.load_project(paths)
        _approval_warnings(
            pipeline.check_approval(
                inputs.criteria, inputs.criteria_source, paths.criteria_path, allow_unapproved
            )
        )
        ranking = pipeline.score_inputs(inputs, day, pipeline.ScoreOptions(chosen))
        info = export_info(inputs, day, report_options, __version__)
        write_atomic(output, write_workbook(inputs, ranking, info))
    typer.echo(f"wrote {output} (report id {info.report_id})", err=True)


@export_app.command(name="csv")
def export_csv_cmd(
    vendors: VendorsOpt = None,
    criteria: CriteriaOpt = None,
    scores: ScoresOpt = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="The CSV to write. Default: standard output."),
    ] = None,
    csv_locale: CsvLocaleOpt = None,
) -> None:
    """Write every figure as CSV, one row per figure (the workbook's Figures columns):
    vendor, metric, value, unit, canonical value, source, as-of, evidence, file:line."""
    from scorecard.outputs import write_atomic
    from scorecard.report.figure_table import write_figures_csv

    with _errors():
        inputs = pipeline.load_project(_input_paths(vendors, criteria, scores))
        text = localised(write_figures_csv(inputs), csv_locale, "figures")
        if output is None:
            typer.echo(text, nl=False)
        else:
            write_atomic(output, text)
            typer.echo(f"wrote {output}", err=True)
