"""The Vectara hallucination leaderboard's published table (Markdown or CSV).

Columns: model, hallucination rate, factual consistency rate, answer rate,
average summary length.  Real tables have formatting slips; this parser accepts
a rate without ``%`` and ``100.0%`` with no space, and warns when hallucination
and factual consistency rates do not add up to 100 (within rounding).
Pure functions: text in, records out.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from scorecard.authoring.importers.records import ImportSource, SourceRecord, figure, fmt_number
from scorecard.model.errors import ScorecardError

IMPORTER = "vectara"
SUM_TOLERANCE = 0.05  # the table rounds each rate to 0.1; their sum is 100.0 when consistent
_RATE = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*%?\s*$")
_HHEM = re.compile(r"HHEM[-_ ]?v?([0-9]+(?:\.[0-9]+)*)", re.IGNORECASE)

# the column each field is read from, recognised by its header (lower case, prefix)
_COLUMNS = {
    "model": ("model",),
    "hallucination": ("hallucination rate",),
    "consistency": ("factual consistency rate", "factual consistency"),
    "answer": ("answer rate",),
}


def detect_hhem_version(*texts: str) -> str | None:
    """The HHEM version named in the table or its file name ("HHEM-2.1" -> "2.1")."""
    for text in texts:
        if m := _HHEM.search(text):
            return m[1]
    return None


def _rows(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header cells and (line number, cells) of each data row, for Markdown or CSV."""
    lines = text.splitlines()
    table_lines = [(i, line) for i, line in enumerate(lines, 1) if line.strip().startswith("|")]
    if table_lines:
        rows = []
        for i, line in table_lines:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            rows.append((i, cells))
        header = rows[0][1]
        body = [(i, c) for i, c in rows[1:] if not all(re.fullmatch(r":?-+:?", x) for x in c if x)]
        return header, body
    reader = csv.reader(io.StringIO(text))
    all_rows = [(i, [c.strip() for c in row]) for i, row in enumerate(reader, 1) if row]
    if not all_rows:
        raise ScorecardError("the table is empty")
    return all_rows[0][1], all_rows[1:]


def _column_index(header: list[str]) -> dict[str, int]:
    lowered = [h.lower() for h in header]
    index: dict[str, int] = {}
    for key, names in _COLUMNS.items():
        for i, h in enumerate(lowered):
            if any(h.startswith(n) for n in names):
                index[key] = i
                break
        else:
            raise ScorecardError(
                f"the table has no {names[0]!r} column (columns: {', '.join(header)})"
            )
    return index


def parse_rate(cell: str) -> float | None:
    """A rate in percent: "1.5 %", "1.5%", "1.5" -> 1.5; anything else -> None."""
    m = _RATE.match(cell)
    return float(m[1]) if m else None


def _record(
    name: str,
    rates: tuple[float, float, float],
    source: str,
    as_of: dt.date | str,
    method: str,
) -> SourceRecord:
    """One model's row: its three rates as third-party figures."""
    metrics = ("hallucination_rate", "factual_consistency_rate", "answer_rate")
    return SourceRecord(
        name=name,
        model=name,
        vendor=None,
        vendor_note="the Vectara table names the model only, not its vendor",
        figures={
            metric: figure(rate, "percent", source, as_of, "third-party", method)
            for metric, rate in zip(metrics, rates, strict=True)
        },
    )


def parse_table(
    text: str,
    *,
    as_of: dt.date | str,
    hhem_version: str,
    origin: str,
) -> ImportSource:
    """Read the leaderboard table into one record per model.

    ``origin`` names where the table came from (its file, URL or commit) and goes
    into each figure's ``source`` with the row used."""
    header, body = _rows(text)
    col = _column_index(header)
    records: dict[str, SourceRecord] = {}
    warnings: list[str] = []
    skipped: list[str] = []
    method = f"HHEM-{hhem_version} (Vectara hallucination leaderboard: summaries of news articles judged by HHEM)"
    for line, cells in body:
        if len(cells) <= max(col.values()):
            skipped.append(f"line {line}: expected {len(header)} cells, got {len(cells)}")
            continue
        name = cells[col["model"]]
        rates = {k: parse_rate(cells[col[k]]) for k in ("hallucination", "consistency", "answer")}
        bad = [cells[col[k]] for k, v in rates.items() if v is None]
        if not name or bad:
            skipped.append(f"line {line} ({name or 'no model name'}): unreadable rate {bad[0]!r}")
            continue
        if name in records:
            skipped.append(f"line {line}: {name!r} appears twice; the first row is used")
            continue
        halluc, consist, answer = rates["hallucination"], rates["consistency"], rates["answer"]
        assert halluc is not None and consist is not None and answer is not None
        if abs(halluc + consist - 100.0) > SUM_TOLERANCE:
            warnings.append(
                f"line {line} ({name}): hallucination rate {fmt_number(halluc)} % and factual "
                f"consistency rate {fmt_number(consist)} % add up to {fmt_number(round(halluc + consist, 6))}, "
                "not 100; both imported as published"
            )
        source = f"Vectara hallucination leaderboard (HHEM-{hhem_version}), {origin}, row {name!r}"
        records[name] = _record(name, (halluc, consist, answer), source, as_of, method)
    if not records and not skipped:
        raise ScorecardError("the table has no rows")
    return ImportSource(
        IMPORTER,
        f"Vectara table {origin}",
        records,
        tuple(warnings),
        tuple(skipped),
    )
