"""The report's layout for readers: no label, name or figure is cut (long names wrap,
found whole by pdftotext), body text at least 9 pt, page 1 holds the decision."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from scorecard.cli import app

REPO = Path(__file__).parent.parent
#: The longest realistic names: a 60-character model name, a 40-character criterion label.
LONG_MODEL = "Llama 4 Maverick 17B-128E Instruct (General Availability) EU"
LONG_LABEL = "Reliability of answers on our own corpus"


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")


def _squeezed(text: str) -> str:
    """Without whitespace: a wrapped name is found across its line breaks."""
    return "".join(text.split())


def test_the_long_names_are_realistic() -> None:
    assert len(LONG_MODEL) == 60
    assert len(LONG_LABEL) == 40


@pytest.mark.slow
def test_long_names_are_never_cut(bundled_copy: Path, in_dir: Any) -> None:
    in_dir(bundled_copy)
    vendor = bundled_copy / "vendors" / "claude-3-opus.toml"
    vendor.write_text(vendor.read_text().replace('"Claude 3 Opus"', f'"{LONG_MODEL}"'))
    criteria = bundled_copy / "criteria.toml"
    criteria.write_text(
        criteria.read_text().replace(
            "[criteria.reliability]\n", f'[criteria.reliability]\nlabel = "{LONG_LABEL}"\n'
        )
    )
    result = CliRunner().invoke(
        app, ["report", "-q", "-o", "out.pdf", "--date", "2026-12-01"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    pages = _pages(bundled_copy / "out.pdf")
    whole = _squeezed("".join(pages))
    assert "\u2026" not in "".join(pages)  # nothing ellipsised
    # each name whole, in the ranking, the charts and the vendor pages
    assert whole.count(_squeezed(LONG_MODEL)) >= 4
    assert whole.count(_squeezed(LONG_LABEL)) >= 4
    page1 = _squeezed(pages[0])
    assert _squeezed(LONG_MODEL) in page1 and _squeezed(LONG_LABEL) in page1
    # page 1 is the decision: recommendation, ranking, warnings and the sign-off
    for heading in ("Recommendation", "Ranking", "Disqualified", "Evidencewarnings", "Approvedby"):
        assert heading.lower() in page1.lower(), heading


def test_body_text_is_at_least_9pt() -> None:
    """Every font size in the stylesheet is at least 9 pt, but the per-vendor figures
    table (8.5 pt) and the running page header and footer."""
    css = (REPO / "templates" / "report.css").read_text()
    margin_boxes = re.compile(r"@(top|bottom)-[a-z-]+\s*\{[^}]*\}")
    body = margin_boxes.sub("", css)
    for rule in re.finditer(r"([^{}]+)\{([^}]*)\}", body):
        selector, decls = rule.group(1).strip(), rule.group(2)
        for size in re.findall(r"font-size:\s*([\d.]+)pt", decls):
            least = 8.5 if selector.startswith("table.figures") else 9.0
            assert float(size) >= least, f"{selector}: {size}pt"
        assert not re.search(r"font-size:\s*0\.\d+em", decls), selector


PANEL_CASE = REPO / "tests" / "cases" / "valid" / "panel-and-requirements"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("language", "headings"),
    [
        ("en", ("Recommendation", "Ranking", "Disqualified", "Requirements", "Approvedby")),
        ("de", ("Zuschlagsempfehlung", "Rangfolge", "Ausgeschlossen", "Freigegebenvon")),
    ],
)
def test_page_one_holds_the_decision_for_six_vendors_with_a_panel(
    tmp_path: Path, in_dir: Any, language: str, headings: tuple[str, ...]
) -> None:
    """Six vendors (five disqualified on the same requirements), a panel, requirements
    and warnings of five kinds: the decision to the sign-off fits page 1, in English
    and in German (longer words); vendors disqualified for the same reasons share a row."""
    import shutil

    project = tmp_path / "p"
    shutil.copytree(PANEL_CASE, project)
    for f in (REPO / "vendors").glob("*.toml"):
        shutil.copy(f, project / "vendors" / f.name)
    criteria = project / "criteria.toml"
    criteria.write_text(
        criteria.read_text().replace(
            "schema_version = 1\n", f'schema_version = 1\nlanguage = "{language}"\n', 1
        )
    )
    in_dir(project)
    result = CliRunner().invoke(
        app, ["report", "-q", "-o", "out.pdf", "--date", "2026-12-01"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    page1 = _squeezed(_pages(project / "out.pdf")[0]).lower()
    for heading in headings:
        assert heading.lower() in page1, heading
    # the five disqualified vendors, each named once on page 1's disqualified row
    assert page1.count(_squeezed("OpenAI \u2013 GPT-4 Turbo").lower()) >= 1
