"""Property tests (hypothesis) on the scoring core, through real files."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorecard.load.inputs import load_inputs
from scorecard.load.project import InputPaths
from scorecard.model.inputs import Inputs
from scorecard.model.results import Ranking
from scorecard.score.ranking import score_vendors

DATE = dt.date(2026, 1, 15)
CUSTOM = {"q": "higher", "r": "higher", "lo": "lower"}
METRICS = ("q", "r", "lo")
SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

values = st.floats(min_value=0, max_value=10, allow_nan=False, allow_infinity=False)
weights = st.floats(min_value=0.01, max_value=100, allow_nan=False, allow_infinity=False)
vendor = st.fixed_dictionaries({}, optional={m: values for m in METRICS})
vendor_sets = st.dictionaries(
    st.sampled_from([f"v{i}" for i in range(6)]), vendor, min_size=1, max_size=6
)


def criteria(
    w: list[float], fixed: bool, missing: str = "worst", method: str = "weighted-sum"
) -> dict[str, Any]:
    def scale(best: float, worst: float) -> dict[str, float]:
        return {"best": best, "worst": worst} if fixed else {}

    return {
        "missing": missing,
        "method": method,
        "criteria": {
            "k1": {
                "weight": w[0],
                "metrics": {
                    "q": {"weight": w[1], **scale(10, 0)},
                    "r": {"weight": w[2], **scale(10, 0)},
                },
            },
            "k2": {"weight": w[3], "metrics": {"lo": {"weight": 1.0, **scale(0, 10)}}},
        },
    }


def run(make_case: Any, crit: dict[str, Any], vendors: dict[str, dict[str, float]],
        order: list[int] | None = None, method: str | None = None) -> Ranking:  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        root = make_case(Path(tmp), crit, vendors, custom=CUSTOM)
        files = sorted((root / "vendors").glob("*.toml"))
        if order is not None:  # every residue of range(6) occurs: a permutation of the files
            files = list(dict.fromkeys(files[i % len(files)] for i in order))
        result = load_inputs(InputPaths(tuple(files), root / "criteria.toml"))
        assert result.inputs is not None, [str(f) for f in result.findings]
        inputs: Inputs = result.inputs
        return score_vendors(inputs, DATE, method)


@SETTINGS
@given(
    vendor_sets,
    st.lists(weights, min_size=4, max_size=4),
    st.booleans(),
    st.sampled_from(["worst", "neutral", "exclude", "fail"]),
    st.sampled_from(["weighted-sum", "topsis"]),
)
def test_scores_within_bounds(
    make_case: Any, vendors: dict[str, dict[str, float]], w: list[float], fixed: bool,
    missing: str, method: str,
) -> None:  # fmt: skip
    if method == "topsis" and missing in ("neutral", "exclude"):
        missing = "worst"
    r = run(make_case, criteria(w, fixed, missing, method), vendors)
    for v in r.ranking:
        assert 0.0 <= v.score <= 100.0
        assert v.win_rate is None or 0.0 <= v.win_rate <= 1.0
    assert len(r.ranking) + len(r.disqualified) == len(vendors)


@SETTINGS
@given(
    vendor_sets,
    st.lists(weights, min_size=4, max_size=4),
    st.floats(min_value=0.01, max_value=100),
    st.booleans(),
    st.sampled_from(["weighted-sum", "topsis"]),
)
def test_scaling_all_weights_changes_nothing(
    make_case: Any, vendors: dict[str, dict[str, float]], w: list[float], k: float,
    fixed: bool, method: str,
) -> None:  # fmt: skip
    a = run(make_case, criteria(w, fixed, method=method), vendors)
    b = run(make_case, criteria([x * k for x in w], fixed, method=method), vendors)
    assert [(v.rank, v.id) for v in a.ranking] == [(v.rank, v.id) for v in b.ranking]
    for x, y in zip(a.ranking, b.ranking, strict=True):
        assert abs(x.score - y.score) <= 1e-9


@st.composite
def vendor_with_figure(draw: st.DrawFn) -> tuple[dict[str, dict[str, float]], str, str]:
    """Vendors, one of them, and a metric that vendor has a figure for (one is drawn
    when it has none), so every example tests an improvement."""
    vendors = draw(vendor_sets)
    vid = draw(st.sampled_from(sorted(vendors)))
    metric = draw(st.sampled_from(METRICS))
    if metric not in vendors[vid]:
        vendors = {**vendors, vid: {**vendors[vid], metric: draw(values)}}
    return vendors, vid, metric


@SETTINGS
@given(
    vendor_with_figure(),
    st.lists(weights, min_size=4, max_size=4),
    st.floats(min_value=0, max_value=10),
    st.sampled_from(["worst", "neutral", "exclude"]),
)
def test_improving_a_metric_never_hurts(
    make_case: Any, case: tuple[dict[str, dict[str, float]], str, str], w: list[float],
    delta: float, missing: str,
) -> None:  # fmt: skip
    """Improving a figure a vendor has never lowers its score or its rank (adding a
    figure it lacks can, under `exclude`: only improvements count)."""
    vendors, vid, metric = case
    before = run(make_case, criteria(w, True, missing), vendors)
    old = vendors[vid][metric]
    better = old + delta if CUSTOM[metric] == "higher" else old - delta
    improved = {**vendors, vid: {**vendors[vid], metric: min(10.0, max(0.0, better))}}
    after = run(make_case, criteria(w, True, missing), improved)
    b = next(v for v in before.ranking if v.id == vid)
    a = next(v for v in after.ranking if v.id == vid)
    assert a.score >= b.score - 1e-12
    assert a.rank <= b.rank


@SETTINGS
@given(
    vendor_sets,
    st.lists(weights, min_size=4, max_size=4),
    st.booleans(),
    st.permutations(list(range(6))),
    st.sampled_from(["weighted-sum", "topsis"]),
)
def test_permuting_files_changes_nothing(
    make_case: Any, vendors: dict[str, dict[str, float]], w: list[float], fixed: bool,
    order: list[int], method: str,
) -> None:  # fmt: skip
    a = run(make_case, criteria(w, fixed, method=method), vendors)
    b = run(make_case, criteria(w, fixed, method=method), vendors, order=order)
    assert a.to_json() == b.to_json()


@SETTINGS
@given(
    vendor_sets,
    vendor,
    st.lists(weights, min_size=4, max_size=4),
    st.sampled_from(["worst", "neutral", "exclude"]),
)
def test_adding_a_vendor_keeps_other_scores_with_fixed_scales(
    make_case: Any, vendors: dict[str, dict[str, float]], extra: dict[str, float],
    w: list[float], missing: str,
) -> None:  # fmt: skip
    a = run(make_case, criteria(w, True, missing), vendors)
    b = run(make_case, criteria(w, True, missing), {**vendors, "zz-new": extra})
    before = {v.id: v.score for v in a.ranking}
    after = {v.id: v.score for v in b.ranking}
    assert {k: after[k] for k in before} == before
