"""How robust is a ranking?  Exact weight ranges, Monte Carlo rank acceptability and a
plain-words verdict (issue 5).

Three pure, seeded, deterministic analyses of a scored :class:`~scorecard.results.Ranking`:

1. **Exact weight ranges** (weighted-sum only).  Let one criterion's normalised weight
   ``t`` run from 0 to 1 while the other criteria keep their proportions to each other
   (``W_j(t) = W_j (1 - t) / (1 - W_c)``).  Every vendor's score is then linear in ``t``,
   ``score(t) = 100 [t S_c + (1 - t) R_c]`` with ``R_c = sum_{j != c} W_j S_j / (1 - W_c)``,
   so the interval of ``t`` over which the current leader stays first (no other
   qualified vendor scores strictly higher) is an intersection of half-lines, solved
   exactly from the pairwise crossing points: no sampling.  Just outside each end, the
   vendor that takes first place is the one whose crossing is the end with the steepest
   slope (ties: the first by vendor id).  TOPSIS scores are not linear in the weights,
   so no ranges are computed for it.

2. **Monte Carlo rank acceptability** (SMAA-2 style).  Each draw takes criterion weights
   from a Dirichlet distribution centred on the buyer's normalised weights,
   ``alpha = kappa * w`` (``kappa`` = concentration, default 30), so a weight ``w`` varies
   with standard deviation ``sqrt(w (1 - w) / (kappa + 1))`` (about 0.09 around 0.5 at
   ``kappa = 30``).  Each figure with a standard error is drawn from a normal
   distribution around its value, clamped to the metric's valid range (and above 0 on a
   log scale); a figure with ``evidence = "estimate"`` and no stderr gets
   :data:`ESTIMATE_STDERR` (10 %) of its value.  Every draw re-applies the gates,
   recomputes relative scaling among the vendors that qualify in that draw, applies the
   missing-data policy as scoring does, scores with the ranking's method, and breaks
   ties (scores equal to :data:`TIE_DECIMALS` decimals) by vendor id.

3. **A verdict** in plain words, with the thresholds :data:`ROBUST_SHARE` and
   :data:`FRAGILE_SHARE`, naming the criterion whose range ends nearest the buyer's
   weight.

No printing, no files, no clock; a seed comes in as an argument.  numpy is imported
here only, and this module only when robustness is asked for.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from scorecard.model.catalog import BLENDED_PRICE
from scorecard.model.constants import (
    DEFAULT_CONCENTRATION,
    DEFAULT_DRAWS,
    DEFAULT_SEED,
    REL_TOL,
    TIE_DECIMALS,
)
from scorecard.model.inputs import Inputs, VendorRecord
from scorecard.model.results import Ranking, Sensitivity, WeightRange

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]
Ints = NDArray[np.intp]
Progress = Callable[[int, int], None]

#: Standard error given to a figure with ``evidence = "estimate"`` and no stderr, as a
#: fraction of its value.
ESTIMATE_STDERR = 0.10
#: The leader is "robust" when it is first in at least this share of the draws ...
ROBUST_SHARE = 0.80
#: ... and "fragile" when it is first in less than this share (in between: "uncertain").
FRAGILE_SHARE = 0.50
#: Values per chunk of draws: bounds each (draws x vendors x metrics) array to ~16 MB.
CHUNK_VALUES = 2_000_000
#: Two crossing points closer than this are the same point.
_T_TOL = 1e-12
#: A score gap (in units of 100 points) smaller than this is a tie, not a crossing.
_GAP_TOL = 1e-12
#: The smallest value a log-scale figure is drawn at.
_LOG_FLOOR = float(np.finfo(np.float64).tiny)

ROBUSTNESS_WORDS = ("robust", "uncertain", "fragile")


# --------------------------------------------------------------------------- exact ranges


def solve_weight_ranges(
    weights: Mapping[str, float],
    scores: Mapping[str, Mapping[str, float]],
    leader: str,
) -> dict[str, WeightRange]:
    """The exact interval of each criterion's weight over which ``leader`` stays first.

    ``weights``: criterion -> normalised weight (summing to 1).  ``scores``: vendor id ->
    criterion -> the vendor's score within that criterion, in [0, 1], for every
    *qualified* vendor, in listing order (ties among overtakers go to the first listed).
    The interval always contains the buyer's weight; its ends are the pairwise crossing
    points (or 0 and 1), and ``overtaken_by_below``/``_above`` name the vendor first just
    outside each end (None at 0 or 1).
    """
    criteria = list(weights)
    out: dict[str, WeightRange] = {}
    for c in criteria:
        w = weights[c]

        def ends(vendor: str, c: str = c, w: float = w) -> tuple[float, float]:
            """The vendor's score (per unit of 100 points) at t = 0 and at t = 1."""
            s = scores[vendor]
            rest = math.fsum(weights[j] * s[j] for j in criteria if j != c)
            at0 = rest / (1.0 - w) if 1.0 - w > 0 else 0.0
            return at0, s[c]

        lead0, lead1 = ends(leader)
        lower: list[tuple[float, float, str]] = []  # (crossing t, slope of the gap, vendor)
        upper: list[tuple[float, float, str]] = []
        for vendor in scores:
            if vendor == leader:
                continue
            v0, v1 = ends(vendor)
            a = lead0 - v0  # the leader's lead at t = 0
            b = lead1 - v1  # ... and at t = 1; linear in between
            k = b - a
            if a < -_GAP_TOL and b > -_GAP_TOL:  # behind at 0, not at 1: first from the crossing
                lower.append((-a / k, k, vendor))
            elif b < -_GAP_TOL and a > -_GAP_TOL:  # behind at 1, not at 0: first up to it
                upper.append((-a / k, k, vendor))
            # behind at both ends cannot happen for the leader (it is first at the buyer's
            # weight); a gap within _GAP_TOL of 0 is floating-point noise on a tie
        low = max((t for t, _, _ in lower), default=0.0)
        high = min((t for t, _, _ in upper), default=1.0)
        # floating-point noise on a tie at the buyer's weight must not exclude it
        low, high = min(low, w), max(high, w)
        below = [(-k, i, v) for i, (t, k, v) in enumerate(lower) if abs(t - low) <= _T_TOL]
        above = [(k, i, v) for i, (t, k, v) in enumerate(upper) if abs(t - high) <= _T_TOL]
        out[c] = WeightRange(
            weight=w,
            low=low,
            high=high,
            overtaken_by_below=min(below)[2] if below and low > 0 else None,
            overtaken_by_above=min(above)[2] if above and high < 1 else None,
        )
    return out


