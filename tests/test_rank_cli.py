"""`scorecard rank` through typer's CliRunner: formats, parity with the library, exit
codes, and the degenerate cases."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from scorecard.cli import app
from scorecard.load.inputs import load_inputs
from scorecard.load.project import InputPaths
from scorecard.model.results import Ranking
from scorecard.report.format import score_decimals
from scorecard.score.ranking import score_vendors

CUSTOM = {"q": "higher"}
ONE_METRIC = {
    "criteria": {"k": {"weight": 1, "metrics": {"q": {"weight": 1, "best": 10, "worst": 0}}}}
}


def invoke(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(app, list(args), catch_exceptions=False)


def case_args(root: Path) -> list[str]:
    return ["--vendors", str(root / "vendors"), "--criteria", str(root / "criteria.toml")]


def test_rank_json_equals_library_dump(runner: CliRunner, bundled_copy: Path, in_dir: Any) -> None:
    """Parity: `--format json` is exactly Ranking.to_json() of the library's result."""
    in_dir(bundled_copy)
    result = invoke(runner, "rank", "--format", "json", "--date", "2026-11-24")
    assert result.exit_code == 0, result.output
    inputs = load_inputs(InputPaths((Path("vendors"),), Path("criteria.toml"))).inputs
    assert inputs is not None
    ranking = score_vendors(inputs, dt.date(2026, 11, 24))
    assert result.stdout == ranking.to_json()
    # the engine builds results without re-validation: they must survive a validating round trip
    assert Ranking.model_validate_json(result.stdout).to_json() == result.stdout
    data = json.loads(result.stdout)
    assert {"method", "date", "ranking", "disqualified", "warnings"} <= set(data)
    first = data["ranking"][0]
    assert {"rank", "id", "vendor", "model", "score", "win_rate", "criteria", "metrics"} <= set(
        first
    )
    assert data["disqualified"][0]["id"] == "gpt-4"


def test_rank_table_bundled(runner: CliRunner, bundled_copy: Path, in_dir: Any) -> None:
    in_dir(bundled_copy)
    result = invoke(runner, "rank", "--date", "2026-11-24")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == 'Ranking by weighted-sum, 2026-11-24 (missing = "worst")'
    assert lines[2].split() == [
        "Rank", "Vendor", "Model", "Id", "Score", "Reliability", "Cost", "Steerability", "Win", "rate",
    ]  # fmt: skip
    assert lines[4].split()[:4] == ["1", "OpenAI", "GPT-5.4", "gpt-5.4"]
    assert "Disqualified:" in lines
    assert (
        "    - Context window 8192 tokens < min 32000 tokens "
        "(long documents: context window of at least 32K tokens)"
    ) in lines
    assert any(line.startswith("Warnings (") for line in lines)


def test_rank_csv_and_markdown(runner: CliRunner, bundled_copy: Path, in_dir: Any) -> None:
    in_dir(bundled_copy)
    out = invoke(runner, "rank", "--format", "csv", "--date", "2026-11-24").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows] == ["gpt-5.4", "claude-3-opus", "gpt-4-turbo", "gpt-4"]
    assert rows[-1]["status"] == "disqualified"
    assert rows[0]["rank"] == "1"
    md = invoke(runner, "rank", "--format", "markdown", "--date", "2026-11-24").stdout
    assert md.startswith("## Ranking (weighted-sum, 2026-11-24)\n")
    assert "| 1 | OpenAI | GPT-5.4 | `gpt-5.4` |" in md
    assert "### Disqualified" in md


def test_rank_invalid_input_gives_validate_findings(
    runner: CliRunner, bundled_copy: Path, in_dir: Any
) -> None:
    in_dir(bundled_copy)
    path = bundled_copy / "vendors" / "gpt-4.toml"
    path.write_text(path.read_text().replace("value = 86.4", "value = 140"))
    validate = invoke(runner, "validate")
    rank = invoke(runner, "rank")
    assert rank.exit_code == 1
    assert validate.exit_code == 1
    assert rank.stdout == validate.stdout
    assert "vendors/gpt-4.toml:" in rank.stdout
    assert rank.stderr == "Error: 1 problem in the input files\n"


