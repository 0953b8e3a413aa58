"""`scorecard rank` with requirements and evaluation panels: require gates disqualify
with the requirement's reason, panel warnings, grouped warning lines, and the
method-difference warning ignoring panel metrics."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from scorecard.cli import app

PANEL_CASE = Path(__file__).parent / "cases" / "valid" / "panel-and-requirements"
DATE = "2026-06-01"


@pytest.fixture
def case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    work = tmp_path / "case"
    shutil.copytree(PANEL_CASE, work)
    monkeypatch.chdir(work)
    return work


def rank(*args: str) -> Any:
    return CliRunner().invoke(app, ["rank", "--date", DATE, *args], catch_exceptions=False)


def _bolt_meets_requirements(case: Path) -> None:
    text = (case / "vendors" / "bolt.2.toml").read_text()
    text = text.replace("value = false", "value = true")
    text += (
        '\n[metrics.soc2_type2_report]\nvalue = true\nunit = "yes/no"\n'
        'source = "SOC 2 Type II report 2025"\nas_of = 2026-01-10\nevidence = "third-party"\n'
    )
    (case / "vendors" / "bolt.2.toml").write_text(text)


def test_failing_and_missing_requirements_disqualify(case: Path) -> None:
    result = rank()
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    start = lines.index("Disqualified:")
    assert lines[start + 1 : start + 4] == [
        "  bolt.2 (Bolt Bolt 2):",
        "    - EU data residency is no; required (tender clause 7.1: data stays in the EU)",
        "    - SOC 2 Type II report missing; required (A current SOC 2 Type II audit report is "
        "available to customers.)",
    ]


def test_score_with_panel_and_yes_no_metrics(case: Path) -> None:
    """Hand-computed: reliability 0.6 x (20 - 9.5) / 20 = 0.315; service 0.4 x
    (0.5 x 3.5/5 + 0.25 x (7.5 - 1)/9 + 0.25 x 0 [sso_saml no]) = 0.2122...;
    score 100 x (0.315 + 0.4 x 0.530555...) = 52.7222..."""
    data = json.loads(rank("--format", "json").stdout)
    (acme,) = data["ranking"]
    assert acme["score"] == pytest.approx(100 * (0.315 + 0.4 * (0.35 + 0.25 * 6.5 / 9)), rel=1e-12)
    assert acme["metrics"]["support_quality"]["value"] == 3.5
    assert acme["metrics"]["sso_saml"]["score"] == 0.0
    gates = {g["metric"]: g for g in data["gates"]}
    assert gates["eu_data_residency"]["require"] is True
    assert (gates["eu_data_residency"]["min"], gates["eu_data_residency"]["unit"]) == (1, "yes/no")
    spec = {vf["metric"]: vf for c in data["criteria"] for vf in c["metrics"]}
    assert (spec["support_quality"]["best"], spec["support_quality"]["worst"]) == (5, 0)
    assert spec["support_quality"]["relative"] is False


def test_panel_warnings_in_json_and_table(case: Path) -> None:
    data = json.loads(rank("--format", "json").stdout)
    panel = [
        (w["code"], w["vendor"], w["metric"]) for w in data["warnings"] if "panel" in w["code"]
    ]
    assert panel == [
        ("panel-disagreement", "bolt.2", "support_quality"),
        ("panel-missing-score", "bolt.2", "style_adherence"),
        ("panel-few-scores", "bolt.2", "style_adherence"),
    ]
    lines = rank().stdout.splitlines()
    assert (
        "  [panel-missing-score] bolt.2: Style adherence: no score from Bob Example; the spread "
        "uses the 1 score given"
    ) in lines


def test_method_difference_ignores_panel_metrics(case: Path) -> None:
    _bolt_meets_requirements(case)
    data = json.loads(rank("--format", "json").stdout)
    assert [v["id"] for v in data["ranking"]] == ["acme", "bolt.2"]
    # style_adherence: "panel of 2, moderated" vs "panel of 1, moderated": not a method difference
    assert "method-differs" not in {w["code"] for w in data["warnings"]}


def test_repeated_warnings_are_one_line_per_kind_and_metric(case: Path) -> None:
    _bolt_meets_requirements(case)
    shutil.rmtree(case / "scores")
    lines = rank().stdout.splitlines()
    few = [line for line in lines if line.startswith("  [panel-few-scores]")]
    assert few == [
        "  [panel-few-scores] fewer than two evaluator scores: Support quality (2): "
        "acme (no score), bolt.2 (no score)",
        "  [panel-few-scores] fewer than two evaluator scores: Style adherence (2): "
        "acme (no score), bolt.2 (no score)",
    ]
    data = json.loads(rank("--format", "json").stdout)
    # the JSON contract keeps one warning per vendor and metric
    assert [w["code"] for w in data["warnings"]].count("panel-few-scores") == 4


def test_scores_option_on_rank(case: Path) -> None:
    (case / "scores").rename(case / "panel")
    without = json.loads(rank("--format", "json").stdout)
    assert without["ranking"][0]["metrics"]["support_quality"]["missing"] is True
    with_scores = json.loads(rank("--format", "json", "--scores", "panel").stdout)
    assert with_scores["ranking"][0]["metrics"]["support_quality"]["value"] == 3.5


def test_panel_spread_enters_the_monte_carlo(case: Path) -> None:
    """The only figures with an uncertainty in this case are the panel aggregates
    (stderr = sd / sqrt(n)): without score files nothing is drawn but the weights."""
    _bolt_meets_requirements(case)
    with_panel = json.loads(rank("--format", "json", "--sensitivity").stdout)["sensitivity"]
    drawn = "figures with a standard error were drawn from a normal distribution"
    assert any(drawn in note for note in with_panel["notes"])
    shutil.rmtree(case / "scores")
    without = json.loads(rank("--format", "json", "--sensitivity").stdout)["sensitivity"]
    assert not any(drawn in note for note in without["notes"])