def weight_ranges(ranking: Ranking) -> dict[str, WeightRange] | None:
    """Exact weight ranges of a weighted-sum ranking's leader; None for TOPSIS or when
    no vendor qualifies."""
    if ranking.method != "weighted-sum" or not ranking.ranking:
        return None
    weights = {c.name: c.weight for c in ranking.criteria}
    scores = {
        vs.id: {c: (vs.criteria[c].score if c in vs.criteria else 0.0) for c in weights}
        for vs in ranking.ranking
    }
    return solve_weight_ranges(weights, scores, ranking.ranking[0].id)


# --------------------------------------------------------------------------- the problem


@dataclass(frozen=True)
class Problem:
    """One run's inputs as arrays, metric-major so that every per-metric slice of a batch
    of draws is contiguous: K drawn metrics (the M scored metrics first, in criteria-file
    order, then metrics that are only gated) x V vendors (in id order)."""

    method: str
    missing: str
    ids: tuple[str, ...]
    criteria: tuple[str, ...]
    weights: Floats  # (C,) normalised criterion weights
    columns: tuple[str, ...]  # (K,)
    value: Floats  # (K, V) canonical values; 1.0 where missing (never used)
    present: Bools  # (K, V)
    stderr: Floats  # (K, V) 0 where there is none
    lo: Floats  # (K,) valid range, -inf/inf where open
    hi: Floats  # (K,)
    metric_criterion: Ints  # (M,) index into criteria
    metric_weight: Floats  # (M,) normalised within the criterion
    eff_weight: Floats  # (M, V) metric weight within its criterion after `exclude` re-sharing
    log: Bools  # (M,)
    higher: Bools  # (M,)
    fixed: Bools  # (M,) best/worst given in the criteria file
    best: Floats  # (M,) on the scale (ln for log); nan when relative
    worst: Floats  # (M,)
    gate_column: Ints  # (G,)
    gate_lo: Floats  # (G,) with the tolerance applied
    gate_hi: Floats  # (G,)
    static_disqualified: Bools  # (V,) `missing = "fail"` and a scored metric missing

    @property
    def n_scored(self) -> int:
        return len(self.metric_criterion)


