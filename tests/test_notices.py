"""Requirement reasons, panel warnings, and how warnings are grouped (by kind and
metric) and ordered (most serious kind first) for the people who read them."""

from __future__ import annotations

import itertools
import re
import shutil
from pathlib import Path

import pytest

from scorecard.load.inputs import load_inputs
from scorecard.load.project import default_paths
from scorecard.model.inputs import Inputs
from scorecard.model.results import ScoringWarning
from scorecard.score.notices import (
    WARNING_KINDS,
    by_seriousness,
    group_warnings,
    panel_warnings,
    requirement_reasons,
    seriousness,
    warning_kinds,
)

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


def test_group_warnings_by_kind_and_metric_most_serious_first() -> None:
    warnings = [
        _w("vendor-claim-evidence", "gpt-4", "price_input_usd_per_mtok"),
        _w("method-differs", None, "mmlu"),
        _w("vendor-claim-evidence", "claude", "price_input_usd_per_mtok"),
        ScoringWarning(code="exclude-policy", message="exclude lets vendors gain"),
        _w("vendor-claim-evidence", "gpt-4", "price_output_usd_per_mtok"),
        _w("method-differs", None, "latency_ms"),
        _w("stale-figure", "gpt-4", "mmlu"),
        _w("panel-missing-score", "bolt", "support", "no score from Bob, Zoe"),
        _w("panel-missing-score", "acme", "support", "no score from Bob"),
    ]
    grouped = group_warnings(warnings)
    assert [(g.code, g.metric, g.count, g.vendors, g.message) for g in grouped] == [
        (
            "panel-missing-score",
            "support",
            2,
            ("acme", "bolt"),
            "evaluator scores missing (aggregated over the scores given): support (2): "
            "acme (no score from Bob), bolt (no score from Bob, Zoe)",
        ),
        ("stale-figure", "mmlu", 1, ("gpt-4",), "gpt-4: mmlu stale-figure"),  # alone: its own
        ("exclude-policy", None, 1, (), "exclude lets vendors gain"),
        (  # about no vendor: one line per kind, the metrics listed
            "method-differs",
            None,
            2,
            (),
            "vendors' figures not measured the same way (2): mmlu; latency_ms",
        ),
        (  # one line per kind AND metric
            "vendor-claim-evidence",
            "price_input_usd_per_mtok",
            2,
            ("claude", "gpt-4"),
            "vendor claims, not independent measurements: price_input_usd_per_mtok (2): "
            "claude, gpt-4",
        ),
        (
            "vendor-claim-evidence",
            "price_output_usd_per_mtok",
            1,
            ("gpt-4",),
            "gpt-4: price_output_usd_per_mtok vendor-claim-evidence",
        ),
    ]
    # every warning is in exactly one group: nothing is lost by grouping
    assert sorted(id(w) for g in grouped for w in g.warnings) == sorted(map(id, warnings))


def test_grouping_keeps_every_vendor_and_metric() -> None:
    warnings = [_w("estimate-evidence", f"v{i}", f"m{j}") for i in range(5) for j in range(3)]
    grouped = group_warnings(warnings)
    assert [(g.metric, g.count) for g in grouped] == [("m0", 5), ("m1", 5), ("m2", 5)]
    for g in grouped:
        assert g.message.endswith(f"{g.metric} (5): v0, v1, v2, v3, v4")
    assert group_warnings([]) == []


def test_the_issue_s_order_of_seriousness() -> None:
    """Panel disagreement, missing scores, plausibility, stale figures, then the rest."""
    tiers = [
        ["panel-disagreement"],
        ["panel-missing-score", "panel-few-scores", "panel-not-moderated"],
        ["implausible-value", "looks-like-fraction", "outlier"],
        ["stale-figure"],
        [c for c in WARNING_KINDS if c not in {"panel-disagreement", "panel-missing-score",
         "panel-few-scores", "panel-not-moderated", "implausible-value", "looks-like-fraction",
         "outlier", "stale-figure"}],
    ]  # fmt: skip
    for upper, lower in itertools.pairwise(tiers):
        assert max(map(seriousness, upper)) < min(map(seriousness, lower)), (upper, lower)
    assert seriousness("a-kind-nobody-listed") == len(WARNING_KINDS)  # last
    shuffled = [_w(c, "v", "m") for c in reversed(WARNING_KINDS)]
    assert [w.code for w in by_seriousness(shuffled)] == list(WARNING_KINDS)


def test_every_warning_the_code_raises_has_a_place_in_the_order() -> None:
    """A new kind of warning must be placed in WARNING_KINDS (else it sorts last and
    reads as its code)."""
    from scorecard.model.findings import GROUPS

    root = Path(__file__).resolve().parent.parent / "scorecard"
    raised = set()
    for path in (root / "score").glob("*.py"):
        raised |= set(re.findall(r'code=f?"([a-z0-9{}.-]+)"', path.read_text()))
    raised.discard("{fig.evidence}-evidence")
    raised |= {"vendor-claim-evidence", "estimate-evidence"}
    raised |= {c.code for c in GROUPS["Plausibility (warnings)"]}  # through Inputs.warnings
    raised.discard("future-date")  # validate's own: the ranking says future-figure
    assert raised - set(WARNING_KINDS) == set()
    assert {"panel-disagreement", "outlier", "stale-figure"} <= raised  # the scan finds them


def test_each_kind_once_with_its_count() -> None:
    warnings = [
        *(_w("vendor-claim-evidence", f"v{i}", "latency_ms") for i in range(3)),
        _w("outlier", "v1", "latency_ms"),
        _w("vendor-claim-evidence", "v1", "mmlu"),
        _w("panel-disagreement", "v2", "support"),
        _w("panel-disagreement", "v3", "support"),
    ]
    kinds = warning_kinds(warnings)
    assert [(k.code, k.count, k.metrics) for k in kinds] == [
        ("panel-disagreement", 2, ("support",)),
        ("outlier", 1, ("latency_ms",)),
        ("vendor-claim-evidence", 4, ("latency_ms", "mmlu")),
    ]
