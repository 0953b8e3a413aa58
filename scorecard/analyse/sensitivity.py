"""How robust is a ranking?  Exact weight ranges, Monte Carlo rank acceptability and a
plain-words verdict.

Three pure, seeded, deterministic analyses of a scored :class:`~scorecard.model.results.Ranking`:

1. **Exact weight ranges** (weighted-sum only), solved in :mod:`scorecard.analyse.ranges`.

2. **Monte Carlo rank acceptability** (SMAA-2 style), here.  Each draw takes criterion
   weights from a Dirichlet distribution centred on the buyer's normalised weights,
   ``alpha = kappa * w`` (``kappa`` = concentration, default 30), so a weight ``w`` varies
   with standard deviation ``sqrt(w (1 - w) / (kappa + 1))`` (about 0.09 around 0.5 at
   ``kappa = 30``).  Each figure with a standard error is drawn from a normal
   distribution around its value, clamped to the metric's valid range (and above 0 on a
   log scale); a figure with ``evidence = "estimate"`` and no stderr gets
   :data:`ESTIMATE_STDERR` (10 %) of its value.  Every draw is scored by the same kernel
   as ``rank`` (:func:`scorecard.score.kernel.score`, on numpy arrays of draws x
   vendors): the gates are re-applied, relative scales recomputed among the vendors that
   qualify in that draw, the missing-data policy applied, the ranking's method used, and
   ties (:func:`~scorecard.score.kernel.tie_units`) go to the lower vendor id.

3. **A verdict** in plain words (:mod:`scorecard.analyse.verdict`), with the thresholds
   :data:`ROBUST_SHARE` and :data:`FRAGILE_SHARE`.

No printing, no files, no clock; a seed comes in as an argument.  numpy is imported by
the analysis only, and the analysis only when robustness is asked for.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from scorecard.analyse.problem import ESTIMATE_STDERR, Bools, Floats, Problem, build_problem
from scorecard.analyse.ranges import solve_weight_ranges, weight_ranges
from scorecard.analyse.verdict import (
    FRAGILE_SHARE,
    ROBUST_SHARE,
    ROBUSTNESS_WORDS,
    nearest_end,
    robustness_word,
    write_verdict,
)
from scorecard.model.constants import DEFAULT_CONCENTRATION, DEFAULT_DRAWS, DEFAULT_SEED
from scorecard.model.inputs import Inputs
from scorecard.model.results import Ranking, Sensitivity, WeightRange
from scorecard.score import kernel

__all__ = [
    "CHUNK_VALUES",
    "DEFAULT_CONCENTRATION",
    "DEFAULT_DRAWS",
    "DEFAULT_SEED",
    "ESTIMATE_STDERR",
    "FRAGILE_SHARE",
    "ROBUSTNESS_WORDS",
    "ROBUST_SHARE",
    "Acceptability",
    "Problem",
    "analyse_sensitivity",
    "build_problem",
    "chunk_size",
    "criterion_scores",
    "draw_batch",
    "nearest_end",
    "qualify",
    "rank_order",
    "robustness_word",
    "score_draws",
    "simulate",
    "solve_weight_ranges",
    "weight_ranges",
    "write_verdict",
]

Ints = NDArray[np.intp]
Progress = Callable[[int, int], None]

#: Values per chunk of draws: bounds each (draws x vendors x metrics) array to ~16 MB.
CHUNK_VALUES = 2_000_000


# --------------------------------------------------------------------------- one batch of draws


def qualify(p: Problem, values: Floats) -> Bools:
    """(n, V): which vendors pass every gate (and the `fail` policy) in each draw."""
    gates = [
        (values[:, k, :], p.present[k], interval)
        for k, interval in zip(p.gate_column, p.gate_interval, strict=True)
    ]
    ok: Bools = np.broadcast_to(kernel.qualify(p.complete, gates), (len(values), len(p.ids)))
    return ok


def _scored(p: Problem, values: Floats) -> tuple[list[Floats], list[Bools]]:
    """Per scored metric: its (n, V) slice of the draws and its (V,) presence."""
    return [values[:, m, :] for m in range(p.n_scored)], list(p.present[: p.n_scored])


def criterion_scores(p: Problem, values: Floats, qualified: Bools) -> Floats:
    """(n, C, V): each vendor's weighted value-function score within each criterion."""
    xs, present = _scored(p, values)
    scores = [
        kernel.metric_scores(np, p.scheme, m, x, present[m], qualified)[0] for m, x in enumerate(xs)
    ]
    crit = kernel.criterion_scores(np, p.scheme, scores, p.eff_weight)
    out: Floats = np.stack(np.broadcast_arrays(*crit), axis=1)
    return out


