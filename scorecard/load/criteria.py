"""Checks of the criteria file and its resolution against the catalogue: custom
metrics, weighted metrics with their value functions, gates, the missing-data policy;
and the metrics derived from a vendor's figures."""

from __future__ import annotations

import dataclasses

from scorecard.load.figures import check_unit
from scorecard.load.positions import locate
from scorecard.load.validation import Placer, number_text, suggest
from scorecard.model.catalog import BLENDED_PRICE, CATALOG, MONTHLY_COST, Catalog, MetricDef
from scorecard.model.files import CriteriaFile, CustomMetric, Gate, MetricWeight
from scorecard.model.findings import Finding, make_finding
from scorecard.model.inputs import ResolvedGate, ResolvedMetric, SourceFile, VendorRecord
from scorecard.model.units import UNITS, convert

Loc = tuple[str | int, ...]


def build_catalog(cf: CriteriaFile, src: SourceFile) -> tuple[Catalog, list[Finding]]:
    """The catalogue with the criteria file's custom metrics added."""
    place = Placer(src)
    findings: list[Finding] = []
    custom: list[MetricDef] = []
    for metric_id, decl in cf.metrics.items():
        loc: Loc = ("metrics", metric_id)
        if metric_id in CATALOG:
            findings.append(place(loc, "custom-shadows-catalog", metric=repr(metric_id)))
        elif decl.unit not in UNITS:
            hint = suggest(decl.unit, UNITS)
            findings.append(place((*loc, "unit"), "unknown-unit", unit=repr(decl.unit), hint=hint))
        elif decl.min is not None and decl.max is not None and decl.min > decl.max:
            findings.append(place(loc, "range-bounds"))
        else:
            custom.append(_custom_metric(metric_id, decl))
    return CATALOG.with_custom(custom), findings


def _custom_metric(metric_id: str, decl: CustomMetric) -> MetricDef:
    low, high = decl.scale if decl.scale is not None else (decl.min, decl.max)
    if decl.unit == "yes/no":
        low, high = 0.0, 1.0
    family = "panel" if decl.unit == "panel" else "custom"
    description = decl.description or ""
    return MetricDef(
        metric_id,
        decl.unit,
        decl.direction,
        family,
        description,
        low,
        high,
        custom=True,
        label=decl.label or "",
        plausible_min=decl.plausible_min,
        plausible_max=decl.plausible_max,
        vendor_claim_expected=decl.vendor_claim_expected,
    )


def check_criteria(
    cf: CriteriaFile, src: SourceFile, catalog: Catalog
) -> tuple[list[ResolvedMetric], list[ResolvedGate], list[Finding]]:
    """Resolve every weighted metric and every gate against ``catalog``."""
    place = Placer(src)
    findings: list[Finding] = []
    resolved: list[ResolvedMetric] = []
    seen: dict[str, str] = {}
    for crit_name, crit in cf.criteria.items():
        for metric_id, mw in crit.metrics.items():
            loc: Loc = ("criteria", crit_name, "metrics", metric_id)
            if metric_id in seen:
                criterion = repr(seen[metric_id])
                findings.append(
                    place(loc, "metric-in-two-criteria", metric=metric_id, criterion=criterion)
                )
                continue
            seen[metric_id] = crit_name
            r = _resolve_metric(place, loc, cf, mw, catalog.get(metric_id), catalog)
            if isinstance(r, ResolvedMetric):
                resolved.append(r)
            else:
                findings += r
    findings += method_policy_findings(src, cf.method, cf.missing)
    gates: list[ResolvedGate] = []
    for i, gate in enumerate(cf.gates):
        g = _resolve_gate(place, ("gates", i), gate, catalog)
        if isinstance(g, ResolvedGate):
            gates.append(g)
        else:
            findings += g
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
            line=line,
            column=column,
            field="missing",
            missing=missing,
        )
    ]


