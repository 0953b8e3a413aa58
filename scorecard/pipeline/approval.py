"""The approval lock in the use cases: `validate` lists its finding, `rank` and
`report` stop on criteria changed after approval unless allowed, and
:func:`approve` is `scorecard approve`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from scorecard.load.approval import approval_findings
from scorecard.model.approval import approval_of
from scorecard.model.errors import InvalidInputError

if TYPE_CHECKING:
    from scorecard.authoring.approve import Approved
    from scorecard.model.files import CriteriaFile
    from scorecard.model.findings import Finding
    from scorecard.model.inputs import SourceFile


def criteria_approval_findings(
    cf: CriteriaFile, src: SourceFile, criteria_path: Path | None
) -> list[Finding]:
    """The approval's finding, if any: criteria changed after approval (an error,
    listing what changed when the approved revision is in git) or an approval
    without the lock (a warning)."""
    approved = None
    if approval_of(cf).status == "changed" and criteria_path is not None:
        from scorecard.authoring.approve import approved_revision

        assert cf.approved_sha256 is not None
        revision = approved_revision(criteria_path, cf.approved_sha256)
        approved = revision.criteria if revision is not None else None
    return approval_findings(cf, src, approved)


def check_approval(
    cf: CriteriaFile, src: SourceFile, criteria_path: Path | None, allow_unapproved: bool = False
) -> list[Finding]:
    """Stop (:class:`InvalidInputError`) when the criteria changed after approval,
    unless ``allow_unapproved``; otherwise the findings to show as warnings."""
    found = criteria_approval_findings(cf, src, criteria_path)
    if not allow_unapproved and any(not f.is_warning for f in found):
        raise InvalidInputError(found)
    return found


def approve(
    criteria_path: Path, by: str, on: dt.date, role: str | None = None, display: str | None = None
) -> Approved:
    """`scorecard approve`: lock the criteria file's scoring keys (see
    :func:`scorecard.authoring.approve.approve_criteria`)."""
    from scorecard.authoring.approve import approve_criteria

    return approve_criteria(criteria_path, by, on, role, display=display)
