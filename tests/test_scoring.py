"""The scoring engine's rules, one at a time: value functions, weights, gates, missing
policies, ties, TOPSIS edge cases, evidence warnings, recommendation text."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pytest

from scorecard.load.inputs import load_inputs
from scorecard.load.project import InputPaths
from scorecard.model.errors import InvalidInputError
from scorecard.model.inputs import Inputs
from scorecard.model.results import Ranking
from scorecard.score.kernel import normalise, topsis_closeness, value_score
from scorecard.score.ranking import prepare, score_vendors, scores_for_weights
from scorecard.score.ranks import competition_ranks

DATE = dt.date(2026, 1, 15)
CUSTOM = {"q": "higher", "r": "higher", "lo": "lower"}
FIXED = {"best": 10, "worst": 0}


def load(root: Path) -> Inputs:
    result = load_inputs(InputPaths((root / "vendors",), root / "criteria.toml"))
    assert result.inputs is not None, [str(f) for f in result.findings]
    return result.inputs


def rank(
    make_case: Any,
    root: Path,
    criteria: dict[str, Any],
    vendors: dict[str, dict[str, float]],
    method: str | None = None,
    **kw: Any,
) -> Ranking:
    make_case(root, criteria, vendors, custom=CUSTOM, **kw)
    return score_vendors(load(root), DATE, method)


def two_criteria(**extra: Any) -> dict[str, Any]:
    return {
        **extra,
        "criteria": {
            "k1": {
                "weight": 3,
                "metrics": {"q": {"weight": 1, **FIXED}, "r": {"weight": 1, **FIXED}},
            },
            "k2": {"weight": 1, "metrics": {"lo": {"weight": 1, "best": 0, "worst": 10}}},
        },
    }


# --------------------------------------------------------------------------- pure helpers


def test_value_score_linear_both_directions_and_clamped() -> None:
    assert value_score(5, best=10, worst=0) == 0.5
    assert value_score(2, best=0, worst=10) == 0.8
    assert value_score(12, best=10, worst=0) == 1.0
    assert value_score(-1, best=10, worst=0) == 0.0
    assert value_score(7, best=7, worst=7) == 1.0


def test_value_score_log() -> None:
    assert value_score(10, best=100, worst=1, scale="log") == pytest.approx(0.5)
    assert value_score(10, best=1, worst=100, scale="log") == pytest.approx(0.5)


def test_normalise() -> None:
    assert normalise([3, 1]) == [0.75, 0.25]
    with pytest.raises(ValueError):
        normalise([0, 0])


def test_competition_ranks_round_to_six_decimals_ties_by_id() -> None:
    ranks = competition_ranks({"z": 50.0, "a": 50.0000000004, "m": 70.0, "b": 10.0})
    assert ranks == [(1, "m"), (2, "a"), (2, "z"), (4, "b")]
    assert competition_ranks({"x": 1.0000004, "y": 1.0000006}) == [(1, "y"), (2, "x")]


def test_topsis_one_row_and_identical_rows_score_one() -> None:
    assert topsis_closeness([[3.0, 4.0]], [0.5, 0.5], [True, False]) == [1.0]
    assert topsis_closeness([[1.0, 2.0], [1.0, 2.0]], [0.5, 0.5], [True, True]) == [1.0, 1.0]


def test_topsis_all_zero_column_is_zero_not_nan() -> None:
    c = topsis_closeness([[0.0, 1.0], [0.0, 3.0]], [0.5, 0.5], [True, True])
    assert c == [0.0, 1.0]


# --------------------------------------------------------------------------- weighted sum


def test_weighted_sum_arithmetic_and_breakdown(make_case: Any, tmp_path: Path) -> None:
    """Hand-computed: W = 0.75/0.25; a = 0.75 x (0.5 x 0.8 + 0.5 x 0.4) + 0.25 x 0.7."""
    r = rank(make_case, tmp_path, two_criteria(), {"a": {"q": 8, "r": 4, "lo": 3}})
    v = r.ranking[0]
    assert v.score == pytest.approx(100 * (0.75 * 0.6 + 0.25 * 0.7))
    assert v.criteria["k1"].points == pytest.approx(45.0)
    assert v.criteria["k2"].points == pytest.approx(17.5)
    assert v.metrics["q"].weight == pytest.approx(0.375)
    assert v.metrics["q"].points == pytest.approx(30.0)
    assert math.fsum(m.points for m in v.metrics.values()) == pytest.approx(v.score)
    assert [c.weight for c in r.criteria] == [0.75, 0.25]


def test_relative_scaling_uses_qualified_vendors_and_warns(make_case: Any, tmp_path: Path) -> None:
    crit = {
        "criteria": {"k": {"weight": 1, "metrics": {"q": {"weight": 1}}}},
        "gates": [{"metric": "r", "min": 1}],
    }
    vendors = {"a": {"q": 2, "r": 1}, "b": {"q": 4, "r": 1}, "c": {"q": 100, "r": 0}}
    r = rank(make_case, tmp_path, crit, vendors)
    assert {v.id: v.score for v in r.ranking} == {"a": 0.0, "b": 100.0}
    vf = r.criteria[0].metrics[0]
    assert (vf.best, vf.worst, vf.relative) == (4.0, 2.0, True)
    assert "relative-scaling" in {w.code for w in r.warnings}


def test_relative_scaling_all_equal_scores_one(make_case: Any, tmp_path: Path) -> None:
    crit = {"criteria": {"k": {"weight": 1, "metrics": {"q": {"weight": 1}}}}}
    r = rank(make_case, tmp_path, crit, {"a": {"q": 5}, "b": {"q": 5}})
    assert [(v.rank, v.score) for v in r.ranking] == [(1, 100.0), (1, 100.0)]
    assert r.recommendation.startswith("Tie for first place: A model a (a) and B model b (b)")


# --------------------------------------------------------------------------- gates


def test_gate_reason_format_and_inclusive_bounds(make_case: Any, tmp_path: Path) -> None:
    crit = {
        "criteria": {"k": {"weight": 1, "metrics": {"q": {"weight": 1, **FIXED}}}},
        "gates": [
            {"metric": "hallucination_rate", "max": 15, "reason": "contract clause 4.2"},
        ],
    }
    make_case(
        tmp_path,
        crit,
        {
            "bad": {"q": 1, "hallucination_rate": 16.3},
            "edge": {"q": 1, "hallucination_rate": 15.000000000001},
            "none": {"q": 1},
        },
        custom=CUSTOM,
    )
    r = score_vendors(load(tmp_path), DATE)
    assert [v.id for v in r.ranking] == ["edge"]
    reasons = {d.id: d.reasons for d in r.disqualified}
    assert reasons["bad"] == [
        "hallucination_rate 16.3 percent > max 15 percent (contract clause 4.2)"
    ]
    assert reasons["none"] == [
        "hallucination_rate missing; the gate requires max 15 percent (contract clause 4.2)"
    ]


def test_gate_unit_converts_bounds(make_case: Any, tmp_path: Path) -> None:
    crit = {
        "criteria": {"k": {"weight": 1, "metrics": {"q": {"weight": 1, **FIXED}}}},
        "gates": [{"metric": "latency_ms", "max": 0.5, "unit": "s"}],
    }
    vendors = {"a": {"q": 1, "latency_ms": 500}, "b": {"q": 1, "latency_ms": 501}}
    r = rank(make_case, tmp_path, crit, vendors)
    assert [v.id for v in r.ranking] == ["a"]
    assert r.disqualified[0].reasons == ["latency_ms 501 ms > max 500 ms"]


def test_every_vendor_disqualified(make_case: Any, tmp_path: Path) -> None:
    crit = {
        "criteria": {"k": {"weight": 1, "metrics": {"q": {"weight": 1}}}},
        "gates": [{"metric": "q", "min": 50}],
    }
    r = rank(make_case, tmp_path, crit, {"a": {"q": 1}, "b": {"q": 2}})
    assert r.ranking == []
    assert [d.id for d in r.disqualified] == ["a", "b"]
    assert r.recommendation.startswith("No vendor qualifies")


# --------------------------------------------------------------------------- missing data

MISSING_VENDORS = {"full": {"q": 10, "r": 10, "lo": 0}, "gap": {"q": 6, "lo": 5}}


@pytest.mark.parametrize(
    ("policy", "k1_score"),
    [("worst", 0.5 * 0.6), ("neutral", 0.5 * 0.6 + 0.5 * 0.5), ("exclude", 0.6)],
)
def test_missing_policies(make_case: Any, tmp_path: Path, policy: str, k1_score: float) -> None:
    r = rank(make_case, tmp_path, two_criteria(missing=policy), MISSING_VENDORS)
    gap = next(v for v in r.ranking if v.id == "gap")
    assert gap.criteria["k1"].score == pytest.approx(k1_score)
    assert gap.metrics["r"].missing
    assert gap.metrics["r"].policy == policy
    assert gap.score == pytest.approx(100 * (0.75 * k1_score + 0.25 * 0.5))


def test_exclude_reshares_weight_and_warns(make_case: Any, tmp_path: Path) -> None:
    r = rank(make_case, tmp_path, two_criteria(missing="exclude"), MISSING_VENDORS)
    gap = next(v for v in r.ranking if v.id == "gap")
    assert gap.metrics["q"].weight == pytest.approx(0.75)
    assert gap.metrics["r"].weight == 0.0
    assert gap.metrics["r"].score is None
    assert "exclude-policy" in {w.code for w in r.warnings}


def test_exclude_empty_criterion_scores_zero_keeping_linearity(
    make_case: Any, tmp_path: Path
) -> None:
    """With no metric of a criterion, the criterion scores 0 (not re-shared across
    criteria), so the total stays linear in the criterion weights."""
    vendors = {"a": {"lo": 5}, "b": {"q": 10, "r": 10, "lo": 5}}
    make_case(tmp_path, two_criteria(missing="exclude"), vendors, custom=CUSTOM)
    inputs = load(tmp_path)
    r = score_vendors(inputs, DATE)
    a = next(v for v in r.ranking if v.id == "a")
    assert a.criteria["k1"].score == 0.0
    assert a.score == pytest.approx(25 * 0.5)
    codes = [(w.code, w.vendor) for w in r.warnings]
    assert ("excluded-criterion-empty", "a") in codes
    prepared = prepare(inputs)
    for w in ({"k1": 0.2, "k2": 0.8}, {"k1": 0.9, "k2": 0.1}):
        got = scores_for_weights(prepared, w)
        assert got["a"] == pytest.approx(100 * (w["k1"] * 0.0 + w["k2"] * 0.5))


def test_fail_disqualifies_with_reason(make_case: Any, tmp_path: Path) -> None:
    r = rank(make_case, tmp_path, two_criteria(missing="fail"), MISSING_VENDORS)
    assert [v.id for v in r.ranking] == ["full"]
    assert r.disqualified[0].reasons == ["missing r"]


def test_metric_nobody_has_is_missing_for_all(make_case: Any, tmp_path: Path) -> None:
    crit = {
        "criteria": {
            "k1": {"weight": 1, "metrics": {"q": {"weight": 1, **FIXED}}},
            "k2": {"weight": 1, "metrics": {"r": {"weight": 1}}},
        }
    }
    r = rank(make_case, tmp_path, crit, {"a": {"q": 5}, "b": {"q": 10}})
    codes = {w.code for w in r.warnings}
    assert {"metric-no-data", "criterion-no-data"} <= codes
    assert {v.id: v.score for v in r.ranking} == {"a": 25.0, "b": 50.0}


# --------------------------------------------------------------------------- TOPSIS


@pytest.mark.parametrize("policy", ["neutral", "exclude"])
def test_topsis_refuses_neutral_and_exclude(make_case: Any, tmp_path: Path, policy: str) -> None:
    make_case(tmp_path, two_criteria(missing=policy), MISSING_VENDORS, custom=CUSTOM)
    inputs = load(tmp_path)
    with pytest.raises(InvalidInputError) as exc:
        score_vendors(inputs, DATE, "topsis")
    (finding,) = exc.value.findings
    assert finding.code == "missing-policy-topsis"
    assert finding.field == "missing"
    line = inputs.criteria_source.text.splitlines()[(finding.line or 0) - 1]
    assert line.startswith("missing =")


def test_topsis_worst_substitutes_worst_observed(make_case: Any, tmp_path: Path) -> None:
    crit = two_criteria(method="topsis")
    vendors = {
        "a": {"q": 1, "r": 4, "lo": 2},
        "b": {"q": 3, "r": 2, "lo": 6},
        "c": {"q": 2, "lo": 4},
    }
    r = rank(make_case, tmp_path, crit, vendors)
    w = [0.375, 0.375, 0.25]
    expected = topsis_closeness([[1, 4, 2], [3, 2, 6], [2, 2, 4]], w, [True, True, False])
    assert {v.id: v.score for v in r.ranking} == pytest.approx(
        {"a": 100 * expected[0], "b": 100 * expected[1], "c": 100 * expected[2]}
    )
    assert r.method == "topsis"
    assert any("not used by TOPSIS" in n for n in r.notes)


def test_topsis_leaves_out_metric_without_data(make_case: Any, tmp_path: Path) -> None:
    r = rank(
        make_case,
        tmp_path,
        two_criteria(method="topsis"),
        {"a": {"q": 1, "lo": 2}, "b": {"q": 2, "lo": 1}},
    )
    assert "topsis-metric-left-out" in {w.code for w in r.warnings}
    assert [v.id for v in r.ranking] == ["b", "a"]


# --------------------------------------------------------------------------- evidence warnings


def test_stale_and_future_figures(make_case: Any, tmp_path: Path) -> None:
    make_case(
        tmp_path, two_criteria(max_age_days=10), {"a": {"q": 1, "r": 1, "lo": 1}}, custom=CUSTOM
    )
    inputs = load(tmp_path)
    stale = score_vendors(inputs, dt.date(2026, 1, 12))
    assert {w.code for w in stale.warnings} >= {"stale-figure"}
    fresh = score_vendors(inputs, dt.date(2026, 1, 11))
    assert "stale-figure" not in {w.code for w in fresh.warnings}
    future = score_vendors(inputs, dt.date(2025, 12, 31))
    assert "future-figure" in {w.code for w in future.warnings}


def test_weak_evidence_and_method_differs(make_case: Any, tmp_path: Path) -> None:
    make_case(
        tmp_path,
        two_criteria(),
        {"a": {"q": 1, "r": 1, "lo": 1}},
        custom=CUSTOM,
        evidence="vendor-claim",
    )
    other = (
        (tmp_path / "vendors" / "a.toml")
        .read_text()
        .replace('method = "fixture"', 'method = "other"', 1)
    )
    (tmp_path / "vendors" / "b.toml").write_text(other)
    r = score_vendors(load(tmp_path), DATE)
    codes = [(w.code, w.vendor, w.metric) for w in r.warnings]
    assert ("vendor-claim-evidence", "a", "q") in codes
    assert ("method-differs", None, "q") in codes
    assert ("method-differs", None, "r") not in codes


def test_result_is_independent_of_vendor_order(make_case: Any, tmp_path: Path) -> None:
    make_case(
        tmp_path,
        two_criteria(),
        {"b": {"q": 1, "r": 3, "lo": 1}, "a": {"q": 3, "r": 1, "lo": 1}},
        custom=CUSTOM,
    )
    files = sorted((tmp_path / "vendors").glob("*.toml"))
    one = load_inputs(InputPaths(tuple(files), tmp_path / "criteria.toml")).inputs
    two = load_inputs(InputPaths(tuple(reversed(files)), tmp_path / "criteria.toml")).inputs
    assert one is not None and two is not None
    assert score_vendors(one, DATE).to_json() == score_vendors(two, DATE).to_json()


# --------------------------------------------------------------------------- reuse by the robustness analysis


@pytest.mark.parametrize("method", ["weighted-sum", "topsis"])
def test_prepare_rescoring_matches_score_vendors(
    make_case: Any, tmp_path: Path, method: str
) -> None:
    vendors = {
        "a": {"q": 1, "r": 9, "lo": 2},
        "b": {"q": 7, "r": 2, "lo": 6},
        "c": {"q": 4, "lo": 4},
    }
    make_case(tmp_path, two_criteria(method=method), vendors, custom=CUSTOM)
    inputs = load(tmp_path)
    prepared = prepare(inputs)
    ranking = score_vendors(inputs, DATE)
    assert scores_for_weights(prepared, prepared.criterion_weights) == {
        v.id: v.score for v in ranking.ranking
    }
    if method == "weighted-sum":  # total = 100 x sum_c W_c s_c, for any weights
        for v in ranking.ranking:
            s = prepared.criterion_scores[v.id]
            assert v.score == pytest.approx(100 * (0.75 * s["k1"] + 0.25 * s["k2"]))
        other = scores_for_weights(prepared, {"k1": 0.1, "k2": 0.9})
        assert other["b"] == pytest.approx(
            100
            * (
                0.1 * prepared.criterion_scores["b"]["k1"]
                + 0.9 * prepared.criterion_scores["b"]["k2"]
            )
        )
    else:
        assert len(prepared.topsis_matrix) == 3
        assert [rm.metric for rm in prepared.topsis_metrics] == ["q", "r", "lo"]


def test_perfect_vendor_scores_exactly_100(make_case: Any, tmp_path: Path) -> None:
    """Weights 0.1/3/1 normalise to fractions summing to 1 + 1 ulp; the score is still
    within [0, 100]."""
    crit = {
        "criteria": {
            f"k{i}": {"weight": w, "metrics": {m: {"weight": 1, "best": 10, "worst": 0}}}
            for i, (w, m) in enumerate(zip((0.1, 3.0, 1.0), ("q", "r", "lo"), strict=True))
        }
    }
    custom = {"q": "higher", "r": "higher", "lo": "higher"}
    make_case(tmp_path, crit, {"a": {"q": 10, "r": 10, "lo": 10}}, custom=custom)
    assert score_vendors(load(tmp_path), DATE).ranking[0].score == 100.0
