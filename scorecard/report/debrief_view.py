"""A debrief: one bidder's assessment summary, built from a REDACTED view of the
results, never by hiding parts of the full report.

:func:`redact` takes the ranking and the inputs and keeps only what the bidder may
see: its own figures, points, rank (or reasons), its panel scores (evaluators by
role unless the criteria say otherwise), the winning tender's name, model and
per-criterion points, and the method.  Nothing else about any other bidder goes in:
no id, name, figure, file, justification or rank; value functions scaled across
the tenders (relative scaling) are shown without their bounds, which are other
bidders' figures.  :class:`Debrief` is also ``debrief.json``, embedded in the PDF."""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    from scorecard.model.inputs import Inputs
    from scorecard.model.results import Ranking

DEBRIEF_FORMAT = "scorecard-debrief/1"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Tender(_Frozen):
    title: str
    buyer: str
    reference: str | None
    criteria_version: str | None
    approved_by: str | None
    approved_on: dt.date | None
    classification: str | None


class CriterionPoints(_Frozen):
    criterion: str
    weight: float  # normalised
    available: float  # 100 x weight: the most points the criterion gives
    points: float | None  # this bidder's (None: disqualified, not scored)
    winner_points: float | None  # the winning tender's (None: no winner)


class MetricRow(_Frozen):
    metric: str
    criterion: str
    value: float | None
    unit: str
    score: float | None
    weight: float
    points: float
    missing: bool
    evidence: str | None
    source: str | None
    as_of: str | None


class PanelLine(_Frozen):
    evaluator: str  # the role, or the name when the criteria allow
    score: float
    justification: str
    recused: bool = False
    moderated: bool = False


class PanelBlock(_Frozen):
    metric: str
    aggregate: str  # median | mean | moderated
    value: float | None
    n: int
    scores: list[PanelLine]


class MethodMetric(_Frozen):
    metric: str
    weight: float  # normalised within the criterion
    direction: str
    unit: str
    best: float | None  # None when scaled across the tenders (relative)
    worst: float | None
    scale: str
    relative: bool


class MethodCriterion(_Frozen):
    criterion: str
    weight: float
    metrics: list[MethodMetric]


class MethodGate(_Frozen):
    metric: str
    min: float | None
    max: float | None
    unit: str
    require: bool
    reason: str | None


class Debrief(_Frozen):
    """`debrief.json`: everything the debrief shows, and nothing more."""

    format: str = DEBRIEF_FORMAT
    report_id: str  # the full report's
    date: dt.date
    standstill_days: int
    standstill_ends: dt.date | None
    tender: Tender
    method: str
    missing: str
    id: str
    vendor: str
    model: str
    status: Literal["ranked", "disqualified"]
    rank: int | None
    of: int  # tenders ranked
    score: float | None
    reasons: list[str]
    winner_vendor: str | None
    winner_model: str | None
    criteria: list[CriterionPoints]
    metrics: list[MetricRow]
    panel: list[PanelBlock]
    method_criteria: list[MethodCriterion]
    gates: list[MethodGate]

    def to_json(self) -> bytes:
        return (self.model_dump_json(indent=2) + "\n").encode("utf-8")

    @property
    def winner_ahead(self) -> list[tuple[str, float]]:
        """Criteria where the winner scored more points, and by how many."""
        return [
            (c.criterion, c.winner_points - c.points)
            for c in self.criteria
            if c.points is not None
            and c.winner_points is not None
            and c.winner_points - c.points > 1e-9
        ]

    @property
    def bidder_ahead(self) -> list[tuple[str, float]]:
        return [
            (c.criterion, c.points - c.winner_points)
            for c in self.criteria
            if c.points is not None
            and c.winner_points is not None
            and c.points - c.winner_points > 1e-9
        ]


def debriefed_ids(ranking: Ranking) -> list[str]:
    """Every vendor a debrief goes to: the ranked ones, then the disqualified."""
    return [v.id for v in ranking.ranking] + [d.id for d in ranking.disqualified]


