"""Numbers and units as the report and the text writers show them, in one place.

Built on :func:`scorecard.model.numbers.format_plain` (the plain form messages use);
everything here is pure and deterministic: the PDF's bytes depend on it.

The one place that knows the reader's language (:mod:`scorecard.report.i18n`): in
English every figure prints exactly as the code below writes it (``78.1``, ``6.2%``,
``$0.25``, ``2026-12-01``); in another language the same digits are written with
Babel's locale data (CLDR): decimal and group symbols, the percent and currency
patterns and the long date (``78,1``, ``6,2 %``, ``0,25 $``, ``1. Dezember 2026``).
Rounding is done once, in English, so every language shows the same digits.  JSON, CSV
and the embedded results never pass through here: they keep full precision."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

from scorecard.model.constants import TIE_DECIMALS
from scorecard.model.numbers import format_plain
from scorecard.report.i18n import SOURCE_LANGUAGE, current_language

if TYPE_CHECKING:
    from babel import Locale

    from scorecard.model.results import ValueFunction

DASH = "\u2014"  # an empty cell: no figure, no score


@cache
def _locale(code: str) -> Locale:
    from babel import Locale

    return Locale.parse(code)


@cache
def _symbols(code: str) -> dict[str, str]:
    """The English number symbols -> the locale's (``.`` decimal, ``,`` group)."""
    from babel.numbers import get_decimal_symbol, get_group_symbol, get_minus_sign_symbol

    return {
        ".": get_decimal_symbol(code),
        ",": get_group_symbol(code),
        "-": get_minus_sign_symbol(code),
    }


def localize_number(text: str) -> str:
    """A number written the English way (``1,234.5``) in the active language's symbols
    (``1.234,5`` in German): the digits stay, only the symbols change."""
    code = current_language()
    if code == SOURCE_LANGUAGE:
        return text
    table = _symbols(code)
    return "".join(table.get(ch, ch) for ch in text)


@cache
def _affixes(code: str, kind: str) -> tuple[str, str]:
    """(prefix, suffix) of the locale's percent or currency pattern (``¤`` stands for
    the currency symbol): German percent ``("", "\u00a0%")``."""
    loc = _locale(code)
    pattern = loc.percent_formats[None] if kind == "percent" else loc.currency_formats["standard"]
    text = pattern.pattern.split(";")[0]
    start = min(text.find(c) for c in "#0" if c in text)
    end = max(text.rfind(c) for c in "#0" if c in text) + 1
    return text[:start], text[end:]


def localize_percent(number: str) -> str:
    """``number`` (English form, without the sign) as a percentage: ``6.2%`` in
    English, ``6,2 %`` in German."""
    code = current_language()
    if code == SOURCE_LANGUAGE:
        return f"{number}%"
    prefix, suffix = _affixes(code, "percent")
    return prefix + localize_number(number) + suffix


def localize_currency(number: str, currency: str) -> str:
    """``number`` (English form) as an amount of ``currency`` (ISO code) in the
    locale's pattern and symbol: ``$0.25`` / ``0,25 $``; ``EUR 1,200`` / ``1.200 €``."""
    code = current_language()
    if code == SOURCE_LANGUAGE:
        return f"${number}" if currency == "USD" else f"{currency} {number}"
    from babel.numbers import get_currency_symbol

    symbol = get_currency_symbol(currency, _locale(code))
    prefix, suffix = _affixes(code, "currency")
    return (prefix + localize_number(number) + suffix).replace("\u00a4", symbol)


def format_date(day: dt.date) -> str:
    """A date for readers: ISO in English (``2026-12-01``), else the locale's long
    form (``1. Dezember 2026``)."""
    code = current_language()
    if code == SOURCE_LANGUAGE:
        return day.isoformat()
    from babel.dates import format_date as babel_date

    return babel_date(day, format="long", locale=_locale(code))


def format_fixed(x: float, decimals: int) -> str:
    """``x`` with exactly ``decimals`` decimals (``f"{x:.1f}"``) in the active language."""
    return localize_number(f"{x:.{decimals}f}")


def format_number(x: float | None, digits: int = 4) -> str:
    """A figure as a reader expects it: thousands separated, about ``digits``
    significant digits (at most 6 decimals), no float noise; a dash for None."""
    return DASH if x is None else localize_number(english_number(x, digits))


def english_number(x: float, digits: int) -> str:
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
    return none if x is None else localize_number(format_plain(x, digits))


def format_percent(share: float, decimals: int = 1) -> str:
    """A share (0.253) as a percentage with fixed decimals (``25.3%``)."""
    return localize_percent(f"{share * 100:.{decimals}f}")


def format_share(share: float, zero: str = "0%") -> str:
    """A share of draws as a whole percentage that never rounds to a misleading 0% or
    100%: ``<1%`` for a small share, ``>99%`` for one short of all; ``zero`` for none."""
    if share == 0:
        return zero
    if share < 0.005:
        return "<" + localize_percent("1")
    if share < 1 and f"{share:.0%}" == "100%":
        return ">" + localize_percent("99")
    return localize_percent(f"{share * 100:.0f}")


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
    return format_fixed(score, decimals)


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
