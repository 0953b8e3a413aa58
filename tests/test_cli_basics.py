from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from scorecard import __version__
from scorecard.cli import app


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.output == f"scorecard {__version__}\n"


def test_validate_bundled_example_from_empty_dir(runner: CliRunner, tmp_path: Path, in_dir) -> None:  # type: ignore[no-untyped-def]
    in_dir(tmp_path)
    result = runner.invoke(app, ["validate"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "using the bundled example" in result.stderr
    assert "OK: 4 vendor files and criteria.toml are valid" in result.stderr


def test_validate_json_clean_is_empty_list(runner: CliRunner, bundled_copy: Path, in_dir) -> None:  # type: ignore[no-untyped-def]
    in_dir(bundled_copy)
    result = runner.invoke(app, ["validate", "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_usage_error_exits_2(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "--format", "yaml"])
    assert result.exit_code == 2
