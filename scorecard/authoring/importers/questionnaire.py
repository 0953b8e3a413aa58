"""Reading a filled RFP questionnaire back into vendor figures.

openpyxl reads the workbook (values, not formulas).  Every answer cell is checked
as the vendor file's loader would check the figure it becomes (a number or yes/no,
a unit of the metric, a date, an evidence level, the metric's valid range); each
problem is a finding named by sheet and cell
(``questionnaire.xlsx:Questions!D7: value: must be a number (got 'approx. 5')``).
A questionnaire made for other criteria (another reference or version) is refused.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from scorecard.authoring.importers.records import ImportSource, SourceRecord, figure
from scorecard.authoring.questionnaire import (
    BIDDER_EVIDENCE,
    COLUMNS,
    DEFAULT_EVIDENCE,
    FORMAT,
    META_SHEET,
    MODEL_CELL,
    SHEET,
    VENDOR_CELL,
    CriteriaSpec,
)
from scorecard.model.errors import InvalidInputError, ScorecardError
from scorecard.model.findings import Finding, make_finding
from scorecard.model.units import YES_NO, units_like

IMPORTER = "questionnaire"
_PERIOD = re.compile(r"[0-9]{4}(-(0[1-9]|1[0-2]))?")


@dataclass
class Answers:
    """What one filled questionnaire holds."""

    vendor: str | None
    model: str | None
    figures: dict[str, dict[str, Any]] = field(default_factory=dict)
    unanswered: list[tuple[str, bool]] = field(default_factory=list)  # (metric, required)


def _open(path: Path) -> Any:
    import openpyxl

    try:
        with warnings.catch_warnings():
            # openpyxl warns that it drops the data-validation extension it does not read
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(path, data_only=True, read_only=False)
    except FileNotFoundError:
        raise ScorecardError(f"{path}: no such file") from None
    except Exception as exc:  # a zip or XML error: not a workbook
        raise ScorecardError(f"{path}: not an Excel workbook (.xlsx): {exc}") from None


def _text(value: Any) -> str | None:
    """A cell as text, None when empty."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _meta(wb: Any, path: Path) -> dict[str, str]:
    if META_SHEET not in wb.sheetnames or SHEET not in wb.sheetnames:
        raise ScorecardError(
            f"{path}: not a scorecard questionnaire (no {SHEET!r} and {META_SHEET!r} sheets); "
            "write one with `scorecard questionnaire`"
        )
    ws = wb[META_SHEET]
    meta = {
        str(k): _text(v) or "" for k, v in ws.iter_rows(min_col=1, max_col=2, values_only=True) if k
    }
    if meta.get("format") != FORMAT:
        raise ScorecardError(
            f"{path}: questionnaire format {meta.get('format')!r} is not {FORMAT!r}"
        )
    return meta


def check_criteria_match(meta: dict[str, str], spec: CriteriaSpec, path: Path) -> None:
    """Refuse a questionnaire written for other criteria: reference and version must
    match (the title too, when the criteria give neither)."""
    cf = spec.criteria
    theirs = (meta.get("reference", ""), meta.get("version", ""))
    ours = (cf.reference or "", cf.version or "")
    same = theirs == ours and (any(ours) or meta.get("title") == cf.title)
    if not same:

        def name(ref: str, ver: str, title: str | None) -> str:
            if not ref and not ver:
                return f"title {title!r} (no reference or version)"
            return f"reference {ref or '(none)'!r}, version {ver or '(none)'!r}"

        raise ScorecardError(
            f"{path} was written for other criteria: {name(*theirs, meta.get('title'))}; "
            f"{spec.source.display} is {name(*ours, cf.title)}. Send the bidder a questionnaire "
            "from these criteria (`scorecard questionnaire`)"
        )


def read_answers(path: Path, display: str, spec: CriteriaSpec) -> Answers:
    """Every answered row as a figure; findings (bad cells) raise InvalidInputError."""
    wb = _open(path)
    meta = _meta(wb, path)
    check_criteria_match(meta, spec, path)
    ws = wb[SHEET]
    answers = Answers(_text(ws[VENDOR_CELL].value), _text(ws[MODEL_CELL].value))
    findings: list[Finding] = []
    rows = {
        int(k.split()[1]): v for k, v in meta.items() if k.startswith("row ") and k[4:].isdigit()
    }
    required = {g.metric for g in spec.gates}
    if spec.criteria.missing == "fail":
        required |= {rm.metric for rm in spec.metrics}
    for row, metric in sorted(rows.items()):
        where = f"{display}:{SHEET}!"
        if _text(ws[f"A{row}"].value) != metric:
            findings.append(
                make_finding(
                    f"{where}A{row}",
                    "invalid-choice",
                    field="metric",
                    choices=repr(metric),
                    got=repr(_text(ws[f"A{row}"].value)),
                    hint="; rows must not be moved",
                )
            )
            continue
        mdef = spec.catalog.get(metric)
        if mdef is None:
            findings.append(
                make_finding(
                    f"{where}A{row}",
                    "unknown-metric",
                    field="metric",
                    what="metric",
                    metric=repr(metric),
                    hint="",
                    note=" (not a metric of these criteria)",
                )
            )
            continue
        cells = {key: ws[f"{col}{row}"].value for key, col in COLUMNS.items()}
        fig, found = _figure(cells, row, where, mdef, path.name)
        findings += found
        if fig is not None:
            answers.figures[metric] = fig
        elif not found:
            answers.unanswered.append((metric, metric in required))
    if findings:
        raise InvalidInputError(findings)
    return answers


