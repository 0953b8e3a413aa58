"""`scorecard rank --sensitivity`, analyse_sensitivity on scored rankings, and the views
the table and the report use."""

from __future__ import annotations

import datetime as dt
import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from typer.testing import CliRunner

from scorecard.analyse import sensitivity as sens
from scorecard.cli import app
from scorecard.load.inputs import load_inputs
from scorecard.load.project import InputPaths
from scorecard.model.inputs import Inputs
from scorecard.report.sensitivity_text import acceptability_rows, format_sensitivity_text
from scorecard.score.ranking import score_vendors

DATE = dt.date(2026, 6, 1)


def _bundled_inputs(root: Path) -> Inputs:
    result = load_inputs(InputPaths((root / "vendors",), root / "criteria.toml"))
    assert result.inputs is not None
    return result.inputs


def _write(root: Path, criteria: dict[str, Any], vendors: dict[str, dict[str, Any]]) -> Inputs:
    (root / "vendors").mkdir(parents=True)
    doc = {"schema_version": 1, "title": "t", "buyer": "b", **criteria}
    (root / "criteria.toml").write_text(tomli_w.dumps(doc))
    for vid, metrics in vendors.items():
        figs = {
            m: {
                "unit": "percent",
                "source": "s",
                "as_of": "2026-01",
                "evidence": "third-party",
                **f,
            }
            for m, f in metrics.items()
        }
        vdoc = {"schema_version": 1, "vendor": vid, "model": vid.upper(), "metrics": figs}
        (root / "vendors" / f"{vid}.toml").write_text(tomli_w.dumps(vdoc))
    return _bundled_inputs(root)


def test_json_without_the_flag_is_unchanged(runner: CliRunner, bundled_copy: Path, in_dir) -> None:  # type: ignore[no-untyped-def]
    in_dir(bundled_copy)
    result = runner.invoke(
        app, ["rank", "--format", "json", "--date", "2026-06-01"], catch_exceptions=False
    )
    assert result.exit_code == 0
    assert "sensitivity" not in json.loads(result.stdout)
    assert result.stdout == score_vendors(_bundled_inputs(bundled_copy), DATE).to_json()


def test_json_sensitivity_equals_the_library_result(
    runner: CliRunner, bundled_copy: Path, in_dir
) -> None:  # type: ignore[no-untyped-def]
    in_dir(bundled_copy)
    args = ["rank", "--format", "json", "--date", "2026-06-01", "--sensitivity"]
    args += ["--draws", "800", "--seed", "5", "--concentration", "50"]
    result = runner.invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # no progress bar when stderr is not a terminal
    got = json.loads(result.stdout)["sensitivity"]
    inputs = _bundled_inputs(bundled_copy)
    ranking = score_vendors(inputs, DATE)
    expected = sens.analyse_sensitivity(inputs, ranking, draws=800, seed=5, concentration=50.0)
    assert got == json.loads(expected.model_dump_json())
    assert (got["draws"], got["seed"], got["concentration"]) == (800, 5, 50.0)
    assert set(got["weight_ranges"]) == {"reliability", "cost", "steerability"}
    for r in got["weight_ranges"].values():
        assert {"low", "high", "overtaken_by_below", "overtaken_by_above"} <= set(r)
    for vid, shares in got["acceptability"].items():
        assert math.fsum(shares) + got["disqualified_share"][vid] == pytest.approx(1.0)


def test_table_gains_a_robustness_section(runner: CliRunner, bundled_copy: Path, in_dir) -> None:  # type: ignore[no-untyped-def]
    in_dir(bundled_copy)
    args = ["rank", "--date", "2026-06-01", "--sensitivity", "--draws", "1000"]
    result = runner.invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "Robustness (1,000 draws, seed 0, concentration 30)" in lines
    verdict = next(line for line in lines if line.startswith("GPT-5.4 is first in "))
    assert "Claude 3 Opus overtakes" in verdict
    plain = runner.invoke(app, ["rank", "--date", "2026-06-01"], catch_exceptions=False)
    assert result.stdout.startswith(plain.stdout)


