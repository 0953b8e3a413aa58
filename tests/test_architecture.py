"""The package tree is the data flow: imports point down the stages, never back up.

    model -> load -> score -> analyse -> audit -> report -> signing, authoring -> pipeline -> cli

Every import counts, lazy ones inside functions and ``TYPE_CHECKING`` ones included,
since each is a dependency a reader has to hold in mind."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "scorecard"

# The stages in data-flow order.  Modules of one stage may import each other; a
# stage may import any earlier one.  `outputs` (atomic file writes) is a leaf used by
# every stage that writes.
STAGES: dict[str, int] = {
    "outputs": 0,
    "model": 0,
    "load": 1,
    "score": 2,
    "analyse": 3,
    "audit": 4,
    "report": 5,
    "signing": 6,
    "authoring": 6,
    "pipeline": 7,
    "cli": 8,
}


def _stage(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "scorecard" or len(parts) < 2:
        return None
    return parts[1]


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "scorecard":
                found.extend((node.lineno, f"scorecard.{a.name}") for a in node.names)
            else:
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, a.name) for a in node.names)
    return found


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.parent != PACKAGE or p.stem != "__init__")


def test_every_module_belongs_to_a_stage() -> None:
    for path in _modules():
        rel = path.relative_to(PACKAGE)
        first = rel.parts[0].removesuffix(".py")
        if first in {"__main__", "__init__"}:
            continue
        assert first in STAGES, f"{rel}: not in a known stage; add it to STAGES"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down_the_stages(path: Path) -> None:
    rel = path.relative_to(PACKAGE)
    own = rel.parts[0].removesuffix(".py")
    if own not in STAGES:
        return  # __main__: the entry point may import the CLI
    for line, module in _imports(path):
        stage = _stage(module)
        if stage is None or stage == own or stage == "__version__":
            continue
        assert stage in STAGES, f"{rel}:{line}: imports unknown {module}"
        assert STAGES[stage] < STAGES[own], (
            f"{rel}:{line}: {own} imports {module} ({stage} is not an earlier stage)"
        )


def test_the_check_itself_catches_an_upward_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from scorecard.report.writers import write_json\n")
    assert _imports(bad) == [(2, "scorecard.report.writers")]
    assert STAGES["report"] > STAGES["score"]
