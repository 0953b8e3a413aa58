"""The workbook a committee can play with (`scorecard export xlsx`), whose numbers are
scorecard's own.

The **Scores** sheet recomputes the weighted sum with plain spreadsheet functions
(IF, MIN, MAX, LN, COUNT, ISNUMBER, SUM, SUMIF, ROUND, RANK: Excel and LibreOffice
both evaluate them): criterion and metric weights in input cells, each figure's value
score from its canonical value and the value function (linear or log, clamped; best
and worst in cells, by MIN/MAX over the qualified vendors under relative scaling),
the missing-data policy (exclude re-shares the weight within the criterion), points,
total score and rank (on the score rounded to 6 decimals, as scorecard ties them).
Every formula is written with scorecard's value cached, so viewers that do not
recalculate still show scorecard's numbers.  TOPSIS is shown as values.

XlsxWriter writes it: formulas with cached values, data bars, and a fixed creation
date and zip timestamps, so the same inputs give the same bytes."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scorecard.report.figure_table import FIGURE_COLUMNS, figure_rows

if TYPE_CHECKING:
    from scorecard.model.inputs import Inputs
    from scorecard.model.results import Ranking, ValueFunction

SHEETS = ("Scores", "Figures", "Warnings", "Method", "Read me")

RECORD = (
    "The PDF report (`scorecard report`) and `scorecard verify` are the record of the "
    "decision; this workbook is for exploring it."
)

MISSING_VALUE = {"worst": "0", "neutral": "0.5", "exclude": '""', "fail": "0"}


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
    _scores_sheet(wb.add_worksheet("Scores"), fmt, inputs, ranking)
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


def _cell(row: int, col: int, absolute: bool = False) -> str:
    from xlsxwriter.utility import xl_rowcol_to_cell

    return str(xl_rowcol_to_cell(row, col, absolute, absolute))


def _put(ws: Any, row: int, col: int, value: Any, f: Any = None) -> None:
    """A cell by type; text always as text (never a formula or a link)."""
    if value is None or value == "":
        ws.write_blank(row, col, None, f)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, f)
    elif isinstance(value, int | float):
        ws.write_number(row, col, value, f)
    else:
        ws.write_string(row, col, str(value), f)


def _header(ws: Any, row: int, names: Sequence[str], fmt: dict[str, Any], col: int = 0) -> None:
    for i, name in enumerate(names):
        ws.write_string(row, col + i, name, fmt["head"])


# --------------------------------------------------------------------------- Scores


@dataclass
class _Layout:
    """Where the Scores sheet's blocks are (0-based rows and columns)."""

    crit_row: dict[str, int]  # criterion -> row of its weight
    metric_row: dict[str, int]  # metric -> row of its weight
    first: int  # first vendor row
    last: int  # last vendor row (first - 1 when none)

    crit_weight_col = 1
    crit_norm_col = 2
    metric_weight_col = 2
    metric_norm_col = 3
    best_col = 7
    worst_col = 8


