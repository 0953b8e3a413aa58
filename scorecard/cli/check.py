"""``validate`` and ``schema``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from scorecard import pipeline
from scorecard.cli.common import (
    CriteriaOpt,
    ExampleOpt,
    ScoresOpt,
    TextOrJson,
    _errors,
    _input_paths,
    _plural,
    _print_findings,
    app,
    resolve_date,
)

if TYPE_CHECKING:
    from scorecard.model.inputs import Inputs


@app.command(name="validate")
def validate_cmd(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Vendor files or folders. Default: vendors/.", show_default=False),
    ] = None,
    criteria: CriteriaOpt = None,
    fmt: Annotated[TextOrJson, typer.Option("--format", help="Output format.")] = TextOrJson.text,
    scores: ScoresOpt = None,
    example: ExampleOpt = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail (exit 1) on warnings too, not only errors.")
    ] = False,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="The day to check against YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else "
            "today): figures dated after it are warnings. Given explicitly, exchange rates "
            "([fx]) older than max_age_days before it are warnings too, as rank and report "
            "flag them against the report date.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check vendor files, score files and the criteria file; report every problem with
    file, line and field: errors first, then warnings (implausible figures; with --date,
    stale exchange rates)."""
    today = resolve_date(date)  # a bad date is a usage error (2)
    on = None if date is None else today
    with _errors(fmt.value):
        paths_ = _input_paths(paths, criteria, scores, example)
        result = pipeline.check_project(paths_, today, fx_on=on)
        _print_findings([*result.findings, *result.warnings], fmt.value)
        warned = f"{_plural(len(result.warnings), 'warning')}" if result.warnings else ""
        if result.findings:
            files = len({f.path for f in result.findings})
            also = f" (and {warned})" if warned else ""
            typer.echo(
                f"{_plural(len(result.findings), 'problem')} in {_plural(files, 'file')}{also}",
                err=True,
            )
            raise typer.Exit(1)
        if fmt is TextOrJson.text and result.inputs is not None:
            typer.echo(_valid(result.inputs) + (f", with {warned}" if warned else ""), err=True)
        if strict and result.warnings:
            typer.echo(f"{warned} (--strict)", err=True)
            raise typer.Exit(1)


def _valid(inputs: Inputs) -> str:
    """What `validate` says of valid inputs (on stderr: stdout stays the findings)."""
    k = len(inputs.score_sources)
    scored = f", {_plural(k, 'score file')}" if k else ""
    return (
        f"OK: {_plural(len(inputs.vendors), 'vendor file')}{scored} and "
        f"{inputs.criteria_source.display} are valid"
    )


@app.command(name="schema")
def schema_cmd(
    out: Annotated[
        Path, typer.Option("--out", help="Folder to write the JSON Schema files to.")
    ] = Path("schema"),
) -> None:
    """Write the JSON Schema (draft 2020-12) of the vendor and criteria file formats."""
    from scorecard.model.schema import schema_texts
    from scorecard.outputs import write_atomic

    with _errors():
        for name, text in schema_texts().items():
            write_atomic(out / name, text)
            typer.echo(f"wrote {out / name}", err=True)
