"""Text writers for a :class:`~scorecard.analyse.cost.CostTable`: table, JSON, CSV,
Markdown.  Money is rounded to whole units here, only when printed."""

from __future__ import annotations

import csv
import io
import json

from scorecard.analyse.cost import PARTS, CostTable, VendorCost
from scorecard.report.format import format_date, format_number, localize_number
from scorecard.report.i18n import _
from scorecard.report.writers import grid

LABELS = ("Input", "Cached input", "Output", "Batch saving", "Discount", "Fees")
HEADER = ["Vendor", "Model", "Id", "Monthly", "Annual", *LABELS]


def money(x: float | None) -> str:
    return "-" if x is None else localize_number(f"{round(x):,}")  # round() first: no "-0"


def fx_line(table: CostTable) -> str:
    fx = table.fx
    if fx.source is None:
        return _("Currency {currency}.").format(currency=table.currency)
    return _("Currency {currency}: {rate} {currency} per USD ({source}, {date}).").format(
        currency=table.currency,
        rate=format_number(fx.per_usd, 6),
        source=fx.source,
        date=format_date(fx.as_of) if fx.as_of else "-",
    )


def _row(v: VendorCost) -> list[str]:
    parts = [money(v.parts.get(k)) if v.monthly is not None else "-" for k in PARTS]
    return [v.vendor, v.model, v.id, money(v.monthly), money(v.annual), *parts]


def _title(table: CostTable) -> str:
    scale = "" if table.scale == 1.0 else f" at {table.scale:g}x today's requests"
    example = " (example volumes)" if table.example else ""
    return f"Cost per month and year in {table.currency}{scale}{example}"


def _missing(table: CostTable) -> list[str]:
    return [f"{v.id}: no cost (missing {', '.join(v.missing)})" for v in table.vendors if v.missing]


def write_cost_table(table: CostTable) -> str:
    rows = [HEADER, *(_row(v) for v in table.vendors)]
    lines = [_title(table), fx_line(table), "", *grid(rows, set(range(3, len(HEADER))))]
    missing = _missing(table)
    return "\n".join([*lines, *(["", *missing] if missing else [])]) + "\n"


def write_cost_json(table: CostTable) -> str:
    return json.dumps(table.to_dict(), indent=2) + "\n"


def write_cost_csv(table: CostTable) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "vendor", "model", "currency", "scale", "monthly", "annual", *PARTS])
    for v in table.vendors:
        parts = [repr(v.parts[k]) if v.monthly is not None else "" for k in PARTS]
        monthly = "" if v.monthly is None else repr(v.monthly)
        annual = "" if v.annual is None else repr(v.annual)
        writer.writerow(
            [v.id, v.vendor, v.model, table.currency, table.scale, monthly, annual, *parts]
        )
    return out.getvalue()


def write_cost_markdown(table: CostTable) -> str:
    head = "| " + " | ".join(HEADER) + " |"
    rule = "|" + "|".join("---" if i < 3 else "---:" for i in range(len(HEADER))) + "|"
    body = ["| " + " | ".join(_row(v)) + " |" for v in table.vendors]
    missing = [f"- {m}" for m in _missing(table)]
    lines = [f"## {_title(table)}", "", fx_line(table), "", head, rule, *body]
    return "\n".join([*lines, *(["", *missing] if missing else [])]) + "\n"


COST_WRITERS = {
    "table": write_cost_table,
    "json": write_cost_json,
    "csv": write_cost_csv,
    "markdown": write_cost_markdown,
}
