"""``cost``: monthly and annual cost at the buyer's volume, in the buyer's currency."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from scorecard import pipeline
from scorecard.cli.common import CriteriaOpt, VendorsOpt, _errors, _input_paths, app


class CostFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


@app.command(name="cost")
def cost_cmd(
    vendors: VendorsOpt = None,
    criteria: CriteriaOpt = None,
    scale: Annotated[
        float,
        typer.Option("--scale", help="Multiply every workload's requests (what-if volume)."),
    ] = 1.0,
    fmt: Annotated[CostFormat, typer.Option("--format", help="Output format.")] = CostFormat.table,
) -> None:
    """Monthly and annual cost per vendor at the criteria's [usage] volume, by workload
    and by charge (input, cached input, output, batch saving, discount, fees)."""
    from scorecard.report.cost_text import COST_WRITERS

    with _errors(fmt.value):
        inputs = pipeline.load_project(_input_paths(vendors, criteria, None))
        table = pipeline.cost_at_volume(inputs, scale)
        typer.echo(COST_WRITERS[fmt.value](table), nl=False)