def _resolve_metric(
    place: Placer,
    loc: Loc,
    cf: CriteriaFile,
    mw: MetricWeight,
    mdef: MetricDef | None,
    catalog: Catalog,
) -> ResolvedMetric | list[Finding]:
    """A weighted metric with best and worst in its canonical unit, or its findings."""
    metric_id = str(loc[-1])
    if mdef is None:
        note = " (declare it under [metrics.<id>] with unit and direction)"
        hint = suggest(metric_id, catalog)
        return [
            place(
                loc, "unknown-metric", what="metric", metric=repr(metric_id), hint=hint, note=note
            )
        ]
    if not mdef.weightable or mdef.direction is None:
        return [place(loc, "not-weightable", metric=metric_id)]
    if metric_id == BLENDED_PRICE and cf.token_mix is None:
        return [place(loc, "needs-token-mix", metric=metric_id)]
    if metric_id == MONTHLY_COST and cf.usage is None:
        return [place(loc, "needs-usage", metric=metric_id)]
    best, worst = mw.best, mw.worst
    on_scale = mdef.panel or mdef.yes_no
    if on_scale and best is None and worst is None and None not in (mdef.min, mdef.max):
        return _scale_metric(place, loc, mw, mdef)
    if mw.unit is not None:
        found = check_unit(place, (*loc, "unit"), mw.unit, mdef.unit)
        if found:
            return found
        if best is not None and worst is not None:
            best, worst = convert(best, mw.unit, mdef.unit), convert(worst, mw.unit, mdef.unit)
    if best is not None and worst is not None:
        wrong_way = best <= worst if mdef.direction == "higher" else best >= worst
        if wrong_way:
            return [
                place(
                    (*loc, "worst"),
                    "best-worst-direction",
                    metric=metric_id,
                    direction=mdef.direction,
                    order="above" if mdef.direction == "higher" else "below",
                    best=number_text(mw.best or 0),
                    worst=number_text(mw.worst or 0),
                )
            ]
    crit_name = str(loc[1])
    return ResolvedMetric(
        metric_id, crit_name, mw.weight, best, worst, mw.scale, mdef.direction, mdef.unit
    )


def _scale_metric(
    place: Placer, loc: Loc, mw: MetricWeight, mdef: MetricDef
) -> ResolvedMetric | list[Finding]:
    """A panel metric scores on its scale, a yes/no metric yes = 1, no = 0."""
    assert mdef.direction is not None and mdef.min is not None and mdef.max is not None
    top, bottom = mdef.max, mdef.min
    best, worst = (top, bottom) if mdef.direction == "higher" else (bottom, top)
    if mw.scale == "log" and bottom <= 0:
        note = (
            f": {mdef.id} runs from {number_text(bottom)} to {number_text(top)}, "
            "so give `best` and `worst`"
        )
        return [place((*loc, "scale"), "log-nonpositive", what="best and worst", note=note)]
    crit_name = str(loc[1])
    return ResolvedMetric(
        mdef.id, crit_name, mw.weight, best, worst, mw.scale, mdef.direction, mdef.unit
    )


def _resolve_gate(
    place: Placer, loc: Loc, gate: Gate, catalog: Catalog
) -> ResolvedGate | list[Finding]:
    """A gate with its bounds in the metric's canonical unit, or its findings."""
    mdef = catalog.get(gate.metric)
    if mdef is None:
        hint = suggest(gate.metric, catalog)
        return [
            place(
                (*loc, "metric"),
                "unknown-metric",
                what="metric",
                metric=repr(gate.metric),
                hint=hint,
                note="",
            )
        ]
    if gate.require and not mdef.yes_no:
        return [place((*loc, "require"), "require-not-yes-no", metric=gate.metric, unit=mdef.unit)]
    if gate.unit is not None:
        found = check_unit(place, (*loc, "unit"), gate.unit, mdef.unit)
        if found:
            return found
    if gate.require:
        reason = gate.reason or mdef.description or None
        return ResolvedGate(gate.metric, 1.0, None, mdef.unit, reason, require=True)
    unit = gate.unit or mdef.unit
    lo = None if gate.min is None else convert(gate.min, unit, mdef.unit)
    hi = None if gate.max is None else convert(gate.max, unit, mdef.unit)
    return ResolvedGate(gate.metric, lo, hi, mdef.unit, gate.reason)


def derive_metrics(vendor: VendorRecord, cf: CriteriaFile) -> VendorRecord:
    """Add price_blended_usd_per_mtok where the buyer's token mix and both prices are known."""
    mix = cf.token_mix
    vin = vendor.values.get("price_input_usd_per_mtok")
    vout = vendor.values.get("price_output_usd_per_mtok")
    if mix is None or vin is None or vout is None:
        return vendor
    blended = (mix.input * vin + mix.output * vout) / (mix.input + mix.output)
    return dataclasses.replace(vendor, values={**vendor.values, BLENDED_PRICE: blended})
