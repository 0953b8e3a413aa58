"""scorecard: auditable, reproducible AI model vendor scorecards for procurement teams.

The public API is what ``__all__`` lists; everything else may change."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scorecard.errors import InvalidInputError, ScorecardError
from scorecard.loading import InputPaths, Inputs, load_inputs
from scorecard.models import CriteriaFile, Finding, ScoreFile, VendorFile

# The one place the version is written; hatchling reads it from here (pyproject's
# dynamic version), so no run-time importlib.metadata look-up slows start-up.
__version__ = "0.1.0"

if TYPE_CHECKING:
    from scorecard.results import Ranking
    from scorecard.scoring import score_vendors
    from scorecard.sensitivity import analyse_sensitivity
    from scorecard.signing import SignerSpec, sign_pdf, unsigned_revision, verify_signatures

# Imported on first use, so `import scorecard` (and `validate`) stays light.
_LAZY = {"Ranking": "scorecard.results", "score_vendors": "scorecard.scoring"}
_LAZY["analyse_sensitivity"] = "scorecard.sensitivity"  # imports numpy
# Signed reports; pyHanko (the `sign` extra) is imported only when they are called.
_LAZY.update(
    dict.fromkeys(
        ["SignerSpec", "sign_pdf", "unsigned_revision", "verify_signatures"], "scorecard.signing"
    )
)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'scorecard' has no attribute {name!r}")


__all__ = [
    "CriteriaFile",
    "Finding",
    "InputPaths",
    "Inputs",
    "InvalidInputError",
    "Ranking",
    "ScoreFile",
    "ScorecardError",
    "SignerSpec",
    "VendorFile",
    "__version__",
    "analyse_sensitivity",
    "load_inputs",
    "score_vendors",
    "sign_pdf",
    "unsigned_revision",
    "verify_signatures",
]
