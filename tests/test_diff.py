"""`scorecard diff` on a temporary git repository with two commits."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scorecard.cli import app

pytestmark = pytest.mark.slow  # spawns git

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_CONFIG_NOSYSTEM": "1",
}

NEW_VENDOR = """\
schema_version = 1
vendor = "OpenAI"
model = "GPT-4o"

[metrics.hallucination_rate]
value = 1.5
unit = "percent"
source = "Vectara leaderboard"
as_of = 2025-10-16
evidence = "third-party"

[metrics.context_window_tokens]
value = 128000
unit = "tokens"
source = "genai-prices 0.2.3"
as_of = "2026-11"
evidence = "vendor-claim"

[metrics.mmlu]
value = 88.7
unit = "percent"
source = "OpenAI model card"
as_of = "2024-05"
evidence = "vendor-claim"

[metrics.humaneval_pass_at_1]
value = 90.2
unit = "percent"
source = "OpenAI model card"
as_of = "2024-05"
evidence = "vendor-claim"

[metrics.price_input_usd_per_mtok]
value = 2.5
unit = "usd_per_mtok"
source = "genai-prices 0.2.3"
as_of = "2026-11"
evidence = "vendor-claim"

[metrics.price_output_usd_per_mtok]
value = 10
unit = "usd_per_mtok"
source = "genai-prices 0.2.3"
as_of = "2026-11"
evidence = "vendor-claim"

[metrics.latency_ms]
value = 250
unit = "ms"
source = "Our load test"
as_of = 2026-11-01
evidence = "in-house"
note = "p50 of 500 requests"
"""


def _git(cwd: Path, *args: str) -> None:
    import os

    subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, env={**os.environ, **GIT_ENV}
    )


def _commit(cwd: Path, message: str) -> None:
    _git(cwd, "add", "-A")
    _git(cwd, "commit", "-q", "-m", message)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.fixture
def project(tmp_path: Path, repo: Path, in_dir) -> Path:  # type: ignore[no-untyped-def]
    """The bundled example in git: commit 1 as shipped; commit 2 changes GPT-4's input
    price 30 -> 25, adds gpt-4o, and changes the cost weight 30 -> 40."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "buyer"
    root.mkdir()
    shutil.copy(repo / "criteria.toml", root / "criteria.toml")
    shutil.copytree(repo / "vendors", root / "vendors")
    _git(root, "init", "-q", "-b", "main")
    _commit(root, "first")
    gpt4 = root / "vendors" / "gpt-4.toml"
    _replace(
        gpt4,
        "[metrics.price_input_usd_per_mtok]\nvalue = 30\n",
        "[metrics.price_input_usd_per_mtok]\nvalue = 25\n",
    )
    _replace(
        gpt4,
        'record openai:gpt-4"\nas_of = "2026-11"',
        'record openai:gpt-4"\nas_of = 2026-11-20',
    )
    (root / "vendors" / "gpt-4o.toml").write_text(NEW_VENDOR)
    _replace(
        root / "criteria.toml", "[criteria.cost]\nweight = 30\n", "[criteria.cost]\nweight = 40\n"
    )
    _commit(root, "second")
    in_dir(root)
    return root


def _invoke(runner: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["diff", *args, "--date", "2026-11-24"], catch_exceptions=False)


def test_diff_two_commits_table(runner: CliRunner, project: Path) -> None:
    result = _invoke(runner, "HEAD~1", "HEAD")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Comparing HEAD~1 with HEAD (report date 2026-11-24)"
    assert lines[1:5] == [
        "",
        "Vendors",
        "  gpt-4 (OpenAI GPT-4)",
        "    changed  price_input_usd_per_mtok: 30 usd_per_mtok -> 25 usd_per_mtok",
    ]
    assert lines[5] == (
        "               was: genai-prices 0.2.3 (PyPI package by the pydantic team), record "
        "openai:gpt-4, as of 2026-11, vendor-claim"
    )
    assert lines[6] == (
        "               now: genai-prices 0.2.3 (PyPI package by the pydantic team), record "
        "openai:gpt-4, as of 2026-11-20, vendor-claim"
    )
    assert "  added    gpt-4o (OpenAI GPT-4o)" in lines
    assert (
        "    added    hallucination_rate = 1.5 percent (Vectara leaderboard, as of 2025-10-16, third-party)"
        in lines
    )
    criteria = lines[lines.index("Criteria") + 1 :]
    assert criteria[0] == "  criteria.cost.weight: 30 -> 40"
    ranking = lines[lines.index("Ranking (HEAD~1 -> HEAD)") + 1 :]
    assert ranking[0].split() == ["vendor", "HEAD~1", "HEAD", "movement"]
    # vendor, rank at A, rank at B, movement (scores are the scoring engine's business)
    rows = [re.sub(r" \([0-9.]+\)", "", row).split() for row in ranking[1:6]]
    assert rows == [
        ["gpt-4o", "-", "1", "new"],
        ["gpt-5.4", "1", "2", "down", "1"],
        ["claude-3-opus", "2", "3", "down", "1"],
        ["gpt-4-turbo", "3", "4", "down", "1"],
        ["gpt-4", "disqualified", "disqualified", "="],
    ]
    assert ranking[6] == (
        "  gpt-4 disqualified at HEAD: context_window_tokens 8192 tokens < min 32000 tokens "
        "(long documents: context window of at least 32K tokens)"
    )


