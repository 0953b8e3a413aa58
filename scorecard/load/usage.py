"""The buyer's ``[usage]`` and ``[fx]`` checked; prices quoted in other currencies
converted to USD with the criteria's rates; the derived ``monthly_cost``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from collections.abc import Callable, Mapping

from scorecard.load.validation import Placer
from scorecard.model.catalog import MONTHLY_COST
from scorecard.model.cost import (
    COST_INPUTS,
    PRICE_METRICS,
    PriceSheet,
    Tier,
    Workload,
    monthly_cost,
    price_sheet,
    shifted,
)
from scorecard.model.files import CriteriaFile, Figure
from scorecard.model.findings import Finding
from scorecard.model.inputs import SourceFile, VendorRecord
from scorecard.model.units import convert

# a unit quoted in a currency: eur_per_mtok, gbp_per_month, ...
_CURRENCY_UNIT = re.compile(r"^([a-z]{3})_per_(mtok|ktok|token|month)$")


def check_usage(cf: CriteriaFile, src: SourceFile) -> list[Finding]:
    """Unique workload names; an ``[fx]`` rate for the buyer's currency."""
    if cf.usage is None:
        return []
    place = Placer(src)
    findings: list[Finding] = []
    seen: set[str] = set()
    for i, w in enumerate(cf.usage.workload):
        if w.name in seen:
            findings.append(
                place(("usage", "workload", i, "name"), "duplicate-workload", name=repr(w.name))
            )
        seen.add(w.name)
    currency = cf.usage.currency
    if currency != "USD" and currency not in cf.fx:
        findings.append(place(("usage", "currency"), "fx-missing", currency=currency))
    return findings


def stale_fx(cf: CriteriaFile, src: SourceFile, on: dt.date) -> list[Finding]:
    """Each ``[fx.X]`` rate dated more than ``max_age_days`` before ``on``: the same
    rule as a stale figure (a warning, at the rate's ``as_of``)."""
    place = Placer(src)
    findings: list[Finding] = []
    for currency, rate in cf.fx.items():
        age = (on - rate.as_of).days
        if age > cf.max_age_days:
            findings.append(
                place(
                    ("fx", currency, "as_of"),
                    "stale-fx-rate",
                    currency=currency,
                    as_of=rate.as_of.isoformat(),
                    age=age,
                    date=on.isoformat(),
                    max_age=cf.max_age_days,
                )
            )
    return findings


def _usd_unit(unit: str) -> tuple[str, str] | None:
    """(currency code, the USD unit) for a unit quoted in a currency other than USD."""
    m = _CURRENCY_UNIT.match(unit)
    if m is None or m.group(1) == "usd":
        return None
    return m.group(1).upper(), f"usd_per_{m.group(2)}"


def figures_in_usd(
    figures: Mapping[str, Figure | None], cf: CriteriaFile | None, src: SourceFile
) -> tuple[dict[str, Figure | None], list[Finding]]:
    """Figures quoted in another currency, converted to USD with ``[fx]``; tiers only
    on token prices.  Without a loaded criteria file such figures are left unchecked
    (None), since their rate is unknown."""
    place = Placer(src)
    out: dict[str, Figure | None] = {}
    findings: list[Finding] = []
    for metric_id, fig in figures.items():
        if fig is not None and fig.tiers and metric_id not in PRICE_METRICS:
            findings.append(
                place(("metrics", metric_id, "tiers"), "tiers-not-a-price", metric=metric_id)
            )
        quoted = None if fig is None or isinstance(fig.value, bool) else _usd_unit(fig.unit)
        if fig is None or quoted is None:
            out[metric_id] = fig
            continue
        currency, usd_unit = quoted
        rate = cf.fx.get(currency) if cf is not None else None
        if rate is None:
            if cf is not None:
                loc = ("metrics", metric_id, "unit")
                findings.append(place(loc, "fx-missing", currency=currency))
            out[metric_id] = None
            continue
        out[metric_id] = _divide(fig, rate.per_usd, usd_unit)
    return out, findings


