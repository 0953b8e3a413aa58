from __future__ import annotations

import datetime as dt
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


# --------------------------------------------------------------------------- scoring cases

CASE_DATE = "2026-01-15"


def write_case(
    root: Path,
    criteria: dict,  # type: ignore[type-arg]
    vendors: dict[str, dict[str, float]],
    *,
    custom: dict[str, str] | None = None,
    evidence: str = "third-party",
) -> Path:
    """Write a criteria file and one vendor file per id under ``root``.

    ``vendors`` maps a vendor id to {metric: value}; a metric named in ``custom``
    (metric -> direction) is declared in the criteria file with unit "score" and given
    in that unit; other metrics use their catalogue unit."""
    import tomli_w

    from scorecard.model.catalog import CATALOG

    root.mkdir(parents=True, exist_ok=True)
    data = {"schema_version": 1, "title": "test case", "buyer": "tests", **criteria}
    if custom:
        data["metrics"] = {m: {"unit": "score", "direction": d} for m, d in custom.items()}
    (root / "criteria.toml").write_text(tomli_w.dumps(data), encoding="utf-8")
    vdir = root / "vendors"
    vdir.mkdir(exist_ok=True)
    for vid, values in vendors.items():
        figures = {
            m: {
                "value": float(x),
                "unit": "score" if custom and m in custom else CATALOG[m].unit,
                "source": "test fixture",
                "as_of": dt.date(2026, 1, 1),
                "evidence": evidence,
                "method": "fixture",
            }
            for m, x in values.items()
        }
        doc = {
            "schema_version": 1,
            "vendor": vid.upper(),
            "model": f"model {vid}",
            "metrics": figures,
        }
        (vdir / f"{vid}.toml").write_text(tomli_w.dumps(doc), encoding="utf-8")
    return root


@pytest.fixture
def make_case():  # type: ignore[no-untyped-def]
    return write_case
