"""``debrief``: one assessment summary PDF per bidder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scorecard import pipeline
from scorecard.cli.common import (
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


@app.command(name="debrief")
def debrief_cmd(
    vendor_id: Annotated[
        str | None,
        typer.Argument(help="The bidder's vendor id (or --all).", show_default=False),
    ] = None,
    all_vendors: Annotated[
        bool, typer.Option("--all", help="One debrief per ranked or disqualified vendor.")
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="The PDF to write (default VENDOR_ID.pdf); with --all, the folder.",
            show_default=False,
        ),
    ] = None,
    vendors: VendorsOpt = None,
    criteria: CriteriaOpt = None,
    scores: ScoresOpt = None,
    date: DateOpt = None,
    method: MethodOpt = None,
) -> None:
    """Write a bidder's assessment summary (PDF/A-3): its result against the winner,
    its own figures and panel scores, and the method; nothing about other bidders."""
    from scorecard.outputs import write_atomic
    from scorecard.pipeline.debrief import build_debriefs

    if (vendor_id is None) == (not all_vendors):
        raise typer.BadParameter("give a VENDOR_ID or --all (not both)")
    day = resolve_date(date)
    options = pipeline.ScoreOptions(method and method.value, pipeline.REPORT_OPTIONS.robustness)
    with _errors():
        paths = _input_paths(vendors, criteria, scores)
        inputs = pipeline.load_project(paths)
        # letters to bidders: never from criteria changed after approval (no override)
        _approval_warnings(
            pipeline.check_approval(inputs.criteria, inputs.criteria_source, paths.criteria_path)
        )
        built = build_debriefs(inputs, day, None if all_vendors else [vendor_id or ""], options)
        for b in built:
            if all_vendors:
                folder = output or Path("debriefs")
                folder.mkdir(parents=True, exist_ok=True)
                target = folder / f"{b.vendor}.pdf"
            else:
                target = output or Path(f"{b.vendor}.pdf")
            write_atomic(target, b.pdf)
            typer.echo(f"wrote {target} (debrief of report {b.manifest.report_id})", err=True)
