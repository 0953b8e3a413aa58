"""The report's "Cost at your volume" section: the cost table, the cost-by-volume
chart with the points where the cheapest vendor changes, and the value-for-money
chart.  Built from the loaded inputs and the ranking; numbers formatted here."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from scorecard.analyse.cost import CostTable, cost_table
from scorecard.load.usage import vendor_sheet, workloads
from scorecard.model.cost import MONTHLY_COST, crossovers, monthly_cost
from scorecard.model.inputs import Inputs
from scorecard.model.results import Ranking
from scorecard.report.cost_charts import (
    CostLine,
    ValuePoint,
    cost_by_volume,
    pareto,
    value_for_money,
)
from scorecard.report.cost_text import fx_line, money
from scorecard.report.format import localize_number
from scorecard.report.i18n import _
from scorecard.report.labels import Labels
from scorecard.report.vendor_view import vendor_label

#: The volumes the chart draws: 0.1x to 10x today's, evenly on a log axis.
SCALES = tuple(10 ** (k / 20 - 1) for k in range(41))


@dataclass(frozen=True)
class CostRow:
    label: str
    monthly: str
    annual: str
    workloads: tuple[str, ...]  # monthly cost per workload, in [usage] order
    missing: str  # what is missing, or ""


@dataclass(frozen=True)
class CostView:
    currency: str
    fx: str  # the rate, its source and date, in words
    example: bool
    workload_names: tuple[str, ...]
    rows: tuple[CostRow, ...]
    by_volume: Markup
    crossovers: tuple[str, ...]  # in words
    value: Markup
    cost_criteria: tuple[str, ...]  # the criteria left out of "score without cost"
    scored: bool  # the criteria weight monthly_cost


def _rows(table: CostTable, labels: Labels) -> tuple[CostRow, ...]:
    return tuple(
        CostRow(
            vendor_label(v.vendor, v.model),
            money(v.monthly),
            money(v.annual),
            tuple(money(m) for _, m in v.workloads),
            _("no cost: missing {figures}").format(figures=", ".join(map(labels.metric, v.missing)))
            if v.missing
            else "",
        )
        for v in table.vendors
    )


def _cost_criteria(ranking: Ranking, inputs: Inputs) -> tuple[str, ...]:
    """The criteria that weigh a cost metric (catalogue family "cost")."""
    return tuple(
        c.name
        for c in ranking.criteria
        if any(
            inputs.catalog[m.metric].family == "cost"
            for m in c.metrics
            if m.metric in inputs.catalog
        )
    )


def _value_points(
    ranking: Ranking, table: CostTable, left_out: tuple[str, ...]
) -> list[ValuePoint]:
    annual = {v.id: v.annual for v in table.vendors}
    rows: list[tuple[str, float, float]] = []
    for v in ranking.ranking:
        cost = annual.get(v.id)
        kept = [c for name, c in v.criteria.items() if name not in left_out]
        weight = sum(c.weight for c in kept)
        if cost is None or weight <= 0:
            continue
        rows.append((vendor_label(v.vendor, v.model), cost, sum(c.points for c in kept) / weight))
    marks = pareto([(c, s) for _, c, s in rows])
    return [ValuePoint(label, c, s, m) for (label, c, s), m in zip(rows, marks, strict=True)]


def cost_view(ranking: Ranking, inputs: Inputs) -> CostView | None:
    """The section, or None when the criteria set no ``[usage]``."""
    cf = inputs.criteria
    if cf.usage is None:
        return None
    table = cost_table(inputs)
    rate = table.fx.per_usd
    labels = {r.id: vendor_label(r.file.vendor, r.file.model) for r in inputs.vendors}
    sheets = {r.id: vendor_sheet(r.values, r.file.metrics, cf) for r in inputs.vendors}
    loads = workloads(cf)
    lines = []
    for vid, sheet in sheets.items():
        pts = [(s, c * rate) for s in SCALES if (c := monthly_cost(loads, sheet, s)) is not None]
        if pts:
            lines.append(CostLine(labels[vid], pts))
    lines.sort(key=lambda line: dict(line.points).get(1.0, 0.0))
    changes = tuple(
        _(
            "At about {scale}x today's volume the cheapest vendor changes from {before} to {after}."
        ).format(scale=localize_number(f"{s:.2g}"), before=labels[a], after=labels[b])
        for s, a, b in crossovers(sheets, loads, SCALES)
    )
    left_out = _cost_criteria(ranking, inputs)
    desc = _("Monthly cost of each vendor at 0.1 to 10 times today's requests.")
    vdesc = _("Each vendor's score without the cost criteria against its annual cost.")
    words = Labels.of(inputs.catalog, cf)
    return CostView(
        currency=table.currency,
        fx=fx_line(table),
        example=table.example,
        workload_names=tuple(w.name for w in loads),
        rows=_rows(table, words),
        by_volume=cost_by_volume(lines, table.currency, desc),
        crossovers=changes,
        value=value_for_money(_value_points(ranking, table, left_out), table.currency, vdesc),
        cost_criteria=tuple(words.criterion(c) for c in left_out),
        scored=any(m.metric == MONTHLY_COST for c in ranking.criteria for m in c.metrics),
    )
