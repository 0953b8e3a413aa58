"""Conflicts of interest in score files: `conflicted_vendors` recuses an evaluator's
scores of those vendors (kept for the record, left out of the aggregate), with the
warnings `conflicted-score` and `late-declaration` and the recusals in the report's
panel section."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from scorecard.audit.manifest import build_manifest
from scorecard.cli import app
from scorecard.load.inputs import load_inputs
from scorecard.load.project import default_paths
from scorecard.model.panel import EvaluatorScore, PanelMetric, aggregate_scores
from scorecard.report.html import render_html
from scorecard.report.pdf import rendering_environment
from scorecard.score.ranking import score_vendors

PANEL_CASE = Path(__file__).parent / "cases" / "valid" / "panel-and-requirements"
DATE = "2026-06-01"


@pytest.fixture
def case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    work = tmp_path / "case"
    shutil.copytree(PANEL_CASE, work)
    monkeypatch.chdir(work)
    return work


def _declare(case: Path, vendors: str, declared_on: str | None = None) -> None:
    """Bob (scored 2026-05-02) declares a conflict with ``vendors``."""
    bob = case / "scores" / "bob.toml"
    extra = f"conflicted_vendors = {vendors}\n"
    if declared_on:
        extra += f"declared_on = {declared_on}\n"
    bob.write_text(bob.read_text().replace("date = 2026-05-02\n", f"date = 2026-05-02\n{extra}"))


def rank(*args: str) -> Any:
    return CliRunner().invoke(app, ["rank", "--date", DATE, *args], catch_exceptions=False)


def test_recused_score_is_left_out_of_the_aggregate() -> None:
    pm = PanelMetric("q", 0, 5, "higher", "mean", ())
    scores = [EvaluatorScore("A", 4, "a", "scores/a.toml"), EvaluatorScore("C", 1, "c", "c")]
    recused = [EvaluatorScore("B", 0, "b", "scores/b.toml")]
    r = aggregate_scores("v", pm, scores, ["A", "B", "C"], None, recused)
    assert r.value == 2.5  # (4 + 1) / 2; with B's 0 it would be 5/3
    assert (r.low, r.high, r.n) == (1, 4, 2)
    assert r.missing_evaluators == ()  # B scored, but is recused: not "missing"
    assert [s.evaluator for s in r.recused] == ["B"]


def test_recusal_changes_the_aggregate_and_score_by_hand(case: Path) -> None:
    """Without recusal acme's support_quality is the median of Alice 4 and Bob 3 =
    3.5; Bob recused leaves Alice's 4.  Score by hand: 100 x (0.6 x (20 - 9.5) / 20
    + 0.4 x (0.5 x 4/5 + 0.25 x (7.5 - 1)/9 + 0.25 x 0))."""
    before = json.loads(rank("--format", "json").stdout)["ranking"][0]
    assert before["metrics"]["support_quality"]["value"] == 3.5
    _declare(case, '["acme"]', "2026-04-20")
    data = json.loads(rank("--format", "json").stdout)
    (acme,) = data["ranking"]
    assert acme["metrics"]["support_quality"]["value"] == 4.0
    assert acme["metrics"]["style_adherence"]["value"] == 7.5  # moderated: unchanged
    assert acme["score"] == pytest.approx(100 * (0.315 + 0.4 * (0.4 + 0.25 * 6.5 / 9)), rel=1e-12)
    warnings = [(w["code"], w["vendor"], w["metric"]) for w in data["warnings"]]
    assert ("conflicted-score", "acme", "support_quality") in warnings
    assert ("conflicted-score", "acme", "style_adherence") in warnings
    assert ("panel-few-scores", "acme", "support_quality") in warnings  # one score left
    assert not any(w[0] == "conflicted-score" and w[1] == "bolt.2" for w in warnings)
    assert not any(w[0] == "late-declaration" for w in warnings)
    message = next(w["message"] for w in data["warnings"] if w["code"] == "conflicted-score")
    assert "the score 3 by Bob Example is recused" in message


def test_late_declaration_warns(case: Path) -> None:
    _declare(case, "[]", "2026-05-20")
    data = json.loads(rank("--format", "json").stdout)
    late = [w for w in data["warnings"] if w["code"] == "late-declaration"]
    assert [w["message"] for w in late] == [
        "scores/bob.toml: Bob Example declared conflicts of interest on 2026-05-20, "
        "after scoring on 2026-05-02"
    ]
    assert not any(w["code"] == "conflicted-score" for w in data["warnings"])


def test_unknown_conflicted_vendor_is_a_finding(case: Path) -> None:
    _declare(case, '["acme", "bolt2"]')
    result = rank()
    assert result.exit_code == 1
    assert "scores/bob.toml:6:" in result.output
    assert "conflicted_vendors" in result.output
    assert "[unknown-vendor]" in result.output
    assert "bolt.2" in result.output  # the suggestion


def test_panel_section_shows_recusals(case: Path) -> None:
    _declare(case, '["acme"]', "2026-05-20")
    inputs = load_inputs(default_paths(case, None, None)).inputs
    assert inputs is not None
    ranking = score_vendors(inputs, dt.date(2026, 6, 1))
    env = rendering_environment()
    manifest = build_manifest(inputs, ranking.to_json().encode(), ranking.date, {}, env, "test")
    html = render_html(ranking, inputs, manifest, {})
    section = html[html.index('<section class="panel"') : html.index('<section class="gaps"')]
    assert (
        "Former Acme employee (left 2023); recused from acme (declared 2026-05-20, after scoring)"
        in section
    )
    assert "Recused (conflict of interest declared" in section
    assert "Bob Example (Former Acme employee (left 2023))" in section
    assert 'Bob Example <span class="muted">(recused)</span>' in section
    assert section.count("(recused)</span>") == 2  # Bob's two acme scores, not bolt.2's
