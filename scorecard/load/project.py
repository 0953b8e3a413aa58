"""Where the inputs are: the paths given, the project defaults, the bundled example."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from scorecard.model.findings import Finding, make_finding


@dataclass(frozen=True)
class InputPaths:
    """Where the inputs are, and how to name them in messages and manifests."""

    vendor_paths: tuple[Path, ...]
    criteria_path: Path
    bundled: bool = False
    scores_path: Path | None = None  # the evaluators' score files; None: no panel scores
    example: bool = False  # example data (the bundled example, or --example): marked as such


def bundled_root() -> Path:
    """The bundled example: inside the package when installed, the repo root in a checkout."""
    here = Path(__file__).resolve().parent.parent  # the package
    installed = here / "bundled"
    return installed if installed.is_dir() else here.parent


CRITERIA_FILE = "criteria.toml"


def find_project_root(cwd: Path) -> Path | None:
    """The project folder, found like git and ruff find theirs: ``cwd`` when it holds
    criteria.toml or vendors/, else the nearest parent holding criteria.toml; None
    when there is none up to the file-system root."""
    if (cwd / CRITERIA_FILE).exists() or (cwd / "vendors").exists():
        return cwd
    for parent in cwd.resolve().parents:
        if (parent / CRITERIA_FILE).is_file():
            return parent
    return None


def _relative(path: Path, cwd: Path) -> Path:
    """``path`` as messages should name it: relative to ``cwd`` (``../criteria.toml``)."""
    return Path(os.path.relpath(path, cwd)) if path.is_absolute() else path


def bundled_paths() -> InputPaths:
    """The bundled example's criteria file, vendors/ and scores/."""
    root = bundled_root()
    bundled_scores = root / "scores"
    return InputPaths(
        (root / "vendors",),
        root / CRITERIA_FILE,
        bundled=True,
        scores_path=bundled_scores if bundled_scores.is_dir() else None,
        example=True,
    )


def default_paths(
    cwd: Path,
    vendors: Sequence[Path] | None,
    criteria: Path | None,
    scores: Path | None = None,
    example: bool = False,
) -> InputPaths:
    """The defaults every command shares: the project's (:func:`find_project_root`)
    criteria.toml, vendors/ and scores/ (when it exists); what is given explicitly
    wins.  The bundled example when nothing is given and no project is found up to
    the file-system root, or with ``example`` (which, with paths given, marks what
    they name as example data: how a report of the example is reproduced)."""
    given = bool(vendors) or criteria is not None or scores is not None
    root = find_project_root(cwd)
    if not given and (example or root is None):
        return bundled_paths()
    base = Path() if root is None or root == cwd else _relative(root.resolve(), cwd.resolve())
    if scores is None and not vendors and (cwd / base / "scores").is_dir():
        scores = base / "scores"
    return InputPaths(
        tuple(vendors) if vendors else (base / "vendors",),
        criteria or base / CRITERIA_FILE,
        scores_path=scores,
        example=example,
    )


def display_name(path: Path, paths: InputPaths) -> str:
    """How messages name ``path``: as given, or relative to the bundled example."""
    if paths.bundled:
        return str(path.relative_to(bundled_root()))
    return str(path)


def collect_vendor_files(paths: InputPaths) -> tuple[list[tuple[Path, str, str]], list[Finding]]:
    """Expand folders into their *.toml files: (path, display, manifest name)."""
    out: list[tuple[Path, str, str]] = []
    findings: list[Finding] = []
    for given in paths.vendor_paths:
        display = display_name(given, paths)
        if given.is_dir():
            files = sorted(p for p in given.iterdir() if p.suffix == ".toml")
            if not files:
                findings.append(make_finding(display, "no-toml-files"))
            out += [(p, display_name(p, paths), p.name) for p in files]
        elif given.exists() or given.is_symlink():
            out.append((given, display, given.name))
        else:
            findings.append(make_finding(display, "not-found", what="file or folder"))
    return out, findings
