"""scorecard: auditable, reproducible AI model vendor scorecards for procurement teams.

The public API is what ``__all__`` lists; everything else may change."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scorecard.load.inputs import load_inputs
from scorecard.load.project import InputPaths
from scorecard.model.errors import InvalidInputError, ScorecardError
from scorecard.model.files import CriteriaFile, ScoreFile, VendorFile
from scorecard.model.findings import Finding
from scorecard.model.inputs import Inputs

# The one place the version is written; hatchling reads it from here (pyproject's
# dynamic version), so no run-time importlib.metadata look-up slows start-up.
__version__ = "0.1.0"

if TYPE_CHECKING:
    from scorecard.analyse.sensitivity import analyse_sensitivity
    from scorecard.model.results import Ranking
    from scorecard.pipeline import (
        Report,
        Robustness,
        ScoreOptions,
        build_report,
        diff_revisions,
        find_inputs,
        load_project,
        score_inputs,
        verify_report,
    )
    from scorecard.score.ranking import score_vendors
    from scorecard.signing.check import verify_signatures
    from scorecard.signing.sign import SignerSpec, sign_pdf, unsigned_revision

# Imported on first use, so `import scorecard` (and `validate`) stays light.
_LAZY = {"Ranking": "scorecard.model.results", "score_vendors": "scorecard.score.ranking"}
_LAZY["analyse_sensitivity"] = "scorecard.analyse.sensitivity"  # imports numpy
# Signed reports; pyHanko (the `sign` extra) is imported only when they are called.
_LAZY.update(
    dict.fromkeys(["SignerSpec", "sign_pdf", "unsigned_revision"], "scorecard.signing.sign")
)
_LAZY["verify_signatures"] = "scorecard.signing.check"
# The use cases (scorecard.pipeline): what the command line runs, as plain functions.
_LAZY.update(
    dict.fromkeys(
        [
            "Report",
            "Robustness",
            "ScoreOptions",
            "build_report",
            "diff_revisions",
            "find_inputs",
            "load_project",
            "score_inputs",
            "verify_report",
        ],
        "scorecard.pipeline",
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
    "Report",
    "Robustness",
    "ScoreFile",
    "ScoreOptions",
    "ScorecardError",
    "SignerSpec",
    "VendorFile",
    "__version__",
    "analyse_sensitivity",
    "build_report",
    "diff_revisions",
    "find_inputs",
    "load_inputs",
    "load_project",
    "score_inputs",
    "score_vendors",
    "sign_pdf",
    "unsigned_revision",
    "verify_report",
    "verify_signatures",
]
