"""What-if weights: `rank --weight`, `report --weight --what-if`."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scorecard.cli import app

DATE = "2026-06-01"


def _rank(runner: CliRunner, *args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(
        app, ["rank", "--format", "json", "--date", DATE, *args], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    data: dict = json.loads(result.stdout)  # type: ignore[type-arg]
    return data


def test_weight_equals_editing_the_criteria_file(
    runner: CliRunner, bundled_copy: Path, in_dir
) -> None:  # type: ignore[no-untyped-def]
    """`--weight` scores exactly as a criteria file with those weights does."""
    in_dir(bundled_copy)
    what_if = _rank(runner, "--weight", "reliability=20", "--weight", "cost.latency_ms=90")
    crit = bundled_copy / "criteria.toml"
    text = crit.read_text()
    text = text.replace(
        "[criteria.reliability]\nweight = 50", "[criteria.reliability]\nweight = 20"
    )
    text = text.replace(
        "[criteria.cost.metrics.latency_ms]\nweight = 30",
        "[criteria.cost.metrics.latency_ms]\nweight = 90",
    )
    crit.write_text(text.replace("approved_sha256 =", "# approved_sha256 ="))  # edited: unlocked
    edited = _rank(runner)
    assert (what_if.pop("approval")["status"], edited.pop("approval")["status"]) == (
        "locked",
        "not-locked",
    )
    assert what_if.pop("what_if") == {
        "weights": {"reliability": 20.0, "cost.latency_ms": 90.0},
        "original": {"reliability": 50.0, "cost.latency_ms": 30.0},
    }
    assert "what_if" not in edited
    assert what_if == edited
    assert [v["id"] for v in edited["ranking"]] != [] and edited["criteria"][0][
        "weight_given"
    ] == 20


def test_no_weight_no_what_if(runner: CliRunner, bundled_copy: Path, in_dir) -> None:  # type: ignore[no-untyped-def]
    in_dir(bundled_copy)
    assert "what_if" not in _rank(runner)
    table = runner.invoke(app, ["rank", "--date", DATE], catch_exceptions=False).stdout
    assert "what-if" not in table


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv"])
def test_every_text_output_says_what_if(
    runner: CliRunner, bundled_copy: Path, in_dir, fmt: str
) -> None:  # type: ignore[no-untyped-def]
    in_dir(bundled_copy)
    result = runner.invoke(
        app,
        ["rank", "--format", fmt, "--date", DATE, "--weight", "steerability=5"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0
    line = "what-if: weights differ from the criteria file: steerability 20 -> 5"
    assert line in result.stdout
    if fmt == "csv":
        rows = result.stdout.splitlines()
        assert rows[0].endswith(",what_if")
        assert all(row.endswith(line) for row in rows[1:])


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            "relability=3",
            "'relability' is not a criterion or CRITERION.METRIC of the criteria file; did you mean 'reliability'?",
        ),
        ("mmlu=3", "did you mean 'reliability.mmlu'?"),
        ("cost.mmlu=3", "'cost.mmlu' is not a criterion"),
        ("reliability=0", "a weight must be a number above 0"),
        ("reliability=-2", "a weight must be a number above 0"),
        ("reliability=much", "the weight 'much' is not a number"),
        ("reliability", "is not CRITERION=WEIGHT"),
    ],
)
def test_bad_weights_are_usage_errors(
    runner: CliRunner, bundled_copy: Path, in_dir, entry: str, message: str
) -> None:  # type: ignore[no-untyped-def]
    in_dir(bundled_copy)
    result = runner.invoke(app, ["rank", "--weight", entry], catch_exceptions=False)
    assert result.exit_code == 2
    assert "Invalid value for '--weight'" in result.stderr
    assert message in " ".join(result.stderr.split())
    assert result.stdout == ""


def test_the_same_weight_twice_is_a_usage_error(
    runner: CliRunner, bundled_copy: Path, in_dir
) -> None:  # type: ignore[no-untyped-def]
    in_dir(bundled_copy)
    result = runner.invoke(
        app, ["rank", "--weight", "cost=1", "--weight", "cost=2"], catch_exceptions=False
    )
    assert result.exit_code == 2
    assert "'cost' is given twice" in result.stderr


def test_report_refuses_weights_without_what_if(
    runner: CliRunner, bundled_copy: Path, in_dir
) -> None:  # type: ignore[no-untyped-def]
    in_dir(bundled_copy)
    result = runner.invoke(app, ["report", "--weight", "cost=60"], catch_exceptions=False)
    assert result.exit_code == 2
    assert "needs --what-if" in " ".join(result.stderr.split())
    result = runner.invoke(app, ["report", "--what-if"], catch_exceptions=False)
    assert result.exit_code == 2
    assert not (bundled_copy / "scorecard.pdf").exists()


def test_apply_weights_is_pure(bundled_copy: Path) -> None:
    from scorecard.load.inputs import load_inputs
    from scorecard.load.project import InputPaths
    from scorecard.score.what_if import apply_weights, resolve_overrides

    inputs = load_inputs(
        InputPaths((bundled_copy / "vendors",), bundled_copy / "criteria.toml")
    ).inputs
    assert inputs is not None
    overrides = resolve_overrides(inputs, ["cost.latency_ms=2.5", "steerability=1"])
    changed = apply_weights(inputs, overrides)
    assert inputs.criteria.criteria["cost"].metrics["latency_ms"].weight == 30
    assert changed.criteria.criteria["cost"].metrics["latency_ms"].weight == 2.5
    assert changed.criteria.criteria["steerability"].weight == 1
    assert {rm.metric: rm.weight for rm in changed.metrics}["latency_ms"] == 2.5
    assert changed.vendors is inputs.vendors and changed.criteria_source is inputs.criteria_source
    assert [(o.name, o.original) for o in overrides] == [
        ("cost.latency_ms", 30),
        ("steerability", 20),
    ]


@pytest.mark.slow
def test_what_if_report_is_marked_on_every_page_and_verifies(
    runner: CliRunner,
    bundled_copy: Path,
    in_dir,  # type: ignore[no-untyped-def]
) -> None:
    import pikepdf

    in_dir(bundled_copy)
    args = ["report", "-q", "--date", DATE, "--draws", "200", "--what-if", "--weight", "cost=60"]
    result = runner.invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    pdf = bundled_copy / "scorecard.pdf"
    pages = len(pikepdf.open(pdf).pages)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert text.count("What-if \u2014 not the approved weighting") >= pages > 1
    assert "Weights differ from the criteria file: cost 30 \u2192 60." in " ".join(text.split())
    with pikepdf.open(pdf) as doc:
        manifest = json.loads(doc.attachments["manifest.json"].get_file().read_bytes())
        results = json.loads(doc.attachments["results.json"].get_file().read_bytes())
    assert json.loads(manifest["options"]["weights"]) == {"cost": 60.0}
    assert manifest["reproduce"].endswith(" --what-if --weight=cost=60.0")
    assert results["what_if"]["weights"] == {"cost": 60.0}
    verify = runner.invoke(app, ["verify", str(pdf)], catch_exceptions=False)
    assert verify.exit_code == 0, verify.output
    plain = runner.invoke(
        app,
        ["report", "-q", "--date", DATE, "--draws", "200", "-o", "plain.pdf"],
        catch_exceptions=False,
    )
    assert plain.exit_code == 0
    plain_text = subprocess.run(
        ["pdftotext", "plain.pdf", "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "What-if" not in plain_text
    plain_id = re.search(r"report id (\w+)", plain.stderr)
    what_if_id = re.search(r"report id (\w+)", result.stderr)
    assert plain_id and what_if_id and plain_id[1] != what_if_id[1]