def _scores_sheet(ws: Any, fmt: dict[str, Any], inputs: Inputs, ranking: Ranking) -> None:
    cf = inputs.criteria
    topsis = ranking.method == "topsis"
    ws.write_string(0, 0, f"{cf.title}: scores", fmt["title"])
    facts = [f"Buyer: {cf.buyer}"]
    facts += [f"reference {cf.reference}"] * bool(cf.reference)
    facts += [f"criteria version {cf.version}"] * bool(cf.version)
    facts += [f"date {ranking.date.isoformat()}", f"method {ranking.method}"]
    facts.append(f'missing = "{ranking.missing}"')
    ws.write_string(1, 0, " \u00b7 ".join(facts), fmt["text"])
    if topsis:
        note = (
            "TOPSIS scores every vendor against the others at once (vector normalisation, "
            "ideal and anti-ideal vendors), so this sheet shows scorecard's scores as values, "
            "not formulas; try other weights with `scorecard rank --weight NAME=W`."
        )
    else:
        note = (
            "Yellow cells are inputs: change a weight and every score and rank below "
            "recalculates, exactly as `scorecard rank --weight NAME=W` would. " + RECORD
        )
    ws.write_string(2, 0, note, fmt["note"])

    row = 4
    _header(ws, row, ["Criterion", "Weight", "Normalised weight", "Description"], fmt)
    ws.set_row(row, 30)
    crit_rows: dict[str, int] = {}
    first_c, last_c = row + 1, row + len(ranking.criteria)
    for spec in ranking.criteria:
        row += 1
        crit_rows[spec.name] = row
        ws.write_string(row, 0, spec.name, fmt["bold"])
        _put(ws, row, 1, spec.weight_given, fmt["text" if topsis else "input"])
        total = f"SUM({_cell(first_c, 1, True)}:{_cell(last_c, 1, True)})"
        _formula(ws, row, 2, f"{_cell(row, 1)}/{total}", spec.weight, fmt["pct"], topsis)
        _put(ws, row, 3, spec.description, fmt["text"])

    row += 2
    names = ["Metric", "Criterion", "Weight in criterion", "Normalised in criterion"]
    names += ["Effective weight", "Better", "Scale", "Best", "Worst", "Unit", "Best and worst"]
    _header(ws, row, names, fmt)
    ws.set_row(row, 30)
    vfs = [vf for spec in ranking.criteria for vf in spec.metrics]
    first_m, last_m = row + 1, row + len(vfs)
    metric_rows: dict[str, int] = {}
    for vf in vfs:
        row += 1
        metric_rows[vf.metric] = row
    layout = _Layout(crit_rows, metric_rows, row + 4, row + 3 + len(ranking.ranking))
    for vf in vfs:
        _metric_row(ws, fmt, vf, layout, (first_m, last_m), topsis, ranking)

    _ranking_block(ws, fmt, inputs, ranking, layout, vfs)
    ws.set_column(0, 0, 28)
    ws.set_column(1, 3, 16)
    ws.set_column(4, 60, 15)
    _print_wide(ws)


def _print_wide(ws: Any) -> None:
    """Printed (or saved as PDF): landscape, one page wide."""
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)


def _formula(
    ws: Any, row: int, col: int, formula: str, cached: Any, f: Any, values_only: bool
) -> None:
    """A formula with its cached value, or (TOPSIS) the value alone."""
    if values_only:
        _put(ws, row, col, cached, f)
    else:
        ws.write_formula(row, col, "=" + formula, f, "" if cached is None else cached)


def _metric_row(
    ws: Any,
    fmt: dict[str, Any],
    vf: ValueFunction,
    at: _Layout,
    span: tuple[int, int],
    topsis: bool,
    ranking: Ranking,
) -> None:
    row = at.metric_row[vf.metric]
    crit_cells = f"{_cell(span[0], 1, True)}:{_cell(span[1], 1, True)}"
    weight_cells = f"{_cell(span[0], 2, True)}:{_cell(span[1], 2, True)}"
    ws.write_string(row, 0, vf.metric, fmt["bold"])
    ws.write_string(row, 1, vf.criterion, fmt["text"])
    _put(ws, row, 2, vf.weight_given, fmt["text" if topsis else "input"])
    share = f"{_cell(row, 2)}/SUMIF({crit_cells},{_cell(row, 1)},{weight_cells})"
    _formula(ws, row, 3, share, vf.weight, fmt["pct"], topsis)
    crit_w = next(c.weight for c in ranking.criteria if c.name == vf.criterion)
    crit_norm = _cell(at.crit_row[vf.criterion], at.crit_norm_col, True)
    _formula(ws, row, 4, f"{_cell(row, 3)}*{crit_norm}", vf.weight * crit_w, fmt["pct"], topsis)
    ws.write_string(row, 5, vf.direction, fmt["text"])
    ws.write_string(row, 6, vf.scale, fmt["text"])
    if vf.relative and not topsis and at.last >= at.first:
        col = _value_col(ranking, vf.metric)
        span_v = f"{_cell(at.first, col, True)}:{_cell(at.last, col, True)}"
        hi, lo = f"MAX({span_v})", f"MIN({span_v})"
        best, worst = (hi, lo) if vf.direction == "higher" else (lo, hi)
        empty = f'IF(COUNT({span_v})=0,"",'
        _formula(ws, row, at.best_col, f"{empty}{best})", vf.best, fmt["number"], False)
        _formula(ws, row, at.worst_col, f"{empty}{worst})", vf.worst, fmt["number"], False)
    else:
        _put(ws, row, at.best_col, vf.best, fmt["number"])
        _put(ws, row, at.worst_col, vf.worst, fmt["number"])
    ws.write_string(row, 9, vf.unit, fmt["text"])
    where = "relative: observed among the qualified vendors" if vf.relative else "criteria file"
    ws.write_string(row, 10, where, fmt["text"])


