"""From inputs to a prepared problem: value functions resolved, vendors qualified,
every figure's value score."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel

from scorecard.load.criteria import method_policy_findings
from scorecard.model.errors import InvalidInputError
from scorecard.model.findings import Finding
from scorecard.model.inputs import Inputs, ResolvedMetric, VendorRecord
from scorecard.model.results import (
    Disqualified,
    MetricScore,
    ScoringWarning,
    ValueFunction,
)
from scorecard.score.kernel import (
    NEUTRAL,
    gate_reasons,
    normalise,
    value_score,
)

R = TypeVar("R", bound=BaseModel)


BLENDED_PARTS = {
    "price_blended_usd_per_mtok": ("price_input_usd_per_mtok", "price_output_usd_per_mtok")
}


def _build(cls: type[R], **fields: Any) -> R:
    """A result model from trusted values, every field given: what ``model_construct``
    does, without its per-field bookkeeping (tens of thousands of objects for 1,000
    vendors).  tests/test_rank_cli.py checks the results survive a validating round trip."""
    obj = cls.__new__(cls)
    object.__setattr__(obj, "__dict__", fields)
    object.__setattr__(obj, "__pydantic_fields_set__", set(fields))
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj


@dataclass(frozen=True)
class Prepared:
    """Everything that does not depend on the criterion weights: what the robustness
    analysis re-weights.  Vendors (qualified, in id order) and criteria (file order)."""

    method: str
    missing: str
    qualified: tuple[VendorRecord, ...]
    disqualified: tuple[Disqualified, ...]
    criteria: tuple[str, ...]
    criterion_weights: dict[str, float]  # normalised
    value_functions: tuple[ValueFunction, ...]
    # per vendor id: criterion -> s_c in [0, 1], so weighted-sum = 100 x sum_c W_c s_c
    criterion_scores: dict[str, dict[str, float]]
    metric_scores: dict[str, dict[str, MetricScore]]  # per vendor id: with the file's weights
    # TOPSIS: columns are metrics with data; rows follow `qualified`
    topsis_metrics: tuple[ResolvedMetric, ...]
    topsis_matrix: tuple[tuple[float, ...], ...]
    metric_weights: dict[str, float]  # normalised within the metric's criterion
    warnings: list[ScoringWarning] = field(default_factory=list)

    def topsis_weights(self, criterion_weights: Mapping[str, float]) -> list[float]:
        return [
            criterion_weights[rm.criterion] * self.metric_weights[rm.metric]
            for rm in self.topsis_metrics
        ]


def check_method(inputs: Inputs, method: str | None = None) -> list[Finding]:
    """TOPSIS needs a value for every cell: ``neutral`` and ``exclude`` cannot apply
    (the criteria file's own method is checked at load; this covers ``--method``)."""
    return method_policy_findings(
        inputs.criteria_source, method or inputs.criteria.method, inputs.criteria.missing
    )


def _resolve_value_functions(
    inputs: Inputs, qualified: Sequence[VendorRecord], metric_weights: Mapping[str, float]
) -> list[ValueFunction]:
    out: list[ValueFunction] = []
    for rm in inputs.metrics:
        relative = rm.best is None or rm.worst is None
        best, worst = rm.best, rm.worst
        if relative:
            observed = [r.values[rm.metric] for r in qualified if rm.metric in r.values]
            if observed:
                hi, lo = max(observed), min(observed)
                best, worst = (hi, lo) if rm.direction == "higher" else (lo, hi)
        out.append(
            ValueFunction.model_construct(
                metric=rm.metric,
                criterion=rm.criterion,
                unit=rm.unit,
                direction=rm.direction,
                weight_given=rm.weight,
                weight=metric_weights[rm.metric],
                best=best,
                worst=worst,
                scale=rm.scale,
                relative=relative,
            )
        )
    return out


def _vendor_breakdown(
    rec: VendorRecord,
    criteria: Sequence[str],
    criterion_weights: Mapping[str, float],
    by_criterion: Mapping[str, Sequence[ValueFunction]],
    missing: str,
) -> tuple[dict[str, float], dict[str, MetricScore], list[str]]:
    """s_c per criterion, the metric breakdown, and the criteria left empty by `exclude`."""
    s: dict[str, float] = {}
    metrics: dict[str, MetricScore] = {}
    empty: list[str] = []
    for c in criteria:
        vfs = by_criterion[c]
        present = [vf for vf in vfs if vf.metric in rec.values and vf.best is not None]
        if missing == "exclude":
            total_w = math.fsum(vf.weight for vf in present)
            shares = {vf.metric: vf.weight / total_w for vf in present} if total_w > 0 else {}
            if not present:
                empty.append(c)
        else:
            shares = {vf.metric: vf.weight for vf in vfs}
        parts: list[float] = []
        for vf in vfs:
            x = rec.values.get(vf.metric)
            w = shares.get(vf.metric, 0.0)
            if x is not None and vf.best is not None and vf.worst is not None:
                v: float | None = value_score(x, vf.best, vf.worst, vf.scale)
                policy = None
            else:
                policy = missing
                v = {"worst": 0.0, "neutral": NEUTRAL}.get(missing)
            if v is not None:
                parts.append(w * v)
            eff = criterion_weights[c] * w
            metrics[vf.metric] = _build(
                MetricScore,
                metric=vf.metric,
                criterion=c,
                value=x,
                unit=vf.unit,
                score=v,
                weight=eff,
                points=100.0 * eff * (v or 0.0),
                missing=x is None or vf.best is None,
                policy=policy,
            )
        s[c] = min(1.0, math.fsum(parts))  # metric weights may sum to 1 + 1 ulp
    return s, metrics, empty


def prepare(inputs: Inputs, method: str | None = None) -> Prepared:
    """Gates, missing-data disqualification, value functions, weights and per-criterion
    scores: everything but the final weighting.  Raises InvalidInputError when the
    method and the missing-data policy cannot go together."""
    method = method or inputs.criteria.method
    findings = check_method(inputs, method)
    if findings:
        raise InvalidInputError(findings)
    missing = inputs.criteria.missing
    criteria = tuple(inputs.criteria.criteria)
    criterion_weights = dict(
        zip(
            criteria, normalise([inputs.criteria.criteria[c].weight for c in criteria]), strict=True
        )
    )
    metric_weights: dict[str, float] = {}
    for c in criteria:
        rms = [rm for rm in inputs.metrics if rm.criterion == c]
        if rms:
            metric_weights.update(
                zip((rm.metric for rm in rms), normalise([rm.weight for rm in rms]), strict=True)
            )

    qualified: list[VendorRecord] = []
    disqualified: list[Disqualified] = []
    for rec in inputs.vendors:
        reasons = gate_reasons(rec, inputs.gates)
        if missing == "fail":
            reasons += [
                f"missing {rm.metric}" for rm in inputs.metrics if rm.metric not in rec.values
            ]
        if reasons:
            disqualified.append(
                Disqualified.model_construct(
                    id=rec.id, vendor=rec.vendor, model=rec.model, reasons=reasons
                )
            )
        else:
            qualified.append(rec)

    vfs = _resolve_value_functions(inputs, qualified, metric_weights)
    by_criterion = {c: [vf for vf in vfs if vf.criterion == c] for c in criteria}
    warnings: list[ScoringWarning] = []
    s_all: dict[str, dict[str, float]] = {}
    m_all: dict[str, dict[str, MetricScore]] = {}
    for rec in qualified:
        s, ms, empty = _vendor_breakdown(rec, criteria, criterion_weights, by_criterion, missing)
        s_all[rec.id], m_all[rec.id] = s, ms
        warnings += [
            _warning(
                code="excluded-criterion-empty",
                message=f"{rec.id} has no figure for any metric of criterion {c!r}; under "
                '`missing = "exclude"` the criterion scores 0 for it',
                vendor=rec.id,
            )
            for c in empty
        ]

    topsis_metrics: list[ResolvedMetric] = []
    columns: list[list[float]] = []
    if method == "topsis":
        for rm in inputs.metrics:
            observed = [r.values[rm.metric] for r in qualified if rm.metric in r.values]
            if not observed:
                if qualified:
                    warnings.append(
                        _warning(
                            code="topsis-metric-left-out",
                            message=f"{rm.metric}: no qualified vendor has a figure, so TOPSIS "
                            "leaves the metric out",
                            metric=rm.metric,
                        )
                    )
                continue
            worst = min(observed) if rm.direction == "higher" else max(observed)
            topsis_metrics.append(rm)
            columns.append([r.values.get(rm.metric, worst) for r in qualified])
    matrix = tuple(tuple(col[i] for col in columns) for i in range(len(qualified)))

    return Prepared(
        method=method,
        missing=missing,
        qualified=tuple(qualified),
        disqualified=tuple(disqualified),
        criteria=criteria,
        criterion_weights=criterion_weights,
        value_functions=tuple(vfs),
        criterion_scores=s_all,
        metric_scores=m_all,
        topsis_metrics=tuple(topsis_metrics),
        topsis_matrix=matrix,
        metric_weights=metric_weights,
        warnings=warnings,
    )


def _warning(
    code: str,
    message: str,
    vendor: str | None = None,
    metric: str | None = None,
    detail: str | None = None,
) -> ScoringWarning:
    return _build(
        ScoringWarning, code=code, message=message, vendor=vendor, metric=metric, detail=detail
    )
