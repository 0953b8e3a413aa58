"""Finding and loading a project: here, as given, or at a git revision."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from scorecard.load.inputs import load_inputs
from scorecard.load.project import InputPaths, default_paths
from scorecard.model.errors import InvalidInputError
from scorecard.model.findings import Finding
from scorecard.model.inputs import LoadResult

if TYPE_CHECKING:
    from scorecard.analyse.diff import ProjectDiff
    from scorecard.model.files import CriteriaFile
    from scorecard.model.inputs import Inputs, SourceFile
    from scorecard.model.results import Ranking

#: What to tell a person when :func:`find_inputs` fell back to the bundled example.
BUNDLED_NOTE = "no criteria.toml here or in any parent folder; using the bundled example."

#: The note when the bundled example was asked for (``--example``).
EXAMPLE_NOTE = "using the bundled example (--example)."


class InvalidProjectError(InvalidInputError):
    """The project has findings at one revision; the message names the revision."""

    def __init__(self, findings: Sequence[Finding], where: str) -> None:
        super().__init__(findings)
        n = len(self.findings)
        self.args = (f"the project is invalid {where}: {n} problem{'s' if n != 1 else ''}",)


def find_inputs(
    vendors: Sequence[Path] | None = None,
    criteria: Path | None = None,
    scores: Path | None = None,
    cwd: Path | None = None,
    example: bool = False,
) -> InputPaths:
    """Where the inputs are: the paths given, else the project's vendors/,
    criteria.toml and scores/ (the project: ``cwd``, default the working directory, or
    the nearest parent holding criteria.toml), else -- or with ``example`` -- the
    bundled example.  The fallback is data, not a message: ``InputPaths.bundled``
    says it happened.  Relative paths stay relative (as messages show them) unless
    ``cwd`` is given."""
    paths = default_paths(cwd or Path.cwd(), vendors, criteria, scores, example)
    if cwd is None or paths.bundled:
        return paths
    return dataclasses.replace(
        paths,
        vendor_paths=tuple(cwd / p for p in paths.vendor_paths),
        criteria_path=cwd / paths.criteria_path,
        scores_path=None if paths.scores_path is None else cwd / paths.scores_path,
    )


def check_project(
    paths: InputPaths, date: dt.date | None = None, fx_on: dt.date | None = None
) -> LoadResult:
    """Load every file and run every check: the inputs, or every finding (`validate`),
    the approval lock's included; with ``date``, figures dated after it are warnings
    too; with ``fx_on``, exchange rates older than ``max_age_days`` before it."""
    from scorecard.load.inputs import load_criteria
    from scorecard.pipeline.approval import criteria_approval_findings

    result = load_inputs(paths, date, fx_on)
    cf: CriteriaFile | None
    src: SourceFile | None
    if result.inputs is not None:
        cf, src = result.inputs.criteria, result.inputs.criteria_source
    else:
        cf, src, _ = load_criteria(paths)
    if cf is None or src is None:
        return result
    found = criteria_approval_findings(cf, src, paths.criteria_path)
    errors = sorted(
        [*result.findings, *(f for f in found if not f.is_warning)], key=Finding.sort_key
    )
    warnings = sorted([*result.warnings, *(f for f in found if f.is_warning)], key=Finding.sort_key)
    return LoadResult(None if errors else result.inputs, errors, warnings)


def load_project(paths: InputPaths) -> Inputs:
    """The checked inputs; :class:`InvalidInputError` carries the findings otherwise."""
    result = load_inputs(paths)
    if result.inputs is None:
        raise InvalidInputError(result.findings)
    return result.inputs


def load_revision(
    rev: str | None,
    vendors: Path,
    criteria: Path,
    scores: Path,
    on: dt.date,
    tmp: Path,
) -> tuple[Inputs, Ranking]:
    """The project at git revision ``rev`` (None: the working tree), relative to the
    working directory, and its ranking on ``on``.  A revision's files are extracted
    into ``tmp``; findings name them ``REV:path``."""
    from scorecard.authoring import revisions
    from scorecard.score.ranking import score_vendors

    names: dict[str, str] = {}
    if rev is None:
        scores_path = scores if scores.is_dir() else None
        result = load_inputs(InputPaths((vendors,), criteria, scores_path=scores_path))
        where = f"in the {revisions.WORKING_TREE}"
    else:
        snapshot = revisions.extract_revision(Path.cwd(), rev, vendors, criteria, tmp, scores)
        result = revisions.load_snapshot(snapshot)
        names = snapshot.names
        where = f"at revision {rev}"
    findings = result.findings
    if result.inputs is not None:
        try:
            return result.inputs, score_vendors(result.inputs, on)
        except InvalidInputError as exc:  # e.g. topsis with a neutral policy
            findings = [revisions.rename_finding(f, names) for f in exc.findings]
    raise InvalidProjectError(findings, where)


def diff_revisions(
    rev_a: str,
    rev_b: str | None,
    on: dt.date,
    vendors: Path = Path("vendors"),
    criteria: Path = Path("criteria.toml"),
    scores: Path = Path("scores"),
) -> ProjectDiff:
    """The project at two git revisions of the repository here (``rev_b`` None: the
    working tree) compared: figures, vendors, weights, gates and both rankings."""
    import tempfile

    from scorecard.analyse.diff import diff_inputs
    from scorecard.authoring import revisions

    revisions.repo_prefix(Path.cwd())  # outside a repository: a clear error first
    with tempfile.TemporaryDirectory(prefix="scorecard-diff-") as tmp:
        a, ranking_a = load_revision(rev_a, vendors, criteria, scores, on, Path(tmp) / "a")
        b, ranking_b = load_revision(rev_b, vendors, criteria, scores, on, Path(tmp) / "b")
        return diff_inputs(
            a,
            b,
            rev_a=rev_a,
            rev_b=rev_b or revisions.WORKING_TREE,
            date=on,
            ranking_a=ranking_a,
            ranking_b=ranking_b,
        )
