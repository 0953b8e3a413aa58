"""``questionnaire`` and ``import questionnaire``: the RFP questionnaire out and back in."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scorecard.cli.common import CriteriaOpt, DateOpt, _errors, _input_paths, app, resolve_date
from scorecard.cli.imports import DryRunOpt, VendorsDirOpt, import_app
from scorecard.model.errors import ScorecardError


@app.command(name="questionnaire")
def questionnaire_cmd(
    criteria: CriteriaOpt = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="The workbook to write.")] = Path(
        "questionnaire.xlsx"
    ),
    date: DateOpt = None,
) -> None:
    """Write the RFP questionnaire bidders fill in (Excel): one row per metric the
    criteria score or gate on, with the gate that applies and validated answer cells."""
    from scorecard.authoring.questionnaire import load_criteria_spec, questions, write_questionnaire
    from scorecard.outputs import write_atomic

    day = resolve_date(date)
    with _errors():
        paths = _input_paths(None, criteria)
        spec = load_criteria_spec(paths.criteria_path, str(paths.criteria_path))
        write_atomic(output, write_questionnaire(spec, day))
        n = len(questions(spec))
    typer.echo(f"wrote {output} ({n} questions)", err=True)


@import_app.command(name="questionnaire")
def import_questionnaire_cmd(
    filled: Annotated[
        Path, typer.Argument(help="A questionnaire a bidder filled in (.xlsx).", metavar="FILLED")
    ],
    vendor_id: Annotated[
        str,
        typer.Option(
            "--vendor-id", help="The vendor file to write: vendors/ID.toml.", show_default=False
        ),
    ],
    vendor: Annotated[
        str | None,
        typer.Option(
            "--vendor",
            help="Vendor name for a new file. Default: the questionnaire's Vendor cell.",
            show_default=False,
        ),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            help="Model name for a new file. Default: the questionnaire's Model cell.",
            show_default=False,
        ),
    ] = None,
    vendors: VendorsDirOpt = Path("vendors"),
    criteria: CriteriaOpt = None,
    dry_run: DryRunOpt = False,
) -> None:
    """Figures from a filled RFP questionnaire into vendors/ID.toml (created, or updated
    with its comments kept).  Bad cells are reported by sheet and cell; nothing is written."""
    from scorecard.authoring import vendor as authoring
    from scorecard.authoring.importers import editing
    from scorecard.authoring.importers.questionnaire import questionnaire_source, read_answers
    from scorecard.authoring.questionnaire import load_criteria_spec

    problem = authoring.check_vendor_id(vendor_id)
    if problem:
        raise typer.BadParameter(problem, param_hint="--vendor-id")
    with _errors():
        paths = _input_paths(None, criteria)
        spec = load_criteria_spec(paths.criteria_path, str(paths.criteria_path))
        answers = read_answers(filled, str(filled), spec)
        source = questionnaire_source(answers, filled.name, vendor, model)
        docs = editing.scan_vendors(vendors)
        record = source.records[filled.name]
        if vendor_id not in docs and (record.vendor is None or record.model == "unknown"):
            raise ScorecardError(
                f"{vendors / (vendor_id + '.toml')} does not exist yet: give --vendor and --model "
                "(the questionnaire's Vendor and Model cells are empty)"
            )
        target = editing.Target(vendor_id, filled.name, "--vendor-id")
        plan = editing.plan_import(source, vendors, docs, [target])
        for line in editing.describe_plan(plan):
            typer.echo(line)
        if not dry_run:
            editing.apply_plan(plan)
        typer.echo(editing.summary(plan, dry_run), err=True)
