"""``init``, ``new`` and ``diff``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from scorecard import pipeline
from scorecard.cli.common import CriteriaOpt, DateOpt, _errors, app, resolve_date
from scorecard.cli.imports import VendorsDirOpt


@app.command(name="init")
def init_cmd(
    directory: Annotated[
        Path,
        typer.Argument(help="Folder to create the project in. Default: here.", metavar="[DIR]"),
    ] = Path("."),
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite files that already exist.")
    ] = False,
) -> None:
    """Start a buyer's project: criteria.toml, an example vendor file, JSON Schemas,
    a pre-commit configuration and a README for the team."""
    from scorecard.authoring.project import init_project

    with _errors():
        for path in init_project(directory, force):
            typer.echo(f"wrote {path}", err=True)
        typer.echo(
            f"Next: edit {directory / 'criteria.toml'}, replace the example vendor, "
            "run `scorecard validate`, then `scorecard report`.",
            err=True,
        )


@app.command(name="new")
def new_cmd(
    vendor_id: Annotated[
        str,
        typer.Argument(help="The vendor id: the file name, e.g. acme-large.", metavar="VENDOR_ID"),
    ],
    vendor: Annotated[
        str, typer.Option("--vendor", help="The vendor (company) name.", show_default=False)
    ],
    model: Annotated[str, typer.Option("--model", help="The model's name.", show_default=False)],
    vendors: VendorsDirOpt = Path("vendors"),
    criteria: CriteriaOpt = None,
) -> None:
    """Write a new vendor file, with placeholders for the metrics the criteria file scores."""
    from scorecard.authoring.vendor import check_vendor_id

    problem = check_vendor_id(vendor_id)
    if problem:
        raise typer.BadParameter(problem, param_hint="VENDOR_ID")
    for name, value in (("--vendor", vendor), ("--model", model)):
        if not value.strip():
            raise typer.BadParameter("must not be empty", param_hint=name)
    with _errors():
        made = pipeline.new_vendor(vendor_id, vendor, model, vendors, criteria)
        if made.note:
            typer.echo(f"Note: {made.note}", err=True)
        typer.echo(f"wrote {made.path}", err=True)


class DiffFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


@app.command(name="diff")
def diff_cmd(
    rev_a: Annotated[
        str, typer.Argument(help="The revision to compare from (any git revision).")
    ] = "HEAD",
    rev_b: Annotated[
        str | None,
        typer.Argument(
            help="The revision to compare to. Default: the working tree.", show_default=False
        ),
    ] = None,
    vendors: VendorsDirOpt = Path("vendors"),
    criteria: Annotated[
        Path, typer.Option("--criteria", help="The criteria file, relative to here.")
    ] = Path("criteria.toml"),
    fmt: Annotated[
        DiffFormat, typer.Option("--format", help="Output format (markdown suits a pull request).")
    ] = DiffFormat.table,
    date: DateOpt = None,
    scores: Annotated[
        Path,
        typer.Option(
            "--scores", help="The evaluation panel's score folder, relative to here (if present)."
        ),
    ] = Path("scores"),
) -> None:
    """Compare the project at two git revisions: changed figures, vendors, weights and
    gates, and the ranking at both with each vendor's movement."""
    from scorecard.report import diff_text

    on = resolve_date(date)
    with _errors(fmt.value):
        diff = pipeline.diff_revisions(rev_a, rev_b, on, vendors, criteria, scores)
        if fmt is DiffFormat.json:
            typer.echo(diff.to_json(), nl=False)
        elif fmt is DiffFormat.markdown:
            typer.echo(diff_text.render_markdown(diff), nl=False)
        else:
            typer.echo(diff_text.render_table(diff), nl=False)
