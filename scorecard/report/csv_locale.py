"""CSV that opens in any Excel: the separator and decimal mark of the reader's locale,
UTF-8 with a byte-order mark (without it Excel reads UTF-8 as the ANSI code page and
garbles accents), CRLF line ends.

A German or French Excel splits on semicolons and reads ``12,5`` as a number; an
English one splits on commas.  The writers produce the plain CSV (comma, dot, full
precision); :func:`localise_csv` re-punctuates it for a locale, touching only the
columns that hold numbers."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

BOM = "\ufeff"


@dataclass(frozen=True)
class CsvLocale:
    name: str
    delimiter: str
    decimal: str


CSV_LOCALES: dict[str, CsvLocale] = {
    "en": CsvLocale("en", ",", "."),
    "de": CsvLocale("de", ";", ","),
    "fr": CsvLocale("fr", ";", ","),
}


# Text a spreadsheet would run as a formula (CSV injection): such cells get a
# leading apostrophe, which Excel shows as text and does not display.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text_cell(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def localise_csv(text: str, locale: CsvLocale, numeric: Callable[[str], bool]) -> str:
    """``text`` (a plain CSV with a header row) for Excel in ``locale``: the columns
    whose header ``numeric`` accepts get the locale's decimal mark; text cells that
    would start a formula are neutralised."""
    rows = list(csv.reader(io.StringIO(text)))
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=locale.delimiter, lineterminator="\r\n")
    if not rows:
        return BOM
    header = rows[0]
    numbers = {i for i, name in enumerate(header) if numeric(name)}
    writer.writerow(header)
    for row in rows[1:]:
        writer.writerow(
            [
                cell.replace(".", locale.decimal)
                if i in numbers and _is_number(cell)
                else _text_cell(cell)
                for i, cell in enumerate(row)
            ]
        )
    return BOM + buf.getvalue()


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def ranking_numeric(column: str) -> bool:
    """The number columns of `rank --format csv`."""
    return column in ("rank", "score", "win_rate") or column.startswith("points_")