def _figure_stderr(rec: VendorRecord, metric: str, value: float) -> float:
    if metric in rec.stderrs:
        return rec.stderrs[metric]
    fig = rec.file.metrics.get(metric)
    if fig is not None and fig.evidence == "estimate":
        return ESTIMATE_STDERR * abs(value)
    return 0.0


def _stderr(rec: VendorRecord, metric: str, inputs: Inputs) -> float:
    value = rec.values[metric]
    mix = inputs.criteria.token_mix
    if metric == BLENDED_PRICE and metric not in rec.file.metrics and mix is not None:
        # derived: propagate the input and output prices' errors (taken as independent)
        parts = [
            (mix.input, "price_input_usd_per_mtok"),
            (mix.output, "price_output_usd_per_mtok"),
        ]
        var = sum((share * _figure_stderr(rec, m, rec.values[m])) ** 2 for share, m in parts)
        return math.sqrt(var) / (mix.input + mix.output)
    return _figure_stderr(rec, metric, value)


def build_problem(inputs: Inputs, method: str | None = None) -> Problem:
    """Turn validated inputs into the arrays the Monte Carlo works on."""
    cf = inputs.criteria
    method = method or cf.method
    criteria = tuple(cf.criteria)
    total = math.fsum(c.weight for c in cf.criteria.values())
    weights = np.array([cf.criteria[c].weight / total for c in criteria])
    scored = [rm.metric for rm in inputs.metrics]
    columns = tuple(scored + sorted({g.metric for g in inputs.gates} - set(scored)))
    ids = tuple(rec.id for rec in inputs.vendors)
    n_v, n_k, n_m = len(ids), len(columns), len(scored)

    value = np.ones((n_k, n_v))
    present = np.zeros((n_k, n_v), dtype=bool)
    stderr = np.zeros((n_k, n_v))
    for i, rec in enumerate(inputs.vendors):
        for k, metric in enumerate(columns):
            if metric in rec.values:
                value[k, i] = rec.values[metric]
                present[k, i] = True
                stderr[k, i] = _stderr(rec, metric, inputs)

    log = np.array([rm.scale == "log" for rm in inputs.metrics] + [False] * (n_k - n_m))
    lo = np.full(n_k, -np.inf)
    hi = np.full(n_k, np.inf)
    for k, metric in enumerate(columns):
        mdef = inputs.catalog.get(metric)
        if mdef is not None and mdef.min is not None:
            lo[k] = mdef.min
        if mdef is not None and mdef.max is not None:
            hi[k] = mdef.max
        if log[k]:
            lo[k] = max(lo[k], _LOG_FLOOR)

    crit_index = {c: j for j, c in enumerate(criteria)}
    metric_criterion = np.array([crit_index[rm.criterion] for rm in inputs.metrics], dtype=np.intp)
    crit_totals = {
        c: math.fsum(rm.weight for rm in inputs.metrics if rm.criterion == c) for c in criteria
    }
    metric_weight = np.array([rm.weight / crit_totals[rm.criterion] for rm in inputs.metrics])
    eff_weight = np.repeat(metric_weight[:, None], n_v, axis=1)
    if cf.missing == "exclude":
        for i in range(n_v):
            for c in criteria:
                mine = [m for m in range(n_m) if criteria[metric_criterion[m]] == c]
                have = math.fsum(metric_weight[m] for m in mine if present[m, i])
                for m in mine:
                    eff_weight[m, i] = metric_weight[m] / have if present[m, i] else 0.0

    fixed = np.array([rm.best is not None for rm in inputs.metrics], dtype=bool)
    best = np.full(n_m, np.nan)
    worst = np.full(n_m, np.nan)
    for m, rm in enumerate(inputs.metrics):
        if rm.best is not None and rm.worst is not None:
            f = math.log if rm.scale == "log" else float
            best[m], worst[m] = f(rm.best), f(rm.worst)

    gate_column = np.array([columns.index(g.metric) for g in inputs.gates], dtype=np.intp)
    gate_lo = np.array(
        [-np.inf if g.min is None else g.min - REL_TOL * abs(g.min) for g in inputs.gates]
    )
    gate_hi = np.array(
        [np.inf if g.max is None else g.max + REL_TOL * abs(g.max) for g in inputs.gates]
    )
    static_disqualified = np.zeros(n_v, dtype=bool)
    if cf.missing == "fail" and n_m:
        static_disqualified[:] = ~np.all(present[:n_m], axis=0)
    return Problem(
        method=method,
        missing=cf.missing,
        ids=ids,
        criteria=criteria,
        weights=weights,
        columns=columns,
        value=value,
        present=present,
        stderr=stderr,
        lo=lo,
        hi=hi,
        metric_criterion=metric_criterion,
        metric_weight=metric_weight,
        eff_weight=eff_weight,
        log=log[:n_m],
        higher=np.array([rm.direction == "higher" for rm in inputs.metrics], dtype=bool),
        fixed=fixed,
        best=best,
        worst=worst,
        gate_column=gate_column,
        gate_lo=gate_lo.reshape(-1),
        gate_hi=gate_hi.reshape(-1),
        static_disqualified=static_disqualified,
    )


