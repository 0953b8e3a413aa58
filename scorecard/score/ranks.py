"""From scores to ranks: competition ranking under the tie rule, and HELM's mean win rate."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from itertools import groupby

from scorecard.score import pyxp
from scorecard.score.kernel import tie_units


def competition_ranks(scores: Mapping[str, float]) -> list[tuple[int, str]]:
    """(rank, id) in rank order: descending score; scores in the same
    :func:`~scorecard.score.kernel.tie_units` share a rank (1, 1, 3), listed by id."""
    units = tie_units(pyxp, pyxp.Vector(scores.values()))
    keyed = sorted(zip(units, scores, strict=True), key=_rank_key)
    out: list[tuple[int, str]] = []
    rank = 0
    previous: float | None = None
    for position, (key, vid) in enumerate(keyed, 1):
        if key != previous:
            rank, previous = position, key
        out.append((rank, vid))
    return out


def _rank_key(item: tuple[float, str]) -> tuple[float, str]:
    return -item[0], item[1]


def mean_win_rates(
    columns: Sequence[tuple[Mapping[str, float], bool]], ids: Sequence[str]
) -> dict[str, float | None]:
    """HELM's mean win rate.  ``columns`` holds, per metric, the values by vendor id
    and whether higher is better.  For each column with values for at least two
    vendors, a vendor's win rate is the share of the *other* vendors with a value that
    it beats, ties counting one half; its mean win rate averages the columns where it
    has a value (None when there are none).  Computed by sorting: O(n log n) a column."""
    rates: dict[str, list[float]] = {vid: [] for vid in ids}
    for values, higher in columns:
        if len(values) < 2:
            continue
        ordered = sorted(values.items(), key=lambda kv: kv[1] if higher else -kv[1])
        others = len(ordered) - 1
        below = 0
        for _, group in groupby(ordered, key=lambda kv: kv[1]):
            members = list(group)
            ties = len(members) - 1
            for vid, _value in members:
                rates[vid].append((below + 0.5 * ties) / others)
            below += len(members)
    return {vid: (math.fsum(r) / len(r) if r else None) for vid, r in rates.items()}
