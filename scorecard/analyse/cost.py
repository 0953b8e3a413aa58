"""Cost at the buyer's volume: every vendor's monthly and annual cost in the buyer's
currency, split by workload and by kind of charge, at a what-if ``scale`` of the
``[usage]`` requests.  Computation only; the writers and the report format it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from scorecard.load.usage import per_usd, vendor_sheet, workloads
from scorecard.model.cost import PRICE_INPUT, PRICE_OUTPUT, cost_breakdown
from scorecard.model.errors import ScorecardError
from scorecard.model.inputs import Inputs

PARTS = ("input", "cached_input", "output", "batch_saving", "discount", "fees")


class NoUsageError(ScorecardError):
    """The criteria file sets no ``[usage]``, so there is no volume to price."""


@dataclass(frozen=True)
class FxNote:
    currency: str
    per_usd: float
    source: str | None  # None for USD
    as_of: dt.date | None


@dataclass(frozen=True)
class VendorCost:
    """One vendor's cost in the buyer's currency; None where a price is missing."""

    id: str
    vendor: str
    model: str
    monthly: float | None
    missing: tuple[str, ...]
    workloads: tuple[tuple[str, float], ...] = ()
    parts: dict[str, float] = field(default_factory=dict)

    @property
    def annual(self) -> float | None:
        return None if self.monthly is None else 12.0 * self.monthly


@dataclass(frozen=True)
class CostTable:
    currency: str
    scale: float
    fx: FxNote
    example: bool
    vendors: tuple[VendorCost, ...]  # cheapest first, missing costs last

    def to_dict(self) -> dict[str, object]:
        """The JSON contract: numbers unrounded."""
        return {
            "currency": self.currency,
            "scale": self.scale,
            "vendors": [
                {
                    "id": v.id,
                    "monthly": v.monthly,
                    "annual": v.annual,
                    "missing": list(v.missing),
                    "workloads": [{"name": n, "monthly": m} for n, m in v.workloads],
                    "parts": v.parts,
                }
                for v in self.vendors
            ],
        }


def fx_note(inputs: Inputs) -> FxNote:
    cf = inputs.criteria
    currency = cf.usage.currency if cf.usage is not None else "USD"
    rate = cf.fx.get(currency) if currency != "USD" else None
    if rate is None:
        return FxNote(currency, 1.0, None, None)
    return FxNote(currency, rate.per_usd, rate.source, rate.as_of)


def cost_table(inputs: Inputs, scale: float = 1.0) -> CostTable:
    """Every vendor's cost at ``scale`` times the ``[usage]`` requests."""
    cf = inputs.criteria
    if cf.usage is None:
        raise NoUsageError(
            f"{inputs.criteria_source.display} sets no [usage]: "
            "add [[usage.workload]] entries to price the buyer's volume"
        )
    if not scale > 0:
        raise ScorecardError(f"--scale must be above 0 (got {scale:g})")
    rate, loads = per_usd(cf), workloads(cf)
    rows: list[VendorCost] = []
    for rec in inputs.vendors:
        sheet = vendor_sheet(rec.values, rec.file.metrics, cf)
        parts = cost_breakdown(loads, sheet, scale)
        missing = tuple(m for m in (PRICE_INPUT, PRICE_OUTPUT) if m not in rec.values)
        if parts is None:
            rows.append(VendorCost(rec.id, rec.file.vendor, rec.file.model, None, missing))
            continue
        split = {k: parts.part(k) * rate for k in PARTS[:4]}
        split |= {"discount": parts.discount * rate, "fees": parts.fees * rate}
        by_load = tuple((w.name, w.monthly * rate) for w in parts.workloads)
        monthly = parts.monthly * rate
        rows.append(
            VendorCost(rec.id, rec.file.vendor, rec.file.model, monthly, (), by_load, split)
        )
    rows.sort(key=lambda v: (v.monthly is None, v.monthly or 0.0, v.id))
    return CostTable(
        fx_note(inputs).currency, scale, fx_note(inputs), cf.usage.example, tuple(rows)
    )
