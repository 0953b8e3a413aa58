"""The RFP questionnaire: written from the criteria, filled as a bidder would (with
openpyxl), read back into a vendor file, validated and ranked."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from typer.testing import CliRunner

from scorecard.cli import app

REPO = Path(__file__).resolve().parents[2]
DATE = "2026-06-01"
REQUIREMENTS = """
[[gates]]
metric = "eu_data_residency"
require = true
reason = "tender clause 7.1"

[metrics.onsite_support]
unit = "yes/no"
direction = "higher"
description = "An engineer can be on site within two working days."
"""

# metric -> (value, unit or None for the pre-filled one, as_of); None: left blank
ANSWERS: dict[str, tuple[Any, str | None, Any] | None] = {
    "hallucination_rate": (9.5, None, dt.date(2026, 4, 1)),
    "mmlu": (0.885, "fraction", "2026-03"),
    "humaneval_pass_at_1": None,  # an optional row left blank
    "price_input_usd_per_mtok": (2.5, None, dt.date(2026, 5, 1)),
    "price_output_usd_per_mtok": ("10", None, dt.date(2026, 5, 1)),
    # the monthly cost's other figures: a cache-read price, no discounts or fee offered
    "price_cached_input_usd_per_mtok": (0.25, None, dt.date(2026, 5, 1)),
    "batch_discount": None,
    "discount": None,
    "platform_fee_usd_per_month": None,
    "latency_ms": (0.4, "s", 2026),
    "ifeval_strict": (81, None, dt.date(2026, 4, 1)),
    "context_window_tokens": (128000, None, dt.date(2026, 4, 1)),
    "eu_data_residency": ("yes", None, dt.date(2026, 2, 14)),
    "onsite_support": ("no", None, dt.date(2026, 2, 14)),
}


@pytest.fixture
def project(bundled_copy: Path, in_dir) -> Path:  # type: ignore[no-untyped-def]
    crit = bundled_copy / "criteria.toml"
    # the requirements change what scores: the example's approval lock no longer holds
    text = re.sub(r"^approved_sha256 = .*\n", "", crit.read_text(), flags=re.MULTILINE)
    crit.write_text(text + REQUIREMENTS)
    return in_dir(bundled_copy)  # type: ignore[no-any-return]


def _questionnaire(runner: CliRunner, out: str = "questionnaire.xlsx") -> None:
    result = runner.invoke(
        app, ["questionnaire", "-o", out, "--date", DATE], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output


def _rows(ws: Any) -> dict[str, int]:
    return {str(ws[f"A{r}"].value): r for r in range(7, ws.max_row + 1) if ws[f"A{r}"].value}


def _fill(
    sheets: SimpleNamespace, src: str, dst: str, answers: dict[str, Any], who: bool = True
) -> None:
    wb = sheets.load(Path(src), values=False)
    ws = wb["Questions"]
    if who:
        ws["B4"], ws["D4"] = "Acme", "Acme Large"
    rows = _rows(ws)
    for metric, answer in answers.items():
        if answer is None:
            continue
        value, unit, as_of = answer
        r = rows[metric]
        ws[f"D{r}"] = value
        if unit:
            ws[f"E{r}"] = unit
        ws[f"G{r}"] = as_of
    if answers.get("hallucination_rate") and answers["hallucination_rate"][0] == 9.5:
        ws[f"F{rows['hallucination_rate']}"] = "Acme model card v2, section 4"
        ws[f"H{rows['hallucination_rate']}"] = "third-party"
        ws[f"I{rows['hallucination_rate']}"] = "HHEM-2.1"
    wb.save(dst)


def test_questions_follow_the_criteria(
    project: Path, runner: CliRunner, sheets: SimpleNamespace
) -> None:
    _questionnaire(runner)
    ws = sheets.load(project / "questionnaire.xlsx")["Questions"]
    rows = _rows(ws)
    assert list(rows) == list(ANSWERS)  # the monthly cost asks for its prices and fee
    criteria = tomllib.loads((project / "criteria.toml").read_text())
    assert ws["B3"].value == criteria["reference"] and ws["D3"].value == criteria["version"]
    assert ws["B2"].value == "Example Corp procurement"
    hall = rows["hallucination_rate"]
    assert ws[f"C{hall}"].value.startswith(
        "Required: must be at most 15 percent (contract clause 4.2"
    )
    assert ws[f"E{hall}"].value == "percent"
    assert ws[f"C{rows['eu_data_residency']}"].value == "Required: must be yes (tender clause 7.1)."
    assert ws[f"B{rows['onsite_support']}"].value.startswith(
        "Yes or no: An engineer can be on site"
    )
    assert ws[f"C{rows['mmlu']}"].value == "Scored under reliability."
    validations = {
        (dv.type, str(dv.sqref)[0], dv.formula1)
        for dv in sheets.load(project / "questionnaire.xlsx", values=False)[
            "Questions"
        ].data_validations.dataValidation
    }
    assert ("decimal", "D", "0.0") in validations  # numbers, at least the metric's minimum
    assert ("list", "D", '"yes,no"') in validations
    assert ("list", "E", '"percent,fraction"') in validations
    assert ("list", "H", '"vendor-claim,third-party,estimate"') in validations
    assert any(t == "date" and col == "G" for t, col, _f in validations)


def test_panel_metrics_are_not_asked() -> None:
    from scorecard.authoring.questionnaire import load_criteria_spec, questions

    path = REPO / "tests" / "cases" / "valid" / "panel-and-requirements" / "criteria.toml"
    asked = [q.metric for q in questions(load_criteria_spec(path, "criteria.toml"))]
    assert "support_quality" not in asked and "style_adherence" not in asked
    assert "hallucination_rate" in asked and "sso_saml" in asked


def test_same_criteria_same_bytes(project: Path, runner: CliRunner) -> None:
    _questionnaire(runner, "a.xlsx")
    _questionnaire(runner, "b.xlsx")
    assert (project / "a.xlsx").read_bytes() == (project / "b.xlsx").read_bytes()


def test_round_trip(project: Path, runner: CliRunner, sheets: SimpleNamespace) -> None:
    """Export, fill as a bidder would, import, validate, rank: the ranked figures are
    the ones filled in."""
    from scorecard.load.inputs import load_inputs
    from scorecard.load.project import InputPaths
    from scorecard.model.cost import COST_INPUTS
    from scorecard.model.units import convert

    _questionnaire(runner)
    _fill(sheets, "questionnaire.xlsx", "acme.xlsx", ANSWERS)
    result = runner.invoke(
        app,
        ["import", "questionnaire", "acme.xlsx", "--vendor-id", "acme-large"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert "warning: humaneval_pass_at_1: not answered" in result.stdout
    assert (
        "11 added" not in result.stderr
        and "10 added, 0 changed, 0 unchanged; wrote 1 file (1 new)" in result.stderr
    )
    assert runner.invoke(app, ["validate"], catch_exceptions=False).exit_code == 0
    ranked = json.loads(
        runner.invoke(
            app, ["rank", "--format", "json", "--date", DATE], catch_exceptions=False
        ).stdout
    )
    assert [v["id"] for v in ranked["ranking"]] == ["acme-large"]  # the others lack EU residency
    acme = ranked["ranking"][0]
    inputs = load_inputs(InputPaths((project / "vendors",), project / "criteria.toml")).inputs
    assert inputs is not None
    rec = next(r for r in inputs.vendors if r.id == "acme-large")
    assert (rec.vendor, rec.model) == ("Acme", "Acme Large")
    for metric, answer in ANSWERS.items():
        if answer is None:
            assert metric not in rec.values
            if metric not in COST_INPUTS:  # a part of the monthly cost is not scored itself
                assert acme["metrics"][metric]["missing"] is True
            continue
        value, unit, as_of = answer
        mdef = inputs.catalog[metric]
        expected = (
            (value == "yes") * 1.0
            if mdef.yes_no
            else convert(float(value), unit or mdef.unit, mdef.unit)
        )
        assert rec.values[metric] == pytest.approx(expected, rel=1e-12), metric
        if metric in acme["metrics"]:
            assert acme["metrics"][metric]["value"] == pytest.approx(expected, rel=1e-12), metric
        fig = rec.file.metrics[metric]
        assert fig.as_of == (str(as_of) if isinstance(as_of, int) else as_of)
    hall = rec.file.metrics["hallucination_rate"]
    assert (hall.source, hall.evidence, hall.method) == (
        "Acme model card v2, section 4",
        "third-party",
        "HHEM-2.1",
    )
    ifeval = rec.file.metrics["ifeval_strict"]
    assert ifeval.source == "RFP questionnaire response (acme.xlsx, sheet Questions, row 17)"
    assert ifeval.evidence == "vendor-claim"


def test_import_updates_a_vendor_file_keeping_comments(
    project: Path, runner: CliRunner, sheets: SimpleNamespace
) -> None:
    path = project / "vendors" / "acme-large.toml"
    path.write_text(
        '# Acme\'s offer, lot 2\nschema_version = 1\nvendor = "Acme"\nmodel = "Acme Large"\n\n'
        '[metrics.mmlu]  # from their brochure\nvalue = 80\nunit = "percent"\nsource = "brochure"\n'
        'as_of = 2025\nevidence = "vendor-claim"\n'.replace("as_of = 2025", 'as_of = "2025"')
    )
    _questionnaire(runner)
    _fill(
        sheets,
        "questionnaire.xlsx",
        "acme.xlsx",
        {"mmlu": (86, None, dt.date(2026, 4, 1))},
        who=False,
    )
    result = runner.invoke(
        app,
        ["import", "questionnaire", "acme.xlsx", "--vendor-id", "acme-large"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert "changed   mmlu: 80 percent -> 86 percent" in result.stdout
    text = path.read_text()
    assert text.startswith("# Acme's offer, lot 2\n")
    assert "[metrics.mmlu]  # from their brochure\nvalue = 86\n" in text


BAD = {
    "hallucination_rate": ("approx. 5", None, dt.date(2026, 4, 1)),
    "mmlu": (88, "pct", dt.date(2026, 4, 1)),
    "price_input_usd_per_mtok": (2.5, None, "last spring"),
    "latency_ms": (-3, None, dt.date(2026, 4, 1)),
    "eu_data_residency": ("maybe", None, dt.date(2026, 4, 1)),
}


def test_bad_cells_are_findings_and_nothing_is_written(
    project: Path, runner: CliRunner, sheets: SimpleNamespace
) -> None:
    _questionnaire(runner)
    _fill(sheets, "questionnaire.xlsx", "questionnaire-filled.xlsx", BAD)
    wb = sheets.load(project / "questionnaire-filled.xlsx", values=False)
    wb["Questions"]["H8"] = "in-house"
    wb.save(project / "questionnaire-filled.xlsx")
    before = sorted(p.name for p in (project / "vendors").iterdir())
    result = runner.invoke(
        app,
        ["import", "questionnaire", "questionnaire-filled.xlsx", "--vendor-id", "acme"],
        catch_exceptions=False,
    )
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "questionnaire-filled.xlsx:Questions!D7: value: must be a number (got 'approx. 5') [wrong-type]",
        "questionnaire-filled.xlsx:Questions!E8: unit: must be one of percent, fraction (got 'pct') [invalid-choice]",
        "questionnaire-filled.xlsx:Questions!H8: evidence: must be one of vendor-claim, third-party, estimate (got 'in-house') [invalid-choice]",
        'questionnaire-filled.xlsx:Questions!G10: as_of: must be a date (2026-03-01), or a month or year as text ("2026-03", "2026") (got \'last spring\') [invalid-date]',
        "questionnaire-filled.xlsx:Questions!D16: value: must be at least 0 ms (got -3) [value-out-of-range]",
        "questionnaire-filled.xlsx:Questions!D19: value: must be yes or no (got 'maybe') [wrong-type]",
    ]
    assert result.stderr == "Error: 6 problems in the input files\n"
    assert sorted(p.name for p in (project / "vendors").iterdir()) == before


def test_questionnaire_from_other_criteria_is_refused(
    project: Path, runner: CliRunner, sheets: SimpleNamespace
) -> None:
    _questionnaire(runner)
    _fill(sheets, "questionnaire.xlsx", "acme.xlsx", ANSWERS)
    crit = project / "criteria.toml"
    version = tomllib.loads(crit.read_text())["version"]
    crit.write_text(crit.read_text().replace(f'version = "{version}"', 'version = "9.9"'))
    result = runner.invoke(
        app, ["import", "questionnaire", "acme.xlsx", "--vendor-id", "acme"], catch_exceptions=False
    )
    assert result.exit_code == 1
    message = " ".join(result.stderr.split())
    assert message.startswith(
        "Error: acme.xlsx was written for other criteria: reference 'RFP-2026-014', "
        f"version '{version}'; criteria.toml is reference 'RFP-2026-014', version '9.9'."
    )
    assert not (project / "vendors" / "acme.toml").exists()


def test_not_a_questionnaire(project: Path, runner: CliRunner) -> None:
    assert (
        runner.invoke(
            app, ["export", "xlsx", "-o", "scores.xlsx"], catch_exceptions=False
        ).exit_code
        == 0
    )
    result = runner.invoke(
        app,
        ["import", "questionnaire", "scores.xlsx", "--vendor-id", "acme"],
        catch_exceptions=False,
    )
    assert result.exit_code == 1
    assert "scores.xlsx: not a scorecard questionnaire" in result.stderr
    result = runner.invoke(
        app,
        ["import", "questionnaire", "criteria.toml", "--vendor-id", "acme"],
        catch_exceptions=False,
    )
    assert result.exit_code == 1
    assert "criteria.toml: not an Excel workbook (.xlsx)" in result.stderr
    assert "Traceback" not in result.output


def test_a_new_vendor_needs_a_name(
    project: Path, runner: CliRunner, sheets: SimpleNamespace
) -> None:
    _questionnaire(runner)
    _fill(sheets, "questionnaire.xlsx", "anon.xlsx", ANSWERS, who=False)
    result = runner.invoke(
        app, ["import", "questionnaire", "anon.xlsx", "--vendor-id", "anon"], catch_exceptions=False
    )
    assert result.exit_code == 1
    assert "give --vendor and --model" in result.stderr
    result = runner.invoke(
        app,
        [
            "import",
            "questionnaire",
            "anon.xlsx",
            "--vendor-id",
            "anon",
            "--vendor",
            "Anon",
            "--model",
            "A1",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert 'vendor = "Anon"\nmodel = "A1"' in (project / "vendors" / "anon.toml").read_text()