def test_diff_json(runner: CliRunner, project: Path) -> None:
    result = _invoke(runner, "HEAD~1", "HEAD", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["rev_a"], data["rev_b"], data["date"]) == ("HEAD~1", "HEAD", "2026-11-24")
    by_id = {v["id"]: v for v in data["vendors"]}
    assert by_id["gpt-4o"]["change"] == "added"
    (price,) = by_id["gpt-4"]["figures"]
    assert (price["metric"], price["old"]["value"], price["new"]["value"]) == (
        "price_input_usd_per_mtok",
        30,
        25,
    )
    assert price["fields"] == ["value", "as_of"]
    assert data["criteria"] == [
        {"section": "weights", "key": "criteria.cost.weight", "old": 30.0, "new": 40.0}
    ]
    moves = {m["id"]: m for m in data["ranking"]}
    assert (
        moves["gpt-5.4"]["rank_a"],
        moves["gpt-5.4"]["rank_b"],
        moves["gpt-5.4"]["movement"],
    ) == (1, 2, -1)
    assert (moves["gpt-4o"]["status_a"], moves["gpt-4o"]["rank_b"]) == ("absent", 1)
    assert moves["gpt-4"]["status_b"] == "disqualified" and moves["gpt-4"]["reasons_b"]
    # the scores are the scoring engine's, at each revision
    import datetime as dt

    from scorecard.load.inputs import load_inputs
    from scorecard.load.project import InputPaths
    from scorecard.score.ranking import score_vendors

    inputs = load_inputs(InputPaths((project / "vendors",), project / "criteria.toml")).inputs
    assert inputs is not None
    head = {v.id: v.score for v in score_vendors(inputs, dt.date(2026, 11, 24)).ranking}
    assert all(moves[vid]["score_b"] == score for vid, score in head.items())


def test_diff_markdown(runner: CliRunner, project: Path) -> None:
    result = _invoke(runner, "HEAD~1", "HEAD", "--format", "markdown")
    assert result.exit_code == 0
    md = result.stdout
    assert md.startswith("### scorecard: `HEAD~1` → `HEAD`\n")
    assert "| `gpt-4o` (OpenAI GPT-4o) | | vendor added | | |" in md
    assert "| `criteria.cost.weight` | 30 | 40 |" in md
    assert re.search(
        r"^\| `gpt-5\.4` \| 1 \([0-9.]+\) \| 2 \([0-9.]+\) \| down 1 \|$", md, flags=re.M
    )
    assert re.search(r"^\| `gpt-4o` \| - \| 1 \([0-9.]+\) \| new \|$", md, flags=re.M)


def test_diff_default_is_head_against_the_working_tree(runner: CliRunner, project: Path) -> None:
    clean = _invoke(runner)
    assert clean.exit_code == 0
    assert (
        clean.stdout == "Comparing HEAD with working tree (report date 2026-11-24)\nNo changes.\n"
    )
    (project / "vendors" / "gpt-4o.toml").unlink()
    _replace(
        project / "criteria.toml",
        '[[gates]]\nmetric = "hallucination_rate"\nmax = 15',
        '[[gates]]\nmetric = "hallucination_rate"\nmax = 12',
    )
    result = _invoke(runner)
    assert result.exit_code == 0
    assert "  removed  gpt-4o (OpenAI GPT-4o)" in result.stdout.splitlines()
    assert "  gates.hallucination_rate.max: 15 -> 12" in result.stdout.splitlines()


def test_diff_names_the_invalid_revision(runner: CliRunner, project: Path) -> None:
    (project / "vendors" / "gpt-4o.toml").write_text("schema_version = 1\nvendor = 'x'\n")
    _commit(project, "broken")
    result = _invoke(runner, "HEAD~1", "HEAD")
    assert result.exit_code == 1
    assert (
        result.stdout
        == "HEAD:vendors/gpt-4o.toml:1:1: model: required key `model` is missing [missing-key]\n"
    )
    assert result.stderr == "Error: the project is invalid at revision HEAD: 1 problem\n"
    # the working tree is named too
    (project / "criteria.toml").write_text("schema_version = 1\n")
    result = _invoke(runner, "HEAD~2", "HEAD~1")
    assert result.exit_code == 0  # both revisions are fine; the working tree is not read
    result = _invoke(runner, "HEAD~1")
    assert result.exit_code == 1
    assert result.stderr.endswith("Error: the project is invalid in the working tree: 4 problems\n")


