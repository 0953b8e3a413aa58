"""Evaluation panels: evaluators score vendors on panel metrics; scorecard aggregates.

Pure data and arithmetic (no I/O, no TOML): :mod:`scorecard.load.scores` reads and
checks the score files and calls :func:`aggregate_scores` once per vendor and panel
metric.  The aggregate becomes the vendor's value of the metric; everything the
report needs to show how it came about (each evaluator's score and justification,
the spread, the moderation, who did not score) stays in a :class:`PanelResult`.

- ``median`` (default): the median of the evaluators' scores (the mean of the two
  middle ones for an even count);
- ``mean``: their arithmetic mean;
- ``moderated``: the moderator's agreed score from ``scores/moderation.toml``; the
  evaluators' scores still give the spread.

The spread is min, max and the sample standard deviation (n - 1); a range of
:data:`DISAGREEMENT_SHARE` (40%) of the scale or more is flagged for moderation.
The uncertainty the robustness analysis uses is the standard error of the
aggregate, taken as sd / sqrt(n) (none with fewer than two scores).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from scorecard.model.constants import REL_TOL

DISAGREEMENT_SHARE = 0.4
MODERATION_FILE = "moderation.toml"


@dataclass(frozen=True)
class PanelMetric:
    """A panel metric as the criteria file declares it."""

    metric: str
    low: float  # bottom of the scale
    high: float  # top of the scale
    direction: str  # "higher" | "lower"
    aggregate: str  # "median" | "mean" | "moderated"
    descriptors: tuple[tuple[float, str], ...]  # (level, text), ascending
    description: str | None = None

    @property
    def width(self) -> float:
        return self.high - self.low


@dataclass(frozen=True)
class Evaluator:
    """Who scored (or moderated), as their score file declares it."""

    name: str
    role: str
    conflicts: str  # the conflict-of-interest declaration: "none", or what
    date: dt.date
    source: str  # the score file, by its stable name ("scores/alice.toml", as embedded)
    conflicted_vendors: tuple[str, ...] = ()  # their scores of these vendors are recused
    declared_on: dt.date | None = None  # when the declaration was made

    @property
    def late_declaration(self) -> bool:
        """The declaration is dated after the scores."""
        return self.declared_on is not None and self.declared_on > self.date


@dataclass(frozen=True)
class EvaluatorScore:
    evaluator: str
    score: float
    justification: str
    source: str  # the score file it comes from (stable name, as embedded)


@dataclass(frozen=True)
class PanelResult:
    """One vendor's aggregated score on one panel metric, and how it came about."""

    vendor: str
    metric: str
    aggregate: str
    value: float | None  # None: no score to aggregate (or no moderated score): missing
    scores: tuple[EvaluatorScore, ...]  # by evaluator name
    moderated: EvaluatorScore | None
    missing_evaluators: tuple[str, ...]  # evaluators on the panel who gave no score
    low: float | None  # lowest evaluator score
    high: float | None
    sd: float | None  # sample standard deviation; None with fewer than two scores
    stderr: float | None  # sd / sqrt(n)
    flagged: bool  # range >= 40% of the scale: disagreement, to be moderated
    # scores left out of the aggregate: the evaluator declared a conflict with the vendor
    recused: tuple[EvaluatorScore, ...] = ()

    @property
    def n(self) -> int:
        return len(self.scores)

    @property
    def spread(self) -> float | None:
        return None if self.low is None or self.high is None else self.high - self.low

    @property
    def method(self) -> str:
        """The figure's `method`: "panel of N" (", moderated" when it is)."""
        return f"panel of {self.n}" + (", moderated" if self.aggregate == "moderated" else "")


@dataclass(frozen=True)
class Panel:
    """Everything the score files say, for scoring warnings and the report."""

    metrics: tuple[PanelMetric, ...]  # criteria-file order
    evaluators: tuple[Evaluator, ...]  # by name
    moderator: Evaluator | None
    results: tuple[PanelResult, ...]  # by vendor id, then metric in criteria-file order
    _by_vendor: dict[str, tuple[PanelResult, ...]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        index: dict[str, list[PanelResult]] = {}
        for r in self.results:
            index.setdefault(r.vendor, []).append(r)
        object.__setattr__(self, "_by_vendor", {k: tuple(v) for k, v in index.items()})

    def for_vendor(self, vendor: str) -> tuple[PanelResult, ...]:
        """One vendor's results, in criteria-file order of the metrics."""
        return self._by_vendor.get(vendor, ())

    def result(self, vendor: str, metric: str) -> PanelResult | None:
        return next((r for r in self.for_vendor(vendor) if r.metric == metric), None)

    def metric(self, metric: str) -> PanelMetric:
        return next(m for m in self.metrics if m.metric == metric)


def median(values: Sequence[float]) -> float:
    """The median; the mean of the two middle values for an even count."""
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[mid])
    return (ordered[mid - 1] + ordered[mid]) / 2


def mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)


def sample_sd(values: Sequence[float]) -> float | None:
    """Sample standard deviation (divisor n - 1); None with fewer than two values."""
    if len(values) < 2:
        return None
    m = mean(values)
    return math.sqrt(math.fsum((x - m) ** 2 for x in values) / (len(values) - 1))


def disagreement(low: float, high: float, metric: PanelMetric) -> bool:
    """A range of 40% of the scale or more (2 points on 0-5) needs moderation."""
    return high - low >= DISAGREEMENT_SHARE * metric.width - REL_TOL * max(1.0, metric.width)


def aggregate_scores(
    vendor: str,
    metric: PanelMetric,
    scores: Sequence[EvaluatorScore],
    panel: Sequence[str],
    moderated: EvaluatorScore | None = None,
    recused: Sequence[EvaluatorScore] = (),
) -> PanelResult:
    """Aggregate the evaluators' scores of one vendor on one panel metric.

    ``panel`` names every evaluator expected to score; those without a score are
    named in ``missing_evaluators``, never silently averaged away: the aggregate
    uses the scores given.  ``recused`` scores (an evaluator who declared a conflict
    with the vendor) are kept for the record but take no part in the aggregate or
    the spread; a recused evaluator is not "missing".  Scores are taken in
    evaluator-name order, so the result does not depend on the order of the files."""
    ordered = tuple(sorted(scores, key=lambda s: s.evaluator))
    set_aside = tuple(sorted(recused, key=lambda s: s.evaluator))
    given = {s.evaluator for s in (*ordered, *set_aside)}
    values = [s.score for s in ordered]
    missing = tuple(sorted(name for name in panel if name not in given))
    low = min(values) if values else None
    high = max(values) if values else None
    sd = sample_sd(values)
    value: float | None
    if metric.aggregate == "moderated":
        value = moderated.score if moderated is not None else None
    elif not values:
        value = None
    elif metric.aggregate == "mean":
        value = mean(values)
    else:
        value = median(values)
    return PanelResult(
        vendor=vendor,
        metric=metric.metric,
        aggregate=metric.aggregate,
        value=value,
        scores=ordered,
        moderated=moderated if metric.aggregate == "moderated" else None,
        missing_evaluators=missing,
        low=low,
        high=high,
        sd=sd,
        stderr=None if sd is None else sd / math.sqrt(len(values)),
        flagged=low is not None and high is not None and disagreement(low, high, metric),
        recused=set_aside,
    )
