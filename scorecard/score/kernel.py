"""The scoring maths: value functions, weights, gates, ranks, TOPSIS, win rates."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from itertools import groupby

from scorecard.model.constants import REL_TOL, TIE_DECIMALS
from scorecard.model.inputs import ResolvedGate, VendorRecord
from scorecard.model.numbers import format_plain as fmt_number
from scorecard.score.notices import requirement_reasons

NEUTRAL = 0.5


def normalise(weights: Sequence[float]) -> list[float]:
    """Weights divided by their sum (summed left to right), so they sum to 1."""
    total = math.fsum(weights)
    if total <= 0:
        raise ValueError("weights must sum to a positive number")
    return [w / total for w in weights]


def value_score(x: float, best: float, worst: float, scale: str = "linear") -> float:
    """The value function: 1 at ``best``, 0 at ``worst``, linear in x (or in ln x),
    clamped to [0, 1].  Works for both directions (best < worst: lower is better).
    When best == worst every value scores 1 (relative scaling with one distinct value)."""
    if best == worst:
        return 1.0
    if scale == "log":
        x, best, worst = math.log(x), math.log(best), math.log(worst)
    v = (x - worst) / (best - worst)
    return min(1.0, max(0.0, v))


def _within(x: float, bound: float) -> bool:
    return math.isclose(x, bound, rel_tol=REL_TOL)


def gate_reasons(rec: VendorRecord, gates: Sequence[ResolvedGate]) -> list[str]:
    """Why a vendor fails the gates: one reason per failed gate, empty when it passes."""
    reasons: list[str] = []
    for gate in gates:
        if gate.require:  # a yes/no requirement: "is no" or "missing", with its reason
            reasons += requirement_reasons(rec, [gate])
            continue
        why = f" ({gate.reason})" if gate.reason else ""
        x = rec.values.get(gate.metric)
        if x is None:
            need = " and ".join(
                f"{word} {fmt_number(b)} {gate.unit}"
                for word, b in (("min", gate.min), ("max", gate.max))
                if b is not None
            )
            reasons.append(f"{gate.metric} missing; the gate requires {need}{why}")
            continue
        if gate.min is not None and x < gate.min and not _within(x, gate.min):
            reasons.append(
                f"{gate.metric} {fmt_number(x)} {gate.unit} < min {fmt_number(gate.min)} "
                f"{gate.unit}{why}"
            )
        if gate.max is not None and x > gate.max and not _within(x, gate.max):
            reasons.append(
                f"{gate.metric} {fmt_number(x)} {gate.unit} > max {fmt_number(gate.max)} "
                f"{gate.unit}{why}"
            )
    return reasons


def competition_ranks(scores: Mapping[str, float]) -> list[tuple[int, str]]:
    """(rank, id) in rank order: descending score, scores equal after rounding to
    6 decimals share a rank (1, 1, 3), tied vendors listed by id."""
    keyed = sorted(
        ((round(s, TIE_DECIMALS), vid) for vid, s in scores.items()), key=lambda t: (-t[0], t[1])
    )
    out: list[tuple[int, str]] = []
    rank = 0
    previous: float | None = None
    for position, (key, vid) in enumerate(keyed, 1):
        if key != previous:
            rank, previous = position, key
        out.append((rank, vid))
    return out


def topsis_closeness(
    matrix: Sequence[Sequence[float]], weights: Sequence[float], higher: Sequence[bool]
) -> list[float]:
    """Standard TOPSIS with vector normalisation: closeness C in [0, 1] per row.

    r_ij = x_ij / sqrt(sum_i x_ij^2) (0 where a column is all zero), weighted by w_j;
    ideal best/worst per column by direction; C = d- / (d+ + d-), and C = 1 when
    d+ + d- = 0 (one row, or all rows identical).  Sums run in row order."""
    n_rows = len(matrix)
    n_cols = len(weights)
    weighted: list[list[float]] = [[0.0] * n_cols for _ in range(n_rows)]
    for j in range(n_cols):
        norm = math.sqrt(math.fsum(matrix[i][j] ** 2 for i in range(n_rows)))
        for i in range(n_rows):
            weighted[i][j] = weights[j] * (matrix[i][j] / norm if norm > 0 else 0.0)
    best = [
        (max if higher[j] else min)(weighted[i][j] for i in range(n_rows)) for j in range(n_cols)
    ]
    worst = [
        (min if higher[j] else max)(weighted[i][j] for i in range(n_rows)) for j in range(n_cols)
    ]
    out: list[float] = []
    for row in weighted:
        d_plus = math.sqrt(math.fsum((row[j] - best[j]) ** 2 for j in range(n_cols)))
        d_minus = math.sqrt(math.fsum((row[j] - worst[j]) ** 2 for j in range(n_cols)))
        total = d_plus + d_minus
        out.append(1.0 if total == 0 else d_minus / total)
    return out


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
