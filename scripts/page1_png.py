"""Render page 1 of the bundled example's report as a PNG for the README.

    .venv/bin/python scripts/page1_png.py [OUT.png]

Renders the bundled example (criteria.toml and vendors/ at the repository root) with a
fixed report date, then rasterises page 1 with ``pdftoppm`` (poppler-utils). Run it
after changing the templates, the catalogue labels or the bundled data."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "docs" / "img" / "report-page1.png"
DATE = "2026-12-01"
DPI = 80


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "report.pdf"
        subprocess.run(
            [sys.executable, "-m", "scorecard", "report", "-q", "-o", str(pdf), "--date", DATE],
            cwd=REPO,
            check=True,
        )
        stem = Path(tmp) / "page"
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                str(DPI),
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf),
                str(stem),
            ],
            check=True,
        )
        out.write_bytes(stem.with_suffix(".png").read_bytes())
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
