"""Units and their conversion to each metric's one canonical unit.

Every unit belongs to a dimension; a value converts between two units only when
they share a dimension.  Conversion happens once, when files are loaded: inside
the core every metric is in its canonical unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scorecard.model.errors import ScorecardError


@dataclass(frozen=True, slots=True)
class Unit:
    name: str
    dimension: str
    factor: float  # multiply a value in this unit by factor to get the dimension's base unit
    description: str


# The base unit of a dimension has factor 1.  Catalogue metrics use base units
# as their canonical units.
UNITS: dict[str, Unit] = {
    u.name: u
    for u in (
        Unit("percent", "share", 1.0, "percentage points, 0-100"),
        Unit("fraction", "share", 100.0, "a share between 0 and 1"),
        Unit("ms", "duration", 1.0, "milliseconds"),
        Unit("s", "duration", 1000.0, "seconds"),
        Unit("usd_per_mtok", "price", 1.0, "US dollars per million tokens"),
        Unit("usd_per_ktok", "price", 1000.0, "US dollars per thousand tokens"),
        Unit("usd_per_token", "price", 1_000_000.0, "US dollars per token"),
        Unit("tokens", "tokens", 1.0, "tokens"),
        Unit("tokens_per_s", "rate", 1.0, "tokens per second"),
        Unit("billions", "count_billions", 1.0, "billions (e.g. of parameters)"),
        Unit("trillions", "count_billions", 1000.0, "trillions (e.g. of parameters)"),
        Unit("score", "score", 1.0, "a score on the buyer's own scale"),
        Unit("count", "count", 1.0, "a plain count"),
        Unit("days", "days", 1.0, "days"),
        Unit("usd", "usd", 1.0, "US dollars"),
        Unit("usd_per_month", "usd_per_month", 1.0, "US dollars per month"),
        # the derived monthly cost, in the currency the criteria's [usage] names
        Unit("per_month", "per_month", 1.0, "the buyer's currency ([usage] currency) per month"),
        # TOML true/false; canonical value 1.0 (yes) or 0.0 (no).  Only yes/no
        # metrics take booleans, and yes/no metrics take only booleans.
        Unit("yes/no", "yes/no", 1.0, "true (yes) or false (no)"),
        # an evaluation panel's score on the metric's own scale (criteria `scale`)
        Unit("panel", "panel", 1.0, "an evaluation panel's score on the metric's scale"),
    )
}


# --------------------------------------------------------------------------- aliases

#: Common spellings of units, accepted where they can mean one unit only: a figure
#: given in one is read (and shown, and kept in the results) in the unit it names.
#: A spelling is compared ignoring case and spaces (``USD / 1M Tokens`` is
#: ``usd/1M tokens``).  A price is spelt ``<currency><per><quantity>``: the currency a
#: three-letter code or a sign below, ``<per>`` one of ``/`` or ``per``, the quantity
#: one of :data:`PRICE_QUANTITIES`; it maps to ``<code>_per_<quantity>`` and so never to
#: another currency (``EUR/1M tokens`` is ``eur_per_mtok``, which needs an ``[fx.EUR]``
#: rate; never ``usd_per_mtok``).  Left out as ambiguous: ``M`` or ``K`` alone (million
#: or month; thousand tokens or kilo-), ``d``, ``b``, ``tps``, and ``$`` with a country
#: (``A$``, ``C$``).
UNIT_ALIASES: dict[str, str] = {
    "%": "percent",
    "pct": "percent",
    "percentage": "percent",
    "percentage points": "percent",
    "millisecond": "ms",
    "milliseconds": "ms",
    "sec": "s",
    "secs": "s",
    "second": "s",
    "seconds": "s",
    "token": "tokens",
    "tok/s": "tokens_per_s",
    "tokens/s": "tokens_per_s",
    "tokens/sec": "tokens_per_s",
    "tokens per second": "tokens_per_s",
    "billion": "billions",
    "bn": "billions",
    "trillion": "trillions",
    "day": "days",
}

#: The quantity a price is per (the part after ``/`` or ``per``), as the unit spells it.
PRICE_QUANTITIES: dict[str, str] = {
    "Mtok": "mtok",
    "1M tok": "mtok",
    "M tokens": "mtok",
    "1M tokens": "mtok",
    "million tokens": "mtok",
    "1 million tokens": "mtok",
    "Ktok": "ktok",
    "1K tok": "ktok",
    "K tokens": "ktok",
    "1K tokens": "ktok",
    "1000 tokens": "ktok",
    "thousand tokens": "ktok",
    "token": "token",
    "tok": "token",
    "month": "month",
    "mo": "month",
}

#: Currency signs that name one currency.
CURRENCY_SIGNS: dict[str, str] = {"$": "usd", "US$": "usd", "€": "eur", "£": "gbp"}

#: The ISO codes a price spelling may start with (``SEC/token`` is not a price).
CURRENCY_CODES = frozenset(
    [
        "usd",
        "eur",
        "gbp",
        "chf",
        "jpy",
        "cny",
        "cad",
        "aud",
        "nzd",
        "sek",
        "nok",
        "dkk",
        "pln",
        "czk",
        "inr",
        "sgd",
        "hkd",
        "krw",
        "brl",
        "mxn",
        "zar",
    ]
)

_PRICE_SPELLING = re.compile(r"^(?P<cur>[a-z]{3}|us\$|[$€£])(?:/|per)(?P<qty>[a-z0-9]+)$")


def _squeezed(unit: str) -> str:
    return re.sub(r"\s+", "", unit).lower()


_ALIASES = {_squeezed(k): v for k, v in UNIT_ALIASES.items()}
_QUANTITIES = {_squeezed(k): v for k, v in PRICE_QUANTITIES.items()}
_SIGNS = {_squeezed(k): v for k, v in CURRENCY_SIGNS.items()}


def canonical_unit(unit: str) -> str:
    """The unit ``unit`` names: itself when it is a unit's own name (or unknown, for
    the loader to report), else the unit of :data:`UNIT_ALIASES` or the price it spells
    (``USD/1M tokens`` -> ``usd_per_mtok``, ``EUR/1M tokens`` -> ``eur_per_mtok``)."""
    if unit in UNITS:
        return unit
    key = _squeezed(unit)
    if key in _ALIASES:
        return _ALIASES[key]
    if key in UNITS:  # a unit's own name in capitals: ``MS``, ``Percent``
        return key
    m = _PRICE_SPELLING.match(key)
    if m is None or m["qty"] not in _QUANTITIES:
        return unit
    currency = _SIGNS.get(m["cur"], m["cur"])
    if currency not in CURRENCY_CODES:
        return unit
    return f"{currency}_per_{_QUANTITIES[m['qty']]}"


YES_NO = "yes/no"
PANEL = "panel"


class UnitError(ScorecardError):
    """A unit that is unknown or cannot convert to the one asked for.

    Loading checks every unit first (as findings), so inside the core this means a
    caller passed a unit that was never checked."""


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """Convert ``value`` from one unit to another of the same dimension."""
    if from_unit == to_unit:
        return value
    src, dst = UNITS.get(from_unit), UNITS.get(to_unit)
    if src is None:
        raise UnitError(f"unknown unit {from_unit!r}")
    if dst is None:
        raise UnitError(f"unknown unit {to_unit!r}")
    if src.dimension != dst.dimension:
        raise UnitError(f"cannot convert {from_unit} to {to_unit}")
    return value * src.factor / dst.factor


def compatible(from_unit: str, to_unit: str) -> bool:
    src, dst = UNITS.get(from_unit), UNITS.get(to_unit)
    return src is not None and dst is not None and src.dimension == dst.dimension


def units_like(unit: str) -> list[str]:
    """The units a value in ``unit`` may be given in (``unit`` itself first)."""
    base = UNITS[unit]
    return [
        unit,
        *sorted(u.name for u in UNITS.values() if u.dimension == base.dimension and u.name != unit),
    ]
