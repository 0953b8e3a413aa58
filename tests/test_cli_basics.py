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


def test_unexpected_failure_has_no_traceback_without_debug(
    runner: CliRunner, bundled_copy: Path, in_dir, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import scorecard.pipeline.project

    def boom(*_: object) -> None:
        raise RuntimeError("disk on fire")

    in_dir(bundled_copy)
    monkeypatch.setattr(scorecard.pipeline.project, "load_inputs", boom)
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "Error: internal error: RuntimeError: disk on fire (run with --debug for the traceback)"
    )
    assert "Traceback" not in result.output
    result = runner.invoke(app, ["--debug", "validate"])
    assert isinstance(result.exception, RuntimeError)


def test_bad_date_is_a_usage_error() -> None:
    import typer

    from scorecard.cli.common import resolve_date

    try:
        resolve_date("2026-13-01")
    except typer.BadParameter as exc:
        assert "not a date" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("no error")


def test_date_rule(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from scorecard.cli.common import resolve_date

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    assert resolve_date(None) == dt.date(2026, 1, 1)
    assert resolve_date("2026-05-02") == dt.date(2026, 5, 2)


def test_public_api() -> None:
    import scorecard

    for name in scorecard.__all__:
        assert getattr(scorecard, name) is not None, name
    assert scorecard.score_vendors.__module__ == "scorecard.score.ranking"
