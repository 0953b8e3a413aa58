"""Exact weight ranges of a weighted-sum ranking's leader: hand-solved cases and a
brute-force grid."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorecard.analyse.ranges import solve_weight_ranges


def ranges_by_brute_force(
    weights: list[float], scores: list[list[float]], leader: int, c: int, t: float
) -> list[float]:
    """Every vendor's score at weight t for criterion c, the others in proportion."""
    w = weights[c]
    ws = [t if j == c else weights[j] * (1 - t) / (1 - w) for j in range(len(weights))]
    return [math.fsum(wj * s[j] for j, wj in enumerate(ws)) for s in scores]


# --------------------------------------------------------------------------- exact ranges


def test_two_vendors_two_criteria_hand_solved() -> None:
    """Hand-solved: weights 0.5/0.5; A scores (1.0, 0.0), B (0.2, 0.6).  On a: A(t) = t,
    B(t) = 0.6 - 0.4 t, crossing at t = 3/7; on b: A(t) = 1 - t, B(t) = 0.2 + 0.4 t,
    crossing at t = 4/7."""
    ranges = solve_weight_ranges(
        {"a": 0.5, "b": 0.5}, {"A": {"a": 1.0, "b": 0.0}, "B": {"a": 0.2, "b": 0.6}}, "A"
    )
    assert ranges["a"].low == pytest.approx(3 / 7, abs=1e-12)
    assert (ranges["a"].high, ranges["a"].overtaken_by_below) == (1.0, "B")
    assert ranges["a"].overtaken_by_above is None
    assert ranges["b"].high == pytest.approx(4 / 7, abs=1e-12)
    assert (ranges["b"].low, ranges["b"].overtaken_by_above) == (0.0, "B")
    assert ranges["b"].overtaken_by_below is None


def test_three_vendors_three_criteria_hand_solved() -> None:
    """Hand-solved (weights 0.5/0.3/0.2; A = (0.8, 0.2, 0.5) scores 0.56, B = (0.4, 0.9,
    0.3) 0.53, C = (0.3, 0.5, 1.0) 0.50):
    c1: A(t) = 0.32 + 0.48 t, B = 0.66 - 0.26 t, C = 0.7 - 0.4 t -> A first from
        max(17/37, 19/44) = 17/37 (B overtakes below) up to 1;
    c2: A = 5/7 - 18/35 t, B = 13/35 + 18.5/35 t, C = 0.5 -> A first up to
        min(24/73, 5/12) = 24/73 (B overtakes above);
    c3: A = 0.575 - 0.075 t, B = 0.5875 - 0.2875 t, C = 0.375 + 0.625 t -> A first
        from 1/17 (B below) to 2/7 (C above)."""
    ranges = solve_weight_ranges(
        {"c1": 0.5, "c2": 0.3, "c3": 0.2},
        {
            "A": {"c1": 0.8, "c2": 0.2, "c3": 0.5},
            "B": {"c1": 0.4, "c2": 0.9, "c3": 0.3},
            "C": {"c1": 0.3, "c2": 0.5, "c3": 1.0},
        },
        "A",
    )
    expected = {
        "c1": (Fraction(17, 37), 1, "B", None),
        "c2": (0, Fraction(24, 73), None, "B"),
        "c3": (Fraction(1, 17), Fraction(2, 7), "B", "C"),
    }
    for c, (low, high, below, above) in expected.items():
        r = ranges[c]
        assert r.low == pytest.approx(float(low), abs=1e-12), c
        assert r.high == pytest.approx(float(high), abs=1e-12), c
        assert (r.overtaken_by_below, r.overtaken_by_above) == (below, above), c
        assert r.low <= r.weight <= r.high


def test_two_overtakers_crossing_at_the_same_point_steeper_is_named() -> None:
    """B and D both tie A at t = 0.5 on criterion a; below it D rises faster (slope of the gap
    0.8 against 0.4), so D takes first place just below 0.5."""
    ranges = solve_weight_ranges(
        {"a": 0.6, "b": 0.4},
        {"A": {"a": 0.6, "b": 0.4}, "B": {"a": 0.4, "b": 0.6}, "D": {"a": 0.2, "b": 0.8}},
        "A",
    )
    assert ranges["a"].low == pytest.approx(0.5, abs=1e-12)
    assert ranges["a"].overtaken_by_below == "D"


