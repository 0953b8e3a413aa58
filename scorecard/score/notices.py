"""What scoring says about requirements and evaluation panels, and how warnings are
shown: pure functions from loaded inputs to reasons and
:class:`~scorecard.results.ScoringWarning` values.

- :func:`gate_reasons`: why a vendor fails the gates, one reason per failed gate;
  :func:`requirement_reasons` the ``require = true`` ones (a "no", or no figure at
  all), with the requirement's reason;
- :func:`panel_warnings`: flagged disagreements, missing evaluator scores, fewer
  than two scores, moderated metrics without a moderated score;
- :func:`group_warnings`: repeated warnings of one kind become one line listing
  the vendors and metrics, so a long list stays readable.  The fine-grained list
  stays in :attr:`Ranking.warnings` (the JSON contract); writers show the groups.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from scorecard.model.numbers import format_plain as fmt_number
from scorecard.model.results import ScoringWarning
from scorecard.score.kernel import gate_interval

if TYPE_CHECKING:
    from scorecard.model.inputs import ResolvedGate, VendorRecord
    from scorecard.model.panel import Panel, PanelResult


def gate_reasons(rec: VendorRecord, gates: Sequence[ResolvedGate]) -> list[str]:
    """Why a vendor fails the gates: one reason per failed gate, empty when it passes
    (the bounds are the kernel's :func:`~scorecard.score.kernel.gate_interval`)."""
    reasons: list[str] = []
    for gate in gates:
        if gate.require:  # a yes/no requirement: "is no" or "missing", with its reason
            reasons += requirement_reasons(rec, [gate])
            continue
        why = f" ({gate.reason})" if gate.reason else ""
        unit = gate.unit
        x = rec.values.get(gate.metric)
        if x is None:
            need = " and ".join(
                f"{word} {fmt_number(b)} {unit}"
                for word, b in (("min", gate.min), ("max", gate.max))
                if b is not None
            )
            reasons.append(f"{gate.metric} missing; the gate requires {need}{why}")
            continue
        low, high = gate_interval(gate.min, gate.max)
        shown = f"{gate.metric} {fmt_number(x)} {unit}"
        if gate.min is not None and x < low:
            reasons.append(f"{shown} < min {fmt_number(gate.min)} {unit}{why}")
        if gate.max is not None and x > high:
            reasons.append(f"{shown} > max {fmt_number(gate.max)} {unit}{why}")
    return reasons


def requirement_reasons(rec: VendorRecord, gates: Sequence[ResolvedGate]) -> list[str]:
    """One reason per ``require = true`` gate the vendor fails: a "no", or no figure."""
    reasons: list[str] = []
    for gate in gates:
        if not gate.require:
            continue
        why = f" ({gate.reason})" if gate.reason else ""
        x = rec.values.get(gate.metric)
        if x is None:
            reasons.append(f"{gate.metric} missing; required{why}")
        elif x < 0.5:
            reasons.append(f"{gate.metric} is no; required{why}")
    return reasons


def _scale(panel: Panel, r: PanelResult) -> str:
    pm = panel.metric(r.metric)
    return f"{fmt_number(pm.low)}-{fmt_number(pm.high)}"


def panel_warnings(panel: Panel | None) -> list[ScoringWarning]:
    """Everything about the panel scores a reviewer must see, vendor by vendor."""
    if panel is None:
        return []
    out: list[ScoringWarning] = _declaration_warnings(panel)
    for r in panel.results:
        where = f"{r.vendor}: {r.metric}"
        for s in r.recused:
            out.append(
                ScoringWarning(
                    code="conflicted-score",
                    message=f"{where}: the score {fmt_number(s.score)} by {s.evaluator} is "
                    f"recused (left out of the aggregate): {s.evaluator} declared a conflict "
                    f"of interest with {r.vendor} ({s.source})",
                    vendor=r.vendor,
                    metric=r.metric,
                    detail=f"{s.evaluator} recused",
                )
            )
        if r.flagged and r.low is not None and r.high is not None:
            out.append(
                ScoringWarning(
                    code="panel-disagreement",
                    message=f"{where}: evaluators disagree (scores {fmt_number(r.low)} to "
                    f"{fmt_number(r.high)} on {_scale(panel, r)}, a range of 40% of the scale or "
                    "more); moderate it",
                    vendor=r.vendor,
                    metric=r.metric,
                    detail=f"{fmt_number(r.low)} to {fmt_number(r.high)}",
                )
            )
        if r.missing_evaluators and r.scores:
            names = ", ".join(r.missing_evaluators)
            out.append(
                ScoringWarning(
                    code="panel-missing-score",
                    message=f"{where}: no score from {names}; the "
                    f"{'spread' if r.aggregate == 'moderated' else r.aggregate} uses the "
                    f"{r.n} score{'s' if r.n != 1 else ''} given",
                    vendor=r.vendor,
                    metric=r.metric,
                    detail=f"no score from {names}",
                )
            )
        if r.n < 2:
            if r.n == 1:
                message = f"{where}: only one evaluator score ({r.scores[0].evaluator})"
                detail = "one score"
            else:
                message = f"{where}: no evaluator scored it; the metric is missing"
                detail = "no score"
            out.append(
                ScoringWarning(
                    code="panel-few-scores",
                    message=message,
                    vendor=r.vendor,
                    metric=r.metric,
                    detail=detail,
                )
            )
        if r.aggregate == "moderated" and r.moderated is None and r.scores:
            out.append(
                ScoringWarning(
                    code="panel-not-moderated",
                    message=f"{where}: aggregated by moderation, but scores/moderation.toml "
                    "gives no moderated score; the metric is missing",
                    vendor=r.vendor,
                    metric=r.metric,
                )
            )
    return out


def _declaration_warnings(panel: Panel) -> list[ScoringWarning]:
    """A conflict-of-interest declaration dated after the scores it concerns."""
    people = [*panel.evaluators, *([panel.moderator] if panel.moderator else [])]
    return [
        ScoringWarning(
            code="late-declaration",
            message=f"{e.source}: {e.name} declared conflicts of interest on "
            f"{e.declared_on.isoformat()}, after scoring on {e.date.isoformat()}",
            detail=e.name,
        )
        for e in people
        if e.late_declaration and e.declared_on is not None
    ]


# One line per kind: the words before the list of vendors and metrics.
GROUP_HEADLINES: dict[str, str] = {
    "stale-figure": "figures older than max_age_days",
    "future-figure": "figures dated after the report date",
    "vendor-claim-evidence": "vendor claims, not independent measurements",
    "estimate-evidence": "estimates, not independent measurements",
    "method-differs": "vendors' figures not measured the same way",
    "relative-scaling": "scaled across the vendors compared (no best/worst given)",
    "metric-no-data": "no qualified vendor has a figure",
    "excluded-criterion-empty": 'no figure in a whole criterion under missing = "exclude"',
    "topsis-metric-left-out": "left out of TOPSIS (no qualified vendor has a figure)",
    "panel-disagreement": "evaluators disagree by 40% of the scale or more; moderate",
    "panel-missing-score": "evaluator scores missing (aggregated over the scores given)",
    "panel-few-scores": "fewer than two evaluator scores",
    "panel-not-moderated": "no moderated score for a moderated panel metric (missing)",
    "conflicted-score": "scores recused: the evaluator declared a conflict with the vendor",
}


def _headline(code: str) -> str:
    return GROUP_HEADLINES.get(code, code.replace("-", " "))


def _item(metric: str | None, detail: str | None) -> str:
    text = metric or ""
    if detail:
        text = f"{text} ({detail})" if text else detail
    return text


def group_warnings(warnings: Sequence[ScoringWarning]) -> list[ScoringWarning]:
    """Repeated warnings of one kind (code) grouped into one warning whose message
    lists the vendors and metrics: ``headline: vendor a: m1, m2; vendor b: m1``.

    A kind that occurs once keeps its own message; warnings about neither a vendor
    nor a metric are never merged.  The groups keep the order in which each kind
    first occurs; ``vendor``/``metric`` are set when the whole group shares one."""
    by_code: dict[str, list[ScoringWarning]] = {}
    order: list[str | ScoringWarning] = []
    for w in warnings:
        if w.vendor is None and w.metric is None:
            order.append(w)
            continue
        if w.code not in by_code:
            by_code[w.code] = []
            order.append(w.code)
        by_code[w.code].append(w)
    out: list[ScoringWarning] = []
    for entry in order:
        if isinstance(entry, ScoringWarning):
            out.append(entry)
            continue
        group = by_code[entry]
        if len(group) == 1:
            out.append(group[0])
            continue
        vendors = sorted({w.vendor for w in group if w.vendor is not None})
        metrics = sorted({w.metric for w in group if w.metric is not None})
        parts: list[str] = []
        for vendor in vendors:
            items = [_item(w.metric, w.detail) for w in group if w.vendor == vendor]
            shown = ", ".join(i for i in dict.fromkeys(items) if i)
            parts.append(f"{vendor} ({shown})" if shown else vendor)
        loose = [_item(w.metric, w.detail) for w in group if w.vendor is None]
        parts += [i for i in dict.fromkeys(loose) if i]
        out.append(
            ScoringWarning(
                code=entry,
                message=f"{_headline(entry)} ({len(group)}): " + "; ".join(parts),
                vendor=vendors[0] if len(vendors) == 1 else None,
                metric=metrics[0] if len(metrics) == 1 else None,
            )
        )
    return out
