"""Where the inputs are: the paths given, the project defaults, the bundled example."""

from __future__ import annotations

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


def bundled_root() -> Path:
    """The bundled example: inside the package when installed, the repo root in a checkout."""
    here = Path(__file__).resolve().parent.parent  # the package
    installed = here / "bundled"
    return installed if installed.is_dir() else here.parent


def default_paths(
    cwd: Path,
    vendors: Sequence[Path] | None,
    criteria: Path | None,
    scores: Path | None = None,
) -> InputPaths:
    """The defaults every command shares: vendors/ and criteria.toml in the working
    directory; the bundled example where neither exists there.  Score files: the
    folder given, else scores/ beside the default vendors/ when it exists."""
    if (
        not vendors
        and criteria is None
        and scores is None
        and not (cwd / "vendors").exists()
        and not (cwd / "criteria.toml").exists()
    ):
        root = bundled_root()
        bundled_scores = root / "scores"
        return InputPaths(
            (root / "vendors",),
            root / "criteria.toml",
            bundled=True,
            scores_path=bundled_scores if bundled_scores.is_dir() else None,
        )
    if scores is None and not vendors and (cwd / "scores").is_dir():
        scores = Path("scores")
    return InputPaths(
        tuple(vendors) if vendors else (Path("vendors"),),
        criteria or Path("criteria.toml"),
        scores_path=scores,
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
