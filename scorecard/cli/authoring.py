"""``init``, ``new`` and ``diff``."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from scorecard.cli.common import CriteriaOpt, DateOpt, _errors, _print_findings, app, resolve_date
from scorecard.cli.imports import VendorsDirOpt
from scorecard.load.inputs import load_inputs
from scorecard.load.project import InputPaths
from scorecard.load.validation import load_model_file
from scorecard.model.errors import InvalidInputError, ScorecardError
from scorecard.model.inputs import Inputs

if TYPE_CHECKING:
    from scorecard.model.results import Ranking


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
    from scorecard.authoring import vendor as authoring
    from scorecard.model.files import CriteriaFile

    problem = authoring.check_vendor_id(vendor_id)
    if problem:
        raise typer.BadParameter(problem, param_hint="VENDOR_ID")
    for name, value in (("--vendor", vendor), ("--model", model)):
        if not value.strip():
            raise typer.BadParameter("must not be empty", param_hint=name)
    with _errors():
        crit_path = criteria or Path("criteria.toml")
        parsed: CriteriaFile | None = None
        if crit_path.exists():
            parsed, _ = load_model_file(CriteriaFile, crit_path)
            if parsed is None:
                typer.echo(
                    f"Note: {crit_path} does not validate; placeholders for every catalogue metric.",
                    err=True,
                )
        elif criteria is not None:
            raise ScorecardError(f"{criteria}: no such file")
        path = vendors / f"{vendor_id}.toml"
        text = authoring.new_vendor_text(
            vendor,
            model,
            authoring.placeholders_for(parsed),
            schema=(vendors.parent / "schema" / "vendor.schema.json").is_file(),
            criteria_name=str(crit_path) if parsed else None,
        )
        authoring.write_new_vendor(path, text)
        typer.echo(f"wrote {path}", err=True)


class DiffFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


def _load_revision(
    rev: str | None, vendors: Path, criteria: Path, scores: Path, tmp: Path, on: dt.date
) -> tuple[Inputs, Ranking]:
    """The project at ``rev`` (None: the working tree) and its ranking on ``on``;
    invalid input names the revision."""
    from scorecard.authoring import revisions
    from scorecard.score.ranking import score_vendors

    names: dict[str, str] = {}
    if rev is None:
        scores_path = scores if scores.is_dir() else None
        result = load_inputs(InputPaths((vendors,), criteria, scores_path=scores_path))
        label = f"in the {revisions.WORKING_TREE}"
    else:
        snapshot = revisions.extract_revision(Path.cwd(), rev, vendors, criteria, tmp, scores)
        result = revisions.load_snapshot(snapshot)
        names = snapshot.names
        label = f"at revision {rev}"
    findings = result.findings
    if result.inputs is not None:
        try:
            return result.inputs, score_vendors(result.inputs, on)
        except InvalidInputError as exc:  # e.g. topsis with a neutral policy
            findings = [revisions.rename_finding(f, names) for f in exc.findings]
    _print_findings(findings, "text")
    n = len(findings)
    raise ScorecardError(f"the project is invalid {label}: {n} problem{'s' if n != 1 else ''}")


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
    import tempfile

    from scorecard.analyse import diff as diffing
    from scorecard.authoring import revisions
    from scorecard.report import diff_text

    on = resolve_date(date)
    with _errors(), tempfile.TemporaryDirectory(prefix="scorecard-diff-") as tmp:
        revisions.repo_prefix(Path.cwd())  # outside a repository: a clear error first
        a, ranking_a = _load_revision(rev_a, vendors, criteria, scores, Path(tmp) / "a", on)
        b, ranking_b = _load_revision(rev_b, vendors, criteria, scores, Path(tmp) / "b", on)
        diff = diffing.diff_inputs(
            a,
            b,
            rev_a=rev_a,
            rev_b=rev_b or revisions.WORKING_TREE,
            date=on,
            ranking_a=ranking_a,
            ranking_b=ranking_b,
        )
        if fmt is DiffFormat.json:
            typer.echo(diff.to_json(), nl=False)
        elif fmt is DiffFormat.markdown:
            typer.echo(diff_text.render_markdown(diff), nl=False)
        else:
            typer.echo(diff_text.render_table(diff), nl=False)
