"""From inputs to a :class:`Prepared` problem: the kernel run step by step on plain
Python vectors (:mod:`scorecard.score.pyxp`, one entry per vendor), keeping what each
step found (who qualifies and why not, every value function, every figure's score)
for the ranking and its report."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel

from scorecard.load.criteria import method_policy_findings
from scorecard.model.cost import COST_INPUTS, MONTHLY_COST
from scorecard.model.errors import InvalidInputError
from scorecard.model.findings import Finding
from scorecard.model.inputs import Inputs, ResolvedMetric, VendorRecord
from scorecard.model.results import Disqualified, MetricScore, ScoringWarning, ValueFunction
from scorecard.score import kernel, pyxp
from scorecard.score.kernel import Array, Scheme
from scorecard.score.notices import gate_reasons
from scorecard.score.pyxp import Vector

R = TypeVar("R", bound=BaseModel)

BLENDED_PARTS = {
    "price_blended_usd_per_mtok": ("price_input_usd_per_mtok", "price_output_usd_per_mtok")
}
#: The figures each derived metric is computed from (their evidence is its evidence).
DERIVED_PARTS: dict[str, tuple[str, ...]] = {**BLENDED_PARTS, MONTHLY_COST: COST_INPUTS}


def trusted(cls: type[R], **fields: Any) -> R:
    """A result model from trusted values, every field given: what ``model_construct``
    does, without its per-field bookkeeping (tens of thousands of objects for 1,000
    vendors).  tests/test_rank_cli.py checks the results survive a validating round trip."""
    obj = cls.__new__(cls)
    object.__setattr__(obj, "__dict__", fields)
    object.__setattr__(obj, "__pydantic_fields_set__", set(fields))
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj


def scoring_warning(
    code: str,
    message: str,
    vendor: str | None = None,
    metric: str | None = None,
    detail: str | None = None,
) -> ScoringWarning:
    return trusted(
        ScoringWarning, code=code, message=message, vendor=vendor, metric=metric, detail=detail
    )


@dataclass(frozen=True)
class Prepared:
    """Everything that does not depend on the criterion weights, so a ranking can be
    re-weighted.  Vendors (qualified, in id order) and criteria (file order)."""

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
    # TOPSIS only (else empty): columns are metrics with data; rows follow `qualified`
    topsis_metrics: tuple[ResolvedMetric, ...]
    topsis_matrix: tuple[tuple[float, ...], ...]
    metric_weights: dict[str, float]  # normalised within the metric's criterion
    warnings: list[ScoringWarning] = field(default_factory=list)

    def topsis_weights(self, criterion_weights: Mapping[str, float]) -> list[float]:
        return [
            criterion_weights[rm.criterion] * self.metric_weights[rm.metric]
            for rm in self.topsis_metrics
        ]


@dataclass(frozen=True)
class _Columns:
    """The qualified vendors' figures, one vector per scored metric (1.0 where missing)."""

    values: list[Vector]
    present: list[Vector]


def check_method(inputs: Inputs, method: str | None = None) -> list[Finding]:
    """TOPSIS needs a value for every cell: ``neutral`` and ``exclude`` cannot apply
    (the criteria file's own method is checked at load; this covers ``--method``)."""
    return method_policy_findings(
        inputs.criteria_source, method or inputs.criteria.method, inputs.criteria.missing
    )


def _present(metrics: Sequence[str], vendors: Sequence[VendorRecord]) -> list[Vector]:
    return [Vector([m in r.values for r in vendors]) for m in metrics]


def _columns(metrics: Sequence[str], vendors: Sequence[VendorRecord]) -> _Columns:
    return _Columns(
        values=[Vector([r.values.get(m, 1.0) for r in vendors]) for m in metrics],
        present=_present(metrics, vendors),
    )


def _qualify(inputs: Inputs, s: Scheme) -> tuple[list[VendorRecord], list[Disqualified]]:
    """The kernel's gates (and ``fail``) decide; the notices say why in words."""
    vendors = inputs.vendors
    ok: Array = True
    if s.missing == "fail":
        ok = kernel.complete(_present(s.metrics, vendors))
    gated = _columns([g.metric for g in inputs.gates], vendors)
    ok = kernel.qualify(
        ok,
        [
            (x, present, kernel.gate_interval(g.min, g.max))
            for x, present, g in zip(gated.values, gated.present, inputs.gates, strict=True)
        ],
    )
    passes = list(ok) if isinstance(ok, Vector) else [bool(ok)] * len(vendors)
    qualified: list[VendorRecord] = []
    disqualified: list[Disqualified] = []
    for rec, passed in zip(vendors, passes, strict=True):
        if passed:
            qualified.append(rec)
            continue
        reasons = gate_reasons(rec, inputs.gates)
        if s.missing == "fail":
            reasons += [f"missing {m}" for m in s.metrics if m not in rec.values]
        disqualified.append(
            Disqualified.model_construct(
                id=rec.id, vendor=rec.vendor, model=rec.model, reasons=reasons
            )
        )
    return qualified, disqualified


def _value_functions(
    inputs: Inputs, s: Scheme, cols: _Columns
) -> tuple[list[ValueFunction], list[Array]]:
    """Each metric's value function (relative scales resolved) and its value scores."""
    vfs: list[ValueFunction] = []
    scores: list[Array] = []
    for m, rm in enumerate(inputs.metrics):
        v, best, worst = kernel.metric_scores(pyxp, s, m, cols.values[m], cols.present[m], None)
        relative = s.best[m] is None
        if relative and not pyxp.any(cols.present[m]):
            best = worst = None  # no qualified vendor has a figure: no scale
        scores.append(v)
        vfs.append(
            ValueFunction.model_construct(
                metric=rm.metric,
                criterion=rm.criterion,
                unit=rm.unit,
                direction=rm.direction,
                weight_given=rm.weight,
                weight=s.metric_weights[m],
                best=best,
                worst=worst,
                scale=rm.scale,
                relative=relative,
            )
        )
    return vfs, scores


