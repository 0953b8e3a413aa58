"""What a plain `pip install .` gives: the tool works from any directory, with the
templates and the bundled example inside the installed package."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import scorecard
from scorecard.load.project import bundled_root

REPO = Path(__file__).resolve().parent.parent
PACKAGE = Path(scorecard.__file__).resolve().parent
INSTALLED = PACKAGE != REPO / "scorecard"


def test_tests_exercise_the_installed_wheel_when_asked() -> None:
    """scripts/test.sh sets SCORECARD_TEST_INSTALLED=1: then the package under test
    must be the installed wheel, not the source tree (structlog's habit)."""
    if os.environ.get("SCORECARD_TEST_INSTALLED") != "1":
        pytest.skip(
            "running against the source tree (set SCORECARD_TEST_INSTALLED=1 to require the wheel)"
        )
    assert INSTALLED, f"scorecard was imported from the source tree: {PACKAGE}"


@pytest.mark.skipif(not INSTALLED, reason="only meaningful for the installed wheel")
def test_wheel_ships_templates_and_bundled_example() -> None:
    assert bundled_root() == PACKAGE / "bundled"
    assert (PACKAGE / "bundled" / "criteria.toml").read_bytes() == (
        REPO / "criteria.toml"
    ).read_bytes()
    shipped = sorted(p.name for p in (PACKAGE / "bundled" / "vendors").glob("*.toml"))
    assert shipped == sorted(p.name for p in (REPO / "vendors").glob("*.toml"))
    assert (PACKAGE / "templates").is_dir()


@pytest.mark.skipif(not INSTALLED, reason="only meaningful for the installed wheel")
def test_wheel_ships_the_compiled_catalogues() -> None:
    """Every shipped language's .mo is inside the installed package, byte for byte the
    committed one (the report finds it there: scorecard.report.i18n.locale_dir)."""
    from scorecard.model.constants import LANGUAGES
    from scorecard.report.i18n import locale_dir

    assert locale_dir() == PACKAGE / "locale"
    for code in set(LANGUAGES) - {"en"}:
        rel = Path("locale") / code / "LC_MESSAGES" / "scorecard.mo"
        assert (PACKAGE / rel).read_bytes() == (REPO / "scorecard" / rel).read_bytes()


def test_console_script_runs_from_any_directory(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "scorecard"
    result = subprocess.run(
        [str(exe), "validate"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "using the bundled example" in result.stderr


def test_python_dash_m(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scorecard", "--version"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout == f"scorecard {scorecard.__version__}\n"
