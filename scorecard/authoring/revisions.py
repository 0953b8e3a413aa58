"""Reading a buyer's project at a git revision, without a checkout.

The files of the revision (the vendor folder's ``*.toml`` and the criteria file)
are read with ``git ls-tree`` and ``git cat-file --batch`` and written to a
temporary folder, from which :func:`scorecard.loading.load_inputs` loads them as
usual.  Findings are renamed ``REV:path`` so messages say which revision is bad.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from scorecard.load.inputs import load_inputs
from scorecard.load.project import InputPaths
from scorecard.model.errors import ScorecardError
from scorecard.model.findings import Finding
from scorecard.model.inputs import LoadResult

WORKING_TREE = "working tree"


class GitError(ScorecardError):
    """git is missing, the folder is not in a repository, or a revision is unknown."""


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    git = shutil.which("git")
    if git is None:
        raise GitError("git is not installed; scorecard diff needs it")
    proc = subprocess.run([git, *args], cwd=cwd, input=stdin, capture_output=True, check=False)
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]} failed: {message[-1] if message else proc.returncode}")
    return proc.stdout


def repo_prefix(cwd: Path) -> str:
    """The working directory's path inside its repository ('' at the top, else 'a/b/')."""
    git = shutil.which("git")
    if git is None:
        raise GitError("git is not installed; scorecard diff needs it")
    proc = subprocess.run(
        [git, "rev-parse", "--show-prefix"], cwd=cwd, capture_output=True, check=False
    )
    if proc.returncode != 0:
        raise GitError(
            f"{cwd} is not in a git repository; scorecard diff compares revisions of a "
            "project kept in git (git init, then commit the project)"
        )
    return proc.stdout.decode("utf-8").strip()


def resolve_revision(cwd: Path, rev: str) -> str:
    """The commit a revision names, or a GitError naming the revision."""
    git = shutil.which("git")
    assert git is not None
    proc = subprocess.run(
        [git, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"],
        cwd=cwd,
        capture_output=True,
        check=False,
    )
    if proc.returncode != 0:
        raise GitError(f"unknown revision {rev!r}")
    return proc.stdout.decode().strip()


def _repo_path(prefix: str, path: Path) -> str:
    """A path relative to the working directory, as a path from the repository's top."""
    parts: list[str] = [p for p in PurePosixPath(prefix).parts]
    for part in PurePosixPath(path.as_posix()).parts:
        if part == "..":
            if not parts:
                raise GitError(f"{path} is outside the repository")
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


@dataclass(frozen=True)
class Snapshot:
    """The project's files at one revision, extracted into a folder."""

    rev: str
    paths: InputPaths
    names: dict[str, str]  # extracted file path -> "REV:path" for messages


def _toml_files(cwd: Path, prefix: str, commit: str, folder: Path) -> list[str]:
    """The *.toml files directly in ``folder`` at ``commit`` (paths from the repository top)."""
    folder_repo = _repo_path(prefix, folder)
    listing = _git(
        cwd, "ls-tree", "--full-name", "--name-only", commit, "--", f"{folder.as_posix()}/"
    ).decode("utf-8")  # ls-tree takes paths relative to cwd; --full-name answers from the top
    return [
        name
        for name in listing.splitlines()
        if name.endswith(".toml") and PurePosixPath(name).parent == PurePosixPath(folder_repo)
    ]


def extract_revision(
    cwd: Path, rev: str, vendors: Path, criteria: Path, dest: Path, scores: Path | None = None
) -> Snapshot:
    """Write the vendor files, the criteria file and the score files (if any) of ``rev``
    into ``dest``."""
    prefix = repo_prefix(cwd)
    commit = resolve_revision(cwd, rev)
    criteria_repo = _repo_path(prefix, criteria)
    vendor_files = _toml_files(cwd, prefix, commit, vendors)
    score_files = _toml_files(cwd, prefix, commit, scores) if scores is not None else []
    wanted = [criteria_repo, *vendor_files, *score_files]
    request = "".join(f"{commit}:{name}\n" for name in wanted).encode("utf-8")
    out = _git(cwd, "cat-file", "--batch", stdin=request)
    vendors_dest = dest / "vendors"
    vendors_dest.mkdir(parents=True, exist_ok=True)
    scores_dest = dest / "scores"
    if score_files:
        scores_dest.mkdir(parents=True, exist_ok=True)
    criteria_dest = dest / criteria.name
    names: dict[str, str] = {}
    pos = 0
    for name in wanted:
        end = out.index(b"\n", pos)
        header = out[pos:end].decode("utf-8", "replace").split()
        pos = end + 1
        if header[-1] == "missing" or len(header) != 3:
            continue  # a missing criteria file: load_inputs reports it
        size = int(header[2])
        data = out[pos : pos + size]
        pos += size + 1
        if header[1] != "blob":
            continue
        folder = scores_dest if name in score_files else vendors_dest
        target = criteria_dest if name == criteria_repo else folder / PurePosixPath(name).name
        target.write_bytes(data)
        rel = (
            PurePosixPath(name).relative_to(prefix) if prefix and name.startswith(prefix) else name
        )
        names[str(target)] = f"{rev}:{rel}"
    names.setdefault(str(criteria_dest), f"{rev}:{criteria.as_posix()}")
    names.setdefault(str(vendors_dest), f"{rev}:{vendors.as_posix()}")
    if score_files and scores is not None:
        names.setdefault(str(scores_dest), f"{rev}:{scores.as_posix()}")
    return Snapshot(
        rev,
        InputPaths(
            (vendors_dest,), criteria_dest, scores_path=scores_dest if score_files else None
        ),
        names,
    )


def load_snapshot(snapshot: Snapshot) -> LoadResult:
    """Load a snapshot; its findings name ``REV:path`` rather than the temporary folder."""
    result = load_inputs(snapshot.paths)
    result.findings = [rename_finding(f, snapshot.names) for f in result.findings]
    return result


def rename_finding(finding: Finding, names: dict[str, str]) -> Finding:
    path = names.get(finding.path)
    if path is None:
        for tmp, shown in names.items():
            if finding.path.startswith(tmp):
                path = shown + finding.path[len(tmp) :]
                break
    return finding.model_copy(update={"path": path or finding.path})
