"""scorecard: auditable, reproducible AI model vendor scorecards for procurement teams.

The public API is what ``__all__`` lists; everything else may change."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from scorecard.errors import InvalidInputError, ScorecardError
from scorecard.loading import InputPaths, Inputs, load_inputs
from scorecard.models import CriteriaFile, Finding, ScoreFile, VendorFile

try:
    __version__ = version("scorecard")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0.0.0+unknown"

__all__ = [
    "CriteriaFile",
    "Finding",
    "InputPaths",
    "Inputs",
    "InvalidInputError",
    "ScoreFile",
    "ScorecardError",
    "VendorFile",
    "__version__",
    "load_inputs",
]
