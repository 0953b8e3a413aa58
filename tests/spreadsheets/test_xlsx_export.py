"""`export xlsx` without a spreadsheet engine: cached values, formulas, sheets,
reproducible bytes; `export csv` and `--csv-locale`."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from scorecard.cli import app

DATE = "2026-06-01"


def _export(runner: CliRunner, out: Path, *args: str) -> None:
    result = runner.invoke(
        app, ["export", "xlsx", "-o", str(out), "--date", DATE, *args], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output


def _rank(runner: CliRunner, *args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(
        app, ["rank", "--format", "json", "--date", DATE, *args], catch_exceptions=False
    )
    data: dict = json.loads(result.stdout)  # type: ignore[type-arg]
    return data


def test_cached_values_are_scorecards_numbers(
    runner: CliRunner, bundled_copy: Path, in_dir, sheets: SimpleNamespace
) -> None:  # type: ignore[no-untyped-def]
    """A viewer that does not recalculate shows scorecard's scores and ranks."""
    in_dir(bundled_copy)
    _export(runner, bundled_copy / "s.xlsx")
    rows = sheets.ranking_rows(bundled_copy / "s.xlsx")
    expected = _rank(runner)
    assert [v["id"] for v in expected["ranking"]] == list(rows)
    for v in expected["ranking"]:
        assert rows[v["id"]]["Rank"] == v["rank"]
        assert abs(rows[v["id"]]["Score"] - v["score"]) <= 1e-9


def test_scores_are_formulas_and_weights_are_inputs(
    runner: CliRunner, bundled_copy: Path, in_dir, sheets: SimpleNamespace
) -> None:  # type: ignore[no-untyped-def]
    in_dir(bundled_copy)
    _export(runner, bundled_copy / "s.xlsx")
    wb = sheets.load(bundled_copy / "s.xlsx", values=False)
    assert wb.sheetnames == ["Scores", "Figures", "Warnings", "Method", "Read me"]
    ws = wb["Scores"]
    cells = {c.coordinate: c for row in ws.iter_rows() for c in row}
    formulas = [
        c.value for c in cells.values() if isinstance(c.value, str) and c.value.startswith("=")
    ]
    assert any(f.startswith("=RANK(") for f in formulas)
    assert any(f.startswith("=MIN(100,100*(") for f in formulas)
    assert any("LN(" in f for f in formulas)  # the log-scaled blended price
    functions = set(re.findall(r"([A-Z][A-Z0-9.]*)\(", " ".join(formulas)))
    assert functions <= {
        "IF",
        "MIN",
        "MAX",
        "LN",
        "COUNT",
        "ISNUMBER",
        "SUM",
        "SUMIF",
        "ROUND",
        "RANK",
    }
    inputs = [c for c in cells.values() if c.fill.fgColor.rgb == "FFFFF2CC"]
    assert sorted(c.value for c in inputs) == sorted([50, 30, 20, 60, 20, 20, 70, 30, 1])
    text = " ".join(str(c.value) for c in cells.values() if c.value)
    assert "gpt-4" in text and "context_window_tokens 8192 tokens < min 32000 tokens" in text


def test_read_me_figures_warnings_method(
    runner: CliRunner, bundled_copy: Path, in_dir, sheets: SimpleNamespace
) -> None:  # type: ignore[no-untyped-def]
    import scorecard

    in_dir(bundled_copy)
    _export(runner, bundled_copy / "s.xlsx")
    wb = sheets.load(bundled_copy / "s.xlsx")
    readme = {r[0]: r[1] for r in wb["Read me"].iter_rows(values_only=True) if r[0]}
    assert readme["scorecard version"] == scorecard.__version__
    assert re.fullmatch(r"[0-9a-f]{12}", readme["Report id"])
    assert "record of the decision" in readme["The record"]
    figures = list(wb["Figures"].iter_rows(values_only=True))
    n_figures = sum(
        text.count("[metrics.")
        for text in (p.read_text() for p in (bundled_copy / "vendors").glob("*.toml"))
    )
    assert len(figures) - 1 == n_figures + 4  # and a derived blended price for each vendor
    head = figures[0]
    row = dict(
        zip(head, next(r for r in figures if r[3] == "latency_ms" and r[0] == "gpt-4"), strict=True)
    )
    assert row["File:line"].startswith("vendors/gpt-4.toml:")
    assert row["Unit"] == "ms" and isinstance(row["Value"], int | float)
    warnings = list(wb["Warnings"].iter_rows(values_only=True))
    assert len(warnings) - 1 == len(_rank(runner)["warnings"])
    method = "\n".join(r[0] for r in wb["Method"].iter_rows(values_only=True) if r[0])
    assert "Criterion reliability: weight 50 of 100 (50.0%)" in method
    assert "hallucination_rate at most 15 percent" in method


@pytest.mark.slow
def test_read_me_report_id_is_the_reports(
    runner: CliRunner, bundled_copy: Path, in_dir, sheets: SimpleNamespace
) -> None:  # type: ignore[no-untyped-def]
    in_dir(bundled_copy)
    _export(runner, bundled_copy / "s.xlsx")
    readme = {
        r[0]: r[1]
        for r in sheets.load(bundled_copy / "s.xlsx")["Read me"].iter_rows(values_only=True)
        if r[0]
    }
    report = runner.invoke(app, ["report", "-q", "--date", DATE], catch_exceptions=False)
    assert f"report id {readme['Report id']}" in report.stderr


