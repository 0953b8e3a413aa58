"""The registry of finding codes: every code is made somewhere, has a case that makes
it and a docs entry; a code the registry does not know is a programming error.

Most cases are folders under tests/cases/invalid/ (see test_cases.py).  The few a
folder cannot hold (a file over 1 MiB, a symbolic link loop, a file the operating
system refuses to read, no vendor path at all) are generated here at test time."""

from __future__ import annotations

import ast
import errno
import importlib.util
import os
import re
from collections.abc import Callable
from pathlib import Path
from string import Formatter

import pytest
from typer.testing import CliRunner

from scorecard.cli import app
from scorecard.load.files import MAX_FILE_BYTES
from scorecard.load.inputs import load_inputs
from scorecard.load.project import InputPaths
from scorecard.model.findings import CODES, GROUPS, make_finding, render

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "tests" / "cases" / "invalid"
PACKAGE = REPO / "scorecard"


def _project(tmp_path: Path) -> Path:
    (tmp_path / "vendors").mkdir()
    (tmp_path / "criteria.toml").write_bytes((REPO / "criteria.toml").read_bytes())
    return tmp_path


# ------------------------------------------------------- cases generated at test time


def _symlink_loop(work: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    os.symlink("b.toml", work / "vendors" / "a.toml")
    os.symlink("a.toml", work / "vendors" / "b.toml")
    return [
        "vendors/a.toml: symbolic link loop [symlink-loop]",
        "vendors/b.toml: symbolic link loop [symlink-loop]",
    ]


def _file_over_one_mib(work: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    big = (REPO / "vendors" / "gpt-4.toml").read_bytes()
    big += b"# padding\n" * ((MAX_FILE_BYTES - len(big)) // 10 + 1)
    (work / "vendors" / "big.toml").write_bytes(big)
    return [
        f"vendors/big.toml: file is {len(big):,} bytes; the limit is 1,048,576 (1 MiB) "
        "[file-too-large]"
    ]


def _unreadable(work: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The operating system refuses the read (a permission check root would skip)."""
    (work / "vendors" / "locked.toml").write_bytes((REPO / "vendors" / "gpt-4.toml").read_bytes())
    read_bytes = Path.read_bytes

    def refuse(path: Path) -> bytes:
        if path.name == "locked.toml":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    return ["vendors/locked.toml: cannot read: Permission denied [unreadable]"]


GENERATED: dict[str, Callable[[Path, pytest.MonkeyPatch], list[str]]] = {
    "symlink-loop": _symlink_loop,
    "file-too-large": _file_over_one_mib,
    "unreadable": _unreadable,
}


@pytest.mark.parametrize("code", sorted(GENERATED))
def test_generated_case(code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = _project(tmp_path)
    expected = GENERATED[code](work, monkeypatch)
    monkeypatch.chdir(work)
    result = CliRunner().invoke(app, ["validate"], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == expected
    assert all(line.endswith(f"[{code}]") for line in expected)


def test_no_vendor_paths_is_a_finding(tmp_path: Path) -> None:
    """The command line always names a vendor path; a library call may name none."""
    work = _project(tmp_path)
    result = load_inputs(InputPaths((), work / "criteria.toml"))
    assert result.inputs is None
    assert [(f.code, f.message) for f in result.findings] == [
        ("no-vendors", "no vendor files to score")
    ]


LIBRARY_ONLY = {"no-vendors"}


# --------------------------------------------------------------------- the registry


def _case_codes() -> dict[str, list[str]]:
    """Code -> the case folders whose expected findings name it."""
    out: dict[str, list[str]] = {}
    for expected in sorted(CASES.glob("*/expected.txt")):
        for code in re.findall(
            r"\[([a-z0-9-]+)\](?: \(warning\))?$", expected.read_text(), flags=re.M
        ):
            out.setdefault(code, []).append(expected.parent.name)
    return out


def test_every_registered_code_has_a_case() -> None:
    covered = set(_case_codes()) | set(GENERATED) | LIBRARY_ONLY
    assert set(CODES) - covered == set(), "add a case folder under tests/cases/invalid/"
    assert covered - set(CODES) == set(), "a case expects a code the registry does not know"


def test_templates_have_plain_placeholders() -> None:
    """Plain ``{name}`` fields only: pydantic renders the models' errors from the same
    templates, and knows no conversions or format specs."""
    for entry in CODES.values():
        for _, name, spec, conversion in Formatter().parse(entry.template):
            if name is not None:
                assert name.isidentifier() and not spec and not conversion, entry.code
        assert entry.explanation.endswith("."), entry.code
    assert sum(len(codes) for codes in GROUPS.values()) == len(CODES)  # no code twice


def test_an_unregistered_code_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unregistered finding code 'no-such-code'"):
        make_finding("vendors/acme.toml", "no-such-code")
    with pytest.raises(ValueError, match=r"takes \['what'\], was given \[\]"):
        render("not-found")
    with pytest.raises(ValueError, match="was given"):
        render("empty-file", detail="surplus")
    finding = make_finding("vendors", "not-found", what="file or folder")
    assert str(finding) == "vendors: no such file or folder [not-found]"


_FINDING_CALLS = {"make_finding", "place", "problem", "_error"}


def _literal_codes(path: Path) -> list[tuple[int, str]]:
    """The string codes passed to the calls that make findings in one module:
    ``make_finding(path, "code")``, ``place(loc, "code")`` / ``Placer(src)(loc,
    "code")``, and the models' ``_error("code")``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if isinstance(func, ast.Call) and getattr(func.func, "id", None) == "Placer":
            name = "place"
        if name not in _FINDING_CALLS:
            continue
        index = 0 if name in ("problem", "_error") else 1
        if len(node.args) > index and isinstance(node.args[index], ast.Constant):
            found.append((node.lineno, node.args[index].value))
    return found


def test_every_code_in_the_source_is_registered() -> None:
    """Catches a misspelt code even on a path no case reaches."""
    modules = [
        *sorted((PACKAGE / "load").glob("*.py")),
        *sorted((PACKAGE / "score").glob("*.py")),
        PACKAGE / "model" / "files.py",
        PACKAGE / "authoring" / "importers" / "editing.py",
    ]
    seen = set()
    for path in modules:
        for line, code in _literal_codes(path):
            assert code in CODES, f"{path.relative_to(REPO)}:{line}: unregistered code {code!r}"
            seen.add(code)
    # the scan finds the calls (a refactor that renames them must update it)
    assert {"not-found", "panel-scale", "unknown-metric", "missing-policy-topsis"} <= seen


def test_the_docs_page_is_generated_from_the_registry() -> None:
    spec = importlib.util.spec_from_file_location(
        "gen_findings_doc", REPO / "scripts" / "gen_findings_doc.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    page = (REPO / "docs" / "reference" / "findings.md").read_text(encoding="utf-8")
    assert page == module.render_page(), "run scripts/gen_findings_doc.py"
    headings = re.findall(r"^### `([a-z0-9-]+)`$", page, flags=re.M)
    assert sorted(headings) == sorted(CODES)