def test_identical_overtakers_name_the_first_listed() -> None:
    """Found by hypothesis: a three-way tie at the buyer's weights where v1 and v2 have the
    same scores, so their crossing slopes differ only by floating-point noise; the first
    listed is named, not whichever slope rounded steeper."""
    weights = [3 / 24, 10 / 24, 4 / 24, 7 / 24]
    scores = [[0.0, 0.55, 0.5, 0.65], [0.1, 0.75, 0.8, 0.15], [0.8, 0.8, 0.15, 0.15]]
    crit = [f"c{j}" for j in range(4)]
    ranges = solve_weight_ranges(
        dict(zip(crit, weights, strict=True)),
        {f"v{i}": dict(zip(crit, s, strict=True)) for i, s in enumerate(scores)},
        "v0",
    )
    assert ranges["c3"].overtaken_by_below == "v1"


def test_single_criterion_never_overtaken() -> None:
    ranges = solve_weight_ranges({"a": 1.0}, {"A": {"a": 0.9}, "B": {"a": 0.2}}, "A")
    assert (ranges["a"].low, ranges["a"].high) == (0.0, 1.0)
    assert ranges["a"].overtaken_by_below is None and ranges["a"].overtaken_by_above is None


_score = st.integers(0, 20).map(lambda k: k / 20)


@st.composite
def _weighted_case(draw: st.DrawFn) -> tuple[list[float], list[list[float]]]:
    n_c = draw(st.integers(2, 4))
    raw = draw(st.lists(st.integers(1, 10), min_size=n_c, max_size=n_c))
    weights = [r / sum(raw) for r in raw]
    n_v = draw(st.integers(2, 5))
    scores = draw(
        st.lists(st.lists(_score, min_size=n_c, max_size=n_c), min_size=n_v, max_size=n_v)
    )
    return weights, scores


@settings(max_examples=300, deadline=None)
@given(_weighted_case())
def test_exact_ranges_match_brute_force_grid(case: tuple[list[float], list[list[float]]]) -> None:
    """On a grid of 2,001 values of t: inside [low, high] the leader is first (nobody
    strictly higher); outside it someone is strictly higher; and the vendor first just
    outside each end is the one named."""
    weights, scores = case
    names = [f"v{i}" for i in range(len(scores))]
    at_w = [math.fsum(w * s[j] for j, w in enumerate(weights)) for s in scores]
    top = max(at_w)
    leader = next(i for i, x in enumerate(at_w) if x >= top - 1e-12)
    crit = [f"c{j}" for j in range(len(weights))]
    ranges = solve_weight_ranges(
        dict(zip(crit, weights, strict=True)),
        {names[i]: dict(zip(crit, s, strict=True)) for i, s in enumerate(scores)},
        names[leader],
    )
    for c, name in enumerate(crit):
        r = ranges[name]
        assert 0.0 <= r.low <= r.weight <= r.high <= 1.0
        grid = np.linspace(0.0, 1.0, 2001)
        w = np.array(weights) * (1 - grid[:, None]) / (1 - weights[c])
        w[:, c] = grid
        at_grid = w @ np.array(scores).T  # (t, vendor)
        gap = at_grid.max(axis=1) - at_grid[:, leader]
        inside = (grid >= r.low + 1e-9) & (grid <= r.high - 1e-9)
        outside = (grid < r.low - 1e-9) | (grid > r.high + 1e-9)
        assert (gap[inside] <= 1e-9).all(), name
        assert (gap[outside] > 0).all(), name
        for end, who, step in (
            (r.low, r.overtaken_by_below, -1e-7),
            (r.high, r.overtaken_by_above, 1e-7),
        ):
            if 0 < end < 1:
                at_t = ranges_by_brute_force(weights, scores, leader, c, end + step)
                best = max(at_t)
                first = next(i for i, x in enumerate(at_t) if x >= best - 1e-13)
                assert who == names[first], (name, end)
            else:
                assert who is None