def _rows(a: Array, n: int) -> list[Any]:
    """An array of the kernel as one Python value per vendor."""
    return a.items if isinstance(a, Vector) else [a] * n


def _breakdown(
    s: Scheme,
    vendors: Sequence[VendorRecord],
    cols: _Columns,
    scores: Sequence[Array],
    vfs: Sequence[ValueFunction],
) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, MetricScore]]]:
    """Per vendor: s_c per criterion and each metric's share of the score."""
    n = len(vendors)
    eff = kernel.effective_weights(pyxp, s, cols.present)
    crit = [_rows(c, n) for c in kernel.criterion_scores(pyxp, s, scores, eff)]
    # per metric: (metric's row of scores, presence, weight in the total)
    per_metric = [
        (vf, _rows(scores[m], n), _rows(cols.present[m], n), _rows(eff[m], n),
         s.weights[s.criterion_of[m]])
        for m, vf in enumerate(vfs)
    ]  # fmt: skip
    keeps_score = s.missing in ("worst", "neutral")  # else a missing figure has no score
    s_all: dict[str, dict[str, float]] = {}
    m_all: dict[str, dict[str, MetricScore]] = {}
    for i, rec in enumerate(vendors):
        s_all[rec.id] = {c: crit[j][i] for j, c in enumerate(s.criteria)}
        metrics: dict[str, MetricScore] = {}
        for vf, v_row, present_row, eff_row, criterion_weight in per_metric:
            present = present_row[i]
            v = v_row[i] if present or keeps_score else None
            weight = criterion_weight * eff_row[i]
            metrics[vf.metric] = trusted(
                MetricScore,
                metric=vf.metric,
                criterion=vf.criterion,
                value=rec.values[vf.metric] if present else None,
                unit=vf.unit,
                score=v,
                weight=weight,
                points=100.0 * weight * (v or 0.0),
                missing=not present,
                policy=None if present else s.missing,
            )
        m_all[rec.id] = metrics
    return s_all, m_all


def _empty_criteria(
    s: Scheme, vendors: Sequence[VendorRecord], cols: _Columns
) -> list[ScoringWarning]:
    """Under ``exclude``: a vendor with no figure in a whole criterion scores 0 in it."""
    if s.missing != "exclude":
        return []
    out: list[ScoringWarning] = []
    for i, rec in enumerate(vendors):
        for j, c in enumerate(s.criteria):
            mine = [m for m, cm in enumerate(s.criterion_of) if cm == j]
            if not any(cols.present[m][i] for m in mine):
                out.append(
                    scoring_warning(
                        code="excluded-criterion-empty",
                        message=f"{rec.id} has no figure for any metric of criterion {c!r}; "
                        'under `missing = "exclude"` the criterion scores 0 for it',
                        vendor=rec.id,
                    )
                )
    return out


def _topsis_matrix(
    inputs: Inputs, s: Scheme, cols: _Columns, n_rows: int
) -> tuple[list[ResolvedMetric], tuple[tuple[float, ...], ...], list[ScoringWarning]]:
    """TOPSIS's columns: the metrics some qualified vendor has, missing cells filled
    with the worst value observed; a metric nobody has is left out, with a warning."""
    metrics: list[ResolvedMetric] = []
    columns: list[Array] = []
    warnings: list[ScoringWarning] = []
    for m, rm in enumerate(inputs.metrics):
        x, present = cols.values[m], cols.present[m]
        if not pyxp.any(present):
            if n_rows:
                warnings.append(
                    scoring_warning(
                        code="topsis-metric-left-out",
                        message=f"{rm.metric}: no qualified vendor has a figure, so TOPSIS "
                        "leaves the metric out",
                        metric=rm.metric,
                    )
                )
            continue
        metrics.append(rm)
        columns.append(kernel.worst_filled(pyxp, x, present, present, s.higher[m]))
    matrix = tuple(tuple(col[i] for col in columns) for i in range(n_rows))
    return metrics, matrix, warnings


def prepare(inputs: Inputs, method: str | None = None) -> Prepared:
    """Gates, missing-data disqualification, value functions, weights and per-criterion
    scores: everything but the final weighting.  Raises InvalidInputError when the
    method and the missing-data policy cannot go together."""
    findings = check_method(inputs, method)
    if findings:
        raise InvalidInputError(findings)
    s = kernel.scheme_of(inputs, method)
    qualified, disqualified = _qualify(inputs, s)
    cols = _columns(s.metrics, qualified)
    vfs, scores = _value_functions(inputs, s, cols)
    s_all, m_all = _breakdown(s, qualified, cols, scores, vfs)
    warnings = _empty_criteria(s, qualified, cols)
    topsis_metrics: list[ResolvedMetric] = []
    matrix: tuple[tuple[float, ...], ...] = ()
    if s.method == "topsis":
        topsis_metrics, matrix, left_out = _topsis_matrix(inputs, s, cols, len(qualified))
        warnings += left_out
    return Prepared(
        method=s.method,
        missing=s.missing,
        qualified=tuple(qualified),
        disqualified=tuple(disqualified),
        criteria=s.criteria,
        criterion_weights=dict(zip(s.criteria, s.weights, strict=True)),
        value_functions=tuple(vfs),
        criterion_scores=s_all,
        metric_scores=m_all,
        topsis_metrics=tuple(topsis_metrics),
        topsis_matrix=matrix,
        metric_weights=dict(zip(s.metrics, s.metric_weights, strict=True)),
        warnings=warnings,
    )
