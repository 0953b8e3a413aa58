"""``validate`` and ``schema``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from scorecard.cli.common import (
    CriteriaOpt,
    ScoresOpt,
    TextOrJson,
    _errors,
    _input_paths,
    _print_findings,
    app,
)
from scorecard.load.inputs import load_inputs

if TYPE_CHECKING:
    pass


@app.command(name="validate")
def validate_cmd(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Vendor files or folders. Default: vendors/.", show_default=False),
    ] = None,
    criteria: CriteriaOpt = None,
    fmt: Annotated[TextOrJson, typer.Option("--format", help="Output format.")] = TextOrJson.text,
    scores: ScoresOpt = None,
) -> None:
    """Check vendor files, score files and the criteria file; report every problem with
    file, line and field."""
    with _errors():
        result = load_inputs(_input_paths(paths, criteria, scores=scores))
        _print_findings(result.findings, fmt.value)
        if result.findings:
            n = len(result.findings)
            files = len({f.path for f in result.findings})
            typer.echo(
                f"{n} problem{'s' if n != 1 else ''} in {files} file{'s' if files != 1 else ''}",
                err=True,
            )
            raise typer.Exit(1)
        assert result.inputs is not None
        if fmt is TextOrJson.text:
            n = len(result.inputs.vendors)
            k = len(result.inputs.score_sources)
            scored = f", {k} score file{'s' if k != 1 else ''}" if k else ""
            typer.echo(
                f"OK: {n} vendor file{'s' if n != 1 else ''}{scored} and "
                f"{result.inputs.criteria_source.display} are valid",
                err=True,
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
