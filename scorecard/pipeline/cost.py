"""The cost use case: what each vendor costs at the buyer's volume."""

from __future__ import annotations

from scorecard.analyse.cost import CostTable, cost_table
from scorecard.model.inputs import Inputs


def cost_at_volume(inputs: Inputs, scale: float = 1.0) -> CostTable:
    """Every vendor's monthly and annual cost in the buyer's currency at ``scale``
    times the ``[usage]`` requests; raises NoUsageError without ``[usage]``."""
    return cost_table(inputs, scale)