def redact(ranking: Ranking, inputs: Inputs, vendor_id: str, report_id: str) -> Debrief:
    """The debrief of ``vendor_id``: its results and the winner's criterion points."""
    cf = inputs.criteria
    ranked = {v.id: v for v in ranking.ranking}
    disq = {d.id: d for d in ranking.disqualified}
    rec = next(r for r in inputs.vendors if r.id == vendor_id)
    mine = ranked.get(vendor_id)
    winners = [v for v in ranking.ranking if v.rank == 1]
    winner = winners[0] if len(winners) == 1 else None
    criteria = [
        CriterionPoints(
            criterion=c.name,
            weight=c.weight,
            available=100 * c.weight,
            points=mine.criteria[c.name].points if mine and c.name in mine.criteria else None,
            winner_points=winner.criteria[c.name].points
            if winner and c.name in winner.criteria
            else None,
        )
        for c in ranking.criteria
    ]
    metrics: list[MetricRow] = []
    for c in ranking.criteria:
        for vf in c.metrics:
            ms = mine.metrics.get(vf.metric) if mine else None
            fig = rec.file.metrics.get(vf.metric)
            as_of = None
            if fig is not None:
                as_of = fig.as_of.isoformat() if isinstance(fig.as_of, dt.date) else fig.as_of
            metrics.append(
                MetricRow(
                    metric=vf.metric,
                    criterion=c.name,
                    value=ms.value if ms else rec.values.get(vf.metric),
                    unit=ms.unit if ms else vf.unit,
                    score=ms.score if ms else None,
                    weight=ms.weight if ms else c.weight * vf.weight,
                    points=ms.points if ms else 0.0,
                    missing=ms.missing if ms else vf.metric not in rec.values,
                    evidence=fig.evidence if fig else None,
                    source=_source(fig.source, fig.unit) if fig else None,
                    as_of=as_of,
                )
            )
    standstill = cf.standstill_days
    return Debrief(
        report_id=report_id,
        date=ranking.date,
        standstill_days=standstill,
        standstill_ends=ranking.date + dt.timedelta(days=standstill) if standstill else None,
        tender=Tender(
            title=cf.title,
            buyer=cf.buyer,
            reference=cf.reference,
            criteria_version=cf.version,
            approved_by=cf.approved_by,
            approved_on=cf.approved_on,
            classification=cf.classification,
        ),
        method=ranking.method,
        missing=ranking.missing,
        id=rec.id,
        vendor=rec.vendor,
        model=rec.model,
        status="ranked" if mine else "disqualified",
        rank=mine.rank if mine else None,
        of=len(ranking.ranking),
        score=mine.score if mine else None,
        reasons=list(disq[vendor_id].reasons) if vendor_id in disq else [],
        winner_vendor=winner.vendor if winner else None,
        winner_model=winner.model if winner else None,
        criteria=criteria,
        metrics=metrics,
        panel=_panel(inputs, vendor_id),
        method_criteria=[
            MethodCriterion(
                criterion=c.name,
                weight=c.weight,
                metrics=[
                    MethodMetric(
                        metric=vf.metric,
                        weight=vf.weight,
                        direction=vf.direction,
                        unit=vf.unit,
                        best=None if vf.relative else vf.best,
                        worst=None if vf.relative else vf.worst,
                        scale=vf.scale,
                        relative=vf.relative,
                    )
                    for vf in c.metrics
                ],
            )
            for c in ranking.criteria
        ],
        gates=[
            MethodGate(
                metric=g.metric,
                min=g.min,
                max=g.max,
                unit=g.unit,
                require=g.require,
                reason=g.reason,
            )
            for g in ranking.gates
        ],
    )


def _source(source: str, unit: str) -> str:
    """A panel aggregate's source names the score files, which name the evaluators:
    the debrief says "evaluation panel" (its scores are in the panel section)."""
    return "evaluation panel" if unit == "panel" else source


def _panel(inputs: Inputs, vendor_id: str) -> list[PanelBlock]:
    panel = inputs.panel
    if panel is None:
        return []
    names = inputs.criteria.debrief_show_evaluator_names
    people = [*panel.evaluators, *([panel.moderator] if panel.moderator else [])]
    shown = {e.name: (e.name if names else e.role) for e in people}
    out: list[PanelBlock] = []
    for r in panel.for_vendor(vendor_id):
        lines = [
            PanelLine(evaluator=shown[s.evaluator], score=s.score, justification=s.justification)
            for s in r.scores
        ]
        if r.moderated is not None:
            m = r.moderated
            lines.append(
                PanelLine(
                    evaluator=shown[m.evaluator],
                    score=m.score,
                    justification=m.justification,
                    moderated=True,
                )
            )
        lines += [
            PanelLine(
                evaluator=shown[s.evaluator],
                score=s.score,
                justification=s.justification,
                recused=True,
            )
            for s in r.recused
        ]
        out.append(
            PanelBlock(metric=r.metric, aggregate=r.aggregate, value=r.value, n=r.n, scores=lines)
        )
    return out


def points_text(x: float | None) -> str:
    """Points as the debrief prints them: two decimals ("—" for none)."""
    if x is None or math.isnan(x):
        return "\u2014"
    from scorecard.report.format import format_fixed

    return format_fixed(x, 2)
