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
# Languages a report can be written in (`language` in the criteria file); each but the
# source language English has a catalogue under scorecard/locale/<code>/.
LANGUAGES = ("en", "de")
# Standard error of an estimate without one, as a fraction of its value (robustness).
ESTIMATE_STDERR = 0.10
