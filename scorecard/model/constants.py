"""Numbers every stage agrees on, written once."""

from __future__ import annotations

# Relative tolerance of every bound comparison (gates, best/worst, valid ranges).
REL_TOL = 1e-9
# Scores equal to this many decimals are ties (rank, Monte Carlo, diff).
TIE_DECIMALS = 6
# Robustness analysis defaults (`rank --sensitivity`, `report`).
DEFAULT_DRAWS = 10_000
DEFAULT_SEED = 0
DEFAULT_CONCENTRATION = 30.0
