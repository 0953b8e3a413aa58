"""The robustness analysis's inputs as numpy arrays: every figure, its standard error
and its valid range, ready for the Monte Carlo to perturb and for the scoring kernel
(:mod:`scorecard.score.kernel`) to score."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from scorecard.load.usage import monthly_cost_stderr
from scorecard.model.catalog import BLENDED_PRICE, MONTHLY_COST
from scorecard.model.constants import ESTIMATE_STDERR as _ESTIMATE_STDERR
from scorecard.model.inputs import Inputs, VendorRecord
from scorecard.score import kernel
from scorecard.score.kernel import Array, Scheme
from scorecard.score.prepare import BLENDED_PARTS

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]

#: Standard error given to a figure with ``evidence = "estimate"`` and no stderr, as a
#: fraction of its value (in model.constants: the report's notes quote it).
ESTIMATE_STDERR = _ESTIMATE_STDERR
#: The smallest value a log-scale figure is drawn at.
_LOG_FLOOR = float(np.finfo(np.float64).tiny)


@dataclass(frozen=True)
class Problem:
    """One run's inputs as arrays, metric-major so that every per-metric slice of a batch
    of draws is contiguous: K drawn metrics (the M scored metrics first, in criteria-file
    order, then metrics that are only gated) x V vendors (in id order)."""

    scheme: Scheme
    ids: tuple[str, ...]
    weights: Floats  # (C,) normalised criterion weights
    columns: tuple[str, ...]  # (K,)
    value: Floats  # (K, V) canonical values; 1.0 where missing (never used)
    present: Bools  # (K, V)
    stderr: Floats  # (K, V) 0 where there is none
    lo: Floats  # (K,) valid range, -inf/inf where open
    hi: Floats  # (K,)
    eff_weight: tuple[Array, ...]  # (M,) kernel.effective_weights: a number or (V,) each
    gate_column: tuple[int, ...]  # (G,) index into `columns`
    gate_interval: tuple[tuple[float, float], ...]  # (G,) kernel.gate_interval
    complete: Bools  # (V,) false: out under `missing = "fail"` (a scored metric missing)

    @property
    def method(self) -> str:
        return self.scheme.method

    @property
    def missing(self) -> str:
        return self.scheme.missing

    @property
    def criteria(self) -> tuple[str, ...]:
        return self.scheme.criteria

    @property
    def n_scored(self) -> int:
        return len(self.scheme.metrics)


def _figure_stderr(rec: VendorRecord, metric: str, value: float) -> float:
    if metric in rec.stderrs:
        return rec.stderrs[metric]
    fig = rec.file.metrics.get(metric)
    if fig is not None and fig.evidence == "estimate":
        return ESTIMATE_STDERR * abs(value)
    return 0.0


def figure_stderr(rec: VendorRecord, metric: str, inputs: Inputs) -> float:
    """The standard error a figure is drawn with: its own, :data:`ESTIMATE_STDERR` of an
    estimate, or for a derived metric (the blended price, the monthly cost) the errors of
    the figures it is computed from, combined (taken as independent).  The derived
    figure is drawn, as the blended price always was, not its parts: the kernel draws
    the columns the criteria score, and both are linear in each part, so the combined
    error is exact (a part's error moves a price's tiers with it).  One consequence:
    a project weighting both would draw the two independently."""
    value = rec.values[metric]
    if metric == MONTHLY_COST:
        return monthly_cost_stderr(
            rec, inputs.criteria, lambda m: _figure_stderr(rec, m, rec.values[m])
        )
    mix = inputs.criteria.token_mix
    if metric == BLENDED_PRICE and metric not in rec.file.metrics and mix is not None:
        parts = zip((mix.input, mix.output), BLENDED_PARTS[BLENDED_PRICE], strict=True)
        var = sum((share * _figure_stderr(rec, m, rec.values[m])) ** 2 for share, m in parts)
        return math.sqrt(var) / (mix.input + mix.output)
    return _figure_stderr(rec, metric, value)


def _figures(inputs: Inputs, columns: Sequence[str]) -> tuple[Floats, Bools, Floats]:
    """(value, present, stderr), each (K, V)."""
    shape = (len(columns), len(inputs.vendors))
    value = np.ones(shape)
    present = np.zeros(shape, dtype=bool)
    stderr = np.zeros(shape)
    for i, rec in enumerate(inputs.vendors):
        for k, metric in enumerate(columns):
            if metric in rec.values:
                value[k, i] = rec.values[metric]
                present[k, i] = True
                stderr[k, i] = figure_stderr(rec, metric, inputs)
    return value, present, stderr


def _valid_ranges(
    inputs: Inputs, columns: Sequence[str], log: Sequence[bool]
) -> tuple[Floats, Floats]:
    """(lo, hi) per column: the catalogue's range a drawn value is clamped to (above 0
    on a log scale)."""
    lo = np.full(len(columns), -np.inf)
    hi = np.full(len(columns), np.inf)
    for k, metric in enumerate(columns):
        mdef = inputs.catalog.get(metric)
        if mdef is not None and mdef.min is not None:
            lo[k] = mdef.min
        if mdef is not None and mdef.max is not None:
            hi[k] = mdef.max
        if k < len(log) and log[k]:
            lo[k] = max(lo[k], _LOG_FLOOR)
    return lo, hi


def build_problem(inputs: Inputs, method: str | None = None) -> Problem:
    """Turn validated inputs into the arrays the Monte Carlo works on."""
    s = kernel.scheme_of(inputs, method)
    gated_only = sorted({g.metric for g in inputs.gates} - set(s.metrics))
    columns = (*s.metrics, *gated_only)
    value, present, stderr = _figures(inputs, columns)
    lo, hi = _valid_ranges(inputs, columns, s.log)
    scored_present = list(present[: len(s.metrics)])
    complete = np.ones(len(inputs.vendors), dtype=bool)
    if s.missing == "fail":
        complete &= kernel.complete(scored_present)
    return Problem(
        scheme=s,
        ids=tuple(rec.id for rec in inputs.vendors),
        weights=np.array(s.weights),
        columns=columns,
        value=value,
        present=present,
        stderr=stderr,
        lo=lo,
        hi=hi,
        eff_weight=tuple(kernel.effective_weights(np, s, scored_present)),
        gate_column=tuple(columns.index(g.metric) for g in inputs.gates),
        gate_interval=tuple(kernel.gate_interval(g.min, g.max) for g in inputs.gates),
        complete=complete,
    )
