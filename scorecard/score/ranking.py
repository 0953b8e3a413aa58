""":func:`score_vendors`: the ranking, with its recommendation and warnings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from scorecard.model.approval import approval_of
from scorecard.model.inputs import Inputs
from scorecard.model.results import (
    CriterionScore,
    CriterionSpec,
    Disqualified,
    GateSpec,
    Ranking,
    VendorScore,
)
from scorecard.score import kernel, pyxp
from scorecard.score.evidence import evidence_warnings
from scorecard.score.kernel import topsis_closeness
from scorecard.score.notices import panel_warnings
from scorecard.score.prepare import Prepared, prepare, trusted
from scorecard.score.ranks import competition_ranks, mean_win_rates

TOPSIS_NOTES = [
    "TOPSIS with vector normalisation: score = 100 x closeness to the ideal vendor; "
    "best, worst and scale are not used by TOPSIS.",
    "The criteria and metrics contributions are the weighted value-function breakdown "
    "(as weighted-sum would compute it), not a decomposition of the TOPSIS score.",
]


def scores_for_weights(
    prepared: Prepared, criterion_weights: Mapping[str, float]
) -> dict[str, float]:
    """Each qualified vendor's score (0-100) under other (normalised) criterion weights."""
    ids = [rec.id for rec in prepared.qualified]
    if prepared.method == "topsis":
        closeness = topsis_closeness(
            prepared.topsis_matrix,
            prepared.topsis_weights(criterion_weights),
            [rm.direction == "higher" for rm in prepared.topsis_metrics],
        )
        return {vid: 100.0 * c for vid, c in zip(ids, closeness, strict=True)}
    crit = [
        pyxp.Vector([prepared.criterion_scores[vid][c] for vid in ids]) for c in prepared.criteria
    ]
    weights = [criterion_weights[c] for c in prepared.criteria]
    return dict(zip(ids, kernel.weighted_sum(pyxp, weights, crit), strict=True))


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


def _win_rates(prepared: Prepared) -> dict[str, float | None]:
    return mean_win_rates(
        [
            (
                {r.id: r.values[vf.metric] for r in prepared.qualified if vf.metric in r.values},
                vf.direction == "higher",
            )
            for vf in prepared.value_functions
        ],
        [r.id for r in prepared.qualified],
    )


def _vendor_scores(prepared: Prepared, scores: Mapping[str, float]) -> list[VendorScore]:
    """The qualified vendors in rank order, with their breakdown."""
    win = _win_rates(prepared)
    records = {r.id: r for r in prepared.qualified}
    weights = prepared.criterion_weights
    ranking: list[VendorScore] = []
    for rank, vid in competition_ranks(scores):
        rec = records[vid]
        s = prepared.criterion_scores[vid]
        criteria = {
            c: trusted(
                CriterionScore,
                criterion=c,
                weight=weights[c],
                score=s[c],
                points=100.0 * weights[c] * s[c],
            )
            for c in prepared.criteria
        }
        ranking.append(
            VendorScore.model_construct(
                rank=rank,
                id=vid,
                vendor=rec.vendor,
                model=rec.model,
                score=scores[vid],
                win_rate=win[vid],
                criteria=criteria,
                metrics=prepared.metric_scores[vid],
            )
        )
    return ranking


def _specs(inputs: Inputs, prepared: Prepared) -> tuple[list[CriterionSpec], list[GateSpec]]:
    """The criteria and gates as the ranking reports them."""
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
    return specs, gates


def score_vendors(inputs: Inputs, date: dt.date, method: str | None = None) -> Ranking:
    """Score and rank the vendors of ``inputs`` as of ``date``.

    ``method`` overrides the criteria file's method.  Raises
    :class:`~scorecard.model.errors.InvalidInputError` (a finding on the criteria file's
    ``missing`` line) when the method is TOPSIS and the policy neutral or exclude."""
    prepared = prepare(inputs, method)
    ranking = _vendor_scores(prepared, scores_for_weights(prepared, prepared.criterion_weights))
    specs, gates = _specs(inputs, prepared)
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
        notes=list(TOPSIS_NOTES) if prepared.method == "topsis" else [],
        approval=approval_of(inputs.criteria),
    )
