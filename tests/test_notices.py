"""Requirement reasons, panel warnings and the grouping of repeated warnings."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scorecard.load.inputs import load_inputs
from scorecard.load.project import default_paths
from scorecard.model.inputs import Inputs
from scorecard.model.results import ScoringWarning
from scorecard.score.notices import group_warnings, panel_warnings, requirement_reasons

PANEL_CASE = Path(__file__).parent / "cases" / "valid" / "panel-and-requirements"


@pytest.fixture
def inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Inputs:
    work = tmp_path / "case"
    shutil.copytree(PANEL_CASE, work)
    monkeypatch.chdir(work)
    result = load_inputs(default_paths(work, None, None))
    assert result.inputs is not None, result.findings
    return result.inputs


def test_requirement_failing_and_missing(inputs: Inputs) -> None:
    acme, bolt = inputs.vendors
    assert requirement_reasons(acme, inputs.gates) == []
    assert requirement_reasons(bolt, inputs.gates) == [
        "eu_data_residency is no; required (tender clause 7.1: data stays in the EU)",
        "soc2_type2_report missing; required (A current SOC 2 Type II audit report is "
        "available to customers.)",
    ]


def test_panel_warnings(inputs: Inputs) -> None:
    assert [(w.code, w.message) for w in panel_warnings(inputs.panel)] == [
        (
            "panel-disagreement",
            "bolt.2: support_quality: evaluators disagree (scores 2 to 5 on 0-5, a range of "
            "40% of the scale or more); moderate it",
        ),
        (
            "panel-missing-score",
            "bolt.2: style_adherence: no score from Bob Example; the spread uses the 1 score given",
        ),
        ("panel-few-scores", "bolt.2: style_adherence: only one evaluator score (Alice Example)"),
    ]
    assert panel_warnings(None) == []


def _w(
    code: str, vendor: str | None, metric: str | None, detail: str | None = None
) -> ScoringWarning:
    return ScoringWarning(
        code=code, message=f"{vendor}: {metric} {code}", vendor=vendor, metric=metric, detail=detail
    )


def test_group_warnings_one_line_per_kind() -> None:
    warnings = [
        _w("vendor-claim-evidence", "gpt-4", "price_input_usd_per_mtok"),
        _w("method-differs", None, "mmlu"),
        _w("vendor-claim-evidence", "claude", "price_input_usd_per_mtok"),
        ScoringWarning(code="exclude-policy", message="exclude lets vendors gain"),
        _w("vendor-claim-evidence", "gpt-4", "price_output_usd_per_mtok"),
        _w("method-differs", None, "latency_ms"),
        _w("stale-figure", "gpt-4", "mmlu"),
        _w("panel-missing-score", "acme", "support", "no score from Bob"),
        _w("panel-missing-score", "bolt", "support", "no score from Bob, Zoe"),
    ]
    grouped = group_warnings(warnings)
    assert [(w.code, w.message, w.vendor, w.metric) for w in grouped] == [
        (
            "vendor-claim-evidence",
            "vendor claims, not independent measurements (3): claude "
            "(price_input_usd_per_mtok); gpt-4 (price_input_usd_per_mtok, "
            "price_output_usd_per_mtok)",
            None,
            None,
        ),
        (
            "method-differs",
            "vendors' figures not measured the same way (2): mmlu; latency_ms",
            None,
            None,
        ),
        ("exclude-policy", "exclude lets vendors gain", None, None),
        ("stale-figure", "gpt-4: mmlu stale-figure", "gpt-4", "mmlu"),  # alone: unchanged
        (
            "panel-missing-score",
            "evaluator scores missing (aggregated over the scores given) (2): acme (support "
            "(no score from Bob)); bolt (support (no score from Bob, Zoe))",
            None,
            "support",
        ),
    ]


def test_grouping_keeps_every_vendor_and_metric() -> None:
    warnings = [_w("estimate-evidence", f"v{i}", f"m{j}") for i in range(5) for j in range(3)]
    (line,) = group_warnings(warnings)
    for i in range(5):
        assert f"v{i} (m0, m1, m2)" in line.message
    assert group_warnings([]) == []