@pytest.mark.parametrize(
    ("option", "value"), [("--concentration", "0"), ("--concentration", "nan"), ("--draws", "0")]
)
def test_bad_robustness_options_are_usage_errors(
    runner: CliRunner, bundled_copy: Path, in_dir, option: str, value: str
) -> None:  # type: ignore[no-untyped-def]
    in_dir(bundled_copy)
    result = runner.invoke(app, ["rank", "--sensitivity", option, value])
    assert result.exit_code == 2
    assert option in result.stderr


@pytest.mark.slow
def test_plain_rank_does_not_import_numpy(bundled_copy: Path) -> None:
    code = (
        "import sys; from typer.testing import CliRunner; from scorecard.cli import app; "
        "r = CliRunner().invoke(app, sys.argv[1:]); assert r.exit_code == 0, r.output; "
        "print('numpy' in sys.modules)"
    )
    for extra, imported in (([], "False"), (["--sensitivity", "--draws", "10"], "True")):
        out = subprocess.run(
            [sys.executable, "-c", code, "rank", "--format", "json", *extra],
            cwd=bundled_copy,
            capture_output=True,
            text=True,
            check=True,
        )
        assert out.stdout.strip() == imported


def test_topsis_has_no_weight_ranges_and_says_why(bundled_copy: Path) -> None:
    inputs = _bundled_inputs(bundled_copy)
    ranking = score_vendors(inputs, DATE, "topsis")
    result = sens.analyse_sensitivity(inputs, ranking, draws=300)
    assert result.weight_ranges is None
    assert "TOPSIS scores are not linear in the weights" in result.verdict
    assert any("TOPSIS" in n for n in result.notes)
    assert math.fsum(result.first_probability.values()) == pytest.approx(1.0)


def test_tie_at_rank_one_uses_the_first_listed_and_says_so(tmp_path: Path) -> None:
    same = {"mmlu": {"value": 80}}
    inputs = _write(
        tmp_path,
        {
            "criteria": {
                "q": {"weight": 1, "metrics": {"mmlu": {"weight": 1, "best": 100, "worst": 0}}}
            }
        },
        {"b": same, "a": same, "c": {"mmlu": {"value": 70}}},
    )
    ranking = score_vendors(inputs, DATE)
    result = sens.analyse_sensitivity(inputs, ranking, draws=200)
    assert result.leader == "a"
    assert result.verdict.startswith("A ties for first place with B on the stated figures; ")
    assert any("rank 1 is tied" in n for n in result.notes)
    assert result.first_probability == {"a": 1.0, "b": 0.0, "c": 0.0}


def test_lead_smaller_than_its_uncertainty_is_not_called_robust(tmp_path: Path) -> None:
    """a leads b by 1 point of MMLU, each with a stderr of 3 points: not robust."""
    inputs = _write(
        tmp_path,
        {
            "criteria": {
                "q": {"weight": 1, "metrics": {"mmlu": {"weight": 1, "best": 100, "worst": 0}}}
            }
        },
        {"a": {"mmlu": {"value": 81, "stderr": 3}}, "b": {"mmlu": {"value": 80, "stderr": 3}}},
    )
    ranking = score_vendors(inputs, DATE)
    result = sens.analyse_sensitivity(inputs, ranking, draws=2000)
    assert ranking.ranking[0].id == "a"
    assert result.robustness != "robust"
    assert result.verdict.endswith(f"the recommendation is {result.robustness}.")


def test_clear_lead_without_uncertainty_is_robust(tmp_path: Path) -> None:
    inputs = _write(
        tmp_path,
        {
            "criteria": {
                "q": {"weight": 1, "metrics": {"mmlu": {"weight": 1, "best": 100, "worst": 0}}}
            }
        },
        {"a": {"mmlu": {"value": 90}}, "b": {"mmlu": {"value": 80}}},
    )
    result = sens.analyse_sensitivity(inputs, score_vendors(inputs, DATE), draws=500)
    assert result.robustness == "robust"
    assert result.first_probability["a"] == 1.0
    assert "whatever the weight of any single criterion" in result.verdict


