"""Scoring with options: the method, and the robustness analysis on request.

The options that change a result are also what a report's manifest records
(:meth:`ScoreOptions.manifest_options`) and what `verify` re-scores with
(:meth:`ScoreOptions.from_manifest`): one mapping, both ways."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scorecard.model.constants import DEFAULT_CONCENTRATION, DEFAULT_DRAWS, DEFAULT_SEED

if TYPE_CHECKING:
    from scorecard.model.inputs import Inputs
    from scorecard.model.results import Ranking
    from scorecard.score.what_if import WeightOverride

#: ``progress(done, total)``, called as the Monte Carlo draws go.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Robustness:
    """The Monte Carlo over the criterion weights (see `scorecard.analyse.sensitivity`)."""

    draws: int = DEFAULT_DRAWS
    seed: int = DEFAULT_SEED
    concentration: float = DEFAULT_CONCENTRATION

    def __post_init__(self) -> None:
        if self.draws < 1:
            raise ValueError(f"draws must be at least 1 (got {self.draws})")
        if self.seed < 0:
            raise ValueError(f"seed must be 0 or more (got {self.seed})")
        if not (math.isfinite(self.concentration) and self.concentration > 0):
            raise ValueError(f"concentration must be a number above 0 (got {self.concentration:g})")


@dataclass(frozen=True)
class ScoreOptions:
    """What changes a ranking besides the inputs and the date."""

    method: str | None = None  # "weighted-sum" | "topsis"; None: the criteria file's
    robustness: Robustness | None = None  # None: no robustness analysis
    #: What-if weights (JSON, as :func:`scorecard.score.what_if.overrides_option` writes
    #: them); None: the criteria file's.  Recorded in the manifest, re-applied by verify.
    weights: str | None = None

    def manifest_options(self) -> dict[str, str | None]:
        """The options as a report's manifest records them (they go into its id)."""
        options: dict[str, str | None] = {"method": self.method}
        if self.weights is not None:
            options["weights"] = self.weights
        if self.robustness is not None:
            r = self.robustness
            options |= {
                "draws": str(r.draws),
                "seed": str(r.seed),
                "concentration": f"{r.concentration:g}",
            }
        return options

    @classmethod
    def from_manifest(cls, options: Mapping[str, str | None]) -> ScoreOptions:
        """The options a manifest records (what `verify` re-scores with)."""
        weights = options.get("weights")
        if options.get("draws") is None:
            return cls(options.get("method"), weights=weights)
        robustness = Robustness(
            int(options["draws"] or DEFAULT_DRAWS),
            int(options.get("seed") or DEFAULT_SEED),
            float(options.get("concentration") or DEFAULT_CONCENTRATION),
        )
        return cls(options.get("method"), robustness, weights)


def robustness_work(inputs: Inputs, options: ScoreOptions) -> int:
    """How many values the robustness analysis draws (draws x vendors x columns),
    to decide whether a run is long enough to show progress; 0 without one."""
    if options.robustness is None:
        return 0
    columns = len(inputs.metrics) + len(inputs.gates)
    return options.robustness.draws * len(inputs.vendors) * columns


def score_inputs(
    inputs: Inputs,
    date: dt.date,
    options: ScoreOptions | None = None,
    progress: Progress | None = None,
) -> Ranking:
    """Rank the vendors on ``date`` (`rank`), with the what-if weights applied and
    the robustness analysis attached when ``options`` ask for them (`rank --weight`,
    `rank --sensitivity`; numpy is imported only then)."""
    from scorecard.score.ranking import score_vendors

    options = options or ScoreOptions()
    file_inputs = inputs
    overrides: list[WeightOverride] = []
    if options.weights is not None:
        from scorecard.score.what_if import apply_weights, overrides_from_option

        overrides = overrides_from_option(inputs, options.weights)
        inputs = apply_weights(inputs, overrides)
    ranking = score_vendors(inputs, date, options.method)
    if overrides:
        from scorecard.model.approval import approval_of
        from scorecard.score.what_if import mark_what_if

        # the approval is the criteria file's, not the what-if weights'
        approval = approval_of(file_inputs.criteria)
        ranking = mark_what_if(ranking, overrides).model_copy(update={"approval": approval})
    r = options.robustness
    if r is None:
        return ranking
    from scorecard.analyse.sensitivity import analyse_sensitivity

    result = analyse_sensitivity(
        inputs,
        ranking,
        draws=r.draws,
        seed=r.seed,
        concentration=r.concentration,
        progress=progress,
    )
    return ranking.model_copy(update={"sensitivity": result})