def score_draws(p: Problem, weights: Floats, values: Floats) -> tuple[Floats, Bools]:
    """Score a batch of draws: ``weights`` (n, C), ``values`` (n, K, V) ->
    (scores (n, V), qualified (n, V)).  Scores of disqualified vendors are meaningless."""
    qualified = qualify(p, values)
    xs, present = _scored(p, values)
    criterion_weights = [weights[:, c, None] for c in range(len(p.criteria))]
    scores: Floats = kernel.score(
        np, p.scheme, xs, present, p.eff_weight, qualified, criterion_weights
    )
    return scores, qualified


def rank_order(scores: Floats, qualified: Bools) -> Ints:
    """(n, V): vendor indices in rank order per draw, disqualified vendors last.  Scores
    in the same tie units go to the lower vendor id (vendors are in id order): the sort
    key is unique per vendor, so a fast unstable sort gives that order."""
    n_v = scores.shape[1]
    units = kernel.tie_units(np, scores).astype(np.int64)  # scores are in [0, 100]
    units[~qualified] = -1
    key = np.arange(n_v, dtype=np.int64) - units * n_v
    order: Ints = np.argsort(key, axis=1)
    return order


# --------------------------------------------------------------------------- Monte Carlo


@dataclass(frozen=True)
class Acceptability:
    """Counts over all draws (plain arrays; :func:`analyse_sensitivity` makes shares)."""

    draws: int
    rank_counts: Ints  # (V, V): vendor x rank (0 = first)
    disqualified: Ints  # (V,)
    first_weight_sum: Floats  # (V, C): sum of the weights of the draws each vendor is first in


def draw_batch(
    p: Problem, rng: np.random.Generator, n: int, concentration: float
) -> tuple[Floats, Floats]:
    """One batch of ``n`` draws: weights (n, C), then values (n, K, V), in that order
    from ``rng``.  ``concentration = inf`` keeps the buyer's weights exactly."""
    if math.isinf(concentration):
        weights = np.tile(p.weights, (n, 1))
    else:
        weights = rng.dirichlet(concentration * p.weights, size=n)
    uncertain = (p.stderr > 0) & p.present
    if uncertain.all():
        values = rng.standard_normal((n, *p.value.shape))
        values *= p.stderr
        values += p.value
    else:
        values = np.broadcast_to(p.value, (n, *p.value.shape)).copy()
        if uncertain.any():
            idx = np.flatnonzero(uncertain)
            z = rng.standard_normal((n, idx.size))
            flat = values.reshape(n, -1)
            flat[:, idx] += z * p.stderr.reshape(-1)[idx]
    for k in np.flatnonzero(uncertain.any(axis=1)):
        np.clip(values[:, k, :], p.lo[k], p.hi[k], out=values[:, k, :])
    return weights, values