# --------------------------------------------------------------------------- one batch of draws


def qualify(p: Problem, values: Floats) -> Bools:
    """(n, V): which vendors pass every gate (and the `fail` policy) in each draw."""
    n, n_v = values.shape[0], len(p.ids)
    ok = np.broadcast_to(~p.static_disqualified, (n, n_v)).copy()
    for g, k in enumerate(p.gate_column):
        x = values[:, k, :]
        ok &= p.present[k] & (x >= p.gate_lo[g]) & (x <= p.gate_hi[g])
    return ok


def criterion_scores(p: Problem, values: Floats, qualified: Bools) -> Floats:
    """(n, C, V): each vendor's weighted value-function score within each criterion,
    summed metric by metric in criteria-file order."""
    n, n_v = values.shape[0], len(p.ids)
    crit = np.zeros((n, len(p.criteria), n_v))
    fill = 0.5 if p.missing == "neutral" else 0.0
    for m in range(p.n_scored):
        x = values[:, m, :]
        present = p.present[m]
        fx = np.log(x) if p.log[m] else x
        if p.fixed[m]:
            v = (fx - p.worst[m]) / (p.best[m] - p.worst[m])
            np.clip(v, 0.0, 1.0, out=v)
        else:  # relative: best and worst among the vendors qualified in each draw
            seen = qualified & present
            top = np.where(seen, fx, -np.inf).max(axis=1)
            bottom = np.where(seen, fx, np.inf).min(axis=1)
            best, worst = (top, bottom) if p.higher[m] else (bottom, top)
            span = best - worst
            usable = np.isfinite(span) & (span != 0)
            # best == worst: every vendor with the metric scores 1
            safe_worst = np.where(usable, worst, 0.0)[:, None]
            safe_span = np.where(usable, span, 1.0)[:, None]
            v = np.where(usable[:, None], (fx - safe_worst) / safe_span, 1.0)
        if not present.all():
            v = np.where(present, v, fill)
        crit[:, p.metric_criterion[m], :] += p.eff_weight[m] * v
    return crit


def _weighted_sum(p: Problem, weights: Floats, values: Floats, qualified: Bools) -> Floats:
    crit = criterion_scores(p, values, qualified)
    total = np.zeros((values.shape[0], len(p.ids)))
    for c in range(len(p.criteria)):
        total += weights[:, c, None] * crit[:, c, :]
    total *= 100.0
    np.clip(total, 0.0, 100.0, out=total)  # as scoring: weights may sum to 1 + 1 ulp
    return total