def test_same_inputs_same_bytes(runner: CliRunner, bundled_copy: Path, in_dir) -> None:  # type: ignore[no-untyped-def]
    in_dir(bundled_copy)
    _export(runner, bundled_copy / "a.xlsx")
    _export(runner, bundled_copy / "b.xlsx")
    assert (bundled_copy / "a.xlsx").read_bytes() == (bundled_copy / "b.xlsx").read_bytes()
    result = runner.invoke(
        app, ["export", "xlsx", "-o", "c.xlsx", "--date", "2026-06-02"], catch_exceptions=False
    )
    assert result.exit_code == 0
    assert (bundled_copy / "c.xlsx").read_bytes() != (bundled_copy / "a.xlsx").read_bytes()


def test_topsis_is_values_only_and_says_why(
    runner: CliRunner, bundled_copy: Path, in_dir, sheets: SimpleNamespace
) -> None:  # type: ignore[no-untyped-def]
    in_dir(bundled_copy)
    _export(runner, bundled_copy / "t.xlsx", "--method", "topsis")
    ws = sheets.load(bundled_copy / "t.xlsx", values=False)["Scores"]
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [v for v in values if isinstance(v, str) and v.startswith("=")]
    assert any(
        "TOPSIS" in v and "as values, not formulas" in v for v in values if isinstance(v, str)
    )
    rows = sheets.ranking_rows(bundled_copy / "t.xlsx")
    for v in _rank(runner, "--method", "topsis")["ranking"]:
        assert rows[v["id"]]["Score"] == pytest.approx(v["score"], abs=1e-9)


def test_text_that_looks_like_a_formula_stays_text(
    runner: CliRunner, bundled_copy: Path, in_dir, sheets: SimpleNamespace
) -> None:  # type: ignore[no-untyped-def]
    in_dir(bundled_copy)
    path = bundled_copy / "vendors" / "gpt-4-turbo.toml"
    path.write_text(
        path.read_text().replace('vendor = "OpenAI"', 'vendor = "=HYPERLINK(\\"http://x\\")"')
    )
    _export(runner, bundled_copy / "s.xlsx")
    ws = sheets.load(bundled_copy / "s.xlsx", values=False)["Scores"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == '=HYPERLINK("http://x")')
    assert cell.data_type == "s"


def test_export_csv_is_the_figures_sheet(
    runner: CliRunner, bundled_copy: Path, in_dir, sheets: SimpleNamespace
) -> None:  # type: ignore[no-untyped-def]
    from scorecard.report.figure_table import FIGURE_COLUMNS
    from scorecard.report.xlsx import FIGURE_HEADERS

    in_dir(bundled_copy)
    result = runner.invoke(app, ["export", "csv"], catch_exceptions=False)
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == list(FIGURE_COLUMNS)
    _export(runner, bundled_copy / "s.xlsx")
    sheet = list(sheets.load(bundled_copy / "s.xlsx")["Figures"].iter_rows(values_only=True))
    assert list(sheet[0]) == [FIGURE_HEADERS[c] for c in FIGURE_COLUMNS]
    assert len(rows) == len(sheet)
    for line, cells in zip(rows[1:], sheet[1:], strict=True):
        for text, value in zip(line, cells, strict=True):
            if isinstance(value, float | int):
                assert float(text) == value
            else:
                assert text == (value or "")


def test_csv_locale_de(runner: CliRunner, bundled_copy: Path, in_dir) -> None:  # type: ignore[no-untyped-def]
    in_dir(bundled_copy)
    plain = runner.invoke(app, ["export", "csv"], catch_exceptions=False).stdout
    result = runner.invoke(
        app, ["export", "csv", "--csv-locale", "de", "-o", "f.csv"], catch_exceptions=False
    )
    assert result.exit_code == 0
    data = (bundled_copy / "f.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    german = list(csv.reader(io.StringIO(text), delimiter=";"))
    english = list(csv.reader(io.StringIO(plain)))
    assert len(german) == len(english)
    value = english[0].index("value")
    source = english[0].index("source")
    for de, en in zip(german, english, strict=True):
        assert de[value] == en[value].replace(".", ",")
        assert de[source] == en[source]  # text keeps its points
    assert any("," in row[value] for row in german[1:])


@pytest.mark.parametrize(
    ("locale", "sep", "dec"), [("de", ";", ","), ("fr", ";", ","), ("en", ",", ".")]
)
def test_rank_csv_locale(
    runner: CliRunner, bundled_copy: Path, in_dir, locale: str, sep: str, dec: str
) -> None:  # type: ignore[no-untyped-def]
    in_dir(bundled_copy)
    result = runner.invoke(
        app,
        ["rank", "--format", "csv", "--csv-locale", locale, "--date", DATE],
        catch_exceptions=False,
    )
    assert result.exit_code == 0
    assert result.stdout.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff")), delimiter=sep))
    score = rows[0].index("score")
    expected = {v["id"]: v["score"] for v in _rank(runner)["ranking"]}
    for row in rows[1:]:
        if row[rows[0].index("status")] == "ranked":
            assert float(row[score].replace(dec, ".")) == expected[row[1]]
            assert "." not in row[score] or dec == "."


def test_csv_locale_needs_csv(runner: CliRunner, bundled_copy: Path, in_dir) -> None:  # type: ignore[no-untyped-def]
    in_dir(bundled_copy)
    result = runner.invoke(app, ["rank", "--csv-locale", "de"], catch_exceptions=False)
    assert result.exit_code == 2
    assert "applies to --format csv only" in result.stderr


def test_csv_locale_neutralises_formulas() -> None:
    from scorecard.report.csv_locale import CSV_LOCALES, localise_csv

    text = "name,score\n=1+2,-3.5\n@x,4\n"
    out = localise_csv(text, CSV_LOCALES["de"], lambda c: c == "score")
    assert out == "\ufeffname;score\r\n'=1+2;-3,5\r\n'@x;4\r\n"
