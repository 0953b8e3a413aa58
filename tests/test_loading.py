"""Loading edge cases that cannot live in a case folder (generated at test time),
and the position scanner that places findings on lines."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from scorecard.cli import app
from scorecard.load.files import MAX_FILE_BYTES
from scorecard.load.positions import key_positions, locate

REPO = Path(__file__).resolve().parent.parent


def _project(tmp_path: Path) -> Path:
    (tmp_path / "vendors").mkdir()
    (tmp_path / "criteria.toml").write_bytes((REPO / "criteria.toml").read_bytes())
    return tmp_path


def test_symlink_loop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = _project(tmp_path)
    os.symlink("b.toml", work / "vendors" / "a.toml")
    os.symlink("a.toml", work / "vendors" / "b.toml")
    monkeypatch.chdir(work)
    result = CliRunner().invoke(app, ["validate"], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "vendors/a.toml: symbolic link loop [symlink-loop]",
        "vendors/b.toml: symbolic link loop [symlink-loop]",
    ]


def test_file_over_one_mib(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = _project(tmp_path)
    big = (REPO / "vendors" / "gpt-4.toml").read_bytes()
    big += b"# padding\n" * ((MAX_FILE_BYTES - len(big)) // 10 + 1)
    (work / "vendors" / "big.toml").write_bytes(big)
    monkeypatch.chdir(work)
    result = CliRunner().invoke(app, ["validate"], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stdout == (
        f"vendors/big.toml: file is {len(big):,} bytes; the limit is 1,048,576 (1 MiB) [file-too-large]\n"
    )


def test_missing_paths_are_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(_project(tmp_path))
    result = CliRunner().invoke(
        app, ["validate", "nowhere", "--criteria", "none.toml"], catch_exceptions=False
    )
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "none.toml: no such file [not-found]",
        "nowhere: no such file or folder [not-found]",
    ]


def test_every_problem_in_every_file_in_one_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = _project(tmp_path)
    for name in ("a", "b", "c"):
        (work / "vendors" / f"{name}.toml").write_text(f'schema_version = 1\nvendor = "{name}"\n')
    monkeypatch.chdir(work)
    result = CliRunner().invoke(app, ["validate"], catch_exceptions=False)
    assert result.exit_code == 1
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == [
        "vendors/a.toml",
        "vendors/b.toml",
        "vendors/c.toml",
    ]
    assert "3 problems in 3 files" in result.stderr


TEXT = """\
schema_version = 1   # a comment
vendor = "A"

[metrics.mmlu]
value = 1
note = \"\"\"
value = 99
\"\"\"

[criteria."odd key".metrics.x]
weight = 2
token_mix = { input = 3, output = 1 }

[[gates]]
metric = "a"
[[gates]]
  metric = "b"
metrics.dotted.value = 4
"""


def test_key_positions() -> None:
    pos = key_positions(TEXT)
    assert pos[("schema_version",)] == (1, 1)
    assert pos[("metrics", "mmlu")] == (4, 1)
    assert pos[("metrics", "mmlu", "value")] == (5, 1)  # not the line inside the multi-line string
    assert pos[("criteria", "odd key", "metrics", "x", "weight")] == (11, 1)
    assert pos[("criteria", "odd key", "metrics", "x", "token_mix", "input")] == (12, 15)
    assert pos[("criteria", "odd key", "metrics", "x", "token_mix", "output")] == (12, 26)
    assert pos[("gates", 0, "metric")] == (15, 1)
    assert pos[("gates", 1, "metric")] == (17, 3)
    assert pos[("gates", 1, "metrics", "dotted", "value")] == (18, 1)


def test_locate_falls_back_to_the_enclosing_table() -> None:
    assert locate(TEXT, ("metrics", "mmlu", "source")) == (4, 1)
    assert locate(TEXT, ("nothing", "here")) == (1, 1)


@given(
    st.lists(
        st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True), min_size=1, max_size=6, unique=True
    )
)
def test_key_positions_finds_every_key(keys: list[str]) -> None:
    text = "".join(f"[t.{k}]\nvalue = {i}\n" for i, k in enumerate(keys))
    pos = key_positions(text)
    for i, k in enumerate(keys):
        assert pos[("t", k, "value")] == (2 * i + 2, 1)