def _topsis(p: Problem, weights: Floats, values: Floats, qualified: Bools) -> Floats:
    """Closeness x 100, with vector normalisation over the vendors qualified in each draw."""
    n, n_v = values.shape[0], len(p.ids)
    any_q = qualified.any(axis=1)
    ys = []
    for m in range(p.n_scored):
        x = values[:, m, :]
        present = p.present[m]
        seen = qualified & present
        has = seen.any(axis=1)  # a metric no qualified vendor has is left out
        if not present.all():  # `missing = "worst"`: the worst raw value among the qualified
            if p.higher[m]:
                worst = np.where(seen, x, np.inf).min(axis=1)
            else:
                worst = np.where(seen, x, -np.inf).max(axis=1)
            x = np.where(present, x, np.where(has, worst, 0.0)[:, None])
        xq = np.where(qualified, x, 0.0)
        norm = np.sqrt((xq * xq).sum(axis=1))
        w = weights[:, p.metric_criterion[m]] * p.metric_weight[m] * has
        ys.append(xq * (w / np.where(norm > 0, norm, 1.0))[:, None])
    d_plus = np.zeros((n, n_v))
    d_minus = np.zeros((n, n_v))
    for m, y in enumerate(ys):
        top = np.where(any_q, np.where(qualified, y, -np.inf).max(axis=1), 0.0)[:, None]
        bottom = np.where(any_q, np.where(qualified, y, np.inf).min(axis=1), 0.0)[:, None]
        ideal, anti = (top, bottom) if p.higher[m] else (bottom, top)
        d_plus += (y - ideal) ** 2
        d_minus += (y - anti) ** 2
    np.sqrt(d_plus, out=d_plus)
    np.sqrt(d_minus, out=d_minus)
    total = d_plus + d_minus
    out: Floats = 100.0 * np.where(total > 0, d_minus / np.where(total > 0, total, 1.0), 1.0)
    return out


def score_draws(p: Problem, weights: Floats, values: Floats) -> tuple[Floats, Bools]:
    """Score a batch of draws: ``weights`` (n, C), ``values`` (n, K, V) ->
    (scores (n, V), qualified (n, V)).  Scores of disqualified vendors are meaningless."""
    qualified = qualify(p, values)
    if p.method == "topsis":
        return _topsis(p, weights, values, qualified), qualified
    return _weighted_sum(p, weights, values, qualified), qualified


def rank_order(scores: Floats, qualified: Bools) -> Ints:
    """(n, V): vendor indices in rank order per draw, disqualified vendors last.  Scores
    equal to TIE_DECIMALS decimals go to the lower vendor id (vendors are in id order):
    the sort key is unique per vendor, so a fast unstable sort gives that order."""
    n_v = scores.shape[1]
    units = np.rint(scores * 10.0**TIE_DECIMALS).astype(np.int64)  # scores are in [0, 100]
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
    counts = np.zeros(n_v * n_v, dtype=np.intp)
    disqualified = np.zeros(n_v, dtype=np.intp)
    first_sum = np.zeros((n_v, n_c))
    positions = np.arange(n_v)
    step = chunk_size(p)
    done = 0
    while done < draws:
        n = min(step, draws - done)
        weights, values = draw_batch(p, rng, n, concentration)
        scores, qualified = score_draws(p, weights, values)
        order = rank_order(scores, qualified)
        n_qualified = qualified.sum(axis=1)
        ranked = positions < n_qualified[:, None]
        counts += np.bincount((order * n_v + positions)[ranked], minlength=n_v * n_v)
        disqualified += (~qualified).sum(axis=0)
        some = n_qualified > 0
        first = order[some, 0]
        for c in range(n_c):
            first_sum[:, c] += np.bincount(first, weights=weights[some, c], minlength=n_v)
        done += n
        if progress is not None:
            progress(done, draws)
    return Acceptability(draws, counts.reshape(n_v, n_v), disqualified, first_sum)


# --------------------------------------------------------------------------- verdict


def robustness_word(first_share: float) -> str:
    """ "robust" at ROBUST_SHARE or more, "fragile" below FRAGILE_SHARE, else "uncertain"."""
    if first_share >= ROBUST_SHARE:
        return "robust"
    if first_share < FRAGILE_SHARE:
        return "fragile"
    return "uncertain"


def _percent(share: float) -> str:
    if 0 < share < 0.01:
        return "under 1%"
    if 0.99 < share < 1:
        return "over 99%"
    return f"{share:.0%}"


def nearest_end(
    ranges: Mapping[str, WeightRange],
) -> tuple[str, str, float, str] | None:
    """(criterion, "below"|"above", end, overtaker) of the range end nearest the buyer's
    weight among the ends where another vendor takes over; None when none does."""
    best: tuple[float, int, str, str, float, str] | None = None
    for i, (name, r) in enumerate(ranges.items()):
        for side, end, who in (
            ("below", r.low, r.overtaken_by_below),
            ("above", r.high, r.overtaken_by_above),
        ):
            if who is None:
                continue
            cand = (abs(r.weight - end), i, name, side, end, who)
            if best is None or cand[:2] < best[:2]:
                best = cand
    if best is None:
        return None
    return best[2], best[3], best[4], best[5]


