"""What scoring says about requirements and evaluation panels, and how warnings are
shown: pure functions from loaded inputs to reasons and
:class:`~scorecard.results.ScoringWarning` values.

- :func:`gate_reasons`: why a vendor fails the gates, one reason per failed gate;
  :func:`requirement_reasons` the ``require = true`` ones (a "no", or no figure at
  all), with the requirement's reason;
- :func:`panel_warnings`: flagged disagreements, missing evaluator scores, fewer
  than two scores, moderated metrics without a moderated score;
- :data:`WARNING_KINDS`: every kind of warning, most serious first (the one order
  every output lists them in);
- :func:`group_warnings`: warnings of one kind about one metric become one line
  (kind, metric, count, vendors), so a long list stays readable; :func:`warning_kinds`
  each kind once with its count, for the summary.  The fine-grained list stays in
  :attr:`Ranking.warnings` (the JSON contract); writers show the groups.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
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


def N_(message: str) -> str:
    """Marks a headline for the report's translation catalogue (``scripts/i18n.py``
    extracts it); the report translates it where it shows it, the rest stays English."""
    return message


#: Every kind of warning, most serious first, with the words a grouped line starts
#: with.  The one table of seriousness: the rank table and Markdown, the report's
#: summary and its appendix all list warnings in this order (a kind not listed comes
#: last, in the order it first occurs).
WARNING_KINDS: dict[str, str] = {
    # the panel's own scores in doubt
    "panel-disagreement": N_("evaluators disagree by 40% of the scale or more; moderate"),
    "panel-missing-score": N_("evaluator scores missing (aggregated over the scores given)"),
    "panel-few-scores": N_("fewer than two evaluator scores"),
    "panel-not-moderated": N_("no moderated score for a moderated panel metric (missing)"),
    # a figure that is most likely a mistake
    "implausible-value": N_("figures outside the plausible range (check the unit)"),
    "looks-like-fraction": N_("percent figures that look like fractions"),
    "outlier": N_("figures 10 times or more away from the other vendors' median"),
    # a figure too old (or dated ahead)
    "stale-figure": N_("figures older than max_age_days"),
    "future-figure": N_("figures dated after the report date"),
    "stale-fx-rate": N_("exchange rates older than max_age_days"),
    # the rest
    "conflicted-score": N_("scores recused: the evaluator declared a conflict with the vendor"),
    "late-declaration": N_("conflicts of interest declared after scoring"),
    "metric-no-data": N_("no qualified vendor has a figure"),
    "criterion-no-data": N_("no qualified vendor has a figure for any metric of a criterion"),
    "topsis-metric-left-out": N_("left out of TOPSIS (no qualified vendor has a figure)"),
    "excluded-criterion-empty": N_('no figure in a whole criterion under missing = "exclude"'),
    "exclude-policy": N_('missing = "exclude" lets a vendor gain by withholding a figure'),
    "method-differs": N_("vendors' figures not measured the same way"),
    "relative-scaling": N_("scaled across the vendors compared (no best/worst given)"),
    "estimate-evidence": N_("estimates, not independent measurements"),
    "vendor-claim-evidence": N_("vendor claims, not independent measurements"),
}

_RANK = {code: i for i, code in enumerate(WARNING_KINDS)}


def seriousness(code: str) -> int:
    """The place of a kind of warning in :data:`WARNING_KINDS` (0 = most serious)."""
    return _RANK.get(code, len(_RANK))


def headline(code: str) -> str:
    """The words a grouped line of this kind starts with."""
    return WARNING_KINDS.get(code, code.replace("-", " "))


def by_seriousness(warnings: Sequence[ScoringWarning]) -> list[ScoringWarning]:
    """``warnings`` most serious kind first; within a kind, in their own order."""
    return sorted(warnings, key=lambda w: seriousness(w.code))  # sorted() is stable


@dataclass(frozen=True)
class WarningGroup:
    """Warnings of one kind about one metric (or, without a vendor, of one kind): shown
    as one line, ``message``, naming the kind, the metric, the count and the vendors."""

    code: str
    metric: str | None
    warnings: tuple[ScoringWarning, ...]
    message: str

    @property
    def count(self) -> int:
        return len(self.warnings)

    @property
    def vendors(self) -> tuple[str, ...]:
        return tuple(sorted({w.vendor for w in self.warnings if w.vendor is not None}))

    @property
    def headline(self) -> str:
        return headline(self.code)


@dataclass(frozen=True)
class WarningKind:
    """One kind of warning as the summary shows it: its count and the metrics it is
    about (ids, in the order they first occur)."""

    code: str
    count: int
    metrics: tuple[str, ...]

    @property
    def headline(self) -> str:
        return headline(self.code)


def _vendor_item(w: ScoringWarning) -> str:
    vendor = w.vendor or ""
    return f"{vendor} ({w.detail})" if w.detail else vendor


def _metric_item(w: ScoringWarning) -> str:
    text = w.metric or ""
    return f"{text} ({w.detail})" if w.detail else text


def _line(code: str, metric: str | None, group: Sequence[ScoringWarning]) -> str:
    """``headline: metric (count): vendor a, vendor b`` (or the metrics, for warnings
    about no vendor in particular); a warning alone keeps its own message."""
    if len(group) == 1:
        return group[0].message
    if any(w.vendor is not None for w in group):
        items = sorted(dict.fromkeys(_vendor_item(w) for w in group if w.vendor is not None))
        about = f"{metric} ({len(group)})" if metric else f"({len(group)})"
        return f"{headline(code)}: {about}: " + ", ".join(items)
    items = list(dict.fromkeys(i for i in map(_metric_item, group) if i))
    return f"{headline(code)} ({len(group)}): " + "; ".join(items)


def group_warnings(warnings: Sequence[ScoringWarning]) -> list[WarningGroup]:
    """Warnings grouped by kind (code) and metric, one group per line, most serious
    kind first (:data:`WARNING_KINDS`); within a kind the metrics keep the order in
    which they first occur.

    A warning about a vendor groups with the others of its kind about the same metric
    (``vendor claims, not independent measurements: latency_ms (3): a, b, c``); one
    about a metric but no vendor (``method-differs``) with the others of its kind; one
    about neither stays alone.  The full list stays in :attr:`Ranking.warnings` (the
    JSON contract)."""
    groups: dict[tuple[str, str | None, bool] | int, list[ScoringWarning]] = {}
    for i, w in enumerate(warnings):
        if w.vendor is None and w.metric is None:
            key: tuple[str, str | None, bool] | int = i
        elif w.vendor is None:
            key = (w.code, None, False)
        else:
            key = (w.code, w.metric, True)
        groups.setdefault(key, []).append(w)
    out = [
        WarningGroup(
            code=group[0].code,
            metric=group[0].metric if len({w.metric for w in group}) == 1 else None,
            warnings=tuple(group),
            message=_line(group[0].code, group[0].metric, group),
        )
        for group in groups.values()
    ]
    return sorted(out, key=lambda g: seriousness(g.code))


def warning_kinds(warnings: Sequence[ScoringWarning]) -> list[WarningKind]:
    """Each kind of warning once, with its count, most serious first."""
    by_code: dict[str, list[ScoringWarning]] = {}
    for w in warnings:
        by_code.setdefault(w.code, []).append(w)
    kinds = [
        WarningKind(code, len(ws), tuple(dict.fromkeys(w.metric for w in ws if w.metric)))
        for code, ws in by_code.items()
    ]
    return sorted(kinds, key=lambda k: seriousness(k.code))
