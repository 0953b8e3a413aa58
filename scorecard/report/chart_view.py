"""The report's figures as the templates read them: the score bars and the heat map
of value scores, and the robustness section's weight ranges and rank shares.  Each
chart comes with its text alternative, built here from the same numbers."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scorecard.report import charts
from scorecard.report.format import format_fixed, format_share
from scorecard.report.i18n import _
from scorecard.report.labels import Labels
from scorecard.report.vendor_view import vendor_label

if TYPE_CHECKING:
    from markupsafe import Markup

    from scorecard.model.results import Ranking, Sensitivity, VendorScore

#: Charts show at most this many ranked vendors (a chart cannot break across pages).
CHART_ROWS = 25


@dataclass(frozen=True)
class ChartsView:
    bars: Markup | None  # None when no vendor is ranked
    heat: Markup | None
    shown: int  # vendors charted
    total: int  # vendors ranked
    palette: tuple[str, ...]  # one colour per criterion, in criteria order


@dataclass(frozen=True)
class RobustnessView:
    sensitivity: Sensitivity
    ranges: Markup | None  # None with TOPSIS, or when no vendor is first
    acceptability: Markup | None
    leader: str  # the label of the vendor the weight ranges are for
    verdict: str  # in words, criteria by label, in the report's language
    notes: tuple[str, ...]


def _bars(
    ranking: Ranking, shown: Sequence[VendorScore], decimals: int, labels: Labels
) -> Markup | None:
    """Each vendor's score split into criterion points.  TOPSIS has no per-criterion
    decomposition: the bars show the weighted-sum breakdown (labelled as such), so the
    figure after a bar is their sum."""
    if not shown:
        return None
    names = [c.name for c in ranking.criteria]
    topsis = ranking.method == "topsis"
    bars = []
    for v in shown:
        segments = [v.criteria[c].points if c in v.criteria else 0.0 for c in names]
        total = math.fsum(segments) if topsis else v.score
        places = 1 if topsis else decimals
        label = vendor_label(v.vendor, v.model)
        bars.append(charts.Bar(label, total, format_fixed(total, places), segments))
    desc = "; ".join(
        f"{b.label}: {b.total_text} = "
        + " + ".join(
            f"{labels.criterion(name)} {format_fixed(p, 1)}"
            for name, p in zip(names, b.segments, strict=True)
        )
        for b in bars
    )
    return charts.score_bars(
        [(labels.criterion(c.name), c.weight) for c in ranking.criteria], bars, desc
    )


def _heat(ranking: Ranking, shown: Sequence[VendorScore], labels: Labels) -> Markup | None:
    """Vendors x scored metrics, each cell the value score (None: missing)."""
    metrics = [vf.metric for c in ranking.criteria for vf in c.metrics]
    rows = [
        (
            vendor_label(v.vendor, v.model),
            [
                None
                if (ms := v.metrics.get(m)) is None or ms.missing or ms.score is None
                else ms.score
                for m in metrics
            ],
        )
        for v in shown
    ]
    if not rows:
        return None
    desc = "; ".join(
        f"{label}: "
        + ", ".join(
            labels.metric(m) + " " + (_("missing") if s is None else f"{s * 100:.0f}")
            for m, s in zip(metrics, scores, strict=True)
        )
        for label, scores in rows
    )
    return charts.heat_map([labels.metric(m) for m in metrics], rows, desc)


def charts_view(ranking: Ranking, decimals: int, labels: Labels | None = None) -> ChartsView:
    labels = labels or Labels()
    shown = ranking.ranking[:CHART_ROWS]
    return ChartsView(
        bars=_bars(ranking, shown, decimals, labels),
        heat=_heat(ranking, shown, labels),
        shown=len(shown),
        total=len(ranking.ranking),
        palette=tuple(charts.colour(i) for i in range(len(ranking.criteria))),
    )


def _names(ranking: Ranking) -> dict[str, str]:
    names = {v.id: vendor_label(v.vendor, v.model) for v in ranking.ranking}
    return names | {d.id: vendor_label(d.vendor, d.model) for d in ranking.disqualified}


def _ranges(s: Sensitivity, names: dict[str, str], labels: Labels) -> Markup | None:
    """Per criterion, the weights over which the leader stays first, and who overtakes."""
    if not s.weight_ranges:
        return None
    rows = []
    for criterion, wr in s.weight_ranges.items():
        parts = []
        if wr.overtaken_by_below:
            who = names.get(wr.overtaken_by_below, wr.overtaken_by_below)
            parts.append(_("below: {vendor}").format(vendor=who))
        if wr.overtaken_by_above:
            who = names.get(wr.overtaken_by_above, wr.overtaken_by_above)
            parts.append(_("above: {vendor}").format(vendor=who))
        rows.append(
            (
                labels.criterion(criterion),
                wr.weight,
                wr.low,
                wr.high,
                "; ".join(parts) or _("first throughout"),
            )
        )
    desc = "; ".join(
        _("{criterion}: weight {weight}, stays first from {low} to {high} ({note})").format(
            criterion=c,
            weight=format_fixed(w, 2),
            low=format_fixed(lo, 2),
            high=format_fixed(hi, 2),
            note=note,
        )
        for c, w, lo, hi, note in rows
    )
    return charts.weight_ranges(rows, names.get(s.leader or "", s.leader or ""), desc)


def _acceptability(s: Sensitivity, ranking: Ranking, names: dict[str, str]) -> Markup | None:
    """The share of draws at each rank, for the vendors worth showing."""
    from scorecard.report.sensitivity_text import acceptability_rows

    acc_rows = acceptability_rows(s, ranking)
    if not acc_rows:
        return None
    show_lower = any(r.lower > 0 for r in acc_rows)
    columns = [f"#{r + 1}" for r in range(len(acc_rows[0].ranks))]
    columns += [_("lower")] * show_lower + [_("disq.")]
    cells = [
        (
            names.get(r.id, r.label) if r.id else r.label,
            [*r.ranks, *([r.lower] if show_lower else []), r.disqualified],
        )
        for r in acc_rows
    ]
    desc = "; ".join(
        f"{label}: " + ", ".join(f"{c} {format_share(x)}" for c, x in zip(columns, xs, strict=True))
        for label, xs in cells
    )
    return charts.acceptability(columns, cells, desc)


def robustness_view(ranking: Ranking, labels: Labels | None = None) -> RobustnessView | None:
    """The robustness section: verdict, weight-range chart, acceptability heat map."""
    s = ranking.sensitivity
    if s is None:
        return None
    from scorecard.report.verdict_text import notes_text, verdict_text

    names = _names(ranking)
    return RobustnessView(
        sensitivity=s,
        ranges=_ranges(s, names, labels or Labels()),
        acceptability=_acceptability(s, ranking, names),
        leader=names.get(s.leader or "", ""),
        verdict=verdict_text(s, ranking, labels),
        notes=tuple(notes_text(s, ranking)),
    )
