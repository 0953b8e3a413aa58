"""Case folders: tests/cases/{valid,invalid}/<case>/ hold `vendors/`, an optional
`criteria.toml` (the bundled one otherwise), an optional `scores/` (evaluation-panel
score files, found as the default scores/ beside vendors/), an optional `args.txt`
(validate's arguments, one per line) and, for invalid cases, `expected.txt`: the
exact finding lines `scorecard validate` must print.  Adding a case is adding a folder."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scorecard.cli import app

CASES = Path(__file__).parent / "cases"
REPO = Path(__file__).resolve().parent.parent


def _cases(kind: str) -> list[Path]:
    return sorted(p for p in (CASES / kind).iterdir() if p.is_dir())


@pytest.mark.parametrize("case", _cases("invalid"), ids=lambda p: p.name)
def test_invalid_case(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / case.name
    monkeypatch.chdir(tmp_path)
    shutil.copytree(case, work, symlinks=True)
    monkeypatch.chdir(work)
    if not (work / "criteria.toml").exists():
        shutil.copy(REPO / "criteria.toml", work / "criteria.toml")
    args = (work / "args.txt").read_text().split() if (work / "args.txt").exists() else []
    result = CliRunner().invoke(app, ["validate", *args], catch_exceptions=False)
    expected = (case / "expected.txt").read_text()
    assert result.exit_code == 1
    assert result.stdout == expected
    assert "Traceback" not in result.output
    # the JSON form carries the same findings, with the same stable codes
    result = CliRunner().invoke(
        app, ["validate", *args, "--format", "json"], catch_exceptions=False
    )
    assert result.exit_code == 1
    rows = json.loads(result.stdout)
    lines = expected.splitlines()
    assert [(r["code"], r["severity"]) for r in rows] == [_code_and_severity(x) for x in lines]
    keys = {"path", "line", "column", "field", "code", "message", "severity"}
    assert all(set(r) == keys for r in rows)
    # errors first, then warnings
    severities = [r["severity"] for r in rows]
    assert severities == sorted(severities)


def _code_and_severity(line: str) -> tuple[str, str]:
    """``... [code]`` is an error; ``... [code] (warning)`` a warning."""
    match = re.search(r"\[([a-z0-9-]+)\]( \(warning\))?$", line)
    assert match, line
    return match[1], "warning" if match[2] else "error"


@pytest.mark.parametrize("case", _cases("valid"), ids=lambda p: p.name)
def test_valid_case(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / case.name
    shutil.copytree(case, work, symlinks=True)
    monkeypatch.chdir(work)
    if not (work / "criteria.toml").exists():
        shutil.copy(REPO / "criteria.toml", work / "criteria.toml")
    result = CliRunner().invoke(app, ["validate"], catch_exceptions=False)
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""  # no error, and no warning: honest extremes are plausible
    assert "warning" not in result.stderr
    if (case / "scores").is_dir():  # the score files were read, not skipped
        n = len(list((case / "scores").glob("*.toml")))
        assert f", {n} score files and " in result.stderr
