"""The one plain number format of messages: whole numbers in full, others to a few
significant digits (``15``, ``16.3``, ``32000``, ``0.25``).  Every stage may use it;
the report's own formats (thousands separators, percentages, score decimals) build
on it in :mod:`scorecard.report.format`."""

from __future__ import annotations

import math

#: Significant digits of a number in a message.
MESSAGE_DIGITS = 6


def format_plain(x: float, digits: int = MESSAGE_DIGITS) -> str:
    """``x`` as a person writes it: a whole number in full (``1000000``, never
    ``1e+06``), anything else in ``{x:.{digits}g}`` form."""
    if math.isfinite(x) and x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.{digits}g}"