@pytest.mark.parametrize("args", [[], ["--sensitivity", "--draws", "10"]])
def test_rank_json_prints_findings_as_json(
    runner: CliRunner, bundled_copy: Path, in_dir: Any, args: list[str]
) -> None:
    """With --format json, bad input is a JSON list of findings on stdout (the same
    list `validate --format json` prints), never text a JSON reader chokes on."""
    in_dir(bundled_copy)
    (bundled_copy / "vendors" / "gpt-4.toml").write_text("schema_version = 1\nvendor = 3\n")
    rank = invoke(runner, "rank", "--format", "json", *args)
    validate = invoke(runner, "validate", "--format", "json")
    assert rank.exit_code == 1
    assert rank.stdout == validate.stdout
    assert [(f["path"], f["code"]) for f in json.loads(rank.stdout)] == [
        ("vendors/gpt-4.toml", "missing-key"),
        ("vendors/gpt-4.toml", "wrong-type"),
    ]
    assert rank.stderr == "Error: 2 problems in the input files\n"


def test_rank_json_prints_scoring_findings_as_json(
    runner: CliRunner, tmp_path: Path, make_case: Any
) -> None:
    """Findings raised while scoring (not loading) come out as JSON too."""
    root = make_case(tmp_path, {"missing": "neutral", **ONE_METRIC}, {"a": {"q": 1}}, custom=CUSTOM)
    result = invoke(runner, "rank", *case_args(root), "--method", "topsis", "--format", "json")
    assert result.exit_code == 1
    assert [f["code"] for f in json.loads(result.stdout)] == ["missing-policy-topsis"]
    assert result.stderr == "Error: 1 problem in the input files\n"


def test_rank_zero_vendor_files(runner: CliRunner, tmp_path: Path, make_case: Any) -> None:
    root = make_case(tmp_path, ONE_METRIC, {}, custom=CUSTOM)
    result = invoke(runner, "rank", *case_args(root))
    assert result.exit_code == 1
    assert result.stdout == f"{root / 'vendors'}: folder holds no .toml files [no-toml-files]\n"
    assert result.stderr == "Error: 1 problem in the input files\n"


def test_rank_one_vendor(runner: CliRunner, tmp_path: Path, make_case: Any) -> None:
    root = make_case(tmp_path, ONE_METRIC, {"solo": {"q": 4}}, custom=CUSTOM)
    for method in ("weighted-sum", "topsis"):
        result = invoke(runner, "rank", *case_args(root), "--format", "json", "--method", method)
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert [(v["rank"], v["id"]) for v in data["ranking"]] == [(1, "solo")]
        assert data["ranking"][0]["score"] == (40.0 if method == "weighted-sum" else 100.0)
        assert data["recommendation"].startswith("Recommended: SOLO model solo (solo), the only")


def test_rank_all_disqualified_exits_zero_with_reasons(
    runner: CliRunner, tmp_path: Path, make_case: Any
) -> None:
    crit = {**ONE_METRIC, "gates": [{"metric": "q", "min": 5, "reason": "clause 9"}]}
    root = make_case(tmp_path, crit, {"a": {"q": 1}, "b": {"q": 2}}, custom=CUSTOM)
    result = invoke(runner, "rank", *case_args(root), "--date", "2026-01-15")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "No vendor ranked." in lines
    assert "    - Q 1 score < min 5 score (clause 9)" in lines
    assert "    - Q 2 score < min 5 score (clause 9)" in lines
    assert any(line.startswith("No vendor qualifies") for line in lines)
    data = json.loads(invoke(runner, "rank", *case_args(root), "--format", "json").stdout)
    assert data["ranking"] == []
    assert [d["reasons"] for d in data["disqualified"]] == [
        ["q 1 score < min 5 score (clause 9)"],
        ["q 2 score < min 5 score (clause 9)"],
    ]


@pytest.mark.parametrize("from_file", [True, False])
def test_rank_topsis_with_neutral_is_a_finding(
    runner: CliRunner, tmp_path: Path, make_case: Any, from_file: bool
) -> None:
    crit = {"missing": "neutral", **ONE_METRIC}
    if from_file:
        crit["method"] = "topsis"
    root = make_case(tmp_path, crit, {"a": {"q": 1}}, custom=CUSTOM)
    args = [] if from_file else ["--method", "topsis"]
    result = invoke(runner, "rank", *case_args(root), *args)
    assert result.exit_code == 1
    line = next(
        n
        for n, text in enumerate((root / "criteria.toml").read_text().splitlines(), 1)
        if text.startswith("missing =")
    )
    assert result.stdout == (
        f'{root / "criteria.toml"}:{line}:1: missing: missing = "neutral" cannot be used with '
        'method "topsis", which needs a value in every cell (use "worst" or "fail") '
        "[missing-policy-topsis]\n"
    )
    assert result.stderr == "Error: 1 problem in the input files\n"


