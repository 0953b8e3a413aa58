"""Known-answer tests: published worked examples, each run through the functions and
through real vendor files + criteria file -> `scorecard rank --format json`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from scorecard.cli import app
from scorecard.score.kernel import topsis_closeness
from scorecard.score.ranks import mean_win_rates

CASES = Path(__file__).resolve().parent / "cases" / "rank"

TZENG_HUANG = [[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]]
TZENG_HUANG_C = [0.5037, 0.6581, 0.7482, 0.3340]

ERSOY = [
    [256, 8, 41, 1.6, 1.77, 7347.16],
    [256, 8, 32, 1.0, 1.8, 6919.99],
    [256, 8, 53, 1.6, 1.9, 8400],
    [256, 8, 41, 1.0, 1.75, 6808.9],
    [512, 8, 35, 1.6, 1.7, 8479.99],
    [256, 4, 35, 1.6, 1.7, 7499.99],
]
ERSOY_W = [0.405, 0.221, 0.134, 0.199, 0.007, 0.034]
ERSOY_HIGHER = [True, True, True, True, False, False]
ERSOY_C = [0.308, 0.254, 0.327, 0.263, 0.857, 0.192]


def rank_json(runner: CliRunner, case: str, *extra: str) -> dict[str, Any]:
    root = CASES / case
    result = runner.invoke(
        app,
        [
            "rank",
            "--vendors",
            str(root / "vendors"),
            "--criteria",
            str(root / "criteria.toml"),
            "--format",
            "json",
            "--date",
            "2026-01-15",
            *extra,
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def by_id(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {v["id"]: v for v in data["ranking"]}


def test_topsis_tzeng_huang_function() -> None:
    """Tzeng, G.-H. & Huang, J.-J. (2011), Multiple Attribute Decision Making: Methods and
    Applications, CRC Press, TOPSIS worked example: closeness 0.5037, 0.6581, 0.7482, 0.3340."""
    c = topsis_closeness(TZENG_HUANG, [0.3, 0.4, 0.3], [True, True, True])
    assert [round(x, 4) for x in c] == TZENG_HUANG_C


def test_topsis_tzeng_huang_files(runner: CliRunner) -> None:
    """Tzeng & Huang (2011) TOPSIS example through vendor files and `rank --format json`:
    one criterion per attribute with weights 0.3/0.4/0.3; score = 100 x closeness."""
    data = rank_json(runner, "tzeng-huang-topsis")
    assert data["method"] == "topsis"
    scores = by_id(data)
    for i, expected in enumerate(TZENG_HUANG_C, 1):
        assert round(scores[f"a{i}"]["score"] / 100, 4) == expected
    assert [v["id"] for v in data["ranking"]] == ["a3", "a2", "a1", "a4"]
    assert [v["rank"] for v in data["ranking"]] == [1, 2, 3, 4]


def test_topsis_ersoy_cost_criteria_function() -> None:
    """Ersoy, Y. (2021), Equipment selection for an e-commerce company using entropy-based
    TOPSIS, EDAS and CODAS methods during the COVID-19, LogForum 17(3), as used in
    pyrepo-mcda's TOPSIS test (two cost criteria): closeness 0.308, 0.254, 0.327, 0.263,
    0.857, 0.192, compared at 2 decimals as pyrepo-mcda does (the paper rounds its
    intermediate values)."""
    c = topsis_closeness(ERSOY, ERSOY_W, ERSOY_HIGHER)
    assert [round(x, 2) for x in c] == [round(x, 2) for x in ERSOY_C]
    assert c == pytest.approx(ERSOY_C, abs=1.5e-3)


def test_topsis_ersoy_files(runner: CliRunner) -> None:
    """Ersoy (2021) via pyrepo-mcda, through vendor files with two lower-is-better
    custom metrics and `rank --format json`."""
    data = rank_json(runner, "ersoy-topsis")
    scores = by_id(data)
    for i, expected in enumerate(ERSOY_C, 1):
        assert scores[f"a{i}"]["score"] / 100 == pytest.approx(expected, abs=1.5e-3)
    assert [v["id"] for v in data["ranking"]] == ["a5", "a3", "a1", "a4", "a2", "a6"]


def test_saw_as_linear_value_function_hand_derived(
    runner: CliRunner, tmp_path: Path, make_case
) -> None:  # type: ignore[no-untyped-def]
    """Simple additive weighting with x/max normalisation, expressed as linear value
    functions with worst = 0 and best = the column maximum.  Hand-derived (the Rizan et
    al. 2020 worked example could not be found to cite, so no numbers are taken from it):
    columns max 80, 50, 4; weights 0.5/0.3/0.2;
    a: 0.5*80/80 + 0.3*25/50 + 0.2*1/4 = 0.70; b: 0.5*40/80 + 0.3*50/50 + 0.2*4/4 = 0.75;
    c: 0.5*60/80 + 0.3*40/50 + 0.2*2/4 = 0.715."""
    custom = {"q": "higher", "r": "higher", "s": "higher"}
    crit = {
        "criteria": {
            "k": {
                "weight": 1,
                "metrics": {
                    "q": {"weight": 0.5, "best": 80, "worst": 0},
                    "r": {"weight": 0.3, "best": 50, "worst": 0},
                    "s": {"weight": 0.2, "best": 4, "worst": 0},
                },
            }
        }
    }
    vendors = {
        "a": {"q": 80, "r": 25, "s": 1},
        "b": {"q": 40, "r": 50, "s": 4},
        "c": {"q": 60, "r": 40, "s": 2},
    }
    root = make_case(tmp_path / "saw", crit, vendors, custom=custom)
    result = runner.invoke(
        app,
        [
            "rank",
            "--vendors",
            str(root / "vendors"),
            "--criteria",
            str(root / "criteria.toml"),
            "--format",
            "json",
            "--date",
            "2026-01-15",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    scores = {v["id"]: v["score"] for v in json.loads(result.stdout)["ranking"]}
    assert scores == pytest.approx({"a": 70.0, "b": 75.0, "c": 71.5}, abs=1e-9)


def test_helm_win_rate_function_no_missing() -> None:
    """HELM mean win rate (Liang et al. 2022, "Holistic Evaluation of Language Models"),
    derived by hand from its definition: per column, the share of the other models a
    model beats, ties counting 1/2, averaged over columns.
    m1 = 3, 2, 1 -> 1, 0.5, 0; m2 = 1, 3, 3 -> 0, 0.75, 0.75; means 0.5, 0.625, 0.375."""
    rates = mean_win_rates(
        [({"a": 3, "b": 2, "c": 1}, True), ({"a": 1, "b": 3, "c": 3}, True)], ["a", "b", "c"]
    )
    assert rates == {"a": 0.5, "b": 0.625, "c": 0.375}


def test_helm_win_rate_function_missing_cells() -> None:
    """HELM mean win rate with missing cells, derived by hand from HELM's definition
    (only models with a value count; a column with fewer than two values is skipped; a
    model with no value anywhere has no win rate): m1 = a 3, b 1 -> 1, 0; m2 = a 1, b 2,
    c 3 -> 0, 0.5, 1; m3 = c only -> skipped.  Means a 0.5, b 0.25, c 1, d None."""
    rates = mean_win_rates(
        [({"a": 3, "b": 1}, True), ({"a": 1, "b": 2, "c": 3}, True), ({"c": 5}, True)],
        ["a", "b", "c", "d"],
    )
    assert rates == {"a": 0.5, "b": 0.25, "c": 1.0, "d": None}


def test_helm_win_rate_lower_is_better() -> None:
    """Hand-derived: on a lower-is-better column the smallest value wins every comparison."""
    rates = mean_win_rates([({"a": 10, "b": 20, "c": 30}, False)], ["a", "b", "c"])
    assert rates == {"a": 1.0, "b": 0.5, "c": 0.0}


def test_helm_win_rate_files(runner: CliRunner) -> None:
    """The HELM no-missing example (hand-derived from HELM's definition) through files:
    win rates 0.5, 0.625, 0.375; scores 20, 25, 20 on fixed 0-10 scales, so a and c tie
    for rank 2 (competition ranking 1, 2, 2), listed by id."""
    data = rank_json(runner, "helm-win-rate")
    assert [(v["rank"], v["id"], v["win_rate"]) for v in data["ranking"]] == [
        (1, "b", 0.625),
        (2, "a", 0.5),
        (2, "c", 0.375),
    ]
    assert [v["score"] for v in data["ranking"]] == pytest.approx([25.0, 20.0, 20.0])


def test_helm_win_rate_missing_files(runner: CliRunner) -> None:
    """The HELM missing-cells example (hand-derived from HELM's definition) through files:
    win rates a 0.5, b 0.25, c 1.0, d null."""
    data = rank_json(runner, "helm-win-rate-missing")
    rates = {v["id"]: v["win_rate"] for v in data["ranking"]}
    assert rates == {"a": 0.5, "b": 0.25, "c": 1.0, "d": None}
