"""The decision in plain words: why the first beats the second, and how sure second
place is — the sentences page 1 of the report and the `rank` table/Markdown print.

Scores and points at one decimal, shares as whole percents, names as a reader knows
them (vendor and model, criterion labels); full precision stays in the JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scorecard.report.format import format_fixed, format_share, score_decimals
from scorecard.report.i18n import _, ngettext

if TYPE_CHECKING:
    from scorecard.model.results import Ranking, VendorScore
    from scorecard.report.labels import Labels

#: A second place held in at least this share of draws is called settled.
SETTLED_SECOND = 0.8
#: Criteria named in the "why" sentence, by the points they decide.
WHY_CRITERIA = 2


def vendor_name(v: VendorScore) -> str:
    return f"{v.vendor} \u2013 {v.model}" if v.model else v.vendor


def _why(top: VendorScore, runner: VendorScore, labels: Labels) -> str:
    """The criteria where ``top`` gains most over ``runner`` (and where it loses most)."""
    diffs = [
        (top.criteria[c].points - runner.criteria[c].points, c)
        for c in top.criteria
        if c in runner.criteria
    ]
    gains = sorted((d for d in diffs if round(d[0], 1) > 0), key=lambda d: (-d[0], d[1]))
    losses = sorted((d for d in diffs if round(d[0], 1) < 0), key=lambda d: (d[0], d[1]))
    parts = [f"{labels.criterion(c)} (+{format_fixed(d, 1)})" for d, c in gains[:WHY_CRITERIA]]
    if not parts:
        return ""
    leads = _(" and ").join(parts)
    if losses:
        d, c = losses[0]
        trails = f"{labels.criterion(c)} ({format_fixed(d, 1)})"
        return " " + _("It leads on {gains}; it trails on {losses}.").format(
            gains=leads, losses=trails
        )
    return " " + _("It leads on {gains}.").format(gains=leads)


def recommendation_text(ranking: Ranking, labels: Labels) -> str:
    """The recommendation with the reason the first beats the second."""
    ranked = ranking.ranking
    if not ranked:
        n = len(ranking.disqualified)
        return ngettext(
            "No vendor qualifies: the {n} vendor failed a gate or lacks required figures; "
            "see the reasons below.",
            "No vendor qualifies: all {n} vendors failed a gate or lack required figures; "
            "see the reasons below.",
            n,
        ).format(n=n)
    d = score_decimals(v.score for v in ranked)
    first = [v for v in ranked if v.rank == 1]
    if len(first) > 1:
        names = ", ".join(vendor_name(v) for v in first[:-1]) + _(" and ") + vendor_name(first[-1])
        return _(
            "Tie for first place: {names} score the same ({score}); "
            "the criteria do not separate them."
        ).format(names=names, score=format_fixed(first[0].score, d))
    top = first[0]
    if len(ranked) == 1:
        return _("Recommended: {vendor}, the only qualified vendor (score {score} of 100).").format(
            vendor=vendor_name(top), score=format_fixed(top.score, d)
        )
    runner = ranked[1]
    return _(
        "Recommended: {vendor}, score {score} of 100, {lead} points ahead of {runner} "
        "({runner_score})."
    ).format(
        vendor=vendor_name(top),
        score=format_fixed(top.score, d),
        lead=format_fixed(top.score - runner.score, d),
        runner=vendor_name(runner),
        runner_score=format_fixed(runner.score, d),
    ) + _why(top, runner, labels)


def runner_up_text(ranking: Ranking) -> str | None:
    """Who is second and how sure that is, from the robustness shares; None without
    a robustness analysis or a second vendor."""
    s = ranking.sensitivity
    ranked = ranking.ranking
    if s is None or len(ranked) < 2:
        return None
    second = {v.id: s.acceptability.get(v.id, [0.0, 0.0])[1:2] for v in ranked}
    shares = {vid: (share[0] if share else 0.0) for vid, share in second.items()}
    names = {v.id: vendor_name(v) for v in ranked}
    runner = ranked[1]
    contenders = sorted(
        (vid for vid, p in shares.items() if p >= 0.1 or vid == runner.id),
        key=lambda vid: (-shares[vid], names[vid]),
    )
    held = shares[runner.id]
    others = [vid for vid in contenders if vid != runner.id][:2]
    listed = ", ".join(f"{names[vid]} {format_share(shares[vid])}" for vid in others)
    if round(held * 100) >= SETTLED_SECOND * 100:  # as the share is shown
        if listed:
            return _(
                "Second place is settled: {vendor} is second in {share} of draws (then {others})."
            ).format(vendor=names[runner.id], share=format_share(held), others=listed)
        return _("Second place is settled: {vendor} is second in {share} of draws.").format(
            vendor=names[runner.id], share=format_share(held)
        )
    listed = ", ".join(f"{names[vid]} {format_share(shares[vid])}" for vid in contenders[:3])
    return _(
        "Second place is open: {vendor} is second at the buyer's weights; "
        "second in the draws: {others}."
    ).format(vendor=names[runner.id], others=listed)
