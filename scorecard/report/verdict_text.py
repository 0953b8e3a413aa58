"""The robustness verdict and notes as a reader reads them: criterion labels instead of
ids, in the report's language.

The results carry the verdict in English with criterion ids (``Sensitivity.verdict``,
language-neutral like the rest of the JSON); the report, the debriefs and `rank`'s
table and Markdown write it again here, from the same numbers and with the same
thresholds (:mod:`scorecard.analyse.verdict`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scorecard.analyse.verdict import FRAGILE_SHARE, ROBUST_SHARE, nearest_end, robustness_word
from scorecard.model.constants import ESTIMATE_STDERR
from scorecard.report.format import format_fixed, format_share
from scorecard.report.i18n import _
from scorecard.report.labels import Labels

if TYPE_CHECKING:
    from scorecard.model.results import Ranking, Sensitivity

#: The analysis adds this note when figures were drawn within their standard errors.
_FIGURES_NOTE = "figures with a standard error were drawn"


def _figures_vary(s: Sensitivity) -> bool:
    return any(n.startswith(_FIGURES_NOTE) for n in s.notes)


def robustness_words() -> dict[str, str]:
    return {"robust": _("robust"), "uncertain": _("uncertain"), "fragile": _("fragile")}


def verdict_text(s: Sensitivity, ranking: Ranking, labels: Labels | None = None) -> str:
    """The verdict of the analysis ``s`` of ``ranking``, in words."""
    labels = labels or Labels()
    if s.leader is None or not ranking.ranking:
        return _(
            "No vendor qualifies on the stated figures, so there is no recommendation to test."
        )
    names = {v.id: v.model for v in ranking.ranking} | {d.id: d.model for d in ranking.disqualified}
    leader = names.get(s.leader, s.leader)
    share = format_share(s.first_probability.get(s.leader, 0.0))
    what = _("plausible weightings and figures") if _figures_vary(s) else _("plausible weightings")
    parts = []
    tied = [v.model for v in ranking.ranking[1:] if v.rank == 1]
    if tied:
        parts.append(
            _(
                "{leader} ties for first place with {others} on the stated figures; "
                "the weight ranges are for {leader}, the first listed."
            ).format(leader=leader, others=", ".join(tied))
        )
    ranges = s.weight_ranges
    end = nearest_end(ranges) if ranges is not None else None
    if ranges is None:
        if ranking.method == "topsis":
            text = _(
                "{leader} is first in {share} of {what} (no exact weight ranges: TOPSIS "
                "scores are not linear in the weights)."
            )
        else:
            text = _(
                "{leader} is first in {share} of {what} (no exact weight ranges: no vendor "
                "qualifies)."
            )
        parts.append(text.format(leader=leader, share=share, what=what))
    elif end is None:
        parts.append(
            _(
                "{leader} is first in {share} of {what}; it stays first whatever the weight "
                "of any single criterion."
            ).format(leader=leader, share=share, what=what)
        )
    else:
        crit, side, at, who = end
        r = ranges[crit]
        if side == "below":
            text = _(
                "{leader} is first in {share} of {what}; it stays first while the weight of "
                "{criterion} is between {low} and {high}; {vendor} overtakes below {at}."
            )
        else:
            text = _(
                "{leader} is first in {share} of {what}; it stays first while the weight of "
                "{criterion} is between {low} and {high}; {vendor} overtakes above {at}."
            )
        parts.append(
            text.format(
                leader=leader,
                share=share,
                what=what,
                criterion=labels.criterion(crit),
                low=format_fixed(r.low, 2),
                high=format_fixed(r.high, 2),
                vendor=names.get(who, who),
                at=format_fixed(at, 2),
            )
        )
    word = robustness_words()[robustness_word(s.first_probability.get(s.leader, 0.0))]
    parts.append(
        _(
            "By the thresholds used here (robust: first in at least {robust} of draws; "
            "fragile: under {fragile}), the recommendation is {word}."
        ).format(robust=format_share(ROBUST_SHARE), fragile=format_share(FRAGILE_SHARE), word=word)
    )
    return " ".join(parts)


def notes_text(s: Sensitivity, ranking: Ranking) -> list[str]:
    """The notes of the analysis ``s`` in the active language, vendors by name."""
    notes = []
    if ranking.ranking and any(v.rank == 1 for v in ranking.ranking[1:]):
        notes.append(
            _(
                "rank 1 is tied; the weight ranges are computed for {vendor}, the first listed."
            ).format(vendor=ranking.ranking[0].model)
        )
    if ranking.ranking and s.weight_ranges is None:
        notes.append(
            _("no exact weight ranges with TOPSIS: its scores are not linear in the weights.")
        )
    if _figures_vary(s):
        notes.append(
            _(
                "figures with a standard error were drawn from a normal distribution; "
                "estimates without one were given {share} of their value."
            ).format(share=format_share(ESTIMATE_STDERR))
        )
    return notes
