"""The robustness analysis: Monte Carlo acceptability and the verdict (the exact
weight ranges are in test_weight_ranges.py)."""

from __future__ import annotations

import math
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorecard.analyse import sensitivity as sens
from scorecard.load.inputs import load_inputs
from scorecard.load.project import InputPaths
from scorecard.model.inputs import Inputs

# --------------------------------------------------------------------------- helpers

UNIT = {
    "mmlu": "percent",
    "gpqa": "percent",
    "humaneval_pass_at_1": "percent",
    "hallucination_rate": "percent",
    "ifeval_strict": "percent",
    "latency_ms": "ms",
    "price_input_usd_per_mtok": "usd_per_mtok",
    "throughput_tokens_per_s": "tokens_per_s",
    "context_window_tokens": "tokens",
}


def figure(
    value: float, stderr: float | None = None, evidence: str = "third-party"
) -> dict[str, Any]:
    fig: dict[str, Any] = {
        "value": value,
        "source": "test",
        "as_of": "2026-01",
        "evidence": evidence,
    }
    if stderr is not None:
        fig["stderr"] = stderr
    return fig


def write_inputs(
    root: Path, criteria: dict[str, Any], vendors: dict[str, dict[str, dict[str, Any]]]
) -> Inputs:
    """Write a criteria file and vendor files under ``root`` and load them for real."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "vendors").mkdir(exist_ok=True)
    doc = {"schema_version": 1, "title": "t", "buyer": "b", **criteria}
    (root / "criteria.toml").write_text(tomli_w.dumps(doc))
    for vid, metrics in vendors.items():
        vdoc = {
            "schema_version": 1,
            "vendor": f"Vendor {vid}",
            "model": f"Model {vid.upper()}",
            "metrics": {m: {"unit": UNIT[m], **fig} for m, fig in metrics.items()},
        }
        (root / "vendors" / f"{vid}.toml").write_text(tomli_w.dumps(vdoc))
    result = load_inputs(InputPaths((root / "vendors",), root / "criteria.toml"))
    assert result.inputs is not None, [str(f) for f in result.findings]
    return result.inputs


# --------------------------------------------------------------------------- Monte Carlo

CRITERIA_2: dict[str, Any] = {
    "criteria": {
        "quality": {
            "weight": 60,
            "metrics": {
                "mmlu": {"weight": 2, "best": 100, "worst": 50},
                "humaneval_pass_at_1": {"weight": 1, "best": 100, "worst": 0},
            },
        },
        "speed": {
            "weight": 40,
            "metrics": {"latency_ms": {"weight": 1, "best": 100, "worst": 2000, "scale": "log"}},
        },
    }
}


def _acceptability_sums(acc: sens.Acceptability) -> np.ndarray:
    return (acc.rank_counts.sum(axis=1) + acc.disqualified) / acc.draws


def test_shares_sum_to_one_and_seed_reproduces(tmp_path: Path) -> None:
    inputs = write_inputs(
        tmp_path,
        {
            **CRITERIA_2,
            "gates": [{"metric": "mmlu", "min": 70}],
        },
        {
            "a": {
                "mmlu": figure(72, 3),
                "humaneval_pass_at_1": figure(60),
                "latency_ms": figure(300, 50),
            },
            "b": {
                "mmlu": figure(80, 2),
                "humaneval_pass_at_1": figure(50, evidence="estimate"),
                "latency_ms": figure(600),
            },
            "c": {
                "mmlu": figure(75),
                "humaneval_pass_at_1": figure(70, 5),
                "latency_ms": figure(900, 100),
            },
        },
    )
    p = sens.build_problem(inputs)
    one = sens.simulate(p, 3000, seed=7)
    again = sens.simulate(p, 3000, seed=7)
    assert np.array_equal(one.rank_counts, again.rank_counts)
    assert np.array_equal(one.first_weight_sum, again.first_weight_sum)
    assert np.allclose(_acceptability_sums(one), 1.0, rtol=0, atol=1e-12)
    assert one.disqualified[0] > 0  # a's mmlu 72 +- 3 fails the gate at 70 in some draws


def test_other_seed_differs_within_sampling_error(tmp_path: Path) -> None:
    """Two seeds give different draws but rank shares within sampling error: with N draws a
    share's standard error is at most sqrt(0.25 / N), so two independent estimates differ by
    more than 5 x sqrt(2 x 0.25 / N) (0.056 at N = 4,000) with probability below 1e-6."""
    inputs = write_inputs(
        tmp_path,
        CRITERIA_2,
        {
            "a": {
                "mmlu": figure(85, 4),
                "humaneval_pass_at_1": figure(60),
                "latency_ms": figure(300),
            },
            "b": {
                "mmlu": figure(80, 4),
                "humaneval_pass_at_1": figure(70),
                "latency_ms": figure(250),
            },
            "c": {
                "mmlu": figure(90, 4),
                "humaneval_pass_at_1": figure(40),
                "latency_ms": figure(800),
            },
        },
    )
    p = sens.build_problem(inputs)
    n = 4000
    one = sens.simulate(p, n, seed=1).rank_counts / n
    two = sens.simulate(p, n, seed=2).rank_counts / n
    assert not np.array_equal(one, two)
    assert np.abs(one - two).max() <= 5 * math.sqrt(2 * 0.25 / n)


def test_chunking_keeps_every_draw(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = write_inputs(
        tmp_path,
        CRITERIA_2,
        {
            "a": {
                "mmlu": figure(85, 4),
                "humaneval_pass_at_1": figure(60),
                "latency_ms": figure(300),
            },
            "b": {
                "mmlu": figure(80, 4),
                "humaneval_pass_at_1": figure(70),
                "latency_ms": figure(250),
            },
        },
    )
    monkeypatch.setattr(sens, "CHUNK_VALUES", 30)  # 30 // (2 x 3) = 5 draws per chunk
    seen: list[tuple[int, int]] = []
    acc = sens.simulate(
        sens.build_problem(inputs), 23, seed=0, progress=lambda d, n: seen.append((d, n))
    )
    assert seen == [(5, 23), (10, 23), (15, 23), (20, 23), (23, 23)]
    assert acc.rank_counts[:, 0].sum() == 23
    assert (acc.rank_counts.sum(axis=1) == 23).all()


_pct = st.integers(55, 95)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(_pct, _pct, st.integers(150, 1900)), min_size=1, max_size=4),
    st.integers(1, 20),
    st.integers(1, 20),
    st.sampled_from(["worst", "neutral", "exclude"]),
    st.booleans(),
)
def test_dominated_vendor_is_never_first(
    others: list[tuple[int, int, int]], d_mmlu: int, d_lat: int, missing: str, relative: bool
) -> None:
    """A vendor worse than another on every metric, with no stderr, is first in no draw
    (values stay inside best/worst, so the dominating vendor's lead is strict)."""
    criteria: dict[str, Any] = {
        "missing": missing,
        "criteria": {
            "quality": {
                "weight": 3,
                "metrics": {
                    "mmlu": {"weight": 2} if relative else {"weight": 2, "best": 100, "worst": 50},
                    "humaneval_pass_at_1": {"weight": 1, "best": 100, "worst": 0},
                },
            },
            "speed": {
                "weight": 2,
                "metrics": {
                    "latency_ms": {"weight": 1, "best": 100, "worst": 2000, "scale": "log"}
                },
            },
        },
    }
    top = others[0]
    vendors = {
        f"v{i}": {"mmlu": figure(m), "humaneval_pass_at_1": figure(h), "latency_ms": figure(lat)}
        for i, (m, h, lat) in enumerate(others)
    }
    # "a-dominated" sorts before every "v..." id, so a tie would go its way: there must be none
    vendors["a-dominated"] = {
        "mmlu": figure(top[0] - d_mmlu * 0.2),
        "humaneval_pass_at_1": figure(top[1] - 1),
        "latency_ms": figure(top[2] + d_lat),
    }
    with tempfile.TemporaryDirectory() as tmp:
        inputs = write_inputs(Path(tmp), criteria, vendors)
    p = sens.build_problem(inputs)
    acc = sens.simulate(p, 500, seed=3, concentration=2.0)
    assert p.ids[0] == "a-dominated"
    assert acc.rank_counts[0, 0] == 0


def test_gates_are_reapplied_per_draw(tmp_path: Path) -> None:
    """A vendor exactly at a gate's bound with an estimate (10% stderr) fails it in about
    half the draws: 2,000 draws put the share within 0.5 +- 5 x sqrt(0.25 / 2000) = 0.056."""
    inputs = write_inputs(
        tmp_path,
        {**CRITERIA_2, "gates": [{"metric": "humaneval_pass_at_1", "min": 60}]},
        {
            "a": {
                "mmlu": figure(85),
                "humaneval_pass_at_1": figure(60, evidence="estimate"),
                "latency_ms": figure(300),
            },
            "b": {"mmlu": figure(80), "humaneval_pass_at_1": figure(70), "latency_ms": figure(250)},
        },
    )
    p = sens.build_problem(inputs)
    assert p.stderr[p.columns.index("humaneval_pass_at_1"), 0] == pytest.approx(6.0)
    acc = sens.simulate(p, 2000, seed=0)
    assert abs(acc.disqualified[0] / 2000 - 0.5) <= 0.056
    assert acc.disqualified[1] == 0


def test_values_are_clamped_to_the_valid_range(tmp_path: Path) -> None:
    inputs = write_inputs(
        tmp_path,
        CRITERIA_2,
        {
            "a": {
                "mmlu": figure(99, 30),
                "humaneval_pass_at_1": figure(1, 30),
                "latency_ms": figure(150, 1000),
            },
        },
    )
    p = sens.build_problem(inputs)
    _, values = sens.draw_batch(p, np.random.default_rng(0), 500, sens.DEFAULT_CONCENTRATION)
    mmlu, he, lat = (p.columns.index(m) for m in ("mmlu", "humaneval_pass_at_1", "latency_ms"))
    assert values[:, mmlu, 0].max() == 100.0 and values[:, he, 0].min() == 0.0
    assert values[:, lat, 0].min() > 0  # log scale: above 0, however large the stderr


def test_dirichlet_spread_matches_the_documented_formula(tmp_path: Path) -> None:
    """sd of a weight w under Dirichlet(kappa w) is sqrt(w (1 - w) / (kappa + 1)): 0.0880 for
    w = 0.6 at kappa = 30; 20,000 draws estimate it within a few per cent."""
    inputs = write_inputs(
        tmp_path,
        CRITERIA_2,
        {"a": {"mmlu": figure(85), "humaneval_pass_at_1": figure(60), "latency_ms": figure(300)}},
    )
    p = sens.build_problem(inputs)
    weights, _ = sens.draw_batch(p, np.random.default_rng(0), 20000, 30.0)
    expected = math.sqrt(0.6 * 0.4 / 31)
    assert weights[:, 0].std() == pytest.approx(expected, rel=0.03)
    assert weights[:, 0].mean() == pytest.approx(0.6, abs=0.003)


# --------------------------------------------------------------------------- verdict


def test_lead_smaller_than_uncertainty_is_not_robust(tmp_path: Path) -> None:
    """a leads b by 1 point of MMLU but each figure has a stderr of 3: a is first in about
    P(N(1, sqrt(18)) > 0) = 59% of draws, so it must not be called robust."""
    inputs = write_inputs(
        tmp_path,
        {
            "criteria": {
                "quality": {
                    "weight": 1,
                    "metrics": {"mmlu": {"weight": 1, "best": 100, "worst": 0}},
                }
            }
        },
        {"a": {"mmlu": figure(81, 3)}, "b": {"mmlu": figure(80, 3)}},
    )
    acc = sens.simulate(sens.build_problem(inputs), 4000, seed=0)
    share = acc.rank_counts[0, 0] / acc.draws
    assert 0.5 < share < 0.7
    assert sens.robustness_word(share) != "robust"


def test_robustness_thresholds() -> None:
    assert sens.robustness_word(sens.ROBUST_SHARE) == "robust"
    assert sens.robustness_word(sens.ROBUST_SHARE - 1e-9) == "uncertain"
    assert sens.robustness_word(sens.FRAGILE_SHARE) == "uncertain"
    assert sens.robustness_word(sens.FRAGILE_SHARE - 1e-9) == "fragile"


def test_verdict_names_the_nearest_range_end() -> None:
    ranges = sens.solve_weight_ranges(
        {"reliability": 0.5, "cost": 0.3, "steerability": 0.2},
        {
            "gpt": {"reliability": 0.8, "cost": 0.2, "steerability": 0.5},
            "opus": {"reliability": 0.4, "cost": 0.9, "steerability": 0.3},
            "other": {"reliability": 0.3, "cost": 0.5, "steerability": 1.0},
        },
        "gpt",
    )
    text = sens.write_verdict(
        "GPT-5.4", 0.87, ranges, {"opus": "Claude 3 Opus", "other": "Other"}, figures_vary=False
    )
    # ends: reliability 17/37 = 0.459 (0.041 away), cost 24/73 = 0.329 (0.029 away),
    # steerability 1/17 = 0.059 (0.141) and 2/7 = 0.286 (0.086): cost's upper end is nearest
    assert text == (
        "GPT-5.4 is first in 87% of plausible weightings; it stays first while cost's weight "
        "is between 0.00 and 0.33; Claude 3 Opus overtakes above 0.33. By the thresholds used "
        "here (robust: first in at least 80% of draws; fragile: under 50%), the recommendation "
        "is robust."
    )


def test_ties_within_a_draw_go_to_the_lower_vendor_id(tmp_path: Path) -> None:
    """Identical figures give identical scores in every draw: the lower id takes the
    better rank every time."""
    same = {"mmlu": figure(85), "humaneval_pass_at_1": figure(60), "latency_ms": figure(300)}
    inputs = write_inputs(tmp_path, CRITERIA_2, {"b-twin": same, "a-twin": same})
    acc = sens.simulate(sens.build_problem(inputs), 500, seed=0)
    assert acc.rank_counts.tolist() == [[500, 0], [0, 500]]


def test_rank_order_rounds_to_six_decimals_then_sorts_by_id() -> None:
    scores = np.array([[50.0000001, 50.0, 70.0, 90.0], [1.0, 2.0, 3.0, 4.0]])
    qualified = np.array([[True, True, True, False], [True, True, True, True]])
    order = sens.rank_order(scores, qualified)
    assert order.tolist() == [[2, 0, 1, 3], [3, 2, 1, 0]]


def test_topsis_engine_known_answer(tmp_path: Path) -> None:
    """Tzeng & Huang (2011), Multiple Attribute Decision Making: Methods and Applications,
    TOPSIS worked example: matrix [[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]], weights
    0.3/0.4/0.3, all benefit criteria -> closeness 0.5037, 0.6581, 0.7482, 0.3340.  With the
    buyer's weights held (concentration = inf) and no stderr, every draw reproduces it."""
    matrix = [[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]]
    metrics = ["mmlu", "gpqa", "ifeval_strict"]
    criteria = {
        "method": "topsis",
        "criteria": {
            f"c{j}": {"weight": w, "metrics": {m: {"weight": 1}}}
            for j, (m, w) in enumerate(zip(metrics, [3, 4, 3], strict=True))
        },
    }
    vendors = {
        f"a{i}": {m: figure(x) for m, x in zip(metrics, row, strict=True)}
        for i, row in enumerate(matrix)
    }
    p = sens.build_problem(write_inputs(tmp_path, criteria, vendors))
    weights, values = sens.draw_batch(p, np.random.default_rng(0), 3, math.inf)
    scores, qualified = sens.score_draws(p, weights, values)
    assert qualified.all()
    for row in scores:
        assert row / 100 == pytest.approx([0.5037, 0.6581, 0.7482, 0.3340], abs=5e-5)
    acc = sens.simulate(p, 50, seed=0, concentration=math.inf)
    assert acc.rank_counts[:, 0].tolist() == [0, 0, 50, 0]
