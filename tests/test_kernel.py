"""The scoring kernel is written once over an array namespace: the same functions must
give the same numbers with the pure-Python stand-in (what `rank` uses) and with numpy
(what the Monte Carlo uses), step by step and all together."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorecard.score import kernel, pyxp
from scorecard.score.kernel import Scheme
from scorecard.score.pyxp import Vector

# Two criteria: c0 holds metrics 0 and 1, c1 holds metric 2.
CRITERION_OF = (0, 0, 1)


@st.composite
def problems(draw: st.DrawFn) -> tuple[Scheme, list[list[float]], list[list[bool]], list[bool]]:
    method = draw(st.sampled_from(["weighted-sum", "topsis"]))
    policies = ["worst", "fail"] if method == "topsis" else ["worst", "neutral", "exclude"]
    n_v = draw(st.integers(1, 6))
    best: list[float | None] = []
    worst: list[float | None] = []
    higher, log = [], []
    for _ in CRITERION_OF:
        up, on_log = draw(st.booleans()), draw(st.booleans())
        higher.append(up)
        log.append(on_log)
        if draw(st.booleans()):  # a fixed scale in the metric's direction
            lo, hi = sorted(
                draw(st.lists(st.integers(1, 100), min_size=2, max_size=2, unique=True))
            )
            best.append(float(hi if up else lo))
            worst.append(float(lo if up else hi))
        else:
            best.append(None)
            worst.append(None)
    w0, w1 = draw(st.integers(1, 9)), draw(st.integers(1, 9))
    c0, c1 = draw(st.integers(1, 9)), draw(st.integers(1, 9))
    scheme = Scheme(
        method=method,
        missing=draw(st.sampled_from(policies)),
        criteria=("c0", "c1"),
        weights=tuple(kernel.normalise([c0, c1])),
        metrics=("m0", "m1", "m2"),
        criterion_of=CRITERION_OF,
        metric_weights=(*kernel.normalise([w0, w1]), 1.0),
        higher=tuple(higher),
        log=tuple(log),
        best=tuple(best),
        worst=tuple(worst),
    )
    value = st.floats(0.5, 120, allow_nan=False)
    values = [draw(st.lists(value, min_size=n_v, max_size=n_v)) for _ in CRITERION_OF]
    present = [draw(st.lists(st.booleans(), min_size=n_v, max_size=n_v)) for _ in CRITERION_OF]
    qualified = draw(st.lists(st.booleans(), min_size=n_v, max_size=n_v))
    return scheme, values, present, qualified


def as_list(a: Any, n_v: int) -> list[float]:
    """A result of either namespace as one float per vendor (numpy: the first draw)."""
    if isinstance(a, Vector):
        return [float(x) for x in a]
    arr = np.broadcast_to(np.asarray(a, dtype=float), (1, n_v))
    return [float(x) for x in arr[0]]


@settings(max_examples=150, deadline=None)
@given(problems())
def test_pure_python_and_numpy_agree(
    case: tuple[Scheme, list[list[float]], list[list[bool]], list[bool]],
) -> None:
    s, values, present, qualified = case
    n_v = len(qualified)
    py_x = [Vector(x) for x in values]
    py_p = [Vector(p) for p in present]
    np_x = [np.array([x]) for x in values]  # one draw: (1, V)
    np_p = [np.array(p) for p in present]
    py_q, np_q = Vector(qualified), np.array([qualified])
    py_eff = kernel.effective_weights(pyxp, s, py_p)
    np_eff = kernel.effective_weights(np, s, np_p)
    for a, b in zip(py_eff, np_eff, strict=True):
        assert as_list(a, n_v) == pytest.approx(as_list(b, n_v), abs=1e-15)

    py_v, np_v = [], []
    for m in range(len(CRITERION_OF)):
        a, best_a, worst_a = kernel.metric_scores(pyxp, s, m, py_x[m], py_p[m], py_q)
        b, best_b, worst_b = kernel.metric_scores(np, s, m, np_x[m], np_p[m], np_q)
        assert as_list(a, n_v) == pytest.approx(as_list(b, n_v), abs=1e-12)
        assert float(best_a) == float(np.ravel(best_b)[0])
        assert float(worst_a) == float(np.ravel(worst_b)[0])
        assert all(0.0 <= v <= 1.0 for v in as_list(a, n_v))
        py_v.append(a)
        np_v.append(b)
    py_crit = kernel.criterion_scores(pyxp, s, py_v, py_eff)
    np_crit = kernel.criterion_scores(np, s, np_v, np_eff)
    for a, b in zip(py_crit, np_crit, strict=True):
        assert as_list(a, n_v) == pytest.approx(as_list(b, n_v), abs=1e-12)

    py_score = kernel.score(pyxp, s, py_x, py_p, py_eff, py_q, list(s.weights))
    np_weights = [np.array([[w]]) for w in s.weights]
    np_score = kernel.score(np, s, np_x, np_p, np_eff, np_q, np_weights)
    ours = as_list(py_score, n_v)
    assert ours == pytest.approx(as_list(np_score, n_v), abs=1e-9)
    assert all(0.0 <= x <= 100.0 for x, q in zip(ours, qualified, strict=True) if q)
    units = kernel.tie_units(np, np.asarray(np_score, dtype=float))
    assert as_list(kernel.tie_units(pyxp, py_score), n_v) == as_list(units, n_v)


def test_vector_broadcasts_numbers_and_refuses_other_lengths() -> None:
    v = Vector([1.0, 2.0, 4.0])
    assert list(2.0 - v) == [1.0, 0.0, -2.0]
    assert list(v / 2) == [0.5, 1.0, 2.0]
    assert list(~(v > 1.5)) == [True, False, False]
    assert list(pyxp.where(v > 1.5, v, 0.0)) == [0.0, 2.0, 4.0]
    assert pyxp.sum(Vector([0.1] * 10)) == 1.0  # exact: math.fsum
    assert pyxp.max(Vector([])) == -math.inf
    with pytest.raises(ValueError, match="shapes differ"):
        v + Vector([1.0])


def test_gate_interval_is_inclusive_with_relative_tolerance() -> None:
    low, high = kernel.gate_interval(70.0, 90.0)
    assert kernel.qualify(True, [(70.0 * (1 - 5e-10), True, (low, high))])
    assert not kernel.qualify(True, [(70.0 * (1 - 2e-9), True, (low, high))])
    assert kernel.qualify(True, [(90.0 * (1 + 5e-10), True, (low, high))])
    assert not kernel.qualify(True, [(80.0, False, (low, high))])  # no figure fails
    assert kernel.gate_interval(None, None) == (-math.inf, math.inf)
