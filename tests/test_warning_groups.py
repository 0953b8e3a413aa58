"""Warnings people read (issue 13, part 4): every output groups warnings by kind and
metric (kind, metric, count, vendors), most serious kind first; the JSON keeps the
full list; the report's summary shows each kind once with its count and its appendix
both the groups and every warning."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scorecard.audit.manifest import build_manifest
from scorecard.cli import app
from scorecard.load.inputs import load_inputs
from scorecard.load.project import default_paths
from scorecard.model.inputs import Inputs
from scorecard.model.results import Ranking
from scorecard.report.html import render_html
from scorecard.report.labels import Labels
from scorecard.report.pdf import rendering_environment
from scorecard.report.warnings_view import summary_kinds, warning_rows, warnings_in_order
from scorecard.score.notices import group_warnings, seriousness
from scorecard.score.ranking import score_vendors
from tests.conftest import write_case

CRITERIA = {
    "method": "weighted-sum",
    "missing": "worst",
    "max_age_days": 30,
    "criteria": {
        "all": {
            "weight": 1,
            "metrics": {
                "latency_ms": {"weight": 1, "best": 200, "worst": 5000},
                "time_to_first_token_ms": {"weight": 1, "best": 100, "worst": 3000},
            },
        }
    },
}
# five vendors: latency and time to first token are vendor claims (one line per metric),
# every figure is stale at the date below, and e's latency is a wrong unit (0.9 ms)
VENDORS = {
    v: {"latency_ms": lat, "time_to_first_token_ms": 300}
    for v, lat in zip("abcde", (500, 600, 700, 800, 0.9), strict=True)
}
DATE = "2026-06-01"


@pytest.fixture
def case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = write_case(tmp_path / "c", CRITERIA, VENDORS, evidence="vendor-claim")
    monkeypatch.chdir(root)
    return root


def _rank(fmt: str) -> str:
    args = ["rank", "--date", DATE, "--format", fmt]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_table_has_one_line_per_kind_and_metric_most_serious_first(case: Path) -> None:
    full = json.loads(_rank("json"))["warnings"]
    codes = [w["code"] for w in full]
    # the JSON keeps every warning: 10 vendor claims, 10 stale figures, 1 implausible
    assert (codes.count("vendor-claim-evidence"), codes.count("stale-figure")) == (10, 10)
    assert codes.count("implausible-value") == 1
    lines = _rank("table").splitlines()
    start = lines.index(
        f"Warnings ({len(full)}, one line per kind and metric, most serious first):"
    )
    shown = [line for line in lines[start + 1 :] if line.startswith("  [")]
    assert [re.match(r"  \[([a-z-]+)\]", line)[1] for line in shown] == [  # type: ignore[index]
        "implausible-value",
        "stale-figure",
        "stale-figure",
        "vendor-claim-evidence",
        "vendor-claim-evidence",
    ]
    assert shown[1] == (
        "  [stale-figure] figures older than max_age_days: Latency (5): a, b, c, d, e"
    )
    assert shown[4] == (
        "  [vendor-claim-evidence] vendor claims, not independent measurements: "
        "Time to first token (5): a, b, c, d, e"
    )
    assert shown[0].startswith("  [implausible-value] e: Latency: 0.9 ms is outside")


def test_markdown_groups_the_same_way(case: Path) -> None:
    text = _rank("markdown")
    assert "21 warnings, one line per kind and metric, most serious first:" in text
    items = [line for line in text.splitlines() if line.startswith("- `")]
    assert [line.split("`")[1] for line in items] == [
        "implausible-value",
        "stale-figure",
        "stale-figure",
        "vendor-claim-evidence",
        "vendor-claim-evidence",
    ]


def _ranking(case: Path) -> tuple[Inputs, Ranking]:
    inputs = load_inputs(default_paths(case, None, None)).inputs
    assert inputs is not None
    return inputs, score_vendors(inputs, dt.date.fromisoformat(DATE))


def test_the_report_summary_and_appendix(case: Path) -> None:
    inputs, ranking = _ranking(case)
    labels = Labels.of(inputs.catalog, inputs.criteria)
    # page 1: each kind once, with its count, most serious first (a kind that occurs
    # once too: its message is in the appendix, page 1 has one line per kind)
    kinds = summary_kinds(ranking.warnings, labels)
    assert kinds == (
        "Figures outside the plausible range (check the unit): Latency (1)",
        "Figures older than max_age_days (10)",  # two metrics: named in the appendix
        "Vendor claims, not independent measurements (10)",
    )
    # the appendix: one row per kind and metric, then every warning in the same order
    rows = warning_rows(ranking.warnings, labels)
    assert [(r.code, r.metric, r.count, r.vendors) for r in rows] == [
        ("implausible-value", "Latency", 1, "e"),
        ("stale-figure", "Latency", 5, "a, b, c, d, e"),
        ("stale-figure", "Time to first token", 5, "a, b, c, d, e"),
        ("vendor-claim-evidence", "Latency", 5, "a, b, c, d, e"),
        ("vendor-claim-evidence", "Time to first token", 5, "a, b, c, d, e"),
    ]
    every = warnings_in_order(ranking.warnings)
    assert sorted(every, key=id) == sorted(ranking.warnings, key=id)
    ranks = [seriousness(w.code) for w in every]
    assert ranks == sorted(ranks)
    assert sum(g.count for g in group_warnings(ranking.warnings)) == len(ranking.warnings)


def test_the_rendered_report_shows_kinds_groups_and_every_warning(case: Path) -> None:
    """The HTML (no PDF): page 1's kinds in order, the appendix's two tables."""
    inputs, ranking = _ranking(case)
    env = rendering_environment()
    manifest = build_manifest(inputs, ranking.to_json().encode(), ranking.date, {}, env, "test")
    html = render_html(ranking, inputs, manifest, {})
    summary = html[html.index("Evidence warnings (21) by kind, most serious first") :]
    items = re.findall(r"<li>(.*?)</li>", summary[: summary.index("</ul>")])
    # each kind (without its count and the metric it names)
    assert [re.sub(r" \(\d+\)$", "", i).split(":")[0] for i in items] == [
        "Figures outside the plausible range (check the unit)",
        "Figures older than max_age_days",
        "Vendor claims, not independent measurements",
    ]
    appendix = html[html.index("Evidence warnings by kind and metric, most serious first") :]
    assert appendix.count('<td class="num">5</td>') == 4
    assert "<td>Vendor claims, not independent measurements</td><td>Time to first token</td>" in (
        appendix
    )
    every = appendix[appendix.index("All evidence warnings") :]
    assert every.count('<tr><td class="mono nowrap">') == len(ranking.warnings) == 21
    codes = re.findall(r'<td class="mono nowrap">([a-z-]+)</td>', every)
    assert [seriousness(c) for c in codes] == sorted(seriousness(c) for c in codes)


def test_the_workbook_lists_every_warning_most_serious_first(case: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    args = ["export", "xlsx", "-o", "book.xlsx", "--date", DATE]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    rows = list(openpyxl.load_workbook(case / "book.xlsx")["Warnings"].iter_rows(values_only=True))
    codes = [r[0] for r in rows[1:]]
    assert len(codes) == 21  # every warning, not the groups
    assert codes[0] == "implausible-value"
    assert [seriousness(c) for c in codes] == sorted(seriousness(c) for c in codes)
