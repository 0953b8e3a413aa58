"""The use cases as plain functions: the library API the command line calls.

    paths = find_inputs()                      # here, as given, or the bundled example
    inputs = load_project(paths)               # InvalidInputError carries the findings
    ranking = score_inputs(inputs, date, ScoreOptions(method="topsis", robustness=Robustness()))
    report = build_report(inputs, date)        # PDF bytes, HTML and manifest (and signed)
    result = verify_report(Path("scorecard.pdf"), trust=[cert_bytes])
    diff = diff_revisions("HEAD~1", None, date)

Nothing here prints or exits: results are values and failures raise
:class:`~scorecard.model.errors.ScorecardError`.  Heavy libraries (numpy,
WeasyPrint, pikepdf, pyHanko) are imported by the calls that need them."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from scorecard.pipeline.approval import approve, check_approval
from scorecard.pipeline.project import (
    BUNDLED_NOTE,
    EXAMPLE_NOTE,
    InvalidProjectError,
    check_project,
    diff_revisions,
    find_inputs,
    load_project,
    load_revision,
)
from scorecard.pipeline.scoring import (
    Robustness,
    ScoreOptions,
    robustness_work,
    score_inputs,
)

if TYPE_CHECKING:
    from scorecard.pipeline.authoring import (
        ImportRun,
        NewVendor,
        apply_import,
        import_lm_eval,
        import_prices,
        import_vectara,
        new_vendor,
    )
    from scorecard.pipeline.cost import cost_at_volume
    from scorecard.pipeline.report import REPORT_OPTIONS, Report, build_report, sign_report
    from scorecard.pipeline.verify import verify_report

# Imported on first use, so `rank` and `validate` load only what they run.
_LAZY = {
    "authoring": (
        "ImportRun",
        "NewVendor",
        "apply_import",
        "import_lm_eval",
        "import_prices",
        "import_vectara",
        "new_vendor",
    ),
    "report": ("REPORT_OPTIONS", "Report", "build_report", "sign_report"),
    "verify": ("verify_report",),
    "cost": ("cost_at_volume",),
}
_MODULE_OF = {name: module for module, names in _LAZY.items() for name in names}


def __getattr__(name: str) -> Any:
    if name in _MODULE_OF:
        module = importlib.import_module(f"scorecard.pipeline.{_MODULE_OF[name]}")
        return getattr(module, name)
    raise AttributeError(f"module 'scorecard.pipeline' has no attribute {name!r}")


__all__ = [
    "BUNDLED_NOTE",
    "EXAMPLE_NOTE",
    "REPORT_OPTIONS",
    "ImportRun",
    "InvalidProjectError",
    "NewVendor",
    "Report",
    "Robustness",
    "ScoreOptions",
    "apply_import",
    "approve",
    "build_report",
    "check_approval",
    "check_project",
    "cost_at_volume",
    "diff_revisions",
    "find_inputs",
    "import_lm_eval",
    "import_prices",
    "import_vectara",
    "load_project",
    "load_revision",
    "new_vendor",
    "robustness_work",
    "score_inputs",
    "sign_report",
    "verify_report",
]