def _divide(fig: Figure, per_usd: float, unit: str) -> Figure:
    tiers = fig.tiers and [t.model_copy(update={"value": t.value / per_usd}) for t in fig.tiers]
    stderr = None if fig.stderr is None else fig.stderr / per_usd
    update = {"value": float(fig.value) / per_usd, "unit": unit, "tiers": tiers, "stderr": stderr}
    return fig.model_copy(update=update)


def vendor_sheet(
    values: Mapping[str, float], figures: Mapping[str, Figure], cf: CriteriaFile
) -> PriceSheet:
    """A vendor's prices in USD: canonical values plus each price's tiers."""
    tiers: dict[str, list[Tier]] = {}
    for metric_id in PRICE_METRICS:
        fig = figures.get(metric_id)
        if fig is None or not fig.tiers or metric_id not in values:
            continue
        unit, factor = fig.unit, 1.0
        quoted = _usd_unit(unit)
        if quoted is not None:
            unit, factor = quoted[1], 1.0 / cf.fx[quoted[0]].per_usd
        tiers[metric_id] = [
            Tier(t.above_input_tokens, convert(t.value * factor, unit, "usd_per_mtok"))
            for t in fig.tiers
        ]
    return price_sheet(values, tiers)


# The last criteria file's workloads: loading prices 1,000 vendors against one file.
# The file is kept with them, so its id cannot be reused while it is cached.
_LAST_WORKLOADS: list[tuple[CriteriaFile, tuple[Workload, ...]]] = []


def workloads(cf: CriteriaFile) -> tuple[Workload, ...]:
    """The criteria's ``[usage]`` workloads for the cost arithmetic."""
    if _LAST_WORKLOADS and _LAST_WORKLOADS[0][0] is cf:
        return _LAST_WORKLOADS[0][1]
    loads = _workloads(cf)
    _LAST_WORKLOADS[:] = [(cf, loads)]
    return loads


def _workloads(cf: CriteriaFile) -> tuple[Workload, ...]:
    if cf.usage is None:
        return ()
    return tuple(
        Workload(
            w.name,
            w.requests_per_month,
            w.input_tokens,
            w.output_tokens,
            w.cached_input_share,
            w.batch_share,
        )
        for w in cf.usage.workload
    )


def per_usd(cf: CriteriaFile) -> float:
    """Units of the buyer's currency for one USD."""
    if cf.usage is None or cf.usage.currency == "USD":
        return 1.0
    return cf.fx[cf.usage.currency].per_usd


def derive_monthly_cost(vendor: VendorRecord, cf: CriteriaFile) -> VendorRecord:
    """Add monthly_cost (buyer's currency) where [usage] is set and both prices are known."""
    if cf.usage is None or (cf.usage.currency != "USD" and cf.usage.currency not in cf.fx):
        return vendor  # check_usage reports the missing rate
    sheet = vendor_sheet(vendor.values, vendor.file.metrics, cf)
    usd = monthly_cost(workloads(cf), sheet)
    if usd is None:
        return vendor
    return dataclasses.replace(vendor, values={**vendor.values, MONTHLY_COST: usd * per_usd(cf)})


def monthly_cost_stderr(
    vendor: VendorRecord, cf: CriteriaFile, stderr: Callable[[str], float]
) -> float:
    """The standard error of a vendor's ``monthly_cost`` (buyer's currency) from the
    standard errors of the figures it is computed from, taken as independent, as the
    blended price's are.  The cost is linear in each of them (a price's error shifts its
    whole schedule, base and tiers), so one step of one standard error gives each
    figure's share exactly."""
    if cf.usage is None or MONTHLY_COST not in vendor.values:
        return 0.0
    sheet = vendor_sheet(vendor.values, vendor.file.metrics, cf)
    loads = workloads(cf)
    base = monthly_cost(loads, sheet)
    if base is None:
        return 0.0
    var = 0.0
    for metric in COST_INPUTS:
        se = stderr(metric) if metric in vendor.values else 0.0
        if se > 0:
            moved = monthly_cost(loads, shifted(sheet, metric, se))
            var += (0.0 if moved is None else moved - base) ** 2
    return math.sqrt(var) * per_usd(cf)
