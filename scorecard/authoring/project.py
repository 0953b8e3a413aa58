"""Starting a buyer's project (``scorecard init``)."""

from __future__ import annotations

import re
from pathlib import Path

from scorecard.load.project import bundled_root
from scorecard.model.errors import ScorecardError

SKELETON = Path(__file__).resolve().parent / "skeleton"


EXAMPLE_VENDOR = "vendors/example-vendor.toml"


_CRITERIA_INTRO = """\
# criteria.toml: what your team buys on, made by `scorecard init` from the bundled
# example.  Change the title, buyer and reference to your tender's; set the weights
# (any positive numbers: they are normalised), the best and worst value of each
# metric, the knock-out gates and the missing-data policy; run `scorecard validate`.
"""


_APPROVAL_LINE = re.compile(r"^approved_(?:by|role|on|sha256)[ \t]*=.*\n", re.MULTILINE)


class ExistingFilesError(ScorecardError):
    """`init` or `new` would overwrite files."""


def init_files() -> dict[str, str]:
    """Relative path -> text of every file `scorecard init` writes."""
    from scorecard.model.schema import schema_texts

    criteria = (bundled_root() / "criteria.toml").read_text(encoding="utf-8")
    # the example's approval is not the buyer's: their criteria start unapproved
    criteria = _APPROVAL_LINE.sub("", criteria)
    first, _, rest = criteria.partition("\n")
    if first.startswith("#:schema"):
        criteria = f"{first}\n{_CRITERIA_INTRO}{rest}"
    else:
        criteria = _CRITERIA_INTRO + criteria
    files = {
        "criteria.toml": criteria,
        EXAMPLE_VENDOR: (SKELETON / "example-vendor.toml").read_text(encoding="utf-8"),
        ".pre-commit-config.yaml": (SKELETON / "pre-commit-config.yaml").read_text(
            encoding="utf-8"
        ),
        "README.md": (SKELETON / "README.md").read_text(encoding="utf-8"),
    }
    files.update({f"schema/{name}": text for name, text in schema_texts().items()})
    return files


def init_project(root: Path, force: bool = False) -> list[Path]:
    """Write the project skeleton into ``root``; refuse to overwrite unless ``force``."""
    from scorecard.outputs import write_atomic

    if root.exists() and not root.is_dir():
        raise ScorecardError(f"{root} is a file, not a folder")
    files = init_files()
    if not force:
        existing = [rel for rel in files if (root / rel).exists()]
        if existing:
            raise ExistingFilesError(
                f"{root} already has {', '.join(existing)}; "
                "nothing written (use --force to overwrite)"
            )
    written = []
    for rel, text in files.items():
        write_atomic(root / rel, text)
        written.append(root / rel)
    return written
