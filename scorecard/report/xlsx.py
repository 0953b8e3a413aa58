"""The workbook a committee can play with (`scorecard export xlsx`), whose numbers are
scorecard's own.

Sheets: Scores (:mod:`scorecard.report.xlsx_scores`: the weighted sum as formulas
with plain functions Excel and LibreOffice both evaluate, weights in input cells,
every formula with scorecard's value cached), Figures, Warnings, Method, Read me.

XlsxWriter writes it: formulas with cached values, data bars, and a fixed creation
date and zip timestamps, so the same inputs give the same bytes."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scorecard.report.figure_table import FIGURE_COLUMNS, figure_rows
from scorecard.report.xlsx_scores import (
    RECORD,
    print_wide,
    put_cell,
    write_header,
    write_scores_sheet,
)

if TYPE_CHECKING:
    from scorecard.model.inputs import Inputs
    from scorecard.model.results import Ranking

SHEETS = ("Scores", "Figures", "Warnings", "Method", "Read me")


@dataclass(frozen=True)
class ExportInfo:
    """What the Read me sheet says about where the workbook comes from."""

    report_id: str | None  # the id `scorecard report` gives the same inputs and options
    version: str  # scorecard's
    files: Sequence[tuple[str, str]] = ()  # (name, sha256) of every input file


def write_workbook(inputs: Inputs, ranking: Ranking, info: ExportInfo) -> bytes:
    """The workbook as bytes (the same inputs give the same bytes)."""
    import xlsxwriter

    buf = io.BytesIO()
    created = dt.datetime(ranking.date.year, ranking.date.month, ranking.date.day)
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False})
    wb.set_properties(
        {
            "title": f"{inputs.criteria.title}: scores",
            "author": inputs.criteria.buyer,
            "comments": f"scorecard {info.version}; report {info.report_id or '-'}",
            "created": created,
        }
    )
    fmt = _formats(wb)
    write_scores_sheet(wb.add_worksheet("Scores"), fmt, inputs, ranking)
    _figures_sheet(wb.add_worksheet("Figures"), fmt, inputs)
    _warnings_sheet(wb.add_worksheet("Warnings"), fmt, ranking)
    _method_sheet(wb.add_worksheet("Method"), fmt, inputs, ranking)
    _readme_sheet(wb.add_worksheet("Read me"), fmt, inputs, ranking, info)
    wb.close()
    return buf.getvalue()


def _formats(wb: Any) -> dict[str, Any]:
    base = {"font_name": "Calibri", "font_size": 11, "valign": "top"}
    head = {**base, "bold": True, "bg_color": "#D9E1F2", "bottom": 1, "text_wrap": True}
    return {
        "title": wb.add_format({**base, "bold": True, "font_size": 14}),
        "bold": wb.add_format({**base, "bold": True}),
        "text": wb.add_format(base),
        "wrap": wb.add_format({**base, "text_wrap": True}),
        "note": wb.add_format({**base, "italic": True, "font_color": "#595959"}),
        "head": wb.add_format(head),
        "input": wb.add_format(
            {**base, "bg_color": "#FFF2CC", "border": 1, "border_color": "#BF9000"}
        ),
        "pct": wb.add_format({**base, "num_format": "0.0%"}),
        "score": wb.add_format({**base, "num_format": "0.00"}),
        "score_bold": wb.add_format({**base, "num_format": "0.00", "bold": True}),
        "unit": wb.add_format({**base, "num_format": "0.000"}),
        "number": wb.add_format({**base, "num_format": "General"}),
        "rank": wb.add_format({**base, "bold": True, "align": "center"}),
        "date": wb.add_format({**base, "num_format": "yyyy-mm-dd", "align": "left"}),
    }


# --------------------------------------------------------------------------- other sheets


FIGURE_HEADERS = {
    "vendor_id": "Vendor id",
    "vendor": "Vendor",
    "model": "Model",
    "metric": "Metric id",
    "label": "Metric",
    "value": "Value",
    "unit": "Unit",
    "canonical_value": "Canonical value",
    "canonical_unit": "Canonical unit",
    "source": "Source",
    "as_of": "As of",
    "evidence": "Evidence",
    "method": "Method",
    "stderr": "Standard error",
    "note": "Note",
    "file_line": "File:line",
}


def _figures_sheet(ws: Any, fmt: dict[str, Any], inputs: Inputs) -> None:
    write_header(ws, 0, [FIGURE_HEADERS[c] for c in FIGURE_COLUMNS], fmt)
    rows = figure_rows(inputs)
    for r, fr in enumerate(rows, 1):
        for c, value in enumerate(fr.cells):
            put_cell(ws, r, c, value, fmt["text"])
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(1, len(rows)), len(FIGURE_COLUMNS) - 1)
    widths = {"source": 48, "note": 40, "method": 24, "label": 26, "file_line": 26}
    for c, name in enumerate(FIGURE_COLUMNS):
        ws.set_column(c, c, widths.get(name, 14))
    print_wide(ws)


def _warnings_sheet(ws: Any, fmt: dict[str, Any], ranking: Ranking) -> None:
    write_header(ws, 0, ["Code", "Vendor", "Metric", "Message", "Detail"], fmt)
    from scorecard.score.notices import by_seriousness

    for r, w in enumerate(by_seriousness(ranking.warnings), 1):  # most serious kind first
        for c, value in enumerate((w.code, w.vendor, w.metric, w.message, w.detail)):
            put_cell(ws, r, c, value, fmt["text"])
    if not ranking.warnings:
        ws.write_string(1, 0, "No warnings.", fmt["note"])
    ws.freeze_panes(1, 0)
    ws.set_column(0, 2, 22)
    ws.set_column(3, 3, 100)
    ws.set_column(4, 4, 30)
    print_wide(ws)


def method_lines(inputs: Inputs, ranking: Ranking) -> list[str]:
    """The criteria in words, as the Method sheet prints them."""
    from scorecard.report.format import describe_value_function as value_function_text
    from scorecard.report.format import format_number as fmt_number
    from scorecard.report.view import MISSING_WORDS

    cf = inputs.criteria
    lines = [f"Method: {ranking.method}."]
    if ranking.method == "weighted-sum":
        lines.append(
            "Score = 100 \u00d7 \u03a3 over criteria of (criterion weight \u00d7 \u03a3 over its "
            "metrics of (metric weight \u00d7 value score)); weights are normalised: criterion "
            "weights to sum 1, metric weights to sum 1 within their criterion."
        )
    lines += [
        *ranking.notes,
        f"Missing figures ({ranking.missing}): {MISSING_WORDS[ranking.missing]}",
    ]
    lines.append("Ranks: by score rounded to 6 decimals; equal scores share a rank (1, 1, 3).")
    lines.append("")
    total = sum(c.weight_given for c in ranking.criteria)
    for spec in ranking.criteria:
        lines.append(
            f"Criterion {spec.name}: weight {fmt_number(spec.weight_given)} of "
            f"{fmt_number(total)} ({spec.weight:.1%})"
            + (f": {spec.description}" if spec.description else "")
        )
        for vf in spec.metrics:
            lines.append(
                f"    {vf.metric}: weight {fmt_number(vf.weight_given)} in the criterion "
                f"({vf.weight:.1%}); {value_function_text(vf)}"
            )
    if ranking.gates:
        lines += ["", "Gates (a vendor failing one is disqualified, not scored):"]
    for g in ranking.gates:
        if g.require:
            text = f"{g.metric} must be yes"
        else:
            bounds = [] if g.min is None else [f"at least {fmt_number(g.min)}"]
            bounds += [] if g.max is None else [f"at most {fmt_number(g.max)}"]
            text = f"{g.metric} {' and '.join(bounds)} {g.unit}"
        lines.append(f"    {text}" + (f" ({g.reason})" if g.reason else ""))
    if cf.token_mix:
        lines += [
            "",
            f"Token mix input:output = {fmt_number(cf.token_mix.input)}:"
            f"{fmt_number(cf.token_mix.output)} (derives the blended price).",
        ]
    return lines


def _method_sheet(ws: Any, fmt: dict[str, Any], inputs: Inputs, ranking: Ranking) -> None:
    ws.write_string(0, 0, f"{inputs.criteria.title}: the criteria in words", fmt["title"])
    for r, line in enumerate(method_lines(inputs, ranking), 2):
        put_cell(ws, r, 0, line, fmt["text"])
    ws.set_column(0, 0, 140)


def _readme_sheet(
    ws: Any, fmt: dict[str, Any], inputs: Inputs, ranking: Ranking, info: ExportInfo
) -> None:
    cf = inputs.criteria
    rows: list[tuple[str, str]] = [
        ("Workbook", f"{cf.title}: scores, figures, warnings and method, exported by scorecard"),
        ("Report id", info.report_id or "-"),
        ("", "the id `scorecard report` gives these inputs on this date (default options)"),
        ("scorecard version", info.version),
        ("Date", ranking.date.isoformat()),
        ("Buyer", cf.buyer),
        ("Reference", cf.reference or "-"),
        ("Criteria version", cf.version or "-"),
        ("The record", RECORD),
        ("", "Changing a weight here changes nothing in that record."),
        (
            "Scores",
            "yellow cells are inputs (criterion and metric weights); every score and "
            "rank is a formula",
        ),
        (
            "",
            "`scorecard rank --weight NAME=W` gives the same numbers for the same weights, "
            "and `scorecard report --what-if` renders them, marked as what-if.",
        ),
        ("Figures", "every figure with its unit, source, date, evidence and file:line"),
        ("Warnings", "what scorecard flagged: stale, estimated or vendor-claimed figures, ..."),
        ("Method", "the criteria in words"),
        ("", ""),
        ("Input files", "SHA-256"),
        *((name, digest) for name, digest in info.files),
    ]
    ws.write_string(0, 0, "Read me", fmt["title"])
    for r, (key, value) in enumerate(rows, 2):
        put_cell(ws, r, 0, key, fmt["bold"])
        put_cell(ws, r, 1, value, fmt["text"])
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 120)


def export_info(
    inputs: Inputs, date: dt.date, options: dict[str, str | None], version: str
) -> ExportInfo:
    """The Read me facts: input files with their SHA-256s, and the report id
    `scorecard report` gives the same inputs, date and ``options``."""
    import hashlib

    from scorecard.audit.manifest import input_files, report_id

    files = [(name, hashlib.sha256(data).hexdigest()) for name, _role, data in input_files(inputs)]
    return ExportInfo(report_id(files, options, date), version, files)
