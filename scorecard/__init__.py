"""scorecard: auditable, reproducible AI model vendor scorecards for procurement teams.

The public API is what ``__all__`` lists; everything else may change."""

from __future__ import annotations

from scorecard.errors import InvalidInputError, ScorecardError
from scorecard.loading import InputPaths, Inputs, load_inputs
from scorecard.models import CriteriaFile, Finding, VendorFile

# The one place the version is written; hatchling reads it from here (pyproject's
# dynamic version), so no run-time importlib.metadata look-up slows start-up.
__version__ = "0.1.0"

__all__ = [
    "CriteriaFile",
    "Finding",
    "InputPaths",
    "Inputs",
    "InvalidInputError",
    "ScorecardError",
    "VendorFile",
    "__version__",
    "load_inputs",
]
