"""The project found from any folder (nearest criteria.toml upward, like git and ruff),
explicit options winning, and the bundled example marked as example data."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from typer.testing import CliRunner

from scorecard.cli import app
from scorecard.load.project import default_paths, find_project_root

REPO = Path(__file__).resolve().parent.parent
PANEL_CASE = REPO / "tests" / "cases" / "valid" / "panel-and-requirements"
MARK = "the bundled example, not a buyer's project"  # the marking on every page
TITLE = "Tender 2027-04: assistants for case workers"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A buyer's project (the example's files under another title) with sub-folders."""
    root = tmp_path / "tender"
    root.mkdir()
    text = (REPO / "criteria.toml").read_text(encoding="utf-8")
    lines = [
        f'title = "{TITLE}"' if line.startswith("title =") else line for line in text.splitlines()
    ]
    (root / "criteria.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.copytree(REPO / "vendors", root / "vendors")
    (root / "docs" / "deep").mkdir(parents=True)
    return root


def _rank_json(runner: CliRunner, *args: str) -> tuple[dict[str, object], str]:
    result = runner.invoke(app, ["rank", "--format", "json", "--date", "2026-11-24", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result.stderr


def test_the_project_root_is_the_nearest_folder_with_criteria(project: Path) -> None:
    assert find_project_root(project) == project
    assert find_project_root(project / "vendors") == project
    assert find_project_root(project / "docs" / "deep") == project
    assert find_project_root(project.parent) is None  # nothing above tmp_path
    paths = default_paths(project / "docs" / "deep", None, None)
    assert not paths.bundled and not paths.example
    assert paths.criteria_path == Path("../../criteria.toml")
    assert paths.vendor_paths == (Path("../../vendors"),)


@pytest.mark.parametrize("sub", ["vendors", "docs/deep", "."])
def test_rank_from_a_sub_folder_uses_the_project(
    runner: CliRunner, project: Path, in_dir: Callable[[Path], None], sub: str
) -> None:
    in_dir(project / sub)
    out, err = _rank_json(runner)
    assert "example" not in out
    assert "bundled example" not in err
    assert len(out["ranking"]) == 3  # type: ignore[arg-type]
    table = runner.invoke(app, ["rank", "--date", "2026-11-24"])
    assert table.exit_code == 0 and not table.stdout.startswith("Example data")


def test_rank_from_the_scores_folder_uses_the_panel_project(
    runner: CliRunner, tmp_path: Path, in_dir: Callable[[Path], None]
) -> None:
    root = tmp_path / "panel"
    shutil.copytree(PANEL_CASE, root)
    in_dir(root)
    here, _ = _rank_json(runner)
    in_dir(root / "scores")
    below, err = _rank_json(runner)
    assert "bundled example" not in err and "example" not in below
    assert below == here
    assert [r["vendor"] for r in below["ranking"]] == ["Acme"]  # type: ignore[attr-defined,union-attr]


def test_explicit_options_win_over_the_project(
    runner: CliRunner, project: Path, in_dir: Callable[[Path], None]
) -> None:
    (project / "vendors" / "gpt-4-turbo.toml").unlink()
    in_dir(project / "vendors")
    out, _ = _rank_json(runner)
    assert len(out["ranking"]) == 2  # type: ignore[arg-type]
    out, _ = _rank_json(runner, "--vendors", str(REPO / "vendors"))
    assert len(out["ranking"]) == 3  # type: ignore[arg-type]


def test_empty_folder_uses_the_marked_example(
    runner: CliRunner, tmp_path: Path, in_dir: Callable[[Path], None]
) -> None:
    in_dir(tmp_path)
    out, err = _rank_json(runner)
    assert out["example"] is True
    assert "no criteria.toml here or in any parent folder; using the bundled example." in err
    table = runner.invoke(app, ["rank", "--date", "2026-11-24"])
    assert table.stdout.startswith("Example data: the bundled example, not a buyer's project.\n")


def test_example_option_inside_a_project(
    runner: CliRunner, project: Path, in_dir: Callable[[Path], None]
) -> None:
    in_dir(project / "vendors")
    out, err = _rank_json(runner, "--example")
    assert out["example"] is True
    assert "using the bundled example (--example)." in err
    assert len(out["ranking"]) == 3  # type: ignore[arg-type]


def _pdf_text(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]


@pytest.mark.slow
def test_report_from_a_sub_folder_uses_the_project_and_example_is_marked(
    runner: CliRunner, project: Path, tmp_path: Path, in_dir: Callable[[Path], None]
) -> None:
    (project / "out").mkdir()
    in_dir(project / "out")
    mine = runner.invoke(app, ["report", "--date", "2026-11-24", "-q"])
    assert mine.exit_code == 0, mine.output
    pages = _pdf_text(project / "out" / "scorecard.pdf")
    assert TITLE in pages[0]
    assert not any(MARK in page for page in pages)

    empty = tmp_path / "empty"
    empty.mkdir()
    in_dir(empty)
    example = runner.invoke(app, ["report", "--date", "2026-11-24", "-q"])
    assert example.exit_code == 0, example.output
    pdf = empty / "scorecard.pdf"
    pages = _pdf_text(pdf)
    assert len(pages) > 3
    assert all(MARK in page and "Example data" in page for page in pages)
    with pikepdf.open(io.BytesIO(pdf.read_bytes())) as doc:
        manifest = json.loads(doc.attachments["manifest.json"].get_file().read_bytes())
    assert manifest["options"]["example"] == "true"
    assert "--example" in manifest["reproduce"]
    verified = runner.invoke(app, ["verify", "scorecard.pdf"])
    assert verified.exit_code == 0, verified.output
    assert "OK      pages: re-rendering gives the same" in verified.stdout
