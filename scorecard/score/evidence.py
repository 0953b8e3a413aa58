"""Warnings about the evidence behind the figures: weak, stale, mixed methods, missing."""

from __future__ import annotations

import datetime as dt
import functools

from scorecard.load.usage import stale_fx
from scorecard.model.catalog import Catalog
from scorecard.model.files import Figure, period_end
from scorecard.model.inputs import Inputs, VendorRecord
from scorecard.model.numbers import format_plain as fmt_number
from scorecard.model.results import ScoringWarning
from scorecard.score.prepare import DERIVED_PARTS, Prepared, scoring_warning

WEAK_EVIDENCE = ("vendor-claim", "estimate")


_EVIDENCE_TEXT = {"vendor-claim": "the vendor's own claim", "estimate": "an estimate"}


@functools.lru_cache(maxsize=4096)
def _period(as_of: dt.date | str) -> tuple[dt.date, dt.date]:
    """First and last day of the period an ``as_of`` names (a date is its own period)."""
    if isinstance(as_of, dt.date):
        return as_of, as_of
    parts = [int(p) for p in as_of.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, 1), period_end(as_of)


def _figure_metrics(metric: str) -> tuple[str, ...]:
    return DERIVED_PARTS.get(metric, (metric,))


def _used_figures(inputs: Inputs) -> list[str]:
    """Every figure scoring reads (the parts of a derived metric), in criteria order."""
    used: list[str] = []
    for m in [*(rm.metric for rm in inputs.metrics), *(g.metric for g in inputs.gates)]:
        for part in _figure_metrics(m):
            if part not in used:
                used.append(part)
    return used


def _data_warnings(prepared: Prepared) -> list[ScoringWarning]:
    """Metrics and criteria no qualified vendor has a figure for; relative scales."""
    out: list[ScoringWarning] = []
    for vf in prepared.value_functions:
        has_data = any(vf.metric in r.values for r in prepared.qualified)
        if prepared.qualified and not has_data:
            out.append(
                scoring_warning(
                    code="metric-no-data",
                    message=f"{vf.metric}: no qualified vendor has a figure; it is missing for "
                    f'all of them (missing = "{prepared.missing}" applies)',
                    metric=vf.metric,
                )
            )
        elif vf.relative and vf.best is not None:
            out.append(
                scoring_warning(
                    code="relative-scaling",
                    message=f"{vf.metric}: no best/worst in the criteria file, so the scale runs "
                    f"from the worst ({fmt_number(vf.worst or 0)} {vf.unit}) to the best "
                    f"({fmt_number(vf.best)} {vf.unit}) qualified vendor; scores depend on "
                    "which vendors are compared",
                    metric=vf.metric,
                )
            )
    for c in prepared.criteria:
        names = [vf.metric for vf in prepared.value_functions if vf.criterion == c]
        if prepared.qualified and all(
            not any(m in r.values for r in prepared.qualified) for m in names
        ):
            out.append(
                scoring_warning(
                    code="criterion-no-data",
                    message=f"criterion {c!r}: no qualified vendor has a figure for any of its "
                    f"metrics ({', '.join(names)})",
                )
            )
    return out


def _method_warnings(inputs: Inputs, prepared: Prepared) -> list[ScoringWarning]:
    """Figures of one metric measured different ways across the qualified vendors."""
    qualified_ids = {r.id for r in prepared.qualified}
    figures = [r.file.metrics for r in inputs.vendors if r.id in qualified_ids]
    out: list[ScoringWarning] = []
    for rm in inputs.metrics:
        if inputs.catalog[rm.metric].panel:  # "panel of N": the panel's size, not a protocol
            continue
        for part in _figure_metrics(rm.metric):
            methods = {figs[part].method for figs in figures if part in figs}
            if len(methods) > 1:
                shown = ", ".join(sorted(repr(m) if m else "(none given)" for m in methods))
                out.append(
                    scoring_warning(
                        code="method-differs",
                        message=f"{part}: vendors' figures were not measured the same way "
                        f"(methods: {shown})",
                        metric=part,
                    )
                )
    return out


def _figure_warnings(
    rec: VendorRecord,
    metric: str,
    fig: Figure,
    date: dt.date,
    max_age: int,
    rec_catalog: Catalog,
) -> list[ScoringWarning]:
    """A figure too old, dated in the future, or not an independent measurement."""
    out: list[ScoringWarning] = []
    start, end = _period(fig.as_of)  # end is Figure.as_of_end, memoised
    age = (date - end).days
    if age > max_age:
        out.append(
            scoring_warning(
                code="stale-figure",
                message=f"{rec.id}: {metric} is dated {fig.as_of}, {age} days before "
                f"{date.isoformat()} (max_age_days = {max_age})",
                vendor=rec.id,
                metric=metric,
            )
        )
    elif start > date:
        out.append(
            scoring_warning(
                code="future-figure",
                message=f"{rec.id}: {metric} is dated {fig.as_of}, after the report "
                f"date {date.isoformat()}",
                vendor=rec.id,
                metric=metric,
            )
        )
    mdef = rec_catalog.get(metric)
    expected = fig.evidence == "vendor-claim" and mdef is not None and mdef.vendor_claim_expected
    if fig.evidence in WEAK_EVIDENCE and not expected:
        out.append(
            scoring_warning(
                code=f"{fig.evidence}-evidence",
                message=f"{rec.id}: {metric} is {_EVIDENCE_TEXT[fig.evidence]}, "
                "not an independent measurement",
                vendor=rec.id,
                metric=metric,
            )
        )
    return out


def _plausibility_warnings(inputs: Inputs) -> list[ScoringWarning]:
    """The loader's plausibility warnings (a wrong unit, a fraction typed as a percent),
    so a committee reading the ranking sees them too."""
    vendor_of = {rec.source.display: rec.id for rec in inputs.vendors}
    out: list[ScoringWarning] = []
    for f in inputs.warnings:
        vendor = vendor_of.get(f.path)
        metric = next((m for m in inputs.catalog if f.field == f"metrics.{m}.value"), None)
        out.append(
            scoring_warning(
                code=f.code,
                message=f"{vendor}: {metric}: {f.message}",
                vendor=vendor,
                metric=metric,
            )
        )
    return out


def _fx_warnings(inputs: Inputs, date: dt.date) -> list[ScoringWarning]:
    """Exchange rates older than max_age_days, at their place in the criteria file."""
    return [
        scoring_warning(code=f.code, message=str(f).removesuffix(f" [{f.code}] (warning)"))
        for f in stale_fx(inputs.criteria, inputs.criteria_source, date)
    ]


def evidence_warnings(inputs: Inputs, prepared: Prepared, date: dt.date) -> list[ScoringWarning]:
    """Warnings, not errors: stale or future-dated figures, stale exchange rates, weak
    evidence, metrics not measured the same way, relative scaling, metrics and criteria with no data."""
    out = _data_warnings(prepared) + _method_warnings(inputs, prepared)
    if prepared.missing == "exclude":
        out.append(
            scoring_warning(
                code="exclude-policy",
                message='missing = "exclude" re-shares a missing metric\'s weight over the '
                "vendor's other metrics: a vendor can gain by withholding a weak figure",
            )
        )
    out += _plausibility_warnings(inputs)
    out += _fx_warnings(inputs, date)
    used = _used_figures(inputs)
    max_age = inputs.criteria.max_age_days
    for rec in inputs.vendors:
        for metric in used:
            fig = rec.file.metrics.get(metric)
            if fig is not None:
                out += _figure_warnings(rec, metric, fig, date, max_age, inputs.catalog)
    return out
