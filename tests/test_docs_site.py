"""docs/ is checked: the site builds with `--strict` (broken links and anchors fail),
the generated reference pages are current, and the tutorial's commands work."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
BIN = Path(sys.executable).parent


def _docgen() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docgen", REPO / "scripts" / "docgen.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_pages_are_current(capsys: pytest.CaptureFixture[str]) -> None:
    """The CLI reference, catalogue, file-format and JSON pages equal what the code
    generates now (regenerate with `.venv/bin/python scripts/docgen.py`)."""
    docgen = _docgen()
    pages = {p.relative_to(DOCS).as_posix() for p in docgen.pages()}
    assert {
        "reference/cli.md",
        "reference/catalogue.md",
        "reference/vendor-files.md",
        "reference/criteria-file.md",
        "reference/score-files.md",
        "reference/json.md",
    } <= pages
    status = docgen.run_cog(check=True)
    assert status == 0, capsys.readouterr().out


def test_cli_reference_shows_every_command() -> None:
    docgen = _docgen()
    page = (DOCS / "reference" / "cli.md").read_text()
    for name in docgen.command_names():
        assert f"scorecard {name}\n" in page, name
        assert f"Usage: scorecard {name} [OPTIONS]" in page, name


def test_the_committed_results_schema_is_generated_from_the_models() -> None:
    from scorecard.model.schema import results_schema_text

    committed = (REPO / "schema" / "results.schema.json").read_text()
    assert committed == results_schema_text(), "run .venv/bin/python scripts/docgen.py"


def test_every_page_is_in_the_nav() -> None:
    """mkdocs warns (and `--strict` fails) on a page left out of the nav; this names it
    without a build."""
    nav = (REPO / "mkdocs.yml").read_text()
    for page in DOCS.rglob("*.md"):
        assert f" {page.relative_to(DOCS).as_posix()}\n" in nav, page


@pytest.mark.slow
def test_mkdocs_builds_strict(tmp_path: Path) -> None:
    """A broken link, anchor or snippet, or a page outside the nav, fails the build.
    The build fetches nothing: Material's fonts are off and no plugin goes online."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site)],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    tutorial = (site / "tutorial" / "index.html").read_text()
    assert "wrote tender-2026/criteria.toml" in tutorial
    schemas = (site / "reference" / "schemas" / "index.html").read_text()
    assert "additionalProperties" in schemas  # the snippets were included
    assert "fonts.googleapis" not in tutorial


EXPECT_FAILURE = "<!-- tutorial-test: expect-failure -->\n"


def _tutorial() -> tuple[str, list[str]]:
    """The tutorial's ```bash blocks as one script, and the lines of its ```text blocks
    (outputs) that do not elide anything with '…'."""
    text = (DOCS / "tutorial.md").read_text()
    script = ["set -euo pipefail"]
    for n, (marker, body) in enumerate(
        re.findall(rf"({re.escape(EXPECT_FAILURE)})?```bash\n(.*?)```", text, flags=re.S)
    ):
        if marker:
            script.append(f"if {{\n{body}}}; then echo 'block {n} should fail' >&2; exit 1; fi")
        else:
            script.append(body)
    shown = [
        line.strip()
        for block in re.findall(r"```text\n(.*?)```", text, flags=re.S)
        for line in block.splitlines()
        if line.strip() and "…" not in line and "..." not in line
    ]
    return "\n".join(script), shown


@pytest.mark.slow
def test_the_tutorial_works(tmp_path: Path) -> None:
    """Every command of the tutorial runs, in order, in a fresh folder beside the
    repository's test fixtures (as from the top of a clone), and every output line the
    tutorial shows is printed."""
    pytest.importorskip("pyhanko")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "fixtures").symlink_to(REPO / "tests" / "fixtures")
    script, shown = _tutorial()
    assert "scorecard verify" in script and len(shown) > 20
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    result = subprocess.run(
        ["bash", "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    printed = {line.strip() for line in output.splitlines()}
    missing = [line for line in shown if line not in printed]
    assert not missing, f"the tutorial shows lines no command printed: {missing}\n{output}"


def test_the_library_example_works() -> None:
    """The library example of docs/explanation/architecture.md, run at the top of the
    repository (which holds vendors/ and criteria.toml)."""
    page = (DOCS / "explanation" / "architecture.md").read_text()
    (code,) = re.findall(r"```python\n(.*?)```", page, flags=re.S)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Recommended: OpenAI GPT-5.4 (gpt-5.4), rank 1 of 3"), (
        result.stdout
    )
