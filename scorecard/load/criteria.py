"""Checks of the criteria file and its resolution: catalogue, value functions, gates,
derived metrics."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scorecard.load.figures import check_unit
from scorecard.load.positions import locate
from scorecard.load.validation import _Placer, suggest
from scorecard.model.catalog import BLENDED_PRICE, CATALOG, Catalog, MetricDef
from scorecard.model.files import (
    CriteriaFile,
    MetricWeight,
)
from scorecard.model.findings import Finding, make_finding
from scorecard.model.inputs import ResolvedGate, ResolvedMetric, SourceFile, VendorRecord
from scorecard.model.numbers import format_plain as _fmt
from scorecard.model.units import UNITS, convert

if TYPE_CHECKING:  # imported where used: runs without panel metrics never load it
    pass


def _direction_ok(direction: str, best: float, worst: float) -> bool:
    return best > worst if direction == "higher" else best < worst


def build_catalog(cf: CriteriaFile, src: SourceFile) -> tuple[Catalog, list[Finding]]:
    place = _Placer(src)
    findings: list[Finding] = []
    custom: list[MetricDef] = []
    for metric_id, decl in cf.metrics.items():
        loc: tuple[str | int, ...] = ("metrics", metric_id)
        if metric_id in CATALOG:
            findings.append(
                place(
                    loc,
                    "custom-shadows-catalog",
                    f"{metric_id!r} is a catalogue metric; a custom metric needs its own id",
                )
            )
            continue
        if decl.unit not in UNITS:
            findings.append(
                place(
                    (*loc, "unit"),
                    "unknown-unit",
                    f"unknown unit {decl.unit!r}{suggest(decl.unit, UNITS)}",
                )
            )
            continue
        if decl.min is not None and decl.max is not None and decl.min > decl.max:
            findings.append(place(loc, "range-bounds", "`min` is above `max`"))
            continue
        low, high = decl.scale if decl.scale is not None else (decl.min, decl.max)
        if decl.unit == "yes/no":
            low, high = 0.0, 1.0
        custom.append(
            MetricDef(
                metric_id,
                decl.unit,
                decl.direction,
                "panel" if decl.unit == "panel" else "custom",
                decl.description or "",
                low,
                high,
                custom=True,
            )
        )
    return CATALOG.with_custom(custom), findings


def check_criteria(
    cf: CriteriaFile, src: SourceFile, catalog: Catalog
) -> tuple[list[ResolvedMetric], list[ResolvedGate], list[Finding]]:
    place = _Placer(src)
    findings: list[Finding] = []
    resolved: list[ResolvedMetric] = []
    seen: dict[str, str] = {}
    for crit_name, crit in cf.criteria.items():
        for metric_id, mw in crit.metrics.items():
            loc: tuple[str | int, ...] = ("criteria", crit_name, "metrics", metric_id)
            if metric_id in seen:
                findings.append(
                    place(
                        loc,
                        "metric-in-two-criteria",
                        f"{metric_id} is already scored in criterion {seen[metric_id]!r};"
                        " a metric may sit in one criterion only",
                    )
                )
                continue
            seen[metric_id] = crit_name
            mdef = catalog.get(metric_id)
            if mdef is None:
                findings.append(
                    place(
                        loc,
                        "unknown-metric",
                        f"unknown metric {metric_id!r}{suggest(metric_id, catalog)}"
                        " (declare it under [metrics.<id>] with unit and direction)",
                    )
                )
                continue
            if not mdef.weightable or mdef.direction is None:
                findings.append(
                    place(
                        loc,
                        "not-weightable",
                        f"{metric_id} is informational (no direction) and cannot be weighted",
                    )
                )
                continue
            if metric_id == BLENDED_PRICE and cf.token_mix is None:
                findings.append(
                    place(
                        loc,
                        "needs-token-mix",
                        f"{BLENDED_PRICE} is derived from `token_mix`, which is not set",
                    )
                )
                continue
            r = _resolve_metric(place, loc, crit_name, metric_id, mw, mdef)
            if isinstance(r, ResolvedMetric):
                resolved.append(r)
            else:
                findings += r
    findings += method_policy_findings(src, cf.method, cf.missing)
    gates: list[ResolvedGate] = []
    for i, gate in enumerate(cf.gates):
        loc = ("gates", i)
        mdef = catalog.get(gate.metric)
        if mdef is None:
            findings.append(
                place(
                    (*loc, "metric"),
                    "unknown-metric",
                    f"gate on unknown metric {gate.metric!r}{suggest(gate.metric, catalog)}",
                )
            )
            continue
        if gate.require and not mdef.yes_no:
            findings.append(
                place(
                    (*loc, "require"),
                    "require-not-yes-no",
                    f"`require` needs a yes/no metric; {gate.metric} is in {mdef.unit} "
                    "(give `min` or `max` instead)",
                )
            )
            continue
        unit = gate.unit or mdef.unit
        if gate.unit is not None:
            unit_findings = check_unit(place, (*loc, "unit"), gate.unit, mdef.unit)
            if unit_findings:
                findings += unit_findings
                continue
        if gate.require:
            reason = gate.reason or mdef.description or None
            gates.append(ResolvedGate(gate.metric, 1.0, None, mdef.unit, reason, require=True))
            continue
        lo = None if gate.min is None else convert(gate.min, unit, mdef.unit)
        hi = None if gate.max is None else convert(gate.max, unit, mdef.unit)
        gates.append(ResolvedGate(gate.metric, lo, hi, mdef.unit, gate.reason))
    return resolved, gates, findings


def method_policy_findings(src: SourceFile, method: str, missing: str) -> list[Finding]:
    """TOPSIS needs a value in every cell, so ``neutral`` and ``exclude`` cannot apply."""
    if method != "topsis" or missing not in ("neutral", "exclude"):
        return []
    line, column = locate(src.text, ("missing",))
    return [
        make_finding(
            src.display,
            "missing-policy-topsis",
            f'missing = "{missing}" cannot be used with method "topsis", which needs a '
            'value in every cell (use "worst" or "fail")',
            line,
            column,
            "missing",
        )
    ]


def _resolve_metric(
    place: _Placer,
    loc: tuple[str | int, ...],
    crit_name: str,
    metric_id: str,
    mw: MetricWeight,
    mdef: MetricDef,
) -> ResolvedMetric | list[Finding]:
    assert mdef.direction is not None
    best, worst = mw.best, mw.worst
    if (
        best is None
        and worst is None
        and (mdef.panel or mdef.yes_no)
        and mdef.min is not None
        and mdef.max is not None
    ):
        # a panel metric scores on its scale, a yes/no metric yes = 1, no = 0
        top, bottom = mdef.max, mdef.min
        best, worst = (top, bottom) if mdef.direction == "higher" else (bottom, top)
        if mw.scale == "log" and bottom <= 0:
            return [
                place(
                    (*loc, "scale"),
                    "log-nonpositive",
                    f"{metric_id} runs from {_fmt(bottom)} to {_fmt(top)}: a log scale needs "
                    "best and worst above 0 (give them)",
                )
            ]
        return ResolvedMetric(
            metric_id, crit_name, mw.weight, best, worst, mw.scale, mdef.direction, mdef.unit
        )
    if mw.unit is not None:
        unit_findings = check_unit(place, (*loc, "unit"), mw.unit, mdef.unit)
        if unit_findings:
            return unit_findings
        if best is not None and worst is not None:
            best, worst = convert(best, mw.unit, mdef.unit), convert(worst, mw.unit, mdef.unit)
    if best is not None and worst is not None and not _direction_ok(mdef.direction, best, worst):
        order = "above" if mdef.direction == "higher" else "below"
        return [
            place(
                loc,
                "best-worst-direction",
                f"{metric_id} is {mdef.direction}-is-better, so `best` must be {order} `worst` "
                f"(got best = {_fmt(mw.best or 0)}, worst = {_fmt(mw.worst or 0)})",
            )
        ]
    return ResolvedMetric(
        metric_id, crit_name, mw.weight, best, worst, mw.scale, mdef.direction, mdef.unit
    )


def derive_metrics(vendor: VendorRecord, cf: CriteriaFile) -> VendorRecord:
    """Add price_blended_usd_per_mtok where the buyer's token mix and both prices are known."""
    mix = cf.token_mix
    vin = vendor.values.get("price_input_usd_per_mtok")
    vout = vendor.values.get("price_output_usd_per_mtok")
    if mix is None or vin is None or vout is None:
        return vendor
    blended = (mix.input * vin + mix.output * vout) / (mix.input + mix.output)
    return VendorRecord(
        vendor.id,
        vendor.file,
        vendor.source,
        {**vendor.values, BLENDED_PRICE: blended},
        vendor.stderrs,
    )