def test_acceptability_rows_show_ten_vendors_and_the_rest_as_one(tmp_path: Path) -> None:
    vendors = {f"v{i:02d}": {"mmlu": {"value": 50 + i, "stderr": 2}} for i in range(13)}
    inputs = _write(
        tmp_path,
        {
            "criteria": {
                "q": {"weight": 1, "metrics": {"mmlu": {"weight": 1, "best": 100, "worst": 0}}}
            }
        },
        vendors,
    )
    ranking = score_vendors(inputs, DATE)
    result = sens.analyse_sensitivity(inputs, ranking, draws=500)
    rows = acceptability_rows(result, ranking)
    assert [r.id for r in rows[:10]] == [vs.id for vs in ranking.ranking[:10]]
    rest = rows[10]
    assert (rest.id, rest.label) == (None, "the other 3 vendors")
    assert all(len(r.ranks) == 10 for r in rows)
    assert all(0 <= x <= 1 for x in rest.ranks)
    for r in rows[:10]:
        assert math.fsum(r.ranks) + r.lower + r.disqualified == pytest.approx(1.0)
    text = format_sensitivity_text(result, ranking)
    assert "  the other 3 vendors" in text


def test_markdown_gains_a_robustness_section(runner: CliRunner, bundled_copy: Path, in_dir) -> None:  # type: ignore[no-untyped-def]
    in_dir(bundled_copy)
    args = ["rank", "--format", "markdown", "--date", "2026-06-01"]
    plain = runner.invoke(app, args, catch_exceptions=False)
    result = runner.invoke(app, [*args, "--sensitivity", "--draws", "500"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout.startswith(plain.stdout)
    section = result.stdout[len(plain.stdout) :].splitlines()
    assert section[:2] == ["", "### Robustness (500 draws, seed 0, concentration 30)"]
    assert "| Criterion | Weight | From | To | Overtaken below by | Overtaken above by |" in section


def test_csv_is_unchanged_and_says_so(runner: CliRunner, bundled_copy: Path, in_dir) -> None:  # type: ignore[no-untyped-def]
    in_dir(bundled_copy)
    args = ["rank", "--format", "csv", "--date", "2026-06-01"]
    plain = runner.invoke(app, args, catch_exceptions=False)
    result = runner.invoke(app, [*args, "--sensitivity"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout == plain.stdout
    assert result.stderr.splitlines() == [
        "Note: --sensitivity adds nothing to CSV (one row per vendor); "
        "use --format json, table or markdown."
    ]


def test_every_vendor_disqualified_on_the_stated_figures(tmp_path: Path) -> None:
    """No leader: no ranges and a plain verdict; a vendor just below the gate with a
    stderr still qualifies in some draws."""
    inputs = _write(
        tmp_path,
        {
            "criteria": {
                "q": {"weight": 1, "metrics": {"mmlu": {"weight": 1, "best": 100, "worst": 0}}}
            },
            "gates": [{"metric": "mmlu", "min": 85}],
        },
        {"a": {"mmlu": {"value": 84, "stderr": 2}}, "b": {"mmlu": {"value": 60}}},
    )
    ranking = score_vendors(inputs, DATE)
    assert ranking.ranking == []
    result = sens.analyse_sensitivity(inputs, ranking, draws=1000)
    assert result.weight_ranges is None and result.leader is None
    assert result.verdict == (
        "No vendor qualifies on the stated figures, so there is no recommendation to test."
    )
    assert 0 < result.first_probability["a"] < 0.5
    assert result.disqualified_share["b"] == 1.0


def test_public_api_exposes_analyse_sensitivity_lazily() -> None:
    import scorecard

    assert "analyse_sensitivity" in scorecard.__all__
    assert scorecard.analyse_sensitivity is sens.analyse_sensitivity
