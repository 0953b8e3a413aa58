"""`diff` for auditors: each evaluator's score change (evaluator, vendor, metric,
old -> new, whether the justification changed), recusals and declarations."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scorecard.analyse.diff import ProjectDiff, diff_inputs
from scorecard.cli import app
from scorecard.load.inputs import load_inputs
from scorecard.load.project import default_paths
from scorecard.model.inputs import Inputs
from scorecard.report.diff_text import render_markdown, render_table

PANEL_CASE = Path(__file__).parent / "cases" / "valid" / "panel-and-requirements"
DAY = dt.date(2026, 6, 1)


def _load(root: Path) -> Inputs:
    paths = default_paths(root, [root / "vendors"], root / "criteria.toml", root / "scores")
    inputs = load_inputs(paths).inputs
    assert inputs is not None
    return inputs


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.fixture
def two(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    a, b = tmp_path / "a", tmp_path / "b"
    shutil.copytree(PANEL_CASE, a)
    shutil.copytree(PANEL_CASE, b)
    monkeypatch.chdir(tmp_path)
    return a, b


def _diff(a: Path, b: Path) -> ProjectDiff:
    return diff_inputs(_load(a), _load(b), rev_a="A", rev_b="B", date=DAY)


def test_rescore_names_the_evaluator_and_both_scores(two: tuple[Path, Path]) -> None:
    a, b = two
    _replace(b / "scores" / "alice.toml", "score = 4\n", "score = 1\n")  # acme support
    _replace(b / "scores" / "bob.toml", "Consistent headings and tone.", "Consistent tone.")
    diff = _diff(a, b)
    got = [
        (s.evaluator, s.vendor, s.metric, s.change, s.old, s.new, s.justification_changed)
        for s in diff.scores
    ]
    assert got == [
        ("Alice Example", "acme", "support_quality", "changed", 4, 1, False),
        ("Bob Example", "acme", "style_adherence", "changed", 8, 8, True),
    ]
    table = render_table(diff)
    assert "Panel scores (evaluator: vendor metric: old -> new)" in table
    assert "  Alice Example: acme support_quality: 4 -> 1, justification unchanged" in table
    assert "  Bob Example: acme style_adherence: 8 -> 8, justification changed" in table
    md = render_markdown(diff)
    assert "| Alice Example | `acme` | `support_quality` | 4 | 1 | justification unchanged |" in md
    data = json.loads(diff.to_json())
    assert data["scores"][1]["old_justification"] == "Consistent headings and tone."
    assert data["scores"][1]["new_justification"] == "Consistent tone."


def test_added_and_withdrawn_scores_and_moderation(two: tuple[Path, Path]) -> None:
    a, b = two
    _replace(
        b / "scores" / "bob.toml",
        '[vendors."bolt.2".support_quality]\nscore = 5\n',
        '[vendors."bolt.2".style_adherence]\nscore = 3\njustification = "Late."\n\n'
        '[vendors."bolt.2".support_quality]\nscore = 5\n',
    )
    _replace(b / "scores" / "moderation.toml", "score = 7.5\n", "score = 7\n")
    text = (b / "scores" / "alice.toml").read_text()
    cut = text.index('[vendors."bolt.2".support_quality]')
    end = text.index('[vendors."bolt.2".style_adherence]')
    (b / "scores" / "alice.toml").write_text(text[:cut] + text[end:])
    table = render_table(_diff(a, b))
    assert "  Bob Example: bolt.2 style_adherence: (none) -> 3, new score" in table
    assert "  Alice Example: bolt.2 support_quality: 2 -> (none), score withdrawn" in table
    assert (
        "  Carol Example (moderator): acme style_adherence: 7.5 -> 7, justification unchanged"
        in table
    )


def test_a_declared_conflict_shows_as_recusal_and_declaration_change(
    two: tuple[Path, Path],
) -> None:
    a, b = two
    _replace(
        b / "scores" / "bob.toml",
        "date = 2026-05-02\n",
        'date = 2026-05-02\nconflicted_vendors = ["acme"]\ndeclared_on = 2026-04-01\n',
    )
    diff = _diff(a, b)
    table = render_table(diff)
    assert "  Bob Example: acme support_quality: 3 -> 3 (recused), justification unchanged" in table
    assert "  Bob Example: conflicted_vendors: [] -> ['acme']" in table
    assert "  Bob Example: declared_on: (none) -> '2026-04-01'" in table
    assert not any(s.vendor == "bolt.2" for s in diff.scores)


def test_no_panel_change_is_no_panel_section(two: tuple[Path, Path]) -> None:
    a, b = two
    diff = _diff(a, b)
    assert diff.scores == [] and diff.evaluators == [] and diff.empty
    assert "Panel scores" not in render_table(diff)


@pytest.mark.slow
def test_cli_diff_names_the_evaluator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    work = tmp_path / "panel"
    shutil.copytree(PANEL_CASE, work)
    monkeypatch.chdir(work)
    env = {
        "GIT_AUTHOR_NAME": "T",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "T",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_CONFIG_NOSYSTEM": "1",
        "PATH": "/usr/bin:/bin",
    }
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "one"]):
        subprocess.run(["git", *args], cwd=work, check=True, env=env, capture_output=True)
    _replace(work / "scores" / "alice.toml", "score = 4\n", "score = 1\n")
    result = CliRunner().invoke(app, ["diff", "HEAD", "--date", "2026-06-01"])
    assert result.exit_code == 0, result.output
    assert "  Alice Example: acme support_quality: 4 -> 1, justification unchanged" in result.stdout
