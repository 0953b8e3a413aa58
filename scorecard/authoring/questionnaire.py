"""The RFP questionnaire: what bidders must answer, from the criteria, as a workbook.

One row per metric the criteria score or gate on (the input and output prices in
place of a blended price; panel metrics, scored by the buyer's evaluators, are not
asked) and per yes/no requirement the criteria declare: the question in words, the
gate that applies, and yellow cells for value, unit (a drop-down of the metric's
units), source, as-of date, evidence level (a drop-down), method and note.  A
hidden sheet ties the workbook to its criteria (title, reference, version) and
each row to its metric, so :mod:`scorecard.authoring.importers.questionnaire` can
read a filled one back.  XlsxWriter writes it (data validation, sheet protection,
a pinned creation date: the same criteria give the same bytes)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scorecard.model.catalog import Catalog
from scorecard.model.errors import InvalidInputError
from scorecard.model.files import CriteriaFile
from scorecard.model.inputs import ResolvedGate, ResolvedMetric, SourceFile
from scorecard.model.units import YES_NO, units_like

FORMAT = "scorecard-questionnaire/1"
SHEET = "Questions"
META_SHEET = "scorecard"
HEADER_ROW = 6  # 1-based, as Excel numbers rows: the column headings
FIRST_ROW = 7  # the first question
VENDOR_CELL = "B4"
MODEL_CELL = "D4"

# The answer columns, by Excel letter.
COLUMNS: dict[str, str] = {
    "value": "D",
    "unit": "E",
    "source": "F",
    "as_of": "G",
    "evidence": "H",
    "method": "I",
    "note": "J",
}
HEADINGS = (
    "Metric id",
    "Question",
    "Requirement",
    "Value",
    "Unit",
    "Source (optional)",
    "As of (date)",
    "Evidence",
    "Method (optional)",
    "Note (optional)",
)

# A bidder's figure is its claim, a third party's measurement, or an estimate;
# "in-house" is the buyer's own measurement and is not offered.
BIDDER_EVIDENCE: tuple[str, ...] = ("vendor-claim", "third-party", "estimate")
DEFAULT_EVIDENCE = "vendor-claim"


@dataclass(frozen=True)
class CriteriaSpec:
    """A criteria file on its own, checked: what the questionnaire is built from."""

    criteria: CriteriaFile
    source: SourceFile
    catalog: Catalog
    metrics: tuple[ResolvedMetric, ...]
    gates: tuple[ResolvedGate, ...]


def load_criteria_spec(path: Path, display: str) -> CriteriaSpec:
    """Read and check a criteria file without vendor files; findings raise."""
    from scorecard.load.criteria import build_catalog, check_criteria
    from scorecard.load.files import read_toml
    from scorecard.load.validation import validate_model

    src, data, findings = read_toml(path, display, path.name)
    cf = None
    if src is not None and data is not None:
        cf, found = validate_model(CriteriaFile, data, src)
        findings += found
    if cf is None or src is None:
        raise InvalidInputError(findings)
    catalog, found = build_catalog(cf, src)
    metrics, gates, more = check_criteria(cf, src, catalog)
    if found or more:
        raise InvalidInputError([*found, *more])
    return CriteriaSpec(cf, src, catalog, tuple(metrics), tuple(gates))


@dataclass(frozen=True)
class Question:
    metric: str
    question: str
    requirement: str
    unit: str  # canonical: pre-filled in the unit cell
    units: tuple[str, ...]  # the drop-down
    required: bool  # a missing answer disqualifies (a gate, or missing = "fail")
    minimum: float | None  # canonical lower bound of the valid range (for validation)

    @property
    def yes_no(self) -> bool:
        return self.unit == YES_NO


def _num(x: float) -> str:
    return str(int(x)) if x == int(x) else f"{x:g}"


def _gate_text(gate: ResolvedGate) -> str:
    why = f" ({gate.reason})" if gate.reason else ""
    if gate.require:
        return f"Required: must be yes{why}."
    bounds = [] if gate.min is None else [f"at least {_num(gate.min)}"]
    bounds += [] if gate.max is None else [f"at most {_num(gate.max)}"]
    return f"Required: must be {' and '.join(bounds)} {gate.unit}{why}."


def questions(spec: CriteriaSpec) -> list[Question]:
    """The questions, in the criteria's order: scored metrics, then gated ones, then
    declared yes/no requirements; a derived metric asks for the figures it is computed
    from (a blended price for its two list prices, a monthly cost for the prices,
    discounts and fee)."""
    from scorecard.score.prepare import DERIVED_PARTS

    cf = spec.criteria
    scored_ids = {rm.metric for rm in spec.metrics}
    order: list[str] = []
    for metric in [
        *(rm.metric for rm in spec.metrics),
        *(g.metric for g in spec.gates),
        *(m for m, decl in cf.metrics.items() if decl.unit == YES_NO),
    ]:
        parts = DERIVED_PARTS.get(metric, (metric,))
        order += [p for p in parts if p not in order]
    part_of = {p: d for d, parts in DERIVED_PARTS.items() if d in scored_ids for p in parts}
    scored = {rm.metric: rm.criterion for rm in spec.metrics}
    gates: dict[str, list[ResolvedGate]] = {}
    for g in spec.gates:
        gates.setdefault(g.metric, []).append(g)
    out: list[Question] = []
    for metric in order:
        mdef = spec.catalog[metric]
        if mdef.panel or mdef.derived:
            continue
        texts = [_gate_text(g) for g in gates.get(metric, [])]
        criterion = scored.get(metric) or (
            scored.get(part_of[metric]) if metric in part_of else None
        )
        if criterion is not None:
            texts.append(f"Scored under {criterion}.")
            if cf.missing == "fail":
                texts.append("Required: a vendor without it is not scored.")
        prefix = "Yes or no: " if mdef.yes_no else ""
        better = {"higher": " (higher is better)", "lower": " (lower is better)"}
        out.append(
            Question(
                metric=metric,
                question=prefix
                + mdef.description
                + ("" if mdef.yes_no else better.get(mdef.direction or "", "")),
                requirement=" ".join(texts) or "Optional.",
                unit=mdef.unit,
                units=tuple(units_like(mdef.unit)),
                required=bool(gates.get(metric))
                or (criterion is not None and cf.missing == "fail"),
                minimum=mdef.min,
            )
        )
    return out


def write_questionnaire(spec: CriteriaSpec, date: dt.date) -> bytes:
    """The questionnaire workbook as bytes (``date`` is its creation date)."""
    import xlsxwriter

    cf = spec.criteria
    qs = questions(spec)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False})
    wb.set_properties(
        {
            "title": f"RFP questionnaire: {cf.title}",
            "author": cf.buyer,
            "created": dt.datetime(date.year, date.month, date.day),
        }
    )
    base = {"font_name": "Calibri", "font_size": 11, "valign": "top", "text_wrap": True}
    f = {
        "title": wb.add_format({**base, "bold": True, "font_size": 14, "text_wrap": False}),
        "bold": wb.add_format({**base, "bold": True}),
        "text": wb.add_format(base),
        "plain": wb.add_format({**base, "text_wrap": False}),
        "head": wb.add_format({**base, "bold": True, "bg_color": "#D9E1F2", "bottom": 1}),
        "answer": wb.add_format(
            {**base, "bg_color": "#FFF2CC", "border": 1, "border_color": "#BF9000", "locked": False}
        ),
        "date": wb.add_format(
            {
                **base,
                "bg_color": "#FFF2CC",
                "border": 1,
                "border_color": "#BF9000",
                "locked": False,
                "num_format": "yyyy-mm-dd",
            }
        ),
    }
    ws = wb.add_worksheet(SHEET)
    _questions_sheet(ws, f, cf, qs)
    _instructions_sheet(wb.add_worksheet("Instructions"), f, cf)
    meta = wb.add_worksheet(META_SHEET)
    rows: list[tuple[str, str]] = [
        ("format", FORMAT),
        ("title", cf.title),
        ("reference", cf.reference or ""),
        ("version", cf.version or ""),
        ("criteria", spec.source.name),
        *((f"row {FIRST_ROW + i}", q.metric) for i, q in enumerate(qs)),
    ]
    for r, (key, value) in enumerate(rows):
        meta.write_string(r, 0, key)
        meta.write_string(r, 1, value)
    meta.hide()
    wb.close()
    return buf.getvalue()


def _questions_sheet(ws: Any, f: dict[str, Any], cf: CriteriaFile, qs: Sequence[Question]) -> None:
    ws.write_string(0, 0, f"RFP questionnaire: {cf.title}", f["title"])
    ws.write_string(1, 0, "Buyer", f["bold"])
    ws.write_string(1, 1, cf.buyer, f["plain"])
    ws.write_string(2, 0, "Reference", f["bold"])
    ws.write_string(2, 1, cf.reference or "-", f["plain"])
    ws.write_string(2, 2, "Criteria version", f["bold"])
    ws.write_string(2, 3, cf.version or "-", f["plain"])
    ws.write_string(3, 0, "Vendor (company)", f["bold"])
    ws.write_blank(VENDOR_CELL, None, f["answer"])
    ws.write_string(3, 2, "Model", f["bold"])
    ws.write_blank(MODEL_CELL, None, f["answer"])
    ws.write_string(
        4,
        0,
        "Answer in the yellow cells, one figure a row; see the Instructions sheet.",
        f["plain"],
    )
    for c, heading in enumerate(HEADINGS):
        ws.write_string(HEADER_ROW - 1, c, heading, f["head"])
    ws.set_row(HEADER_ROW - 1, 30)
    for i, q in enumerate(qs):
        r = FIRST_ROW - 1 + i
        lines = max(len(q.question) // 44, len(q.requirement) // 32) + 1
        ws.set_row(r, 15 * lines + 3)
        ws.write_string(r, 0, q.metric, f["bold"])
        ws.write_string(r, 1, q.question, f["text"])
        ws.write_string(r, 2, q.requirement, f["text"])
        for key, col in COLUMNS.items():
            cell = f"{col}{r + 1}"
            if key == "unit":
                ws.write_string(cell, q.unit, f["answer"])
            else:
                ws.write_blank(cell, None, f["date" if key == "as_of" else "answer"])
        _validate_row(ws, r + 1, q)
    ws.set_column("A:A", 26)
    ws.set_column("B:B", 48)
    ws.set_column("C:C", 36)
    ws.set_column("D:E", 14)
    ws.set_column("F:F", 36)
    ws.set_column("G:H", 14)
    ws.set_column("I:J", 28)
    ws.freeze_panes(HEADER_ROW, 2)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.protect("", {"format_columns": True, "format_rows": True})


def _validate_row(ws: Any, row: int, q: Question) -> None:
    """Data validation where a spreadsheet can check: numbers, lists, dates."""
    value = f"{COLUMNS['value']}{row}"
    if q.yes_no:
        ws.data_validation(
            value,
            {
                "validate": "list",
                "source": ["yes", "no"],
                "error_title": "yes or no",
                "error_message": "Answer yes or no.",
            },
        )
    else:
        low = q.minimum if q.minimum is not None else -1e300
        ws.data_validation(
            value,
            {
                "validate": "decimal",
                "criteria": ">=",
                "value": low,
                "error_title": "A number",
                "error_message": f"A number of at least {_num(low)}, in the unit beside it."
                if q.minimum is not None
                else "A number, in the unit beside it.",
            },
        )
    ws.data_validation(
        f"{COLUMNS['unit']}{row}",
        {
            "validate": "list",
            "source": list(q.units),
            "error_message": "Pick a unit from the list.",
        },
    )
    ws.data_validation(
        f"{COLUMNS['evidence']}{row}",
        {
            "validate": "list",
            "source": list(BIDDER_EVIDENCE),
            "error_message": "vendor-claim, third-party or estimate.",
        },
    )
    ws.data_validation(
        f"{COLUMNS['as_of']}{row}",
        {
            "validate": "date",
            "criteria": ">=",
            "value": dt.date(1990, 1, 1),
            "error_type": "warning",
            "error_title": "A date",
            "error_message": "A date (2026-03-01); or, when your source gives no day, "
            "type the month or year as text: 2026-03 or 2026.",
        },
    )


INSTRUCTIONS = (
    "How to answer",
    "",
    "Fill in the yellow cells of the Questions sheet: your company and model at the top, then "
    "one figure a row.",
    "Value: a number in the unit beside it (pick another unit from the list if you prefer), "
    "or yes / no for a yes/no question.",
    "Leave the value empty when you do not supply the figure. A row marked Required that is "
    "left empty, or that does not meet its requirement, excludes the offer from the ranking.",
    "Source: where the figure comes from (a document title, URL or report). Left empty, the "
    "figure is recorded as this questionnaire response.",
    "As of: when the figure was measured or published: a date, or the month (2026-03) or year "
    "(2026) as text.",
    "Evidence: vendor-claim (your own published or measured figure; the default), third-party "
    "(an independent measurement: say who in Source), or estimate (an approximation).",
    "Method: the benchmark or protocol, if any. Note: anything the evaluators should know.",
    "Do not move, add or delete rows: each row is tied to its question.",
)


def _instructions_sheet(ws: Any, f: dict[str, Any], cf: CriteriaFile) -> None:
    ws.write_string(0, 0, INSTRUCTIONS[0], f["title"])
    for r, line in enumerate(INSTRUCTIONS[1:], 1):
        ws.write_string(r, 0, line, f["text"])
    ws.write_string(len(INSTRUCTIONS) + 1, 0, f"Buyer: {cf.buyer}", f["text"])
    ws.set_column("A:A", 110)
