"""What the report shows of requirements and evaluation panels, built from the
loaded inputs and the ranking (never from raw TOML).  Plain strings and numbers:
the template escapes every one (justifications are printed verbatim, escaped).

- :func:`requirements_view`: the summary page's vendor x requirement table
  (yes / no / missing, with the figure's source);
- :func:`panel_view`: the panel section: evaluators with roles and declarations,
  each panel metric's scale, aggregation and descriptors, the vendors x metrics
  table of aggregates with their spread, the flagged disagreements, and every
  score and justification under the vendor it concerns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from scorecard.report.format import format_date, format_fixed, format_short
from scorecard.report.i18n import _

if TYPE_CHECKING:
    from scorecard.model.inputs import Inputs, VendorRecord
    from scorecard.model.panel import Evaluator, PanelResult
    from scorecard.model.results import Ranking


def vendor_order(ranking: Ranking, inputs: Inputs) -> list[VendorRecord]:
    """Ranked vendors in rank order, then the disqualified ones (the report's order)."""
    records = {r.id: r for r in inputs.vendors}
    ids = [v.id for v in ranking.ranking] + [d.id for d in ranking.disqualified]
    return [records[i] for i in ids if i in records]


def _label(rec: VendorRecord) -> str:
    return f"{rec.vendor} \u2013 {rec.model}"


# --------------------------------------------------------------------------- requirements


@dataclass(frozen=True)
class RequirementCell:
    answer: str  # "yes" | "no" | "missing"
    source: str | None
    failed: bool  # a `require = true` gate this answer fails


@dataclass(frozen=True)
class RequirementColumn:
    metric: str
    required: bool
    reason: str | None


@dataclass(frozen=True)
class RequirementsView:
    columns: list[RequirementColumn]
    rows: list[tuple[str, list[RequirementCell]]]  # (vendor label, cells)


def requirements_view(ranking: Ranking, inputs: Inputs) -> RequirementsView | None:
    """The yes/no metrics the buyer requires (gates with ``require``), scores, or any
    vendor gives; None when there are none."""
    required = {g.metric: g for g in inputs.gates if g.require}
    metrics = list(required)
    for rm in inputs.metrics:
        if inputs.catalog[rm.metric].yes_no and rm.metric not in metrics:
            metrics.append(rm.metric)
    for rec in inputs.vendors:
        for m in rec.file.metrics:
            mdef = inputs.catalog.get(m)
            if mdef is not None and mdef.yes_no and m not in metrics:
                metrics.append(m)
    if not metrics:
        return None
    columns = [
        RequirementColumn(m, m in required, required[m].reason if m in required else None)
        for m in metrics
    ]
    rows: list[tuple[str, list[RequirementCell]]] = []
    for rec in vendor_order(ranking, inputs):
        cells: list[RequirementCell] = []
        for m in metrics:
            fig = rec.file.metrics.get(m)
            value = rec.values.get(m)
            if fig is None or value is None:
                cells.append(RequirementCell("missing", None, m in required))
            else:
                yes = value >= 0.5
                cells.append(
                    RequirementCell("yes" if yes else "no", fig.source, m in required and not yes)
                )
        rows.append((_label(rec), cells))
    return RequirementsView(columns, rows)


# --------------------------------------------------------------------------- panel


@dataclass(frozen=True)
class PanelMetricView:
    metric: str
    scale: str  # "0-5"
    direction: str
    aggregate: str
    description: str | None
    descriptors: list[tuple[str, str]]  # (level, text)


@dataclass(frozen=True)
class PanelCell:
    value: str  # the aggregate, or "missing"
    spread: str  # "2-5, sd 2.12, n = 2"
    flagged: bool


@dataclass(frozen=True)
class ScoreLine:
    evaluator: str
    score: str
    justification: str
    moderated: bool = False
    recused: bool = False  # left out of the aggregate: a declared conflict of interest


@dataclass(frozen=True)
class VendorScores:
    label: str
    metrics: list[tuple[str, str, list[ScoreLine], list[str]]]  # metric, aggregate, lines, missing
    recusals: list[str] = field(default_factory=list)  # "Bob Example (Former Acme employee)"


@dataclass(frozen=True)
class PanelView:
    evaluators: list[tuple[str, str, str, str, str]]  # name, role, conflicts, date, file
    moderator: tuple[str, str, str, str, str] | None
    metrics: list[PanelMetricView]
    rows: list[tuple[str, list[PanelCell]]]  # vendor label, one cell per metric
    flagged: list[str]
    vendors: list[VendorScores]


def _spread(r: PanelResult) -> str:
    if r.low is None or r.high is None:
        return _("no score")
    bits = [
        f"{format_short(r.low)}\u2013{format_short(r.high)}"
        if r.low != r.high
        else format_short(r.low)
    ]
    if r.sd is not None:
        bits.append(_("sd {sd}").format(sd=format_fixed(r.sd, 2)))
    bits.append(f"n = {r.n}")
    return ", ".join(bits)


def panel_view(ranking: Ranking, inputs: Inputs) -> PanelView | None:
    from scorecard.report.labels import Labels

    panel = inputs.panel
    if panel is None:
        return None
    labels = Labels.of(inputs.catalog, inputs.criteria)
    people = [
        (e.name, e.role, declaration(e), format_date(e.date), e.source) for e in panel.evaluators
    ]
    why = {e.name: e.conflicts for e in (*panel.evaluators, panel.moderator) if e is not None}
    moderator = panel.moderator
    metrics = [
        PanelMetricView(
            pm.metric,
            f"{format_short(pm.low)}\u2013{format_short(pm.high)}",
            pm.direction,
            pm.aggregate,
            pm.description,
            [(format_short(level), text) for level, text in pm.descriptors],
        )
        for pm in panel.metrics
    ]
    rows: list[tuple[str, list[PanelCell]]] = []
    flagged: list[str] = []
    vendors: list[VendorScores] = []
    for rec in vendor_order(ranking, inputs):
        cells: list[PanelCell] = []
        blocks: list[tuple[str, str, list[ScoreLine], list[str]]] = []
        recused: dict[str, None] = {}
        for pm in panel.metrics:
            r = panel.result(rec.id, pm.metric)
            if r is None:
                continue
            value = _("missing") if r.value is None else format_short(r.value)
            cells.append(PanelCell(value, _spread(r), r.flagged))
            if r.flagged:
                flagged.append(
                    _("{vendor}: {metric}, scores {low} to {high} on {scale}").format(
                        vendor=_label(rec),
                        metric=labels.metric(pm.metric),
                        low=format_short(r.low or 0),
                        high=format_short(r.high or 0),
                        scale=f"{format_short(pm.low)}\u2013{format_short(pm.high)}",
                    )
                )
            lines = [
                ScoreLine(s.evaluator, format_short(s.score), s.justification) for s in r.scores
            ]
            if r.moderated is not None:
                m = r.moderated
                lines.append(ScoreLine(m.evaluator, format_short(m.score), m.justification, True))
            for s in r.recused:
                lines.append(
                    ScoreLine(s.evaluator, format_short(s.score), s.justification, False, True)
                )
                conflict = why.get(s.evaluator) or _("declared conflict")
                recused[f"{s.evaluator} ({conflict})"] = None
            how = aggregate_words()[r.aggregate]
            blocks.append((pm.metric, f"{how}: {value}", lines, list(r.missing_evaluators)))
        rows.append((_label(rec), cells))
        vendors.append(VendorScores(_label(rec), blocks, list(recused)))
    return PanelView(
        evaluators=people,
        moderator=None
        if moderator is None
        else (
            moderator.name,
            moderator.role,
            declaration(moderator),
            format_date(moderator.date),
            moderator.source,
        ),
        metrics=metrics,
        rows=rows,
        flagged=flagged,
        vendors=vendors,
    )


def declaration(e: Evaluator) -> str:
    """The conflict-of-interest declaration as the panel section shows it: the text,
    the vendors it concerns (their scores are recused) and its date."""
    text = e.conflicts
    if e.conflicted_vendors:
        text += "; " + _("recused from {vendors}").format(vendors=", ".join(e.conflicted_vendors))
    if e.declared_on is not None:
        day = format_date(e.declared_on)
        text += " (" + (
            _("declared {date}, after scoring").format(date=day)
            if e.late_declaration
            else _("declared {date}").format(date=day)
        )
        text += ")"
    return text


def aggregate_words() -> dict[str, str]:
    """How a panel metric's scores are aggregated, in the active language."""
    return {"median": _("median"), "mean": _("mean"), "moderated": _("moderated score")}
