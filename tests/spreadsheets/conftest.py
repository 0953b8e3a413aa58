"""Fixtures for the spreadsheet tests: LibreOffice recalculation, reading the Scores
sheet, changing weight cells as a person would (the ``sheets`` fixture)."""

from __future__ import annotations

import os
import shutil
import subprocess
import warnings
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

# LibreOffice trusts the cached values of an .xlsx it did not write unless told to
# recalculate on load: OOXMLRecalcMode 0 = always (1 never, 2 ask).
_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice() -> str:
    """The LibreOffice binary; skipped without it, but a failure under CI."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        message = (
            "LibreOffice is not installed (soffice not on PATH): install it with "
            "`apt-get install --no-install-recommends libreoffice-calc-nogui` "
            "(scripts/setup.sh --test does)"
        )
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must run the spreadsheet tests")
        pytest.skip(message)
    return found


def recalculate(files: list[Path], work: Path) -> dict[str, Path]:
    """Open each workbook in headless LibreOffice (a fresh profile set to recalculate
    on load), save it as .xlsx again; file name -> the recalculated copy."""
    binary = soffice()
    profile = work / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_PROFILE, encoding="utf-8")
    out = work / "recalculated"
    out.mkdir(exist_ok=True)
    subprocess.run(
        [
            binary,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    result = {f.name: out / f.name for f in files}
    missing = [name for name, path in result.items() if not path.is_file()]
    assert not missing, f"LibreOffice wrote no {missing}"
    return result


def load(path: Path, values: bool = True) -> Any:
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # extensions openpyxl does not read (data bars)
        return openpyxl.load_workbook(path, data_only=values)


def _row_of(ws: Any, first: str, second: str) -> int:
    for row in ws.iter_rows(min_col=1, max_col=2):
        if row[0].value == first and row[1].value == second:
            return int(row[0].row)
    raise AssertionError(f"no header row {first!r}, {second!r}")


def ranking_rows(path: Path) -> dict[str, dict[str, Any]]:
    """The Scores sheet's ranking block: vendor id -> {column heading: value}."""
    ws = load(path)["Scores"]
    head = _row_of(ws, "Rank", "Id")
    names = [c.value for c in ws[head]]
    out: dict[str, dict[str, Any]] = {}
    for row in ws.iter_rows(min_row=head + 1, values_only=True):
        if row[1] is None:
            break
        out[str(row[1])] = dict(zip(names, row, strict=False))
    return out


def set_weights(path: Path, target: Path, weights: dict[str, float]) -> None:
    """Type new weights into the Scores sheet's input cells ("criterion" or
    "criterion.metric"), as a committee member would, and save as ``target``."""
    wb = load(path, values=False)
    ws = wb["Scores"]
    left = dict(weights)
    crit_head = _row_of(ws, "Criterion", "Weight")
    for row in ws.iter_rows(min_row=crit_head + 1, max_col=2):
        if row[0].value is None:
            break
        if row[0].value in left:
            row[1].value = left.pop(str(row[0].value))
    metric_head = _row_of(ws, "Metric", "Criterion")
    for row in ws.iter_rows(min_row=metric_head + 1, max_col=3):
        if row[0].value is None:
            break
        key = f"{row[1].value}.{row[0].value}"
        if key in left:
            row[2].value = left.pop(key)
    assert not left, f"no weight cell for {left}"
    wb.save(target)


@pytest.fixture(scope="session")
def sheets() -> SimpleNamespace:
    return SimpleNamespace(
        soffice=soffice,
        recalculate=recalculate,
        load=load,
        ranking_rows=ranking_rows,
        set_weights=set_weights,
    )