# Columns of the ranking block: rank, id, vendor, model, score, points per criterion,
# score to 6 decimals (the tie key), criterion scores, values, value scores.
def _points_col(ranking: Ranking, i: int) -> int:
    return 5 + i


def _tie_col(ranking: Ranking) -> int:
    return 5 + len(ranking.criteria)


def _crit_score_col(ranking: Ranking, i: int) -> int:
    return 6 + len(ranking.criteria) + i


def _metric_index(ranking: Ranking, metric: str) -> int:
    return [vf.metric for c in ranking.criteria for vf in c.metrics].index(metric)


def _value_col(ranking: Ranking, metric: str) -> int:
    return 6 + 2 * len(ranking.criteria) + _metric_index(ranking, metric)


def _vscore_col(ranking: Ranking, metric: str) -> int:
    n = sum(len(c.metrics) for c in ranking.criteria)
    return 6 + 2 * len(ranking.criteria) + n + _metric_index(ranking, metric)


def _value_score_formula(x: str, best: str, worst: str, scale: str, missing: str) -> str:
    """The value function, clamped to [0, 1]; 1 for everyone when best = worst;
    a blank value takes the missing-data policy (exclude: blank, left out)."""
    if scale == "log":
        ratio = f"(LN({x})-LN({worst}))/(LN({best})-LN({worst}))"
    else:
        ratio = f"({x}-{worst})/({best}-{worst})"
    vf = f"IF({best}={worst},1,MIN(1,MAX(0,{ratio})))"
    return f"IF(ISNUMBER({x}),{vf},{MISSING_VALUE[missing]})"


def _criterion_formula(terms: Sequence[tuple[str, str]], missing: str) -> str:
    """s_c from (weight cell, value-score cell) pairs: the weighted sum, at most 1;
    under exclude the weights of the figures present are re-shared (0 with none)."""
    if missing != "exclude":
        return "MIN(1," + "+".join(f"{w}*{v}" for w, v in terms) + ")"
    num = "+".join(f"IF(ISNUMBER({v}),{w}*{v},0)" for w, v in terms)
    den = "+".join(f"IF(ISNUMBER({v}),{w},0)" for w, v in terms)
    count = ",".join(v for _w, v in terms)
    return f"IF(COUNT({count})=0,0,MIN(1,({num})/({den})))"