def test_rank_date_rule(
    runner: CliRunner, tmp_path: Path, make_case: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_case(tmp_path, ONE_METRIC, {"a": {"q": 1}}, custom=CUSTOM)
    bad = invoke(runner, "rank", *case_args(root), "--date", "2026-13-01")
    assert bad.exit_code == 2
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    data = json.loads(invoke(runner, "rank", *case_args(root), "--format", "json").stdout)
    assert data["date"] == "2026-01-01"
    data = json.loads(
        invoke(runner, "rank", *case_args(root), "--format", "json", "--date", "2026-02-03").stdout
    )
    assert data["date"] == "2026-02-03"


def test_rank_usage_errors_exit_2(runner: CliRunner) -> None:
    assert runner.invoke(app, ["rank", "--format", "yaml"]).exit_code == 2
    assert runner.invoke(app, ["rank", "--method", "ahp"]).exit_code == 2


def test_rank_has_help(runner: CliRunner) -> None:
    result = invoke(runner, "rank", "--help")
    assert result.exit_code == 0
    for option in ("--vendors", "--criteria", "--method", "--format", "--date"):
        assert option in result.stdout


def test_score_decimals_separate_different_ranks() -> None:
    assert score_decimals([50.0, 40.0]) == 1
    assert score_decimals([50.001, 50.004]) == 3
    assert score_decimals([50.0000001, 50.0000002]) == 1  # equal at 6 decimals: a tie
    assert score_decimals([50.000001, 50.000002]) == 6
    assert score_decimals([]) == 1


def test_rank_table_shows_enough_decimals(
    runner: CliRunner, tmp_path: Path, make_case: Any
) -> None:
    root = make_case(tmp_path, ONE_METRIC, {"a": {"q": 5.0001}, "b": {"q": 5.0002}}, custom=CUSTOM)
    lines = invoke(runner, "rank", *case_args(root)).stdout.splitlines()
    # the scores tell the two apart; criterion points are shown at one decimal
    assert lines[4].split() == ["1", "B", "model", "b", "b", "50.002", "50.0", "100%"]
    assert lines[5].split() == ["2", "A", "model", "a", "a", "50.001", "50.0", "0%"]


@pytest.mark.slow
def test_rank_imports_nothing_heavy(tmp_path: Path, make_case: Any) -> None:
    """`rank` must stay fast: no WeasyPrint, jinja2 or numpy in its process."""
    import subprocess
    import sys

    root = make_case(tmp_path, ONE_METRIC, {"a": {"q": 1}}, custom=CUSTOM)
    code = (
        "import sys\n"
        "from scorecard.cli import app\n"
        "try:\n"
        f"    app(['rank', '--vendors', {str(root / 'vendors')!r}, '--criteria', "
        f"{str(root / 'criteria.toml')!r}, '--format', 'json'])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code in (0, None), exc.code\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('weasyprint', 'jinja2', 'numpy', 'pikepdf', 'tomlkit', 'genai_prices',"
        " 'pyhanko', 'cryptography', 'asn1crypto', 'fontTools', 'xlsxwriter', 'openpyxl'))\n"
        "print(heavy, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stderr.strip() == "[]"


def test_rank_all_vendors_equal_on_a_metric(
    runner: CliRunner, tmp_path: Path, make_case: Any
) -> None:
    """Relative scaling with one distinct value: every vendor scores 1 on it, all tie."""
    crit = {"criteria": {"k": {"weight": 1, "metrics": {"q": {"weight": 1}}}}}
    root = make_case(tmp_path, crit, {"a": {"q": 3}, "b": {"q": 3}, "c": {"q": 3}}, custom=CUSTOM)
    result = invoke(runner, "rank", *case_args(root), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [(v["rank"], v["id"], v["score"]) for v in data["ranking"]] == [
        (1, "a", 100.0),
        (1, "b", 100.0),
        (1, "c", 100.0),
    ]
    assert data["recommendation"].startswith(
        "Tie for first place: A model a (a), B model b (b) and C model c (c)"
    )
    assert "relative-scaling" in [w["code"] for w in data["warnings"]]
