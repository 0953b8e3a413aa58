"""Loading edge cases that cannot live in a case folder, and the position scanner
that places findings on lines and records each figure's line.  (The finding codes a
case folder cannot hold are generated in test_findings.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from scorecard.cli import app
from scorecard.load.inputs import load_inputs
from scorecard.load.positions import figure_lines, key_positions, locate
from scorecard.load.project import InputPaths

REPO = Path(__file__).resolve().parent.parent


def _project(tmp_path: Path) -> Path:
    (tmp_path / "vendors").mkdir()
    (tmp_path / "criteria.toml").write_bytes((REPO / "criteria.toml").read_bytes())
    return tmp_path


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


FIGURES = """\
schema_version = 1
vendor = "A"
metrics.dotted.value = 4

[metrics.mmlu]
value = 1

  [ metrics . "quoted-id" ]   # a comment
value = 2

[metrics.inline]
table = { value = 3 }
"""


def test_figure_lines_agree_with_the_scanner() -> None:
    """The fast path (one regular expression) and the full scanner find the same
    lines; a header written inside a multi-line string is not a header."""
    ids = ["mmlu", "quoted-id", "inline", "dotted"]
    expected = {"mmlu": 5, "quoted-id": 8, "inline": 11, "dotted": 3}
    assert {m: locate(FIGURES, ("metrics", m))[0] for m in ids} == expected
    assert figure_lines(FIGURES, ids) == expected
    assert figure_lines(FIGURES, ["mmlu", "inline"]) == {"mmlu": 5, "inline": 11}
    hidden = 'metrics.mmlu.value = 1\nnote = """\n[metrics.mmlu]\n"""\n'
    assert figure_lines(hidden, ["mmlu"]) == {"mmlu": 1}


def test_each_figures_line_is_recorded_at_load() -> None:
    """The report's provenance ('file:line') comes from the lines recorded at load;
    nothing re-reads the TOML later."""
    result = load_inputs(InputPaths((REPO / "vendors",), REPO / "criteria.toml"))
    assert result.inputs is not None
    lines = result.inputs.figure_lines()
    assert len(lines) == sum(len(rec.file.metrics) for rec in result.inputs.vendors)
    for rec in result.inputs.vendors:
        text = rec.source.text.splitlines()
        for metric, line in rec.lines.items():
            assert text[line - 1] == f"[metrics.{metric}]"
            assert lines[(rec.id, metric)] == line
