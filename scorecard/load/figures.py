"""Checks of a vendor file's figures against the catalogue: known metric, convertible
unit, valid range; the values converted to canonical units."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from scorecard.load.validation import Placer, number_text, suggest
from scorecard.model.catalog import Catalog, MetricDef
from scorecard.model.constants import REL_TOL
from scorecard.model.files import Figure
from scorecard.model.findings import Finding
from scorecard.model.inputs import SourceFile
from scorecard.model.units import UNITS, canonical_unit, compatible, convert, units_like


def check_unit(place: Placer, loc: Sequence[str | int], unit: str, canonical: str) -> list[Finding]:
    """A unit scorecard knows and that converts to ``canonical``."""
    if unit not in UNITS:
        return [place(loc, "unknown-unit", unit=repr(unit), hint=unit_hint(unit, canonical))]
    if not compatible(unit, canonical):
        like = ", ".join(u for u in UNITS if compatible(u, canonical))
        return [
            place(
                loc, "incompatible-unit", unit=repr(unit), canonical=repr(canonical), choices=like
            )
        ]
    return []


_CURRENCY = re.compile(r"\b(eur|gbp|chf|jpy|cny|cad|aud|sek|nok|dkk|inr)\b|[€£¥]", re.IGNORECASE)


def unit_hint(unit: str, canonical: str) -> str:
    """The nearest unit of the metric's own dimension (never another dimension's: a
    price is never suggested `tokens`), else the units the metric takes."""
    like = units_like(canonical) if canonical in UNITS else list(UNITS)
    price = canonical in UNITS and UNITS[canonical].dimension == "price"
    if price and _CURRENCY.search(unit.replace("_", " ")):
        return (
            "; a price in another currency takes a unit like eur_per_mtok and an [fx.EUR] "
            f"rate in the criteria file (units for this metric: {', '.join(like)})"
        )
    return suggest(unit, like) or f"; units for this metric: {', '.join(like)}"


def range_text(mdef: MetricDef, unit: str) -> str:
    lo = None if mdef.min is None else convert(mdef.min, mdef.unit, unit)
    hi = None if mdef.max is None else convert(mdef.max, mdef.unit, unit)
    if lo is not None and hi is not None:
        return f"between {number_text(lo)} and {number_text(hi)} {unit}"
    if lo is not None:
        return f"at least {number_text(lo)} {unit}"
    return f"at most {number_text(hi)} {unit}" if hi is not None else "any value"


def in_range(mdef: MetricDef, canonical: float) -> bool:
    lo_ok = mdef.min is None or canonical >= mdef.min - REL_TOL * max(1.0, abs(mdef.min))
    hi_ok = mdef.max is None or canonical <= mdef.max + REL_TOL * max(1.0, abs(mdef.max))
    return lo_ok and hi_ok


def _metric_findings(place: Placer, metric_id: str, catalog: Catalog) -> list[Finding]:
    """A metric id a vendor file may not give: unknown, derived, or a panel's."""
    loc = ("metrics", metric_id)
    mdef = catalog.get(metric_id)
    if mdef is None:
        note = " (declare custom metrics under [metrics] in the criteria file)"
        hint = suggest(metric_id, catalog)
        return [
            place(
                loc, "unknown-metric", what="metric", metric=repr(metric_id), hint=hint, note=note
            )
        ]
    if mdef.derived:
        return [place(loc, "derived-metric", metric=metric_id)]
    if mdef.panel:
        return [place(loc, "panel-metric-in-vendor-file", metric=metric_id)]
    return []


def _figure_findings(place: Placer, metric_id: str, fig: Figure, mdef: MetricDef) -> list[Finding]:
    """The figure's value and unit against its metric's kind, unit and range."""
    loc = ("metrics", metric_id, "value")
    if isinstance(fig.value, bool) and not mdef.yes_no:
        got = f"boolean {str(fig.value).lower()}"
        note = ": only yes/no metrics take true or false"
        return [place(loc, "wrong-type", expected="a number", got=got, note=note)]
    if mdef.yes_no and not isinstance(fig.value, bool):
        note = f": {metric_id} is a yes/no metric"
        got = number_text(fig.value)
        return [place(loc, "wrong-type", expected="true or false", got=got, note=note)]
    found = check_unit(place, ("metrics", metric_id, "unit"), fig.unit, mdef.unit)
    if not found and not in_range(mdef, convert(fig.value, fig.unit, mdef.unit)):
        bounds = range_text(mdef, fig.unit)
        found = [place(loc, "value-out-of-range", bounds=bounds, got=number_text(fig.value))]
    return found


def check_figures(
    figures: Mapping[str, Figure | None], src: SourceFile, catalog: Catalog
) -> tuple[dict[str, float], dict[str, float], list[Finding]]:
    """Check each figure against the catalogue: known metric, convertible unit, valid range.

    ``figures`` maps every metric id in the file to its validated figure, or None
    where the figure itself has structural findings (its id is still checked).
    Returns the canonical values and standard errors of the figures that pass."""
    place = Placer(src)
    findings: list[Finding] = []
    values: dict[str, float] = {}
    stderrs: dict[str, float] = {}
    for metric_id, fig in figures.items():
        found = _metric_findings(place, metric_id, catalog)
        if found or fig is None:
            findings += found
            continue
        mdef = catalog[metric_id]
        found = _figure_findings(place, metric_id, fig, mdef)
        if found:
            findings += found
            continue
        values[metric_id] = float(convert(fig.value, fig.unit, mdef.unit))
        if fig.stderr is not None:
            stderrs[metric_id] = convert(fig.stderr, fig.unit, mdef.unit)
    return values, stderrs, findings


def partial_figures(data: dict[str, Any]) -> dict[str, Figure | None]:
    """The figures of a file that failed validation, each validated on its own, so
    their ids, units and ranges are still checked (None: the figure has structural
    findings of its own)."""
    metrics = data.get("metrics")
    if not isinstance(metrics, dict):
        return {}
    out: dict[str, Figure | None] = {}
    for metric_id, raw in metrics.items():
        try:
            out[metric_id] = Figure.model_validate(raw)
        except ValidationError:
            out[metric_id] = _usable_value_and_unit(raw)
    return out


def _usable_value_and_unit(raw: Any) -> Figure | None:
    """A stand-in figure holding only value and unit, when both are usable, so the
    value's range is checked too."""
    value = raw.get("value") if isinstance(raw, dict) else None
    unit = raw.get("unit") if isinstance(raw, dict) else None
    unit = canonical_unit(unit) if isinstance(unit, str) else None
    if not isinstance(unit, str) or isinstance(value, bool) != (unit == "yes/no"):
        return None  # the model already said true/false go with unit "yes/no" only
    if isinstance(value, bool):
        return Figure.model_construct(value=value, unit=unit)  # type: ignore[call-arg]
    if isinstance(value, int | float) and math.isfinite(value):
        return Figure.model_construct(value=float(value), unit=unit)  # type: ignore[call-arg]
    return None
