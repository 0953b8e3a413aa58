"""Units and their conversion to each metric's one canonical unit.

Every unit belongs to a dimension; a value converts between two units only when
they share a dimension.  Conversion happens once, when files are loaded: inside
the core every metric is in its canonical unit.
"""

from __future__ import annotations

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
