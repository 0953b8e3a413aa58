"""The Monte Carlo engine against the scoring engine: with no perturbation (the buyer's
weights held, no stderr) every draw must reproduce `score_vendors` exactly: the same
qualified vendors, the same scores, the same order; and the exact weight ranges built
from `score_vendors`' per-criterion scores must agree with re-scoring at other weights."""

from __future__ import annotations

import datetime as dt
import math
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import tomli_w
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from scorecard.analyse import sensitivity as sens
from scorecard.load.inputs import load_inputs
from scorecard.load.project import InputPaths
from scorecard.model.inputs import Inputs
from scorecard.score.ranking import Prepared, prepare, score_vendors, scores_for_weights

DATE = dt.date(2026, 6, 1)

# metric -> (unit, low, high, log allowed)
POOL: dict[str, tuple[str, int, int, bool]] = {
    "mmlu": ("percent", 1, 99, False),
    "gpqa": ("percent", 1, 99, False),
    "hallucination_rate": ("percent", 1, 40, False),
    "humaneval_pass_at_1": ("percent", 1, 99, False),
    "latency_ms": ("ms", 50, 3000, True),
    "price_input_usd_per_mtok": ("usd_per_mtok", 1, 60, True),
    "throughput_tokens_per_s": ("tokens_per_s", 10, 500, True),
}
HIGHER = {"mmlu", "gpqa", "humaneval_pass_at_1", "throughput_tokens_per_s"}


