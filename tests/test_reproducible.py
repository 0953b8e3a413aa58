"""Reproducible bytes on either font subsetter, and `verify` across them.

WeasyPrint subsets fonts with HarfBuzz when libharfbuzz-subset is installed and with
fontTools otherwise (a plain `pip install` without the Debian package).  Each render
and verify here runs in its own process; the fontTools path is forced by clearing
WeasyPrint's handle on libharfbuzz-subset, as if the library were missing.

Renders: two reports (one per path), four cross-path verifies (the two same-path ones
re-render), two tampered verifies (both re-render)."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pikepdf
import pytest

from scorecard.report.pdf import font_subsetter, pdf_string_key

REPO = Path(__file__).resolve().parent.parent
DATE = "2026-11-24"

_FONTTOOLS = (
    "import weasyprint.text.ffi as _t, weasyprint.pdf.fonts as _f\n"
    "_t.harfbuzz_subset = None\n"
    "_f.harfbuzz_subset = None\n"
)
_MAIN = "import sys\nfrom scorecard.cli import main\nsys.argv[0] = 'scorecard'\nmain()\n"

PATHS = ("harfbuzz", "fonttools")

pytestmark = pytest.mark.slow


def _run(path: str, args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """`scorecard ARGS` in a new process, subsetting fonts on ``path``."""
    code = (_FONTTOOLS if path == "fonttools" else "") + _MAIN
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PYTHONWARNINGS"] = "ignore"
    return subprocess.run(
        [sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, text=True, env=env
    )


def _attachments(data: bytes) -> dict[str, bytes]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return {name: spec.get_file().read_bytes() for name, spec in pdf.attachments.items()}


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The bundled example rendered on each path, in its own process."""
    if font_subsetter() != "harfbuzz":
        pytest.skip("libharfbuzz-subset is not installed: only the fontTools path exists here")
    root = tmp_path_factory.mktemp("reproducible")
    shutil.copy(REPO / "criteria.toml", root / "criteria.toml")
    shutil.copytree(REPO / "vendors", root / "vendors")
    made = {}
    for path in PATHS:
        out = f"{path}.pdf"
        result = _run(path, ["report", "--date", DATE, "--output", out], root)
        assert result.returncode == 0, result.stderr
        made[path] = root / out
    return made


def test_the_manifest_records_the_subsetter_and_harfbuzz(reports: dict[str, Path]) -> None:
    for path, pdf in reports.items():
        env = json.loads(_attachments(pdf.read_bytes())["manifest.json"])["environment"]
        assert env["font subsetter"] == path
        assert env["harfbuzz"].count(".") == 2, env["harfbuzz"]


def test_fonttools_path_is_byte_identical_across_processes_and_time(
    reports: dict[str, Path], tmp_path: Path
) -> None:
    """fontTools stamps head.modified with the wall clock unless pinned: a render more
    than a second later must give the same bytes (and leave SOURCE_DATE_EPOCH unset)."""
    first = reports["fonttools"]
    time.sleep(max(0.0, 1.1 - (time.time() - first.stat().st_mtime)))
    shutil.copy(first.parent / "criteria.toml", tmp_path / "criteria.toml")
    shutil.copytree(first.parent / "vendors", tmp_path / "vendors")
    again = _run("fonttools", ["report", "--date", DATE, "--output", "again.pdf"], tmp_path)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "again.pdf").stat().st_mtime - first.stat().st_mtime > 1
    assert (tmp_path / "again.pdf").read_bytes() == first.read_bytes()
    assert "SOURCE_DATE_EPOCH" not in os.environ


@pytest.mark.parametrize("made", PATHS)
@pytest.mark.parametrize("verified", PATHS)
def test_verify_across_subsetters(reports: dict[str, Path], made: str, verified: str) -> None:
    pdf = reports[made]
    result = _run(verified, ["verify", pdf.name], pdf.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert "changed after rendering" not in result.stdout
    if made == verified:
        assert (
            lines[3] == f"OK      pages: re-rendering gives the same {pdf.stat().st_size:,} bytes"
        )
    else:
        assert lines[3] == (
            "SKIPPED pages: byte comparison skipped: this environment differs from the report's"
        )
        assert f"        font subsetter {made} in the report, {verified} here" in lines
        assert lines[-2].endswith("(pages not checked).")
        strict = _run(verified, ["verify", "--strict", pdf.name], pdf.parent)
        assert strict.returncode == 1


def _edit_first_page(pdf: pikepdf.Pdf) -> None:
    """Draw a small black square on the first page: a change no attachment shows."""
    page = pdf.pages[0]
    page.contents_add(pikepdf.Stream(pdf, b"q 0 g 10 10 20 20 re f Q\n"), prepend=False)


@pytest.mark.parametrize("path", PATHS)
def test_content_stream_edit_is_caught_on_either_path(
    reports: dict[str, Path], path: str, tmp_path: Path
) -> None:
    bad = tmp_path / "edited.pdf"
    with pikepdf.open(reports[path]) as pdf:
        _edit_first_page(pdf)
        pdf.save(bad)
    result = _run(path, ["verify", bad.name], tmp_path)
    assert result.returncode == 1, result.stdout
    lines = result.stdout.splitlines()
    assert lines[1].startswith("OK      attachments:")
    assert lines[2].startswith("OK      results:")
    assert lines[3].startswith("FAIL    pages: the PDF differs from a re-render")
    assert lines[3].endswith("the PDF was changed after rendering")


@pytest.mark.parametrize("path", PATHS)
def test_reports_pass_qpdf_check(reports: dict[str, Path], path: str) -> None:
    with pikepdf.open(reports[path]) as pdf:
        assert pdf.check_pdf_syntax() == []
        names = [bytes(k) for k in pdf.Root.Names.EmbeddedFiles.Names[::2]]
    assert names == sorted(names) and len(names) == 7


def test_name_tree_key_is_the_written_pdf_string() -> None:
    assert pdf_string_key("vendors/a.toml") == b"vendors/a.toml"
    assert pdf_string_key("é") == b"\xfe\xff\x00\xe9"
    keys = sorted(
        ["vendors/b.toml", "results.json", "criteria.toml", "vendors/é.toml"], key=pdf_string_key
    )
    assert keys == ["criteria.toml", "results.json", "vendors/b.toml", "vendors/é.toml"]
