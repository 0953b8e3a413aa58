"""The outlier rule, run fast (each round reads the others' median off one sorted list
and compares only figures beyond ten times it), gives exactly what the rule as written
gives: every figure against the median of all the others not yet suspected, the most
extreme first, one per round."""

from __future__ import annotations

import math
import statistics
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorecard.load import plausibility

Flag = tuple[str, float, float, int]


def _reference(values: list[float], suspect: set[str]) -> list[Flag]:
    """The rule as written, in O(rounds x n^2)."""
    ids = [f"v{i:03d}" for i in range(len(values))]
    out: list[Flag] = []
    while True:
        worst: tuple[float, int, list[float]] | None = None
        for i, value in enumerate(values):
            others = [v for j, v in enumerate(values) if j != i and ids[j] not in suspect and v > 0]
            if ids[i] in suspect or value <= 0 or len(others) + 1 < 3:
                continue
            median = statistics.median(others)
            if median <= 0:
                continue
            extreme = abs(math.log(value) - math.log(median))
            if extreme > math.log(10) and (worst is None or extreme > worst[0]):
                worst = (extreme, i, others)
        if worst is None:
            return out
        _, i, others = worst
        suspect.add(ids[i])
        out.append((ids[i], values[i], statistics.median(others), len(others)))


def _flag(rec: Any, m: Any, value: float, median: float, n: int) -> Flag:
    return (rec.id, value, median, n)


def _fast(values: list[float], suspect: set[str]) -> list[Flag]:
    entries: Any = [(SimpleNamespace(id=f"v{i:03d}"), v) for i, v in enumerate(values)]
    m: Any = SimpleNamespace(id="m")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(plausibility, "_outlier", _flag)
        found: Any = plausibility._outliers(m, entries, suspect)
    return list(found)


# figures with ties, zeros and values exactly ten times others
FIGURES = st.lists(
    st.one_of(
        st.sampled_from([0.0, 0.01, 0.1, 1.0, 2.0, 5.0, 10.0, 50.0, 100.0, 1000.0]),
        st.floats(min_value=0, max_value=1e6, allow_nan=False),
    ),
    max_size=25,
)


@settings(max_examples=400, deadline=None)
@given(values=FIGURES, suspects=st.sets(st.integers(0, 24), max_size=3))
def test_fast_outliers_match_the_rule_as_written(values: list[float], suspects: set[int]) -> None:
    suspect = {f"v{i:03d}" for i in suspects if i < len(values)}
    expected = _reference(values, set(suspect))
    assert _fast(values, set(suspect)) == expected
