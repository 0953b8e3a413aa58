from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "tests" / "cases"


@pytest.fixture(autouse=True)
def _no_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture
def bundled_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled example (criteria.toml + vendors/) in tmp_path."""
    import shutil

    shutil.copy(REPO / "criteria.toml", tmp_path / "criteria.toml")
    shutil.copytree(REPO / "vendors", tmp_path / "vendors")
    return tmp_path


@pytest.fixture
def in_dir(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    def chdir(path: Path) -> Path:
        monkeypatch.chdir(path)
        return path

    return chdir


def pytest_report_header() -> str:
    import scorecard

    return f"scorecard {scorecard.__version__} imported from {Path(scorecard.__file__).parent}" + (
        " (CI)" if os.environ.get("CI") else ""
    )
