"""The Scores sheet of the workbook: scorecard's weighted sum as spreadsheet formulas.

Criterion and metric weights sit in input cells and are normalised by formula; each
figure's value score comes from its canonical value and the value function (linear
or log, clamped; best and worst in cells, by MIN/MAX over the qualified vendors
under relative scaling); the missing-data policy is in the formulas (worst 0,
neutral 0.5, exclude: blank, its weight re-shared within the criterion); criterion
scores, points, the total (at most 100) and RANK on the score rounded to 6
decimals, as scorecard ties.  Each formula carries scorecard's value as its cached
value.  TOPSIS is written as values."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scorecard.model.inputs import Inputs
    from scorecard.model.results import Ranking, ValueFunction, VendorScore

RECORD = (
    "The PDF report (`scorecard report`) and `scorecard verify` are the record of the "
    "decision; this workbook is for exploring it."
)

MISSING_VALUE = {"worst": "0", "neutral": "0.5", "exclude": '""', "fail": "0"}


def _cell(row: int, col: int, absolute: bool = False) -> str:
    from xlsxwriter.utility import xl_rowcol_to_cell

    return str(xl_rowcol_to_cell(row, col, absolute, absolute))


def put_cell(ws: Any, row: int, col: int, value: Any, f: Any = None) -> None:
    """A cell by type; text always as text (never a formula or a link)."""
    if value is None or value == "":
        ws.write_blank(row, col, None, f)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, f)
    elif isinstance(value, int | float):
        ws.write_number(row, col, value, f)
    else:
        ws.write_string(row, col, str(value), f)


def write_header(
    ws: Any, row: int, names: Sequence[str], fmt: dict[str, Any], col: int = 0
) -> None:
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


def write_scores_sheet(ws: Any, fmt: dict[str, Any], inputs: Inputs, ranking: Ranking) -> None:
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
    write_header(ws, row, ["Criterion", "Weight", "Normalised weight", "Description"], fmt)
    ws.set_row(row, 30)
    crit_rows: dict[str, int] = {}
    first_c, last_c = row + 1, row + len(ranking.criteria)
    for spec in ranking.criteria:
        row += 1
        crit_rows[spec.name] = row
        ws.write_string(row, 0, spec.name, fmt["bold"])
        put_cell(ws, row, 1, spec.weight_given, fmt["text" if topsis else "input"])
        total = f"SUM({_cell(first_c, 1, True)}:{_cell(last_c, 1, True)})"
        _formula(ws, row, 2, f"{_cell(row, 1)}/{total}", spec.weight, fmt["pct"], topsis)
        put_cell(ws, row, 3, spec.description, fmt["text"])

    row += 2
    names = ["Metric", "Criterion", "Weight in criterion", "Normalised in criterion"]
    names += ["Effective weight", "Better", "Scale", "Best", "Worst", "Unit", "Best and worst"]
    write_header(ws, row, names, fmt)
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
    print_wide(ws)


def print_wide(ws: Any) -> None:
    """Printed (or saved as PDF): landscape, one page wide."""
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)


def _formula(
    ws: Any, row: int, col: int, formula: str, cached: Any, f: Any, values_only: bool
) -> None:
    """A formula with its cached value, or (TOPSIS) the value alone."""
    if values_only:
        put_cell(ws, row, col, cached, f)
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
    put_cell(ws, row, 2, vf.weight_given, fmt["text" if topsis else "input"])
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
        put_cell(ws, row, at.best_col, vf.best, fmt["number"])
        put_cell(ws, row, at.worst_col, vf.worst, fmt["number"])
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
    crits = [c.name for c in ranking.criteria]
    head = at.first - 1
    ws.write_string(head - 1, 0, "Ranking", fmt["bold"])
    names = ["Rank", "Id", "Vendor", "Model", "Score"]
    names += [f"Points: {c}" for c in crits] + ["Score to 6 decimals (ties)"]
    names += [f"Score in {c} (0-1)" for c in crits]
    names += [f"{vf.metric} ({vf.unit})" for vf in vfs]
    names += [f"Value score: {vf.metric} (0-1)" for vf in vfs]
    write_header(ws, head, names, fmt)
    ws.set_row(head, 62)
    records = {r.id: r for r in inputs.vendors}
    tie_col = _tie_col(ranking)
    ties = f"{_cell(at.first, tie_col, True)}:{_cell(at.last, tie_col, True)}"
    for i, v in enumerate(ranking.ranking):
        _vendor_row(ws, fmt, at.first + i, v, records[v.id].values, ranking, at, vfs, ties)
    if ranking.ranking:
        score_span = f"{_cell(at.first, 4)}:{_cell(at.last, 4)}"
        ws.conditional_format(score_span, {"type": "data_bar", "bar_color": "#9BC2E6"})
    else:
        ws.write_string(at.first, 0, "No vendor qualifies.", fmt["note"])
    _ranking_footer(ws, fmt, ranking, max(at.last, at.first) + 2)


def _vendor_row(
    ws: Any,
    fmt: dict[str, Any],
    row: int,
    v: VendorScore,
    values: Mapping[str, float],
    ranking: Ranking,
    at: _Layout,
    vfs: Sequence[ValueFunction],
    ties: str,
) -> None:
    """One ranked vendor: values, value scores, criterion scores, points, score, rank."""
    topsis = ranking.method == "topsis"
    ws.write_string(row, 1, v.id, fmt["text"])
    ws.write_string(row, 2, v.vendor, fmt["text"])
    ws.write_string(row, 3, v.model, fmt["text"])
    for vf in vfs:
        put_cell(ws, row, _value_col(ranking, vf.metric), values.get(vf.metric), fmt["number"])
        best = _cell(at.metric_row[vf.metric], at.best_col, True)
        worst = _cell(at.metric_row[vf.metric], at.worst_col, True)
        xc = _cell(row, _value_col(ranking, vf.metric))
        formula = _value_score_formula(xc, best, worst, vf.scale, ranking.missing)
        col = _vscore_col(ranking, vf.metric)
        _formula(ws, row, col, formula, v.metrics[vf.metric].score, fmt["unit"], topsis)
    total = []
    for k, spec in enumerate(ranking.criteria):
        c = spec.name
        terms = [
            (
                _cell(at.metric_row[vf.metric], at.metric_norm_col, True),
                _cell(row, _vscore_col(ranking, vf.metric)),
            )
            for vf in vfs
            if vf.criterion == c
        ]
        s_col = _crit_score_col(ranking, k)
        cs = v.criteria[c]
        crit_formula = _criterion_formula(terms, ranking.missing)
        _formula(ws, row, s_col, crit_formula, cs.score, fmt["unit"], topsis)
        w = _cell(at.crit_row[c], at.crit_norm_col, True)
        points = f"100*{w}*{_cell(row, s_col)}"
        _formula(ws, row, _points_col(ranking, k), points, cs.points, fmt["score"], topsis)
        total.append(f"{w}*{_cell(row, s_col)}")
    score_f = "MIN(100,100*(" + "+".join(total) + "))"
    _formula(ws, row, 4, score_f, v.score, fmt["score_bold"], topsis)
    tie_col = _tie_col(ranking)
    tie = f"ROUND({_cell(row, 4)},6)"
    _formula(ws, row, tie_col, tie, round(v.score, 6), fmt["number"], topsis)
    _formula(ws, row, 0, f"RANK({_cell(row, tie_col)},{ties},0)", v.rank, fmt["rank"], topsis)


def _ranking_footer(ws: Any, fmt: dict[str, Any], ranking: Ranking, row: int) -> None:
    """The recommendation as exported, and the disqualified vendors with their reasons."""
    ws.write_string(row, 0, "Recommendation (as exported)", fmt["bold"])
    ws.write_string(row, 1, ranking.recommendation, fmt["text"])
    if ranking.disqualified:
        row += 2
        ws.write_string(row, 0, "Disqualified (not scored)", fmt["bold"])
        write_header(ws, row + 1, ["Id", "Vendor", "Model", "Reasons"], fmt, col=1)
        for dq in ranking.disqualified:
            row += 1
            for col, text in enumerate((dq.id, dq.vendor, dq.model, "; ".join(dq.reasons)), 1):
                ws.write_string(row + 1, col, text, fmt["text"])