class Complain(Protocol):
    """Report a bad answer: its key, a registered finding code and the code's parameters."""

    def __call__(self, key: str, code: str, /, **params: Any) -> None: ...


def _figure(
    cells: dict[str, Any], row: int, where: str, mdef: Any, file_name: str
) -> tuple[dict[str, Any] | None, list[Finding]]:
    """One row as a figure (None when the value is empty), or its findings."""
    findings: list[Finding] = []

    def bad(key: str, code: str, /, **params: Any) -> None:
        findings.append(make_finding(f"{where}{COLUMNS[key]}{row}", code, field=key, **params))

    raw = cells["value"]
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        filled = [k for k in ("source", "as_of", "evidence", "method", "note") if _text(cells[k])]
        if filled:
            bad("value", "empty-value")  # the row has other answers: a value, or an empty row
        return None, findings
    unit = _text(cells["unit"]) or mdef.unit
    value = _check_value(raw, unit, mdef, bad)
    as_of = _as_of(cells["as_of"])
    if as_of is None:
        got = "nothing" if cells["as_of"] is None else _show(cells["as_of"])
        bad("as_of", "invalid-date", got=got)
    evidence = _text(cells["evidence"]) or DEFAULT_EVIDENCE
    if evidence not in BIDDER_EVIDENCE:
        levels = ", ".join(BIDDER_EVIDENCE)
        bad("evidence", "invalid-choice", choices=levels, got=repr(evidence), hint="")
    if findings or value is None or as_of is None:
        return None, findings
    source = (
        _text(cells["source"])
        or f"RFP questionnaire response ({file_name}, sheet {SHEET}, row {row})"
    )
    method, note = _text(cells["method"]), _text(cells["note"])
    return figure(value, unit, source, as_of, evidence, method=method, note=note), findings


def _check_value(raw: Any, unit: str, mdef: Any, bad: Complain) -> float | bool | None:
    """The value and its unit, checked as the vendor-file loader checks a figure."""
    if mdef.yes_no:
        answer = ("yes" if raw else "no") if isinstance(raw, bool) else str(raw).strip().lower()
        if unit != YES_NO:
            bad("unit", "incompatible-unit", unit=repr(unit), canonical="yes/no", choices="yes/no")
        if answer in ("yes", "no"):
            return answer == "yes"
        bad("value", "wrong-type", expected="yes or no", got=_show(raw), note="")
        return None
    value = _number(raw)
    if value is None:
        bad("value", "wrong-type", expected="a number", got=_show(raw), note="")
    units = units_like(mdef.unit)
    if unit not in units:
        bad("unit", "invalid-choice", choices=", ".join(units), got=repr(unit), hint="")
        return None
    if value is not None:
        from scorecard.load.figures import in_range, range_text
        from scorecard.model.units import convert

        if not in_range(mdef, convert(value, unit, mdef.unit)):
            bad("value", "value-out-of-range", bounds=range_text(mdef, unit), got=_show(raw))
            return None
    return value


def _show(raw: Any) -> str:
    return repr(raw.strip()) if isinstance(raw, str) else repr(raw)


def _number(raw: Any) -> float | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        x = float(raw)
    elif isinstance(raw, str):
        try:
            x = float(raw.strip())
        except ValueError:
            return None
    else:
        return None
    return x if math.isfinite(x) else None


# Excel's day 0: a date cell's serial number counts days from here.
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _as_of(raw: Any) -> dt.date | str | None:
    """A date, or a month or year as text.  A year typed as a number into the date
    cell comes back as a date in 1905 (serial 2026): read it as the year it was."""
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if isinstance(raw, dt.date):
        serial = (raw - _EXCEL_EPOCH).days
        return str(serial) if raw.year < 1990 and 1990 <= serial <= 2100 else raw
    if isinstance(raw, int | float) and not isinstance(raw, bool) and float(raw).is_integer():
        raw = str(int(raw))  # a year typed as a number
    if isinstance(raw, str):
        text = raw.strip()
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
        if _PERIOD.fullmatch(text):
            return text
    return None


def questionnaire_source(
    answers: Answers, name: str, vendor: str | None, model: str | None
) -> ImportSource:
    """The answers as an importer's source: one record, named after the file."""
    record = SourceRecord(
        name=name,
        model=model or answers.model or "unknown",
        vendor=vendor or answers.vendor,
        figures=answers.figures,
        vendor_note="the questionnaire's Vendor cell is empty and --vendor was not given",
    )
    warnings_ = tuple(
        f"{metric}: not answered" + (" (required: the vendor will be disqualified)" if req else "")
        for metric, req in answers.unanswered
    )
    return ImportSource(
        IMPORTER, f"questionnaire {name}", {name: record}, warnings=warnings_, complete=False
    )
