"""`scorecard approve`: lock a criteria file's scoring keys with their SHA-256, and
find the approved state again in git to say what changed since.

The file is edited with tomlkit, so its comments, key order and formatting stay; the
approval keys are written after ``version`` (or where they already are), and the
file is replaced atomically."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scorecard.authoring.revisions import GitError, _git
from scorecard.load.inputs import load_criteria
from scorecard.load.positions import locate
from scorecard.load.project import InputPaths
from scorecard.model.approval import scoring_sha256
from scorecard.model.errors import InvalidInputError, ScorecardError
from scorecard.model.files import CriteriaFile
from scorecard.model.inputs import SourceFile

#: The approval keys in the order they are written.
APPROVAL_KEYS = ("approved_by", "approved_role", "approved_on", "approved_sha256")

#: New approval keys go after the last of these the file has.
_ANCHORS = ("version", "reference", "buyer", "title", "schema_version")


class ApprovalError(ScorecardError):
    """The criteria cannot be approved as they are (e.g. changed without a new version)."""


@dataclass(frozen=True)
class ApprovedRevision:
    """The criteria file as approved, from the git revision that wrote the hash."""

    commit: str
    criteria: CriteriaFile


@dataclass(frozen=True)
class Approved:
    """What `scorecard approve` did."""

    path: Path
    sha256: str
    written: bool  # False: the file was approved already and is unchanged
    note: str | None = None  # e.g. that the version could not be checked


def approved_revision(path: Path, sha256: str) -> ApprovedRevision | None:
    """The newest git revision of the criteria file at ``path`` whose scoring keys hash
    to ``sha256`` (the commit that wrote ``approved_sha256``, found with ``git log -S``);
    None outside git, or when that state was never committed."""
    cwd = path.resolve().parent
    name = path.name
    try:
        commits = _git(cwd, "log", "--format=%H", f"-S{sha256}", "--", name).decode().split()
    except (GitError, OSError):
        return None
    for commit in commits:
        try:
            data = _git(cwd, "show", f"{commit}:./{name}")
            cf = CriteriaFile.model_validate(tomllib.loads(data.decode("utf-8")))
        except (GitError, OSError, ValueError):
            continue
        if scoring_sha256(cf) == sha256:
            return ApprovedRevision(commit, cf)
    return None


def approve_criteria(
    path: Path, by: str, on: dt.date, role: str | None = None, *, display: str | None = None
) -> Approved:
    """Write ``approved_by``, ``approved_role``, ``approved_on`` and ``approved_sha256``
    into the criteria file at ``path``.  An approved, unchanged file is left as it is;
    a changed one needs a ``version`` other than the approved one (checked against
    the approved revision in git, when there is one)."""
    from scorecard.outputs import write_atomic

    cf, src = _load(path, display or str(path))
    sha = scoring_sha256(cf)
    if cf.approved_sha256 == sha:
        return Approved(path, sha, written=False)
    note = None
    if cf.approved_sha256 is not None:
        note = _check_new_version(path, cf, src)
    write_atomic(path, _with_approval(src.text, by, role, on, sha))
    return Approved(path, sha, written=True, note=note)


def _load(path: Path, display: str) -> tuple[CriteriaFile, SourceFile]:
    if not path.is_file():
        raise ApprovalError(f"{display}: no such criteria file")
    cf, src, findings = load_criteria(InputPaths((), path))
    if findings:
        raise InvalidInputError(findings)
    assert cf is not None and src is not None
    return cf, src


def _check_new_version(path: Path, cf: CriteriaFile, src: SourceFile) -> str | None:
    """A re-approval after a change needs a new ``version``; a note when git cannot
    tell which version was approved."""
    assert cf.approved_sha256 is not None
    revision = approved_revision(path, cf.approved_sha256)
    if revision is None:
        return (
            "the approved revision is not in git, so whether `version` changed since the "
            "approval could not be checked"
        )
    old = revision.criteria.version
    if cf.version is not None and cf.version != old:
        return None
    on = f" on {cf.approved_on.isoformat()}" if cf.approved_on is not None else ""
    key = "version" if cf.version is not None else "approved_sha256"
    line, column = locate(src.text, (key,))
    was = f'version "{old}"' if old is not None else "no version"
    raise ApprovalError(
        f"{src.display}:{line}:{column}: version: the criteria changed since their approval"
        f"{on} ({was}, commit {revision.commit[:12]}); bump `version` to approve the new "
        "version"
    )


def _with_approval(text: str, by: str, role: str | None, on: dt.date, sha: str) -> str:
    """``text`` with the approval keys set, comments and order kept."""
    import tomlkit

    doc = tomlkit.parse(text)
    values: dict[str, Any] = {
        "approved_by": by,
        "approved_role": role,
        "approved_on": on,
        "approved_sha256": sha,
    }
    anchor = next((k for k in _ANCHORS if k in doc), None)
    for key in APPROVAL_KEYS:
        value = values[key]
        if value is None:
            if key in doc:
                del doc[key]  # a role of an earlier approver
            continue
        if key in doc or anchor is None:
            doc[key] = value
        else:
            doc._insert_after(anchor, key, tomlkit.item(value))
        anchor = key
    return tomlkit.dumps(doc)
