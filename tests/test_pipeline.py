"""The library API (`scorecard.pipeline`): the use cases the CLI runs, called as plain
functions, with nothing printed and the same results as the commands."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import scorecard
from scorecard import pipeline
from scorecard.cli import app
from scorecard.model.errors import InvalidInputError

REPO = Path(__file__).resolve().parent.parent
DAY = dt.date(2026, 11, 24)


def test_bundled_fallback_is_data_not_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = pipeline.find_inputs(cwd=tmp_path)
    assert paths.bundled
    assert pipeline.load_project(paths).vendors
    assert capsys.readouterr() == ("", "")
    shutil.copy(REPO / "criteria.toml", tmp_path / "criteria.toml")
    shutil.copytree(REPO / "vendors", tmp_path / "vendors")
    here = pipeline.find_inputs(cwd=tmp_path)
    assert not here.bundled
    assert here.criteria_path == tmp_path / "criteria.toml"
    assert len(pipeline.load_project(here).vendors) == 4


def test_invalid_project_raises_with_the_findings(bundled_copy: Path, in_dir: Any) -> None:
    in_dir(bundled_copy)
    (bundled_copy / "vendors" / "gpt-4.toml").write_text("schema_version = 1\nvendor = 3\n")
    with pytest.raises(InvalidInputError) as caught:
        pipeline.load_project(pipeline.find_inputs())
    assert [f.code for f in caught.value.findings] == ["missing-key", "wrong-type"]
    result = pipeline.check_project(pipeline.find_inputs())
    assert result.inputs is None and result.findings == caught.value.findings


def test_score_is_what_rank_prints(bundled_copy: Path, in_dir: Any) -> None:
    """Parity: `rank --format json --sensitivity` is pipeline.score's ranking dumped."""
    in_dir(bundled_copy)
    inputs = pipeline.load_project(pipeline.find_inputs())
    options = pipeline.ScoreOptions("topsis", pipeline.Robustness(draws=300, seed=3))
    args = ["--method", "topsis", "--sensitivity", "--draws", "300", "--seed", "3"]
    cli = CliRunner().invoke(
        app, ["rank", "--format", "json", "--date", DAY.isoformat(), *args], catch_exceptions=False
    )
    assert cli.stdout == pipeline.score_inputs(inputs, DAY, options).to_json()
    assert pipeline.score_inputs(inputs, DAY).sensitivity is None


def test_options_round_trip_through_the_manifest() -> None:
    options = pipeline.ScoreOptions("topsis", pipeline.Robustness(500, 7, 12.5))
    recorded = options.manifest_options()
    assert recorded == {"method": "topsis", "draws": "500", "seed": "7", "concentration": "12.5"}
    assert pipeline.ScoreOptions.from_manifest(recorded) == options
    assert pipeline.ScoreOptions().manifest_options() == {"method": None}
    assert pipeline.ScoreOptions.from_manifest({"method": None}) == pipeline.ScoreOptions()
    assert pipeline.REPORT_OPTIONS.manifest_options() == {
        "method": None,
        "draws": "10000",
        "seed": "0",
        "concentration": "30",
    }


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"draws": 0}, "draws must be at least 1 (got 0)"),
        ({"seed": -1}, "seed must be 0 or more (got -1)"),
        ({"concentration": float("nan")}, "concentration must be a number above 0 (got nan)"),
    ],
)
def test_robustness_options_are_checked(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError) as caught:
        pipeline.Robustness(**fields)
    assert str(caught.value) == message


def test_public_api_names_the_use_cases() -> None:
    for name in ("build_report", "verify_report", "score_inputs", "load_project", "find_inputs"):
        assert name in scorecard.__all__
        assert getattr(scorecard, name) is getattr(pipeline, name)


@pytest.mark.slow
def test_build_then_verify_as_library_calls(bundled_copy: Path, in_dir: Any) -> None:
    """A report built and verified without the CLI: same bytes as `scorecard report`,
    and verify's checks as values."""
    import pikepdf

    in_dir(bundled_copy)
    options = pipeline.ScoreOptions(robustness=pipeline.Robustness(draws=200))
    report = pipeline.build_report(pipeline.load_project(pipeline.find_inputs()), DAY, options)
    assert report.signer is None and report.pdf.startswith(b"%PDF-")
    with pikepdf.open(io.BytesIO(report.pdf)) as pdf:
        assert {"criteria.toml", "manifest.json", "results.json"} <= set(pdf.attachments)
    cli = CliRunner().invoke(
        app, ["report", "--date", DAY.isoformat(), "--draws", "200"], catch_exceptions=False
    )
    assert cli.stderr == f"wrote scorecard.pdf (report id {report.report_id})\n"
    assert (bundled_copy / "scorecard.pdf").read_bytes() == report.pdf
    (bundled_copy / "vendors" / "gpt-4.toml").write_bytes(b"# changed\n")
    result = pipeline.verify_report(bundled_copy / "scorecard.pdf", current=pipeline.find_inputs())
    assert result.ok
    assert [(c.name, c.status) for c in result.checks] == [
        ("attachments", "ok"),
        ("results", "ok"),
        ("pages", "ok"),
        ("signatures", "ok"),
    ]
    assert result.drift == ["vendors/gpt-4.toml: changed since the report"]
