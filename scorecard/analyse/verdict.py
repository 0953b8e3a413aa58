"""A plain-words verdict on a ranking's robustness.

The leader is "robust" when it is first in at least :data:`ROBUST_SHARE` of the draws,
"fragile" below :data:`FRAGILE_SHARE`, "uncertain" in between; the verdict names the
criterion whose exact weight range ends nearest the buyer's weight, and who overtakes
there.
"""

from __future__ import annotations

from collections.abc import Mapping

from scorecard.model.results import WeightRange

#: The leader is "robust" when it is first in at least this share of the draws ...
ROBUST_SHARE = 0.80
#: ... and "fragile" when it is first in less than this share (in between: "uncertain").
FRAGILE_SHARE = 0.50

ROBUSTNESS_WORDS = ("robust", "uncertain", "fragile")


def robustness_word(first_share: float) -> str:
    """ "robust" at ROBUST_SHARE or more, "fragile" below FRAGILE_SHARE, else "uncertain"."""
    if first_share >= ROBUST_SHARE:
        return "robust"
    if first_share < FRAGILE_SHARE:
        return "fragile"
    return "uncertain"


def _percent(share: float) -> str:
    if 0 < share < 0.01:
        return "under 1%"
    if 0.99 < share < 1:
        return "over 99%"
    return f"{share:.0%}"


def nearest_end(
    ranges: Mapping[str, WeightRange],
) -> tuple[str, str, float, str] | None:
    """(criterion, "below"|"above", end, overtaker) of the range end nearest the buyer's
    weight among the ends where another vendor takes over; None when none does."""
    best: tuple[float, int, str, str, float, str] | None = None
    for i, (name, r) in enumerate(ranges.items()):
        for side, end, who in (
            ("below", r.low, r.overtaken_by_below),
            ("above", r.high, r.overtaken_by_above),
        ):
            if who is None:
                continue
            cand = (abs(r.weight - end), i, name, side, end, who)
            if best is None or cand[:2] < best[:2]:
                best = cand
    if best is None:
        return None
    return best[2], best[3], best[4], best[5]


def write_verdict(
    leader_name: str,
    first_share: float,
    ranges: Mapping[str, WeightRange] | None,
    names: Mapping[str, str],
    *,
    figures_vary: bool,
    tied_with: list[str] | None = None,
    method: str = "weighted-sum",
) -> str:
    """The plain-words verdict, e.g. "GPT-5.4 is first in 87% of plausible weightings;
    it stays first while reliability's weight is between 0.31 and 0.74; Claude 3 Opus
    overtakes below 0.31. ..."."""
    what = "plausible weightings and figures" if figures_vary else "plausible weightings"
    parts = []
    if tied_with:
        others = ", ".join(tied_with)
        parts.append(
            f"{leader_name} ties for first place with {others} on the stated figures; "
            f"the weight ranges are for {leader_name}, the first listed."
        )
    sentence = f"{leader_name} is first in {_percent(first_share)} of {what}"
    if ranges is None:
        reason = (
            "TOPSIS scores are not linear in the weights"
            if method == "topsis"
            else "no vendor qualifies"
        )
        sentence += f" (no exact weight ranges: {reason})."
    else:
        end = nearest_end(ranges)
        if end is None:
            sentence += "; it stays first whatever the weight of any single criterion."
        else:
            crit, side, at, who = end
            r = ranges[crit]
            sentence += (
                f"; it stays first while {crit}'s weight is between {r.low:.2f} and "
                f"{r.high:.2f}; {names.get(who, who)} overtakes {side} {at:.2f}."
            )
    parts.append(sentence)
    word = robustness_word(first_share)
    parts.append(
        f"By the thresholds used here (robust: first in at least {ROBUST_SHARE:.0%} of draws; "
        f"fragile: under {FRAGILE_SHARE:.0%}), the recommendation is {word}."
    )
    return " ".join(parts)
