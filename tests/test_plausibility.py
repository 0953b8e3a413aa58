"""Plausibility warnings (issue 13): a figure that is valid but most likely a mistake
is a warning with file, line and field; `validate` exits 0 on warnings alone and 1
with --strict; rank shows them among the evidence warnings.  The case folders
(tests/cases/*/plausibility-*) hold the single-wrong-figure cases and the honest
extremes; these tests cover the exit codes, the JSON and the rules' edges."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scorecard.cli import app
from scorecard.load.inputs import load_inputs
from scorecard.load.project import InputPaths
from scorecard.model.catalog import CATALOG_METRICS
from tests.conftest import write_case

CASES = Path(__file__).parent / "cases"
REPO = Path(__file__).resolve().parent.parent

CRITERIA = {
    "method": "weighted-sum",
    "missing": "worst",
    "criteria": {"all": {"weight": 1, "metrics": {"latency_ms": {"weight": 1}}}},
}


def _warnings(root: Path) -> list[tuple[str, str, str | None]]:
    """(vendor file, code, field) of each warning `validate` would print."""
    paths = InputPaths((root / "vendors",), root / "criteria.toml")
    result = load_inputs(paths)
    assert result.findings == []
    return [(Path(w.path).stem, w.code, w.field) for w in result.warnings]


def test_warnings_alone_exit_0_and_1_with_strict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "case"
    shutil.copytree(CASES / "invalid" / "plausibility-seconds-typed-as-ms", work)
    shutil.copy(REPO / "criteria.toml", work / "criteria.toml")
    monkeypatch.chdir(work)
    runner = CliRunner()
    result = runner.invoke(app, ["validate"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout.endswith("[implausible-value] (warning)\n")
    assert "are valid, with 1 warning" in result.stderr
    result = runner.invoke(app, ["validate", "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0
    (row,) = json.loads(result.stdout)
    assert row["severity"] == "warning"
    assert row["field"] == "metrics.time_to_first_token_ms.value"
    assert row["line"] == 48
    assert runner.invoke(app, ["validate", "--strict"]).exit_code == 1


def test_rank_shows_plausibility_among_the_evidence_warnings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "case"
    shutil.copytree(CASES / "invalid" / "plausibility-fraction-typed-as-percent", work)
    shutil.copy(REPO / "criteria.toml", work / "criteria.toml")
    monkeypatch.chdir(work)
    args = ["rank", "--date", "2026-04-01", "--format", "json"]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0
    rows = [w for w in json.loads(result.stdout)["warnings"] if w["code"] == "looks-like-fraction"]
    assert [(w["vendor"], w["metric"]) for w in rows] == [("acme", "hallucination_rate")]


def test_every_catalogue_metric_has_a_plausible_range() -> None:
    for m in CATALOG_METRICS:
        assert m.plausible_min is not None and m.plausible_max is not None, m.id
        assert m.plausible_min < m.plausible_max, m.id


def test_outlier_needs_three_vendors_and_skips_a_free_price(tmp_path: Path) -> None:
    two = write_case(
        tmp_path / "two", CRITERIA, {"a": {"latency_ms": 9000}, "b": {"latency_ms": 400}}
    )
    assert _warnings(two) == []
    three = write_case(
        tmp_path / "three",
        CRITERIA,
        {"a": {"latency_ms": 9000}, "b": {"latency_ms": 400}, "c": {"latency_ms": 600}},
    )
    assert _warnings(three) == [("a", "outlier", "metrics.latency_ms.value")]
    prices = {
        v: {"latency_ms": 500, "price_input_usd_per_mtok": p}
        for v, p in zip("abc", (0, 3, 4), strict=True)
    }
    assert _warnings(write_case(tmp_path / "free", CRITERIA, prices)) == []


def test_a_wrong_unit_is_flagged_once_not_also_as_an_outlier(tmp_path: Path) -> None:
    vendors = {v: {"latency_ms": x} for v, x in zip("abcd", (0.5, 400, 600, 800), strict=True)}
    root = write_case(tmp_path / "c", CRITERIA, vendors)
    assert _warnings(root) == [("a", "implausible-value", "metrics.latency_ms.value")]


def test_a_custom_metric_declares_its_plausible_range(tmp_path: Path) -> None:
    criteria = {
        **CRITERIA,
        "criteria": {"all": {"weight": 1, "metrics": {"uptime": {"weight": 1}}}},
    }
    vendors = {"a": {"uptime": 3}, "b": {"uptime": 40}}
    root = write_case(tmp_path / "c", criteria, vendors, custom={"uptime": "higher"})
    assert _warnings(root) == []  # no declared range: nothing is implausible
    path = root / "criteria.toml"
    text = path.read_text()
    assert text.count('direction = "higher"\n') == 1
    path.write_text(
        text.replace('direction = "higher"\n', 'direction = "higher"\nplausible_min = 7\n')
    )
    assert _warnings(root) == [("a", "implausible-value", "metrics.uptime.value")]


def test_a_vendor_claim_is_no_warning_where_it_is_the_normal_evidence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """List prices come from the vendor; a latency figure should not."""
    criteria = {
        **CRITERIA,
        "criteria": {
            "all": {
                "weight": 1,
                "metrics": {"latency_ms": {"weight": 1}, "price_input_usd_per_mtok": {"weight": 1}},
            }
        },
    }
    vendors = {v: {"latency_ms": 500, "price_input_usd_per_mtok": 3} for v in "ab"}
    root = write_case(tmp_path / "c", criteria, vendors, evidence="vendor-claim")
    monkeypatch.chdir(root)
    args = ["rank", "--date", "2026-01-15", "--format", "json"]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    claims = [
        (w["vendor"], w["metric"])
        for w in json.loads(result.stdout)["warnings"]
        if w["code"] == "vendor-claim-evidence"
    ]
    assert claims == [("a", "latency_ms"), ("b", "latency_ms")]


def test_a_custom_metric_may_expect_the_vendor_s_claim(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``vendor_claim_expected = true`` on a custom metric: its vendor claims raise no
    vendor-claim-evidence warning (a contractual SLA can only come from the vendor)."""
    criteria = {
        **CRITERIA,
        "criteria": {"all": {"weight": 1, "metrics": {"sla_uptime": {"weight": 1}}}},
    }
    vendors = {"a": {"sla_uptime": 99}, "b": {"sla_uptime": 98}}
    root = write_case(
        tmp_path / "c", criteria, vendors, custom={"sla_uptime": "higher"}, evidence="vendor-claim"
    )
    monkeypatch.chdir(root)
    args = ["rank", "--date", "2026-01-15", "--format", "json"]

    def claims() -> list[str | None]:
        result = CliRunner().invoke(app, args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        warnings = json.loads(result.stdout)["warnings"]
        return [w["vendor"] for w in warnings if w["code"] == "vendor-claim-evidence"]

    assert claims() == ["a", "b"]
    path = root / "criteria.toml"
    text = path.read_text()
    assert text.count('direction = "higher"\n') == 1
    path.write_text(
        text.replace(
            'direction = "higher"\n', 'direction = "higher"\nvendor_claim_expected = true\n'
        )
    )
    assert claims() == []
