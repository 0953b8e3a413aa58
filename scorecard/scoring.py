"""The scoring engine: pure functions from validated :class:`~scorecard.loading.Inputs`
to a :class:`~scorecard.results.Ranking`.  No I/O, no printing, no clock.

The arithmetic, in the order it happens (README "Ranking vendors" explains it in words):

1. gates on raw canonical values (inclusive, relative tolerance 1e-9), then, under
   ``missing = "fail"``, vendors lacking a scored metric: both disqualify;
2. a value function per scored metric (linear or log, clamped to [0, 1]); when the
   criteria file gives no best/worst they are the best and worst values observed
   among the qualified vendors ("relative scaling");
3. criterion weights normalised to sum 1, metric weights to sum 1 within a criterion;
4. the missing-data policy (worst -> 0, neutral -> 0.5, exclude -> weight re-shared
   within the criterion, fail -> disqualified);
5. score = 100 x sum_c W_c x s_c with s_c = sum_m w_m x v_m (weighted-sum), or
   100 x TOPSIS closeness (topsis);
6. competition ranking on scores rounded to 6 decimals, ties listed by id.

Every sum over vendors runs in vendor-id order (``Inputs.vendors`` is sorted), so the
same inputs give bit-identical results whatever the order of the files.

The pieces the robustness analysis reuses are public: :func:`prepare` gives, for
each qualified vendor, its per-criterion scores ``s_c`` (so that the weighted-sum
total is ``100 x sum_c W_c x s_c`` for *any* criterion weights W) and the TOPSIS
matrix; :func:`scores_for_weights` re-scores for other criterion weights.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any, TypeVar

from pydantic import BaseModel

from scorecard.errors import InvalidInputError
from scorecard.loading import (
    Inputs,
    ResolvedGate,
    ResolvedMetric,
    VendorRecord,
    method_policy_findings,
)
from scorecard.models import Finding, period_end
from scorecard.notices import panel_warnings, requirement_reasons
from scorecard.results import (
    CriterionScore,
    CriterionSpec,
    Disqualified,
    GateSpec,
    MetricScore,
    Ranking,
    ScoringWarning,
    ValueFunction,
    VendorScore,
)

R = TypeVar("R", bound=BaseModel)
REL_TOL = 1e-9
TIE_DECIMALS = 6
NEUTRAL = 0.5
BLENDED_PARTS = {
    "price_blended_usd_per_mtok": ("price_input_usd_per_mtok", "price_output_usd_per_mtok")
}
WEAK_EVIDENCE = ("vendor-claim", "estimate")
_EVIDENCE_TEXT = {"vendor-claim": "the vendor's own claim", "estimate": "an estimate"}


# --------------------------------------------------------------------------- small helpers


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


def fmt_number(x: float) -> str:
    """A number as a person writes it: 15, 16.3, 32000, 0.25 (up to 6 significant digits)."""
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.6g}"


def normalise(weights: Sequence[float]) -> list[float]:
    """Weights divided by their sum (summed left to right), so they sum to 1."""
    total = math.fsum(weights)
    if total <= 0:
        raise ValueError("weights must sum to a positive number")
    return [w / total for w in weights]


def value_score(x: float, best: float, worst: float, scale: str = "linear") -> float:
    """The value function: 1 at ``best``, 0 at ``worst``, linear in x (or in ln x),
    clamped to [0, 1].  Works for both directions (best < worst: lower is better).
    When best == worst every value scores 1 (relative scaling with one distinct value)."""
    if best == worst:
        return 1.0
    if scale == "log":
        x, best, worst = math.log(x), math.log(best), math.log(worst)
    v = (x - worst) / (best - worst)
    return min(1.0, max(0.0, v))


def _within(x: float, bound: float) -> bool:
    return math.isclose(x, bound, rel_tol=REL_TOL)


def gate_reasons(rec: VendorRecord, gates: Sequence[ResolvedGate]) -> list[str]:
    """Why a vendor fails the gates: one reason per failed gate, empty when it passes."""
    reasons: list[str] = []
    for gate in gates:
        if gate.require:  # a yes/no requirement: "is no" or "missing", with its reason
            reasons += requirement_reasons(rec, [gate])
            continue
        why = f" ({gate.reason})" if gate.reason else ""
        x = rec.values.get(gate.metric)
        if x is None:
            need = " and ".join(
                f"{word} {fmt_number(b)} {gate.unit}"
                for word, b in (("min", gate.min), ("max", gate.max))
                if b is not None
            )
            reasons.append(f"{gate.metric} missing; the gate requires {need}{why}")
            continue
        if gate.min is not None and x < gate.min and not _within(x, gate.min):
            reasons.append(
                f"{gate.metric} {fmt_number(x)} {gate.unit} < min {fmt_number(gate.min)} "
                f"{gate.unit}{why}"
            )
        if gate.max is not None and x > gate.max and not _within(x, gate.max):
            reasons.append(
                f"{gate.metric} {fmt_number(x)} {gate.unit} > max {fmt_number(gate.max)} "
                f"{gate.unit}{why}"
            )
    return reasons


def competition_ranks(scores: Mapping[str, float]) -> list[tuple[int, str]]:
    """(rank, id) in rank order: descending score, scores equal after rounding to
    6 decimals share a rank (1, 1, 3), tied vendors listed by id."""
    keyed = sorted(
        ((round(s, TIE_DECIMALS), vid) for vid, s in scores.items()), key=lambda t: (-t[0], t[1])
    )
    out: list[tuple[int, str]] = []
    rank = 0
    previous: float | None = None
    for position, (key, vid) in enumerate(keyed, 1):
        if key != previous:
            rank, previous = position, key
        out.append((rank, vid))
    return out


# --------------------------------------------------------------------------- TOPSIS


def topsis_closeness(
    matrix: Sequence[Sequence[float]], weights: Sequence[float], higher: Sequence[bool]
) -> list[float]:
    """Standard TOPSIS with vector normalisation: closeness C in [0, 1] per row.

    r_ij = x_ij / sqrt(sum_i x_ij^2) (0 where a column is all zero), weighted by w_j;
    ideal best/worst per column by direction; C = d- / (d+ + d-), and C = 1 when
    d+ + d- = 0 (one row, or all rows identical).  Sums run in row order."""
    n_rows = len(matrix)
    n_cols = len(weights)
    weighted: list[list[float]] = [[0.0] * n_cols for _ in range(n_rows)]
    for j in range(n_cols):
        norm = math.sqrt(math.fsum(matrix[i][j] ** 2 for i in range(n_rows)))
        for i in range(n_rows):
            weighted[i][j] = weights[j] * (matrix[i][j] / norm if norm > 0 else 0.0)
    best = [
        (max if higher[j] else min)(weighted[i][j] for i in range(n_rows)) for j in range(n_cols)
    ]
    worst = [
        (min if higher[j] else max)(weighted[i][j] for i in range(n_rows)) for j in range(n_cols)
    ]
    out: list[float] = []
    for row in weighted:
        d_plus = math.sqrt(math.fsum((row[j] - best[j]) ** 2 for j in range(n_cols)))
        d_minus = math.sqrt(math.fsum((row[j] - worst[j]) ** 2 for j in range(n_cols)))
        total = d_plus + d_minus
        out.append(1.0 if total == 0 else d_minus / total)
    return out


# --------------------------------------------------------------------------- win rate


def mean_win_rates(
    columns: Sequence[tuple[Mapping[str, float], bool]], ids: Sequence[str]
) -> dict[str, float | None]:
    """HELM's mean win rate.  ``columns`` holds, per metric, the values by vendor id
    and whether higher is better.  For each column with values for at least two
    vendors, a vendor's win rate is the share of the *other* vendors with a value that
    it beats, ties counting one half; its mean win rate averages the columns where it
    has a value (None when there are none).  Computed by sorting: O(n log n) a column."""
    rates: dict[str, list[float]] = {vid: [] for vid in ids}
    for values, higher in columns:
        if len(values) < 2:
            continue
        ordered = sorted(values.items(), key=lambda kv: kv[1] if higher else -kv[1])
        others = len(ordered) - 1
        below = 0
        for _, group in groupby(ordered, key=lambda kv: kv[1]):
            members = list(group)
            ties = len(members) - 1
            for vid, _value in members:
                rates[vid].append((below + 0.5 * ties) / others)
            below += len(members)
    return {vid: (math.fsum(r) / len(r) if r else None) for vid, r in rates.items()}


# --------------------------------------------------------------------------- preparation


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


def scores_for_weights(
    prepared: Prepared, criterion_weights: Mapping[str, float]
) -> dict[str, float]:
    """Each qualified vendor's score (0-100) under other (normalised) criterion weights."""
    if prepared.method == "topsis":
        if not prepared.qualified:
            return {}
        closeness = topsis_closeness(
            prepared.topsis_matrix,
            prepared.topsis_weights(criterion_weights),
            [rm.direction == "higher" for rm in prepared.topsis_metrics],
        )
        return {rec.id: 100.0 * c for rec, c in zip(prepared.qualified, closeness, strict=True)}
    # normalised weights can sum to 1 + 1 ulp: clamp so a perfect vendor scores 100, not 100.00000000000001
    return {
        rec.id: min(
            100.0,
            100.0
            * math.fsum(
                criterion_weights[c] * prepared.criterion_scores[rec.id][c]
                for c in prepared.criteria
            ),
        )
        for rec in prepared.qualified
    }


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


