"""Checks of a vendor file's figures: units, valid ranges, canonical values."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from scorecard.load.validation import _Placer, suggest
from scorecard.model.catalog import Catalog, MetricDef
from scorecard.model.constants import REL_TOL
from scorecard.model.files import (
    Figure,
)
from scorecard.model.findings import Finding
from scorecard.model.inputs import SourceFile
from scorecard.model.numbers import format_plain as _fmt
from scorecard.model.units import UNITS, compatible, convert

if TYPE_CHECKING:  # imported where used: runs without panel metrics never load it
    pass


def check_unit(
    place: _Placer, loc: tuple[str | int, ...], unit: str, canonical: str
) -> list[Finding]:
    if unit not in UNITS:
        return [place(loc, "unknown-unit", f"unknown unit {unit!r}{suggest(unit, UNITS)}")]
    if not compatible(unit, canonical):
        like = ", ".join(u for u in UNITS if compatible(u, canonical))
        return [
            place(
                loc,
                "incompatible-unit",
                f"unit {unit!r} cannot convert to {canonical!r} (use one of: {like})",
            )
        ]
    return []


def _range_text(mdef: MetricDef, unit: str) -> str:
    lo = None if mdef.min is None else convert(mdef.min, mdef.unit, unit)
    hi = None if mdef.max is None else convert(mdef.max, mdef.unit, unit)
    if lo is not None and hi is not None:
        return f"between {_fmt(lo)} and {_fmt(hi)} {unit}"
    if lo is not None:
        return f"at least {_fmt(lo)} {unit}"
    return f"at most {_fmt(hi)} {unit}" if hi is not None else "any value"


def _in_range(mdef: MetricDef, canonical: float) -> bool:
    lo_ok = mdef.min is None or canonical >= mdef.min - REL_TOL * max(1.0, abs(mdef.min))
    hi_ok = mdef.max is None or canonical <= mdef.max + REL_TOL * max(1.0, abs(mdef.max))
    return lo_ok and hi_ok


def check_figures(
    figures: Mapping[str, Figure | None], src: SourceFile, catalog: Catalog
) -> tuple[dict[str, float], dict[str, float], list[Finding]]:
    """Check each figure against the catalogue: known metric, convertible unit, valid range.

    ``figures`` maps every metric id in the file to its validated figure, or None
    where the figure itself has structural findings (its id is still checked)."""
    place = _Placer(src)
    findings: list[Finding] = []
    values: dict[str, float] = {}
    stderrs: dict[str, float] = {}
    for metric_id, fig in figures.items():
        loc: tuple[str | int, ...] = ("metrics", metric_id)
        mdef = catalog.get(metric_id)
        if mdef is None:
            findings.append(
                place(
                    loc,
                    "unknown-metric",
                    f"unknown metric {metric_id!r}{suggest(metric_id, catalog)}"
                    " (declare custom metrics under [metrics] in the criteria file)",
                )
            )
            continue
        if mdef.derived:
            findings.append(
                place(
                    loc,
                    "derived-metric",
                    f"{metric_id} is derived by scorecard from the input and output "
                    "prices and the criteria's token_mix; do not give it",
                )
            )
            continue
        if mdef.panel:
            findings.append(
                place(
                    loc,
                    "panel-metric-in-vendor-file",
                    f"{metric_id} is a panel metric: its value comes from the evaluators' "
                    "score files (scores/), not from the vendor file",
                )
            )
            continue
        if fig is None:
            continue
        if isinstance(fig.value, bool) and not mdef.yes_no:
            findings.append(
                place(
                    (*loc, "value"),
                    "wrong-type",
                    f"must be a number (got boolean {str(fig.value).lower()}): only yes/no "
                    "metrics take true or false",
                )
            )
            continue
        if mdef.yes_no and not isinstance(fig.value, bool):
            findings.append(
                place(
                    (*loc, "value"),
                    "wrong-type",
                    f"must be true or false: {metric_id} is a yes/no metric "
                    f"(got {_fmt(fig.value)})",
                )
            )
            continue
        unit_findings = check_unit(place, (*loc, "unit"), fig.unit, mdef.unit)
        if unit_findings:
            findings += unit_findings
            continue
        value = float(convert(fig.value, fig.unit, mdef.unit))
        if not _in_range(mdef, value):
            findings.append(
                place(
                    (*loc, "value"),
                    "value-out-of-range",
                    f"must be {_range_text(mdef, fig.unit)} (got {_fmt(fig.value)})",
                )
            )
            continue
        values[metric_id] = value
        if fig.stderr is not None:
            stderrs[metric_id] = convert(fig.stderr, fig.unit, mdef.unit)
    return values, stderrs, findings


def _partial_figures(data: dict[str, Any]) -> dict[str, Figure | None]:
    """The figures of a file that failed validation, each validated on its own."""
    metrics = data.get("metrics")
    if not isinstance(metrics, dict):
        return {}
    out: dict[str, Figure | None] = {}
    for metric_id, raw in metrics.items():
        try:
            out[metric_id] = Figure.model_validate(raw)
        except ValidationError:
            out[metric_id] = None
            # still check the value's range where value and unit are usable
            value = raw.get("value") if isinstance(raw, dict) else None
            unit = raw.get("unit") if isinstance(raw, dict) else None
            if isinstance(value, bool) != (unit == "yes/no"):
                pass  # the model already said true/false go with unit "yes/no" only
            elif isinstance(value, bool) and isinstance(unit, str):
                out[metric_id] = Figure.model_construct(value=value, unit=unit)  # type: ignore[call-arg]
            elif isinstance(value, int | float) and math.isfinite(value) and isinstance(unit, str):
                out[metric_id] = Figure.model_construct(value=float(value), unit=unit)  # type: ignore[call-arg]
    return out
