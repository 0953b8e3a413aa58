"""The scoring maths, written once over an array namespace ``xp``.

``rank`` runs it with :mod:`scorecard.score.pyxp` (one :class:`~scorecard.score.pyxp.Vector`
per metric, an entry per vendor); the robustness analysis runs it with numpy on a batch
of draws (one ``draws x vendors`` array per metric).  The vendor axis is always the
last: reductions are ``axis=-1, keepdims=True`` and broadcast back over the vendors, and
numbers that do not vary (a fixed best/worst, ``rank``'s criterion weights) are plain
floats.  Only functions of the Python array API standard are used, and arithmetic.

In the order scoring applies them:

1. :func:`gate_interval`, :func:`qualify`: gates on raw canonical values, inclusive with
   a relative tolerance of :data:`~scorecard.model.constants.REL_TOL`; under
   ``missing = "fail"`` a vendor lacking a scored metric is out (:func:`complete`);
2. :func:`best_worst`, :func:`value_scores`: the value function of each metric (linear, or
   linear in ln x), clamped to [0, 1]; without a best/worst in the criteria file the
   scale runs between the best and worst values observed among the qualified vendors
   (:func:`observed_range`);
3. :func:`fill_missing`, :func:`effective_weights`: the missing-data policy (worst -> 0,
   neutral -> 0.5, exclude -> the metric's weight re-shared within its criterion);
4. :func:`criterion_scores`, :func:`weighted_sum`: ``100 x sum_c W_c s_c``; or
   :func:`topsis_scores`: ``100 x`` TOPSIS closeness (:func:`closeness`);
5. :func:`tie_units`: scores equal to :data:`~scorecard.model.constants.TIE_DECIMALS`
   decimals are a tie.

:func:`score` strings 2-4 together for the Monte Carlo; ``rank``
(:mod:`scorecard.score.prepare`) calls the steps one by one, since it reports each.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeAlias

from scorecard.model.constants import TIE_DECIMALS
from scorecard.model.inputs import Inputs
from scorecard.model.inputs import gate_interval as gate_interval  # re-exported
from scorecard.score import pyxp

#: An array of the namespace in use (a numpy array, a :class:`~scorecard.score.pyxp.Vector`)
#: or a plain number, which broadcasts.
Array: TypeAlias = Any

#: The value score of a missing figure under ``missing = "neutral"``.
NEUTRAL = 0.5


class Namespace(Protocol):
    """The part of the array API the kernel uses (numpy's module satisfies it)."""

    def where(self, condition: Array, x1: Array, x2: Array, /) -> Array: ...
    def clip(self, x: Array, min: float, max: float, /) -> Array: ...
    def minimum(self, x1: Array, x2: Array, /) -> Array: ...
    def log(self, x: Array, /) -> Array: ...
    def sqrt(self, x: Array, /) -> Array: ...
    def isfinite(self, x: Array, /) -> Array: ...
    def round(self, x: Array, /) -> Array: ...
    def max(self, x: Array, /, *, axis: int = ..., keepdims: bool = ...) -> Array: ...
    def min(self, x: Array, /, *, axis: int = ..., keepdims: bool = ...) -> Array: ...
    def sum(self, x: Array, /, *, axis: int = ..., keepdims: bool = ...) -> Array: ...
    def any(self, x: Array, /, *, axis: int = ..., keepdims: bool = ...) -> Array: ...
    def all(self, x: Array, /) -> Array: ...


@dataclass(frozen=True)
class Scheme:
    """What the criteria file asks of the maths: criteria in file order, scored metrics
    in file order, weights normalised."""

    method: str
    missing: str
    criteria: tuple[str, ...]
    weights: tuple[float, ...]  # per criterion, summing to 1
    metrics: tuple[str, ...]
    criterion_of: tuple[int, ...]  # per metric: index into `criteria`
    metric_weights: tuple[float, ...]  # per metric: summing to 1 within its criterion
    higher: tuple[bool, ...]
    log: tuple[bool, ...]
    best: tuple[float | None, ...]  # the criteria file's; None: relative scaling
    worst: tuple[float | None, ...]


def normalise(weights: Sequence[float]) -> list[float]:
    """Weights divided by their exact sum, so they sum to 1."""
    total = math.fsum(weights)
    if total <= 0:
        raise ValueError("weights must sum to a positive number")
    return [w / total for w in weights]


def scheme_of(inputs: Inputs, method: str | None = None) -> Scheme:
    """The scheme of ``inputs``; ``method`` overrides the criteria file's."""
    cf = inputs.criteria
    criteria = tuple(cf.criteria)
    index = {c: j for j, c in enumerate(criteria)}
    metric_weights: dict[str, float] = {}
    for c in criteria:
        mine = [rm for rm in inputs.metrics if rm.criterion == c]
        if mine:
            normalised = normalise([rm.weight for rm in mine])
            metric_weights.update(zip((rm.metric for rm in mine), normalised, strict=True))
    ms = inputs.metrics
    return Scheme(
        method=method or cf.method,
        missing=cf.missing,
        criteria=criteria,
        weights=tuple(normalise([cf.criteria[c].weight for c in criteria])),
        metrics=tuple(rm.metric for rm in ms),
        criterion_of=tuple(index[rm.criterion] for rm in ms),
        metric_weights=tuple(metric_weights[rm.metric] for rm in ms),
        higher=tuple(rm.direction == "higher" for rm in ms),
        log=tuple(rm.scale == "log" for rm in ms),
        best=tuple(rm.best if rm.worst is not None else None for rm in ms),
        worst=tuple(rm.worst if rm.best is not None else None for rm in ms),
    )


# --------------------------------------------------------------------------- gates


def complete(present: Sequence[Array]) -> Array:
    """Vendors with a figure for every scored metric (``missing = "fail"``)."""
    ok: Array = True
    for p in present:
        ok = ok & p
    return ok


def qualify(ok: Array, gates: Sequence[tuple[Array, Array, tuple[float, float]]]) -> Array:
    """The vendors of ``ok`` that pass every gate; a gate is (values, present,
    :func:`gate_interval`), and a vendor without the figure fails it."""
    for x, present, (low, high) in gates:
        ok = ok & present & (x >= low) & (x <= high)
    return ok


# --------------------------------------------------------------------------- value functions


def observed_range(xp: Namespace, x: Array, seen: Array) -> tuple[Array, Array]:
    """(lowest, highest) of ``x`` where ``seen``, along the vendor axis; both 1.0 where
    nothing is seen (every vendor then lacks the figure, so the scale is not used)."""
    high = xp.max(xp.where(seen, x, -math.inf), axis=-1, keepdims=True)
    low = xp.min(xp.where(seen, x, math.inf), axis=-1, keepdims=True)
    any_seen = xp.isfinite(high)
    return xp.where(any_seen, low, 1.0), xp.where(any_seen, high, 1.0)


def best_worst(
    xp: Namespace, s: Scheme, m: int, x: Array, present: Array, qualified: Array | None
) -> tuple[Array, Array]:
    """(best, worst) of metric ``m``: the criteria file's, or relative scaling: the best
    and worst values of the qualified vendors (all when ``qualified`` is None) with a
    figure."""
    best, worst = s.best[m], s.worst[m]
    if best is not None and worst is not None:
        return best, worst
    seen = present if qualified is None else qualified & present
    low, high = observed_range(xp, x, seen)
    return (high, low) if s.higher[m] else (low, high)


def value_scores(xp: Namespace, x: Array, best: Array, worst: Array, log: bool) -> Array:
    """The value function: 1 at ``best``, 0 at ``worst``, linear in x (in ln x when
    ``log``), clamped to [0, 1], for either direction (best < worst: lower is better).
    Where best == worst (relative scaling over one distinct value) every x scores 1."""
    if log:  # clamped into [worst, best] first: a free (0) price below best scores 1
        low, high = xp.minimum(best, worst), xp.where(best > worst, best, worst)
        x = xp.where(x < low, low, xp.where(x > high, high, x))
        x, best, worst = xp.log(x), xp.log(best), xp.log(worst)
    span = best - worst
    flat = span == 0
    v = x - worst
    v /= xp.where(flat, 1.0, span)
    v = xp.clip(v, 0.0, 1.0)
    return xp.where(flat, 1.0, v) if xp.any(flat) else v


# --------------------------------------------------------------------------- missing data


def fill_missing(xp: Namespace, v: Array, present: Array, missing: str) -> Array:
    """``v`` where the figure is present; else :data:`NEUTRAL` under ``neutral`` and 0
    otherwise (``worst``; under ``exclude`` the entry weighs nothing, under ``fail`` the
    vendor is out)."""
    if xp.all(present):
        return v
    return xp.where(present, v, NEUTRAL if missing == "neutral" else 0.0)


def effective_weights(xp: Namespace, s: Scheme, present: Sequence[Array]) -> list[Array]:
    """Per metric, its weight within its criterion for each vendor.  Under ``exclude`` a
    vendor's missing metric weighs 0 and the metrics it has share the criterion's weight
    in proportion to theirs; with none of them, the criterion scores 0 for the vendor
    (its weight is not moved to other criteria, so the total stays linear in them)."""
    w = s.metric_weights
    if s.missing != "exclude":
        return list(w)
    have: list[Array] = [0.0] * len(s.criteria)
    for m, c in enumerate(s.criterion_of):
        have[c] = have[c] + xp.where(present[m], w[m], 0.0)
    return [
        xp.where(present[m], w[m] / xp.where(have[c] > 0, have[c], 1.0), 0.0)
        for m, c in enumerate(s.criterion_of)
    ]


def metric_scores(
    xp: Namespace, s: Scheme, m: int, x: Array, present: Array, qualified: Array | None
) -> tuple[Array, Array, Array]:
    """(value scores with the missing policy applied, best, worst) of metric ``m``."""
    best, worst = best_worst(xp, s, m, x, present, qualified)
    v = value_scores(xp, x, best, worst, s.log[m])
    return fill_missing(xp, v, present, s.missing), best, worst


# --------------------------------------------------------------------------- weighted sum


def criterion_scores(
    xp: Namespace, s: Scheme, values: Sequence[Array], weights: Sequence[Array]
) -> list[Array]:
    """s_c = sum over the criterion's metrics (in file order) of weight x value score,
    at most 1 (normalised weights can sum to 1 + 1 ulp)."""
    out: list[Array] = [0.0] * len(s.criteria)
    weight: list[Array] = [0.0] * len(s.criteria)
    for m, c in enumerate(s.criterion_of):
        out[c] += weights[m] * values[m]  # the first += rebinds the float 0.0
        weight[c] += weights[m]
    # value scores are at most 1 and rounding is monotone, so s_c never exceeds its
    # weights summed in the same order: clamp only where those pass 1
    return [
        xp.minimum(total, 1.0) if xp.any(w > 1.0) else total
        for total, w in zip(out, weight, strict=True)
    ]


def weighted_sum(xp: Namespace, weights: Sequence[Array], scores: Sequence[Array]) -> Array:
    """100 x sum_c W_c s_c, clamped to [0, 100] (so a perfect vendor scores 100)."""
    total: Array = 0.0
    for w, sc in zip(weights, scores, strict=True):
        total += w * sc  # the first += rebinds the float 0.0
    total *= 100.0
    return xp.clip(total, 0.0, 100.0)


# --------------------------------------------------------------------------- TOPSIS


def worst_filled(xp: Namespace, x: Array, present: Array, seen: Array, higher: bool) -> Array:
    """A TOPSIS column: a missing figure takes the worst value observed where ``seen``
    (TOPSIS needs every cell; ``missing = "worst"`` is its only fill)."""
    if xp.all(present):
        return x
    low, high = observed_range(xp, x, seen)
    return xp.where(present, x, low if higher else high)


def closeness(
    xp: Namespace,
    columns: Sequence[Array],
    weights: Sequence[Array],
    higher: Sequence[bool],
    rows: Array | None = None,
) -> Array:
    """Standard TOPSIS with vector normalisation: closeness in [0, 1] per vendor.

    Over the vendors in ``rows`` (all when None): r_ij = x_ij / sqrt(sum_i x_ij^2) (0
    where a column is all zero), weighted by w_j; ideal best and worst per column by
    direction; C = d- / (d+ + d-), and C = 1 when d+ + d- = 0 (one vendor, or all
    alike).  Needs at least one column."""
    d_plus: Array = 0.0
    d_minus: Array = 0.0
    for x, w, up in zip(columns, weights, higher, strict=True):
        if rows is not None:
            x = xp.where(rows, x, 0.0)
        norm = xp.sqrt(xp.sum(x * x, axis=-1, keepdims=True))
        y = x * (w / xp.where(norm > 0, norm, 1.0))
        top, bottom = _extremes(xp, y, rows)
        ideal, anti = (top, bottom) if up else (bottom, top)
        d_plus = d_plus + (y - ideal) ** 2
        d_minus = d_minus + (y - anti) ** 2
    d_plus, d_minus = xp.sqrt(d_plus), xp.sqrt(d_minus)
    total = d_plus + d_minus
    return xp.where(total > 0, d_minus / xp.where(total > 0, total, 1.0), 1.0)


def _extremes(xp: Namespace, y: Array, rows: Array | None) -> tuple[Array, Array]:
    """Highest and lowest of ``y`` over ``rows`` (0 where there is none)."""
    if rows is None:
        return xp.max(y, axis=-1, keepdims=True), xp.min(y, axis=-1, keepdims=True)
    top = xp.max(xp.where(rows, y, -math.inf), axis=-1, keepdims=True)
    bottom = xp.min(xp.where(rows, y, math.inf), axis=-1, keepdims=True)
    some = xp.isfinite(top)
    return xp.where(some, top, 0.0), xp.where(some, bottom, 0.0)


def topsis_scores(
    xp: Namespace,
    s: Scheme,
    values: Sequence[Array],
    present: Sequence[Array],
    qualified: Array,
    criterion_weights: Sequence[Array],
) -> Array:
    """100 x TOPSIS closeness among the qualified vendors; a metric none of them has a
    figure for is left out (weight 0).  Column weights are W_c x w_m."""
    columns, weights = [], []
    for m, x in enumerate(values):
        seen = qualified & present[m]
        has = xp.any(seen, axis=-1, keepdims=True)
        columns.append(worst_filled(xp, x, present[m], seen, s.higher[m]))
        weights.append(criterion_weights[s.criterion_of[m]] * s.metric_weights[m] * has)
    return 100.0 * closeness(xp, columns, weights, s.higher, qualified)


# --------------------------------------------------------------------------- all together


def score(
    xp: Namespace,
    s: Scheme,
    values: Sequence[Array],
    present: Sequence[Array],
    weights: Sequence[Array],
    qualified: Array,
    criterion_weights: Sequence[Array],
) -> Array:
    """Every vendor's score (0-100) with the scheme's method: ``values`` and ``present``
    per scored metric, ``weights`` from :func:`effective_weights`, ``qualified`` from
    :func:`qualify`, criterion weights normalised.  A disqualified vendor's score is
    meaningless."""
    if s.method == "topsis":
        return topsis_scores(xp, s, values, present, qualified, criterion_weights)
    scores = [metric_scores(xp, s, m, x, present[m], qualified)[0] for m, x in enumerate(values)]
    return weighted_sum(xp, criterion_weights, criterion_scores(xp, s, scores, weights))


def tie_units(xp: Namespace, scores: Array) -> Array:
    """Scores in units of 10^-TIE_DECIMALS, rounded half to even: equal units tie."""
    return xp.round(scores * 10.0**TIE_DECIMALS)


# --------------------------------------------------------------------------- plain numbers


def value_score(x: float, best: float, worst: float, scale: str = "linear") -> float:
    """:func:`value_scores` of one number."""
    v: float = value_scores(pyxp, x, best, worst, scale == "log")
    return v


def topsis_closeness(
    matrix: Sequence[Sequence[float]], weights: Sequence[float], higher: Sequence[bool]
) -> list[float]:
    """:func:`closeness` of a decision matrix given by rows (one per alternative)."""
    if not matrix:
        return []
    if not weights:
        return [1.0] * len(matrix)
    columns = [pyxp.Vector(column) for column in zip(*matrix, strict=True)]
    return list(closeness(pyxp, columns, weights, higher))