def write_verdict(
    leader_name: str,
    first_share: float,
    ranges: Mapping[str, WeightRange] | None,
    names: Mapping[str, str],
    *,
    figures_vary: bool,
    tied_with: list[str] | None = None,
    method: str = "weighted-sum",
) -> str:
    """The plain-words verdict, e.g. "GPT-5.4 is first in 87% of plausible weightings;
    it stays first while reliability's weight is between 0.31 and 0.74; Claude 3 Opus
    overtakes below 0.31. ..."."""
    what = "plausible weightings and figures" if figures_vary else "plausible weightings"
    parts = []
    if tied_with:
        others = ", ".join(tied_with)
        parts.append(
            f"{leader_name} ties for first place with {others} on the stated figures; "
            f"the weight ranges are for {leader_name}, the first listed."
        )
    sentence = f"{leader_name} is first in {_percent(first_share)} of {what}"
    if ranges is None:
        reason = (
            "TOPSIS scores are not linear in the weights"
            if method == "topsis"
            else "no vendor qualifies"
        )
        sentence += f" (no exact weight ranges: {reason})."
    else:
        end = nearest_end(ranges)
        if end is None:
            sentence += "; it stays first whatever the weight of any single criterion."
        else:
            crit, side, at, who = end
            r = ranges[crit]
            sentence += (
                f"; it stays first while {crit}'s weight is between {r.low:.2f} and "
                f"{r.high:.2f}; {names.get(who, who)} overtakes {side} {at:.2f}."
            )
    parts.append(sentence)
    word = robustness_word(first_share)
    parts.append(
        f"By the thresholds used here (robust: first in at least {ROBUST_SHARE:.0%} of draws; "
        f"fragile: under {FRAGILE_SHARE:.0%}), the recommendation is {word}."
    )
    return " ".join(parts)


# --------------------------------------------------------------------------- entry point


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
    acceptability = {v: [int(c) / draws for c in acc.rank_counts[i]] for i, v in enumerate(ids)}
    disqualified_share = {v: int(acc.disqualified[i]) / draws for i, v in enumerate(ids)}
    first = acc.rank_counts[:, 0]
    first_probability = {v: int(first[i]) / draws for i, v in enumerate(ids)}
    central = {
        v: {c: float(acc.first_weight_sum[i, j] / first[i]) for j, c in enumerate(p.criteria)}
        for i, v in enumerate(ids)
        if first[i] > 0
    }
    ranges = weight_ranges(ranking)
    names = {rec.id: rec.model for rec in inputs.vendors}
    figures_vary = bool(((p.stderr > 0) & p.present).any())
    notes: list[str] = []
    leader: str | None = None
    if ranking.ranking:
        top = ranking.ranking[0]
        leader = top.id
        tied = [vs.model for vs in ranking.ranking[1:] if vs.rank == 1]
        if tied:
            notes.append(
                f"rank 1 is tied; the weight ranges are computed for {top.id}, the first listed."
            )
        if ranges is None:
            notes.append(
                "no exact weight ranges with TOPSIS: its scores are not linear in the weights."
            )
        share = first_probability[leader]
        verdict = write_verdict(
            top.model,
            share,
            ranges,
            names,
            figures_vary=figures_vary,
            tied_with=tied,
            method=ranking.method,
        )
        robustness = robustness_word(share)
    else:
        verdict = (
            "No vendor qualifies on the stated figures, so there is no recommendation to test."
        )
        robustness = "fragile"
    if figures_vary:
        notes.append(
            "figures with a standard error were drawn from a normal distribution; estimates "
            f"without one were given {ESTIMATE_STDERR:.0%} of their value."
        )
    return Sensitivity(
        draws=draws,
        seed=seed,
        concentration=concentration,
        acceptability=acceptability,
        disqualified_share=disqualified_share,
        first_probability=first_probability,
        central_weights=central,
        weight_ranges=ranges,
        verdict=verdict,
        notes=notes,
        leader=leader,
        robustness=robustness,
    )