def chunk_size(p: Problem) -> int:
    return max(1, CHUNK_VALUES // max(1, len(p.ids) * len(p.columns)))


@dataclass
class _Tally:
    """Running counts of :func:`simulate`, flat for ``np.bincount``."""

    counts: Ints  # (V * V,)
    disqualified: Ints  # (V,)
    first_sum: Floats  # (V, C)

    def add(self, weights: Floats, scores: Floats, qualified: Bools) -> None:
        n_v = qualified.shape[1]
        positions = np.arange(n_v)
        order = rank_order(scores, qualified)
        n_qualified = qualified.sum(axis=1)
        ranked = positions < n_qualified[:, None]
        self.counts += np.bincount((order * n_v + positions)[ranked], minlength=n_v * n_v)
        self.disqualified += (~qualified).sum(axis=0)
        some = n_qualified > 0
        first = order[some, 0]
        for c in range(weights.shape[1]):
            self.first_sum[:, c] += np.bincount(first, weights=weights[some, c], minlength=n_v)


def simulate(
    p: Problem,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    concentration: float = DEFAULT_CONCENTRATION,
    progress: Progress | None = None,
) -> Acceptability:
    """Run the Monte Carlo in chunks of draws (memory stays bounded); deterministic for a
    given problem, draws, seed and concentration."""
    if draws < 1:
        raise ValueError("draws must be at least 1")
    if not concentration > 0:
        raise ValueError("concentration must be above 0")
    rng = np.random.default_rng(seed)
    n_v, n_c = len(p.ids), len(p.criteria)
    tally = _Tally(
        np.zeros(n_v * n_v, dtype=np.intp), np.zeros(n_v, dtype=np.intp), np.zeros((n_v, n_c))
    )
    step = chunk_size(p)
    done = 0
    while done < draws:
        n = min(step, draws - done)
        weights, values = draw_batch(p, rng, n, concentration)
        tally.add(weights, *score_draws(p, weights, values))
        done += n
        if progress is not None:
            progress(done, draws)
    return Acceptability(draws, tally.counts.reshape(n_v, n_v), tally.disqualified, tally.first_sum)


# --------------------------------------------------------------------------- entry point


def _verdict(
    inputs: Inputs,
    ranking: Ranking,
    ranges: dict[str, WeightRange] | None,
    first_probability: dict[str, float],
    figures_vary: bool,
) -> tuple[str, str, str | None, list[str]]:
    """(verdict, robustness word, leader, notes) for the stated ranking."""
    if not ranking.ranking:
        text = "No vendor qualifies on the stated figures, so there is no recommendation to test."
        return text, "fragile", None, []
    notes: list[str] = []
    top = ranking.ranking[0]
    tied = [vs.model for vs in ranking.ranking[1:] if vs.rank == 1]
    if tied:
        notes.append(
            f"rank 1 is tied; the weight ranges are computed for {top.id}, the first listed."
        )
    if ranges is None:
        notes.append(
            "no exact weight ranges with TOPSIS: its scores are not linear in the weights."
        )
    share = first_probability[top.id]
    text = write_verdict(
        top.model,
        share,
        ranges,
        {rec.id: rec.model for rec in inputs.vendors},
        figures_vary=figures_vary,
        tied_with=tied,
        method=ranking.method,
    )
    return text, robustness_word(share), top.id, notes


def analyse_sensitivity(
    inputs: Inputs,
    ranking: Ranking,
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    concentration: float = DEFAULT_CONCENTRATION,
    progress: Progress | None = None,
) -> Sensitivity:
    """The robustness of ``ranking`` (scored from ``inputs`` with ``ranking.method``)."""
    p = build_problem(inputs, ranking.method)
    acc = simulate(p, draws, seed, concentration, progress)
    ids = p.ids
    first = acc.rank_counts[:, 0]
    first_probability = {v: int(first[i]) / draws for i, v in enumerate(ids)}
    figures_vary = bool(((p.stderr > 0) & p.present).any())
    ranges = weight_ranges(ranking)
    verdict, robustness, leader, notes = _verdict(
        inputs, ranking, ranges, first_probability, figures_vary
    )
    if figures_vary:
        notes.append(
            "figures with a standard error were drawn from a normal distribution; estimates "
            f"without one were given {ESTIMATE_STDERR:.0%} of their value."
        )
    return Sensitivity(
        draws=draws,
        seed=seed,
        concentration=concentration,
        acceptability={v: [int(c) / draws for c in acc.rank_counts[i]] for i, v in enumerate(ids)},
        disqualified_share={v: int(acc.disqualified[i]) / draws for i, v in enumerate(ids)},
        first_probability=first_probability,
        central_weights={
            v: {c: float(acc.first_weight_sum[i, j] / first[i]) for j, c in enumerate(p.criteria)}
            for i, v in enumerate(ids)
            if first[i] > 0
        },
        weight_ranges=ranges,
        verdict=verdict,
        notes=notes,
        leader=leader,
        robustness=robustness,
    )