def test_diff_json_prints_the_findings_as_json(runner: CliRunner, project: Path) -> None:
    (project / "vendors" / "gpt-4o.toml").write_text("schema_version = 1\nvendor = 'x'\n")
    _commit(project, "broken")
    result = _invoke(runner, "HEAD~1", "HEAD", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [
        {
            "path": "HEAD:vendors/gpt-4o.toml",
            "line": 1,
            "column": 1,
            "field": "model",
            "code": "missing-key",
            "message": "required key `model` is missing",
            "severity": "error",
        }
    ]
    assert result.stderr == "Error: the project is invalid at revision HEAD: 1 problem\n"


def test_diff_in_a_subfolder_of_the_repository(runner: CliRunner, project: Path, in_dir) -> None:  # type: ignore[no-untyped-def]
    sub = project / "tenders" / "2026"
    sub.mkdir(parents=True)
    for name in ("criteria.toml", "vendors"):
        shutil.move(project / name, sub / name)
    _commit(project, "move into a subfolder")
    in_dir(sub)
    _replace(sub / "vendors" / "gpt-4o.toml", "value = 1.5", "value = 1.7")
    result = _invoke(runner)
    assert result.exit_code == 0, result.output
    assert (
        "    changed  hallucination_rate: 1.5 percent -> 1.7 percent" in result.stdout.splitlines()
    )


def test_diff_unknown_revision(runner: CliRunner, project: Path) -> None:
    result = _invoke(runner, "no-such-branch")
    assert result.exit_code == 1
    assert result.stderr == "Error: unknown revision 'no-such-branch'\n"


def test_diff_outside_a_repository(runner: CliRunner, bundled_copy: Path, in_dir) -> None:  # type: ignore[no-untyped-def]
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    in_dir(bundled_copy)
    result = _invoke(runner)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {bundled_copy} is not in a git repository; scorecard diff compares revisions "
        "of a project kept in git (git init, then commit the project)\n"
    )


def test_diff_json_is_the_library_result_dumped(
    runner: CliRunner, project: Path, tmp_path: Path
) -> None:
    """Parity: `diff --format json` equals ProjectDiff.to_json() built through the library."""
    import datetime as dt

    from scorecard.analyse import diff as diffing
    from scorecard.authoring import revisions
    from scorecard.score.ranking import score_vendors

    day = dt.date(2026, 11, 24)
    loaded = []
    for rev in ("HEAD~1", "HEAD"):
        snap = revisions.extract_revision(
            project, rev, Path("vendors"), Path("criteria.toml"), tmp_path / rev
        )
        inputs = revisions.load_snapshot(snap).inputs
        assert inputs is not None
        loaded.append((inputs, score_vendors(inputs, day)))
    (a, ra), (b, rb) = loaded
    expected = diffing.diff_inputs(
        a, b, rev_a="HEAD~1", rev_b="HEAD", date=day, ranking_a=ra, ranking_b=rb
    ).to_json()
    result = _invoke(runner, "HEAD~1", "HEAD", "--format", "json")
    assert result.stdout == expected


def test_diff_carries_the_panel_score_files(runner: CliRunner, tmp_path: Path, in_dir) -> None:  # type: ignore[no-untyped-def]
    """Score files are inputs like vendor files: a changed evaluator score moves the
    panel figure between revisions, and the working tree reads scores/ too."""
    import shutil

    case = Path(__file__).parent / "cases" / "valid" / "panel-and-requirements"
    work = tmp_path / "panel"
    shutil.copytree(case, work)
    in_dir(work)
    _git(work, "init", "-q")
    _commit(work, "panel")
    _replace(work / "scores" / "alice.toml", "score = 4\n", "score = 1\n")  # acme support
    _commit(work, "alice rescored acme")
    for args in (["HEAD~1", "HEAD"], ["HEAD~1"]):  # two commits; a commit and the working tree
        result = _invoke(runner, *args, "--format", "json", "--date", "2026-06-01")
        assert result.exit_code == 0, result.output
        by_id = {v["id"]: v for v in json.loads(result.stdout)["vendors"]}
        changed = {f["metric"]: f for f in by_id["acme"]["figures"]}
        support = changed["support_quality"]
        assert support["old"]["value"] != support["new"]["value"]
