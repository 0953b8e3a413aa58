"""Result models: what scoring and the robustness analysis produce, and what every
writer (table, JSON, CSV, Markdown, HTML/PDF) consumes.  `rank --format json` is
exactly :meth:`Ranking.model_dump_json` of these models, so field names here are
a public contract: add fields, never rename them."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from scorecard.model.approval import Approval


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class ValueFunction(_Result):
    """How one scored metric turns a raw value into a score between 0 and 1."""

    metric: str
    criterion: str
    unit: str  # canonical unit of best/worst and of every value
    direction: str  # "higher" | "lower"
    weight_given: float
    weight: float  # normalised within its criterion
    best: float | None  # None when no qualified vendor has the metric (relative scaling)
    worst: float | None
    scale: str  # "linear" | "log"
    relative: bool  # best/worst taken from the vendors scored, not from the criteria file


class CriterionSpec(_Result):
    name: str
    description: str | None = None
    weight_given: float
    weight: float  # normalised to sum 1 across criteria
    metrics: list[ValueFunction]


class GateSpec(_Result):
    metric: str
    min: float | None
    max: float | None
    unit: str  # canonical unit of min/max
    reason: str | None
    require: bool = False  # a yes/no requirement (`require = true`): min is 1, i.e. yes


class MetricScore(_Result):
    """One metric's part of one vendor's score."""

    metric: str
    criterion: str
    value: float | None  # canonical value; None when missing
    unit: str
    score: float | None  # value-function score in [0, 1]; None when missing and excluded
    weight: float  # effective weight (criterion weight x metric weight, after `exclude` re-sharing)
    points: float  # 100 x weight x score
    missing: bool
    policy: str | None = None  # the missing-data policy applied, when missing


class CriterionScore(_Result):
    criterion: str
    weight: float  # normalised criterion weight
    score: float  # weighted value-function score within the criterion, in [0, 1]
    points: float  # contribution to the total score, 100 x weight x score


class VendorScore(_Result):
    rank: int
    id: str
    vendor: str
    model: str
    score: float
    win_rate: float | None
    criteria: dict[str, CriterionScore]
    metrics: dict[str, MetricScore]


class Disqualified(_Result):
    id: str
    vendor: str
    model: str
    reasons: list[str]


class ScoringWarning(_Result):
    code: str  # stable slug, e.g. "stale-figure"
    message: str
    vendor: str | None = None
    metric: str | None = None
    detail: str | None = None  # shown after the vendor and metric when warnings are grouped


class WeightRange(_Result):
    """The interval of one criterion's normalised weight over which the leader stays first
    (the other criteria keeping their proportions to each other)."""

    weight: float  # the buyer's normalised weight (always within [low, high])
    low: float
    high: float
    overtaken_by_below: str | None  # vendor id first just below `low` (None when low is 0)
    overtaken_by_above: str | None  # vendor id first just above `high` (None when high is 1)


class Sensitivity(_Result):
    """The robustness analysis of a ranking (scorecard.analyse.sensitivity.analyse_sensitivity)."""

    draws: int
    seed: int
    concentration: float
    acceptability: dict[
        str, list[float]
    ]  # vendor id -> share of draws at each rank (index 0 = rank 1)
    disqualified_share: dict[str, float]
    first_probability: dict[str, float]
    central_weights: dict[str, dict[str, float]]  # vendor id -> criterion -> mean weight when first
    weight_ranges: dict[str, WeightRange] | None  # None with TOPSIS (scores not linear in weights)
    verdict: str
    notes: list[str] = Field(default_factory=list)
    leader: str | None = None  # vendor id the weight ranges are computed for (rank 1)
    robustness: str = "fragile"  # "robust" | "uncertain" | "fragile", by first probability


class WhatIf(_Result):
    """Weights overridden for one run (`rank --weight`): not the criteria file's."""

    weights: dict[str, float]  # "criterion" or "criterion.metric" -> the what-if weight
    original: dict[str, float]  # the same names -> the criteria file's weight


class Ranking(_Result):
    method: str
    date: dt.date
    missing: str
    recommendation: str
    criteria: list[CriterionSpec]
    gates: list[GateSpec]
    ranking: list[VendorScore]
    disqualified: list[Disqualified]
    warnings: list[ScoringWarning]
    sensitivity: Sensitivity | None = None
    max_age_days: int = 365  # figures older than this, relative to `date`, are flagged
    breakdown: str = "weighted-sum"  # what `criteria`/`metrics` of each vendor decompose
    notes: list[str] = Field(default_factory=list)  # method notes shown with the ranking
    what_if: WhatIf | None = None  # set when weights were overridden (`rank --weight`)
    # the criteria file's approval (set by pipeline.score_inputs)
    approval: Approval | None = None

    def to_json(self) -> str:
        """The `--format json` contract (sensitivity, what_if and approval omitted when absent)."""
        absent = ("sensitivity", "what_if", "approval")
        exclude = {k for k in absent if getattr(self, k) is None}
        return self.model_dump_json(indent=2, exclude=exclude or None) + "\n"
