"""Numbers and units as the report and the text writers show them, in one place.

Built on :func:`scorecard.model.numbers.format_plain` (the plain form messages use);
everything here is pure, locale-free and deterministic: the PDF's bytes depend on it."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

from scorecard.model.constants import TIE_DECIMALS
from scorecard.model.numbers import format_plain

if TYPE_CHECKING:
    from scorecard.model.results import ValueFunction

DASH = "\u2014"  # an empty cell: no figure, no score


def format_number(x: float | None, digits: int = 4) -> str:
    """A figure as a reader expects it: thousands separated, about ``digits``
    significant digits (at most 6 decimals), no float noise; a dash for None."""
    if x is None:
        return DASH
    if not math.isfinite(x):
        return str(x)
    if x == round(x) and abs(x) < 1e15:
        return f"{round(x):,}"
    magnitude = math.floor(math.log10(abs(x))) if x else 0
    decimals = max(0, min(6, digits - 1 - magnitude))
    text = f"{x:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_quantity(x: float | None, unit: str) -> str:
    """A figure with its unit (``1,760 ms``); a dash for None."""
    return DASH if x is None else f"{format_number(x)} {unit}"


def format_short(x: float | None, digits: int = 3, none: str = "-") -> str:
    """A small number in plain form: a whole number in full, else ``digits``
    significant digits (panel scores ``3.5``, diffs of figures with ``digits=10``)."""
    return none if x is None else format_plain(x, digits)


def format_percent(share: float, decimals: int = 1) -> str:
    """A share (0.253) as a percentage with fixed decimals (``25.3%``)."""
    return f"{share * 100:.{decimals}f}%"


def format_share(share: float, zero: str = "0%") -> str:
    """A share of draws as a whole percentage that never rounds to a misleading 0% or
    100%: ``<1%`` for a small share, ``>99%`` for one short of all; ``zero`` for none."""
    if share == 0:
        return zero
    if share < 0.005:
        return "<1%"
    if share < 1 and f"{share:.0%}" == "100%":
        return ">99%"
    return f"{share:.0%}"


def score_decimals(scores: Iterable[float]) -> int:
    """The fewest decimals (1 to 6) at which scores that rank differently never look
    equal.  Scores rank differently when they differ at :data:`TIE_DECIMALS` decimals
    (the tie rule); the text compared is the score as shown, ``f"{score:.{d}f}"``.
    One rule for the terminal, Markdown, diffs and the PDF."""
    tie_key = {s: round(s, TIE_DECIMALS) for s in scores}
    for decimals in range(1, TIE_DECIMALS):
        shown: dict[str, float] = {}
        if all(shown.setdefault(f"{s:.{decimals}f}", k) == k for s, k in tie_key.items()):
            return decimals
    return TIE_DECIMALS


def format_score(score: float, decimals: int) -> str:
    return f"{score:.{decimals}f}"


def describe_value_function(vf: ValueFunction) -> str:
    """How a metric's figures become scores, in words, with its canonical unit."""
    unit = vf.unit
    if vf.best is None or vf.worst is None:
        return "relative to the vendors scored; no qualified vendor has this figure"
    best, worst = format_number(vf.best), format_number(vf.worst)
    scale = "logarithmic" if vf.scale == "log" else "linear"
    text = f"{scale}: {worst} {unit} scores 0, {best} {unit} scores 100, clamped between"
    if vf.relative:
        text += " (best and worst as observed among the qualified vendors)"
    return text