# --------------------------------------------------------------------------- warnings


@functools.lru_cache(maxsize=4096)
def _period(as_of: dt.date | str) -> tuple[dt.date, dt.date]:
    """First and last day of the period an ``as_of`` names (a date is its own period)."""
    if isinstance(as_of, dt.date):
        return as_of, as_of
    parts = [int(p) for p in as_of.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, 1), period_end(as_of)


def _figure_metrics(metric: str) -> tuple[str, ...]:
    return BLENDED_PARTS.get(metric, (metric,))


def evidence_warnings(inputs: Inputs, prepared: Prepared, date: dt.date) -> list[ScoringWarning]:
    """Warnings, not errors: stale or future-dated figures, weak evidence, metrics not
    measured the same way, relative scaling, metrics and criteria with no data."""
    out: list[ScoringWarning] = []
    max_age = inputs.criteria.max_age_days
    used: list[str] = []
    for m in [*(rm.metric for rm in inputs.metrics), *(g.metric for g in inputs.gates)]:
        for part in _figure_metrics(m):
            if part not in used:
                used.append(part)

    # per metric, across vendors
    qualified_ids = {r.id for r in prepared.qualified}
    for vf in prepared.value_functions:
        has_data = any(vf.metric in r.values for r in prepared.qualified)
        if prepared.qualified and not has_data:
            out.append(
                _warning(
                    code="metric-no-data",
                    message=f"{vf.metric}: no qualified vendor has a figure; it is missing for "
                    f'all of them (missing = "{prepared.missing}" applies)',
                    metric=vf.metric,
                )
            )
        elif vf.relative and vf.best is not None:
            out.append(
                _warning(
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
                _warning(
                    code="criterion-no-data",
                    message=f"criterion {c!r}: no qualified vendor has a figure for any of its "
                    f"metrics ({', '.join(names)})",
                )
            )
    for rm in inputs.metrics:
        if inputs.catalog[rm.metric].panel:  # "panel of N": the panel's size, not a protocol
            continue
        for part in _figure_metrics(rm.metric):
            methods = {
                r.file.metrics[part].method
                for r in inputs.vendors
                if r.id in qualified_ids and part in r.file.metrics
            }
            if len(methods) > 1:
                shown = ", ".join(sorted(repr(m) if m else "(none given)" for m in methods))
                out.append(
                    _warning(
                        code="method-differs",
                        message=f"{part}: vendors' figures were not measured the same way "
                        f"(methods: {shown})",
                        metric=part,
                    )
                )
    if prepared.missing == "exclude":
        out.append(
            _warning(
                code="exclude-policy",
                message='missing = "exclude" re-shares a missing metric\'s weight over the '
                "vendor's other metrics: a vendor can gain by withholding a weak figure",
            )
        )

    # per vendor, per figure
    for rec in inputs.vendors:
        for metric in used:
            fig = rec.file.metrics.get(metric)
            if fig is None:
                continue
            start, end = _period(fig.as_of)  # end is Figure.as_of_end, memoised
            age = (date - end).days
            if age > max_age:
                out.append(
                    _warning(
                        code="stale-figure",
                        message=f"{rec.id}: {metric} is dated {fig.as_of}, {age} days before "
                        f"{date.isoformat()} (max_age_days = {max_age})",
                        vendor=rec.id,
                        metric=metric,
                    )
                )
            elif start > date:
                out.append(
                    _warning(
                        code="future-figure",
                        message=f"{rec.id}: {metric} is dated {fig.as_of}, after the report "
                        f"date {date.isoformat()}",
                        vendor=rec.id,
                        metric=metric,
                    )
                )
            if fig.evidence in WEAK_EVIDENCE:
                out.append(
                    _warning(
                        code=f"{fig.evidence}-evidence",
                        message=f"{rec.id}: {metric} is {_EVIDENCE_TEXT[fig.evidence]}, "
                        "not an independent measurement",
                        vendor=rec.id,
                        metric=metric,
                    )
                )
    return out


# --------------------------------------------------------------------------- the ranking


def _recommendation(ranking: Sequence[VendorScore], disqualified: Sequence[Disqualified]) -> str:
    if not ranking:
        n = len(disqualified)
        return (
            f"No vendor qualifies: all {n} vendor{'s' if n != 1 else ''} failed a gate or lack "
            "required figures; see the reasons below."
        )
    first = [v for v in ranking if v.rank == 1]

    def name(v: VendorScore) -> str:
        return f"{v.vendor} {v.model} ({v.id})"

    if len(first) > 1:
        names = ", ".join(name(v) for v in first[:-1]) + f" and {name(first[-1])}"
        return (
            f"Tie for first place: {names} score the same ({first[0].score:.6f}); the criteria "
            "do not separate them."
        )
    top = first[0]
    if len(ranking) == 1:
        return f"Recommended: {name(top)}, the only qualified vendor (score {top.score:.6f})."
    runner = ranking[1]
    return (
        f"Recommended: {name(top)}, rank 1 of {len(ranking)} with score {top.score:.6f}, "
        f"{top.score - runner.score:.6f} points ahead of {name(runner)}."
    )


def score_vendors(inputs: Inputs, date: dt.date, method: str | None = None) -> Ranking:
    """Score and rank the vendors of ``inputs`` as of ``date``.

    ``method`` overrides the criteria file's method.  Raises
    :class:`~scorecard.errors.InvalidInputError` (a finding on the criteria file's
    ``missing`` line) when the method is TOPSIS and the policy neutral or exclude."""
    prepared = prepare(inputs, method)
    scores = scores_for_weights(prepared, prepared.criterion_weights)
    win = mean_win_rates(
        [
            (
                {r.id: r.values[vf.metric] for r in prepared.qualified if vf.metric in r.values},
                vf.direction == "higher",
            )
            for vf in prepared.value_functions
        ],
        [r.id for r in prepared.qualified],
    )
    records = {r.id: r for r in prepared.qualified}
    ranking: list[VendorScore] = []
    for rank, vid in competition_ranks(scores):
        rec = records[vid]
        s = prepared.criterion_scores[vid]
        ranking.append(
            VendorScore.model_construct(
                rank=rank,
                id=vid,
                vendor=rec.vendor,
                model=rec.model,
                score=scores[vid],
                win_rate=win[vid],
                criteria={
                    c: _build(
                        CriterionScore,
                        criterion=c,
                        weight=prepared.criterion_weights[c],
                        score=s[c],
                        points=100.0 * prepared.criterion_weights[c] * s[c],
                    )
                    for c in prepared.criteria
                },
                metrics=prepared.metric_scores[vid],
            )
        )
    notes: list[str] = []
    if prepared.method == "topsis":
        notes = [
            "TOPSIS with vector normalisation: score = 100 x closeness to the ideal vendor; "
            "best, worst and scale are not used by TOPSIS.",
            "The criteria and metrics contributions are the weighted value-function breakdown "
            "(as weighted-sum would compute it), not a decomposition of the TOPSIS score.",
        ]
    specs = [
        CriterionSpec.model_construct(
            name=c,
            description=inputs.criteria.criteria[c].description,
            weight_given=inputs.criteria.criteria[c].weight,
            weight=prepared.criterion_weights[c],
            metrics=[vf for vf in prepared.value_functions if vf.criterion == c],
        )
        for c in prepared.criteria
    ]
    gates = [
        GateSpec.model_construct(
            metric=g.metric, min=g.min, max=g.max, unit=g.unit, reason=g.reason, require=g.require
        )
        for g in inputs.gates
    ]
    return Ranking.model_construct(
        method=prepared.method,
        date=date,
        missing=prepared.missing,
        recommendation=_recommendation(ranking, prepared.disqualified),
        criteria=specs,
        gates=gates,
        ranking=ranking,
        disqualified=list(prepared.disqualified),
        warnings=[
            *evidence_warnings(inputs, prepared, date),
            *prepared.warnings,
            *panel_warnings(inputs.panel),
        ],
        max_age_days=inputs.criteria.max_age_days,
        breakdown="weighted-sum value functions",
        notes=notes,
    )