@st.composite
def cases(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    method = draw(st.sampled_from(["weighted-sum", "weighted-sum", "topsis"]))
    policies = ["worst", "fail"] if method == "topsis" else ["worst", "neutral", "exclude", "fail"]
    missing = draw(st.sampled_from(policies))
    metrics = draw(st.lists(st.sampled_from(sorted(POOL)), min_size=1, max_size=5, unique=True))
    n_c = draw(st.integers(1, min(3, len(metrics))))
    criteria: dict[str, Any] = {}
    for j, metric in enumerate(metrics):
        name = f"c{j % n_c}"
        _, low, high, log_ok = POOL[metric]
        spec: dict[str, Any] = {"weight": draw(st.integers(1, 9))}
        scale = "log" if log_ok and draw(st.booleans()) else "linear"
        spec["scale"] = scale
        if draw(st.booleans()):  # fixed best/worst, in the metric's direction
            floor = max(low, 1) if scale == "log" else 0
            a = draw(st.integers(floor, high))
            b = draw(st.integers(floor, high))
            assume(a != b)
            hi_, lo_ = max(a, b), min(a, b)
            spec["best"], spec["worst"] = (hi_, lo_) if metric in HIGHER else (lo_, hi_)
        criteria.setdefault(name, {"weight": draw(st.integers(1, 9)), "metrics": {}})
        criteria[name]["metrics"][metric] = spec
    gates = []
    for metric in draw(st.lists(st.sampled_from(sorted(POOL)), max_size=2, unique=True)):
        _, low, high, _ = POOL[metric]
        bound = draw(st.integers(low, high))
        gates.append({"metric": metric, "min" if draw(st.booleans()) else "max": bound})
    doc = {"method": method, "missing": missing, "criteria": criteria, "gates": gates}
    used = set(metrics) | {g["metric"] for g in gates}
    vendors: dict[str, dict[str, Any]] = {}
    for i in range(draw(st.integers(1, 6))):
        figs = {}
        for metric in sorted(used):
            if draw(st.integers(0, 9)) < 8:
                _, low, high, _ = POOL[metric]
                figs[metric] = draw(st.integers(low, high))
        vendors[f"v{i}"] = figs
    return doc, vendors


def load_case(root: Path, doc: dict[str, Any], vendors: dict[str, dict[str, Any]]) -> Inputs:
    (root / "vendors").mkdir()
    (root / "criteria.toml").write_text(
        tomli_w.dumps({"schema_version": 1, "title": "t", "buyer": "b", **doc})
    )
    for vid, figs in vendors.items():
        metrics = {
            m: {
                "value": x,
                "unit": POOL[m][0],
                "source": "test",
                "as_of": "2026-01",
                "evidence": "third-party",
            }
            for m, x in figs.items()
        }
        (root / "vendors" / f"{vid}.toml").write_text(
            tomli_w.dumps({"schema_version": 1, "vendor": vid, "model": vid, "metrics": metrics})
        )
    result = load_inputs(InputPaths((root / "vendors",), root / "criteria.toml"))
    assert result.inputs is not None, [str(f) for f in result.findings]
    return result.inputs


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_zero_perturbation_reproduces_score_vendors(
    case: tuple[dict[str, Any], dict[str, dict[str, Any]]],
) -> None:
    doc, vendors = case
    with tempfile.TemporaryDirectory() as tmp:
        inputs = load_case(Path(tmp), doc, vendors)
    ranking = score_vendors(inputs, DATE)
    p = sens.build_problem(inputs, ranking.method)
    assert not (p.stderr > 0).any()
    weights, values = sens.draw_batch(p, np.random.default_rng(0), 2, math.inf)
    scores, qualified = sens.score_draws(p, weights, values)
    order = sens.rank_order(scores, qualified)
    ranked = [vs.id for vs in ranking.ranking]
    for d in range(2):
        assert [p.ids[i] for i in order[d] if qualified[d, i]] == ranked
        for vs in ranking.ranking:
            assert scores[d, p.ids.index(vs.id)] == pytest.approx(vs.score, abs=1e-9)
    if ranking.method == "weighted-sum":
        crit = sens.criterion_scores(p, values, qualified)
        for vs in ranking.ranking:
            for j, c in enumerate(p.criteria):
                assert crit[0, j, p.ids.index(vs.id)] == pytest.approx(
                    vs.criteria[c].score, abs=1e-12
                )
    # the same through the whole Monte Carlo: a huge concentration and no stderr put
    # the stated leader first in every draw
    acc = sens.simulate(p, 20, seed=1, concentration=math.inf)
    if ranked:
        assert acc.rank_counts[p.ids.index(ranked[0]), 0] == 20
    assert (acc.disqualified == 20 * ~qualified[0]).all()


def _reweighted(
    prepared: Prepared, weights: dict[str, float], c: str, t: float
) -> dict[str, float]:
    """scoring's own scores with criterion c at weight t, the others in proportion."""
    w = {j: (t if j == c else wj * (1 - t) / (1 - weights[c])) for j, wj in weights.items()}
    return scores_for_weights(prepared, w)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_exact_ranges_agree_with_rescoring(
    case: tuple[dict[str, Any], dict[str, dict[str, Any]]],
) -> None:
    """Re-scored by scoring itself (prepare + scores_for_weights) along each criterion's
    weight: inside the range the leader is first, outside it someone scores higher, and
    just outside an end the vendor named there is first."""
    doc, vendors = case
    doc = {**doc, "method": "weighted-sum"}
    with tempfile.TemporaryDirectory() as tmp:
        inputs = load_case(Path(tmp), doc, vendors)
    ranking = score_vendors(inputs, DATE)
    ranges = sens.weight_ranges(ranking)
    if not ranking.ranking:
        assert ranges is None
        return
    assert ranges is not None
    prepared = prepare(inputs)
    leader = ranking.ranking[0].id
    weights = dict(prepared.criterion_weights)
    for c, r in ranges.items():
        if weights[c] >= 1:
            assert (r.low, r.high) == (0.0, 1.0)
            continue
        for t in np.linspace(0, 1, 101):
            scores = _reweighted(prepared, weights, c, float(t))
            gap = max(scores.values()) - scores[leader]
            if r.low + 1e-9 <= t <= r.high - 1e-9:
                assert gap <= 1e-9, (c, t)
            elif t < r.low - 1e-9 or t > r.high + 1e-9:
                assert gap > 0, (c, t)
        for end, who, step in (
            (r.low, r.overtaken_by_below, -1e-7),
            (r.high, r.overtaken_by_above, 1e-7),
        ):
            if who is None:
                continue
            scores = _reweighted(prepared, weights, c, end + step)
            top = max(scores.values())
            assert who == min(v for v, s in scores.items() if s >= top - 1e-12), (c, end)
