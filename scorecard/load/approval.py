"""The approval lock as findings: a criteria file changed after `scorecard approve`
(an error), or approved without the lock (a warning).

Not part of loading: `verify` and `diff` load criteria that changed after approval
(a report made with ``--allow-unapproved`` carries them); `validate`, `rank` and
`report` add these findings (see :mod:`scorecard.pipeline.approval`)."""

from __future__ import annotations

from scorecard.load.validation import Placer
from scorecard.model.approval import approval_of, scoring_changes
from scorecard.model.files import CriteriaFile
from scorecard.model.findings import Finding
from scorecard.model.inputs import SourceFile

#: At most this many changed keys are listed in the finding; the rest are counted.
SHOWN_CHANGES = 6


def approval_findings(
    cf: CriteriaFile, src: SourceFile, approved: CriteriaFile | None = None
) -> list[Finding]:
    """The finding of the criteria file's approval, if any.  ``approved``: the file
    as it was approved (from git), to say what changed; None: say only that it did."""
    approval = approval_of(cf)
    place = Placer(src)
    if approval.status == "not-locked":
        key = "approved_on" if cf.approved_on is not None else "approved_by"
        when = f" of {cf.approved_on.isoformat()}" if cf.approved_on is not None else ""
        hint = f" to lock the approval{when}"
        return [place((key,), "approval-not-locked", hint=hint)]
    if approval.status != "changed":
        return []
    date = cf.approved_on.isoformat() if cf.approved_on is not None else "(no approved_on)"
    return [
        place(
            ("approved_sha256",),
            "criteria-changed-after-approval",
            date=date,
            changes=_changes_text(approved, cf),
        )
    ]


def _changes_text(approved: CriteriaFile | None, cf: CriteriaFile) -> str:
    """``: a → b, c → d`` where the approved file is known, else nothing."""
    if approved is None:
        return ""
    changes = scoring_changes(approved, cf)
    if not changes:
        return ""
    shown = changes[:SHOWN_CHANGES]
    more = len(changes) - len(shown)
    return ": " + "; ".join(shown) + (f"; and {more} more" if more else "")