def _ranking_block(
    ws: Any,
    fmt: dict[str, Any],
    inputs: Inputs,
    ranking: Ranking,
    at: _Layout,
    vfs: Sequence[ValueFunction],
) -> None:
    topsis = ranking.method == "topsis"
    crits = [c.name for c in ranking.criteria]
    head = at.first - 1
    ws.write_string(head - 1, 0, "Ranking", fmt["bold"])
    names = ["Rank", "Id", "Vendor", "Model", "Score"]
    names += [f"Points: {c}" for c in crits] + ["Score to 6 decimals (ties)"]
    names += [f"Score in {c} (0-1)" for c in crits]
    names += [f"{vf.metric} ({vf.unit})" for vf in vfs]
    names += [f"Value score: {vf.metric} (0-1)" for vf in vfs]
    _header(ws, head, names, fmt)
    ws.set_row(head, 62)
    records = {r.id: r for r in inputs.vendors}
    tie_col = _tie_col(ranking)
    ties = f"{_cell(at.first, tie_col, True)}:{_cell(at.last, tie_col, True)}"
    for i, v in enumerate(ranking.ranking):
        row = at.first + i
        ws.write_string(row, 1, v.id, fmt["text"])
        ws.write_string(row, 2, v.vendor, fmt["text"])
        ws.write_string(row, 3, v.model, fmt["text"])
        for vf in vfs:
            x = records[v.id].values.get(vf.metric)
            _put(ws, row, _value_col(ranking, vf.metric), x, fmt["number"])
            ms = v.metrics[vf.metric]
            best = _cell(at.metric_row[vf.metric], at.best_col, True)
            worst = _cell(at.metric_row[vf.metric], at.worst_col, True)
            xc = _cell(row, _value_col(ranking, vf.metric))
            formula = _value_score_formula(xc, best, worst, vf.scale, ranking.missing)
            col = _vscore_col(ranking, vf.metric)
            _formula(ws, row, col, formula, ms.score, fmt["unit"], topsis)
        total = []
        for k, c in enumerate(crits):
            terms = [
                (
                    _cell(at.metric_row[vf.metric], at.metric_norm_col, True),
                    _cell(row, _vscore_col(ranking, vf.metric)),
                )
                for vf in vfs
                if vf.criterion == c
            ]
            s_cell = _cell(row, _crit_score_col(ranking, k))
            cs = v.criteria[c]
            crit_formula = _criterion_formula(terms, ranking.missing)
            _formula(
                ws, row, _crit_score_col(ranking, k), crit_formula, cs.score, fmt["unit"], topsis
            )
            w = _cell(at.crit_row[c], at.crit_norm_col, True)
            _formula(
                ws,
                row,
                _points_col(ranking, k),
                f"100*{w}*{s_cell}",
                cs.points,
                fmt["score"],
                topsis,
            )
            total.append(f"{w}*{s_cell}")
        score_f = "MIN(100,100*(" + "+".join(total) + "))"
        _formula(ws, row, 4, score_f, v.score, fmt["score_bold"], topsis)
        _formula(
            ws, row, tie_col, f"ROUND({_cell(row, 4)},6)", round(v.score, 6), fmt["number"], topsis
        )
        _formula(ws, row, 0, f"RANK({_cell(row, tie_col)},{ties},0)", v.rank, fmt["rank"], topsis)
    if ranking.ranking:
        score_span = f"{_cell(at.first, 4)}:{_cell(at.last, 4)}"
        ws.conditional_format(score_span, {"type": "data_bar", "bar_color": "#9BC2E6"})
    else:
        ws.write_string(at.first, 0, "No vendor qualifies.", fmt["note"])
    row = max(at.last, at.first) + 2
    ws.write_string(row, 0, "Recommendation (as exported)", fmt["bold"])
    ws.write_string(row, 1, ranking.recommendation, fmt["text"])
    if ranking.disqualified:
        row += 2
        ws.write_string(row, 0, "Disqualified (not scored)", fmt["bold"])
        _header(ws, row + 1, ["Id", "Vendor", "Model", "Reasons"], fmt, col=1)
        for dq in ranking.disqualified:
            row += 1
            for col, text in enumerate((dq.id, dq.vendor, dq.model, "; ".join(dq.reasons)), 1):
                ws.write_string(row + 1, col, text, fmt["text"])


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
    _header(ws, 0, [FIGURE_HEADERS[c] for c in FIGURE_COLUMNS], fmt)
    rows = figure_rows(inputs)
    for r, fr in enumerate(rows, 1):
        for c, value in enumerate(fr.cells):
            _put(ws, r, c, value, fmt["text"])
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(1, len(rows)), len(FIGURE_COLUMNS) - 1)
    widths = {"source": 48, "note": 40, "method": 24, "label": 26, "file_line": 26}
    for c, name in enumerate(FIGURE_COLUMNS):
        ws.set_column(c, c, widths.get(name, 14))
    _print_wide(ws)


def _warnings_sheet(ws: Any, fmt: dict[str, Any], ranking: Ranking) -> None:
    _header(ws, 0, ["Code", "Vendor", "Metric", "Message", "Detail"], fmt)
    for r, w in enumerate(ranking.warnings, 1):
        for c, value in enumerate((w.code, w.vendor, w.metric, w.message, w.detail)):
            _put(ws, r, c, value, fmt["text"])
    if not ranking.warnings:
        ws.write_string(1, 0, "No warnings.", fmt["note"])
    ws.freeze_panes(1, 0)
    ws.set_column(0, 2, 22)
    ws.set_column(3, 3, 100)
    ws.set_column(4, 4, 30)
    _print_wide(ws)


def method_lines(inputs: Inputs, ranking: Ranking) -> list[str]:
    """The criteria in words, as the Method sheet prints them."""
    from scorecard.report.html import MISSING_WORDS, fmt_number, value_function_text

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
        _put(ws, r, 0, line, fmt["text"])
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
        _put(ws, r, 0, key, fmt["bold"])
        _put(ws, r, 1, value, fmt["text"])
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
