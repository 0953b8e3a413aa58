"""What every importer produces: source records holding vendor figures.

A figure here is a plain mapping in the vendor file's own shape (``value``,
``unit``, ``source``, ``as_of``, ``evidence``, ``method``, ``stderr``, ``note``),
ready to be written into a ``[metrics.<id>]`` table.  No I/O here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from scorecard.model.numbers import format_plain

# The keys of a figure an importer owns, in the order they are written.
FIGURE_KEYS: tuple[str, ...] = (
    "value",
    "unit",
    "tiers",
    "source",
    "as_of",
    "evidence",
    "method",
    "stderr",
    "note",
    "assessed_by",
)

IMPORTERS: tuple[str, ...] = ("prices", "lm-eval", "vectara")


@dataclass(frozen=True)
class SourceRecord:
    """One record of a source (a model's row, a results file): the figures it gives.

    ``name`` is how ``--map`` and the vendor file's ``[import]`` table refer to
    it; ``model`` and ``vendor`` are what a new vendor file gets (``vendor`` is
    None where the source names no provider)."""

    name: str
    model: str
    vendor: str | None
    figures: dict[str, dict[str, Any]]
    skipped: tuple[str, ...] = ()  # what this record holds that was not imported, and why
    vendor_note: str | None = None  # why the vendor is unknown, for the new file's comment


@dataclass(frozen=True)
class ImportSource:
    """Everything one importer read from one source."""

    importer: str  # "prices" | "lm-eval" | "vectara"
    label: str  # how messages name the source
    records: dict[str, SourceRecord]
    warnings: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()  # source-level: rows or tasks not imported, and why
    # names asked for but absent from the source (for sources looked up by name)
    missing: tuple[str, ...] = ()
    # when False the source lists only the records asked for, so "unmatched" is meaningless
    complete: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


def figure(
    value: float | int | Decimal,
    unit: str,
    source: str,
    as_of: dt.date | str,
    evidence: str,
    method: str | None = None,
    stderr: float | None = None,
    note: str | None = None,
    tiers: Sequence[tuple[int, float | int | Decimal]] | None = None,
) -> dict[str, Any]:
    """A figure table in the vendor file's key order; absent keys are left out."""
    out: dict[str, Any] = {"value": plain_number(value), "unit": unit}
    if tiers:
        out["tiers"] = [
            {"above_input_tokens": start, "value": plain_number(price)} for start, price in tiers
        ]
    out |= {
        "source": source,
        "as_of": as_of,
        "evidence": evidence,
    }
    if method is not None:
        out["method"] = method
    if stderr is not None:
        out["stderr"] = plain_number(stderr)
    if note is not None:
        out["note"] = note
    return out


def plain_number(value: float | int | Decimal) -> float | int:
    """A whole number as an int (``30``, as a person would write it), else a float."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def fmt_number(value: float | int | Decimal) -> str:
    """A number as a person reads it: ``2.5``, ``30``, ``0.0004``."""
    return format_plain(float(value), digits=10)
