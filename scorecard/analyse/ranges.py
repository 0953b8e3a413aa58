"""Exact weight ranges of a weighted-sum ranking's leader: no sampling.

Let one criterion's normalised weight ``t`` run from 0 to 1 while the other criteria
keep their proportions to each other (``W_j(t) = W_j (1 - t) / (1 - W_c)``).  Every
vendor's score is then linear in ``t``,
``score(t) = 100 [t S_c + (1 - t) R_c]`` with ``R_c = sum_{j != c} W_j S_j / (1 - W_c)``,
so the interval of ``t`` over which the current leader stays first (no other qualified
vendor scores strictly higher) is an intersection of half-lines, solved exactly from
the pairwise crossing points.  Just outside each end, the vendor that takes first
place is the one whose crossing is the end with the steepest slope (ties: the first
listed).  TOPSIS scores are not linear in the weights, so no ranges are computed for it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from scorecard.model.results import Ranking, WeightRange

#: Two crossing points closer than this are the same point.
_T_TOL = 1e-12
#: A score gap (in units of 100 points) smaller than this is a tie, not a crossing.
_GAP_TOL = 1e-12

# (crossing t, slope of the leader's lead, vendor)
_Crossing = tuple[float, float, str]


def _ends(weights: Mapping[str, float], s: Mapping[str, float], c: str) -> tuple[float, float]:
    """A vendor's score (per unit of 100 points) at t = 0 and at t = 1 for criterion c."""
    w = weights[c]
    rest = math.fsum(weights[j] * s[j] for j in weights if j != c)
    return (rest / (1.0 - w) if 1.0 - w > 0 else 0.0), s[c]


def _crossings(
    weights: Mapping[str, float],
    scores: Mapping[str, Mapping[str, float]],
    leader: str,
    c: str,
) -> tuple[list[_Crossing], list[_Crossing]]:
    """Where another vendor starts being first (below) or stops the leader (above)."""
    lead0, lead1 = _ends(weights, scores[leader], c)
    lower: list[_Crossing] = []
    upper: list[_Crossing] = []
    for vendor in scores:
        if vendor == leader:
            continue
        v0, v1 = _ends(weights, scores[vendor], c)
        a = lead0 - v0  # the leader's lead at t = 0
        b = lead1 - v1  # ... and at t = 1; linear in between
        k = b - a
        if a < -_GAP_TOL and b > -_GAP_TOL:  # behind at 0, not at 1: first from the crossing
            lower.append((-a / k, k, vendor))
        elif b < -_GAP_TOL and a > -_GAP_TOL:  # behind at 1, not at 0: first up to it
            upper.append((-a / k, k, vendor))
        # behind at both ends cannot happen for the leader (it is first at the buyer's
        # weight); a gap within _GAP_TOL of 0 is floating-point noise on a tie
    return lower, upper


def solve_weight_ranges(
    weights: Mapping[str, float],
    scores: Mapping[str, Mapping[str, float]],
    leader: str,
) -> dict[str, WeightRange]:
    """The exact interval of each criterion's weight over which ``leader`` stays first.

    ``weights``: criterion -> normalised weight (summing to 1).  ``scores``: vendor id ->
    criterion -> the vendor's score within that criterion, in [0, 1], for every
    *qualified* vendor, in listing order (ties among overtakers go to the first listed).
    The interval always contains the buyer's weight; its ends are the pairwise crossing
    points (or 0 and 1), and ``overtaken_by_below``/``_above`` name the vendor first just
    outside each end (None at 0 or 1).
    """
    out: dict[str, WeightRange] = {}
    for c, w in weights.items():
        lower, upper = _crossings(weights, scores, leader, c)
        low = max((t for t, _, _ in lower), default=0.0)
        high = min((t for t, _, _ in upper), default=1.0)
        # floating-point noise on a tie at the buyer's weight must not exclude it
        low, high = min(low, w), max(high, w)
        below = [(-k, v) for t, k, v in lower if abs(t - low) <= _T_TOL]
        above = [(k, v) for t, k, v in upper if abs(t - high) <= _T_TOL]
        out[c] = WeightRange(
            weight=w,
            low=low,
            high=high,
            overtaken_by_below=_steepest(below) if low > 0 else None,
            overtaken_by_above=_steepest(above) if high < 1 else None,
        )
    return out


def _steepest(crossings: list[tuple[float, str]]) -> str | None:
    """The vendor whose lead over the leader grows fastest past the end, the first listed
    among slopes equal within floating-point noise (two vendors with the same scores
    cross with slopes a few ulps apart)."""
    if not crossings:
        return None
    steepest = min(k for k, _ in crossings)
    return next(v for k, v in crossings if k <= steepest + _GAP_TOL)


def weight_ranges(ranking: Ranking) -> dict[str, WeightRange] | None:
    """Exact weight ranges of a weighted-sum ranking's leader; None for TOPSIS or when
    no vendor qualifies."""
    if ranking.method != "weighted-sum" or not ranking.ranking:
        return None
    weights = {c.name: c.weight for c in ranking.criteria}
    scores = {
        vs.id: {c: (vs.criteria[c].score if c in vs.criteria else 0.0) for c in weights}
        for vs in ranking.ranking
    }
    return solve_weight_ranges(weights, scores, ranking.ranking[0].id)
