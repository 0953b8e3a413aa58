"""The report's languages: complete, fresh catalogues (scripts/i18n.py), locale-aware
figures in one place (report/format.py), English output as written in the code, and
`rank`'s table and Markdown in the criteria's language."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import shutil
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner

from scorecard.cli import app
from scorecard.model.constants import LANGUAGES
from scorecard.report import format as fmt
from scorecard.report.i18n import current_language, gettext, locale_dir, use_language
from scorecard.report.labels import format_display

REPO = Path(__file__).resolve().parent.parent


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("i18n_script", REPO / "scripts" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_message_has_a_translation_in_every_shipped_language() -> None:
    """A message added to a template or to the code without a translation fails here,
    and the failure lists each one by language (run `python scripts/i18n.py`, then
    translate the empty msgstr entries in scorecard/locale/<lang>/LC_MESSAGES/)."""
    missing = _script().missing_translations()
    assert set(missing) == set(LANGUAGES) - {"en"}
    lines = [f"{code}: {msgid!r}" for code, ids in missing.items() for msgid in ids]
    assert not lines, "messages without a translation:\n" + "\n".join(lines)


def test_catalogue_files_are_fresh_and_the_mo_is_a_compile_of_the_po() -> None:
    """The .pot matches the sources, each .po is merged with it and each committed .mo
    is byte for byte a fresh compile of its .po (the wheel ships the .mo)."""
    planned = _script().planned()
    stale = [str(p.relative_to(REPO)) for p, data in planned.items() if p.read_bytes() != data]
    assert not stale, f"run python scripts/i18n.py: {stale}"
    assert {p.name for p in planned} == {"scorecard.pot", "scorecard.po", "scorecard.mo"}


def test_extraction_finds_templates_code_and_catalogue_labels() -> None:
    script = _script()
    pot = script.template()
    ids = {m.id for m in pot}
    assert "Evidence gaps and warnings" in ids  # a template heading
    assert "Recommended: {vendor}, the only qualified vendor (score {score} of 100)." in ids
    assert "Hallucination rate" in ids  # the catalogue's label
    assert "Score by criterion, out of 100" in ids  # a chart title


def test_languages_are_the_shipped_catalogues() -> None:
    shipped = {p.name for p in locale_dir().iterdir() if p.is_dir()}
    assert shipped == set(LANGUAGES) - {"en"}


def test_english_is_the_default_and_a_block_restores_it() -> None:
    assert current_language() == "en"
    with use_language("de"):
        assert current_language() == "de"
        assert gettext("Recommendation") == "Zuschlagsempfehlung"
    assert current_language() == "en"
    assert gettext("Recommendation") == "Recommendation"


def test_figures_in_english_stay_as_the_code_writes_them() -> None:
    assert fmt.format_number(1760.5) == "1,760"
    assert fmt.format_number(0.25) == "0.25"
    assert fmt.format_percent(0.062) == "6.2%"
    assert fmt.format_share(0.003) == "<1%"
    assert fmt.format_share(0.999) == ">99%"
    assert fmt.format_date(dt.date(2026, 12, 1)) == "2026-12-01"
    assert format_display(0.25, "usd_per_mtok") == "$0.25 / M tokens"
    assert format_display(128000, "tokens") == "128,000 tokens"
    assert format_display(1760, "ms") == "1.8 s"


def test_figures_in_german_use_the_locale() -> None:
    nbsp = "\u00a0"
    with use_language("de"):
        assert fmt.format_fixed(78.125, 1) == "78,1"
        assert fmt.format_number(1760.5) == "1.760"
        assert fmt.format_percent(0.062) == f"6,2{nbsp}%"
        assert fmt.format_share(0.003) == f"<1{nbsp}%"
        assert fmt.format_date(dt.date(2026, 12, 1)) == "1. Dezember 2026"
        assert format_display(0.25, "usd_per_mtok") == f"0,25{nbsp}$ / Mio. Tokens"
        assert format_display(128000, "tokens") == "128.000 Tokens"
        assert format_display(1760, "ms") == "1,8 s"
        assert format_display(1, "yes/no") == "ja"
        assert fmt.localize_currency("1,200", "EUR") == f"1.200{nbsp}€"


def _german_project(tmp_path: Path) -> Path:
    work = tmp_path / "project"
    shutil.copytree(REPO / "vendors", work / "vendors")
    text = (REPO / "criteria.toml").read_text()
    text = re.sub(r"(?m)^buyer = .*$", lambda m: m.group(0) + '\nlanguage = "de"', text, count=1)
    (work / "criteria.toml").write_text(text)
    return work


def test_rank_table_and_markdown_follow_the_criteria_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(_german_project(tmp_path))
    runner = CliRunner()
    table = runner.invoke(app, ["rank", "--date", "2026-06-01"], catch_exceptions=False)
    assert table.exit_code == 0
    assert table.stdout.startswith(
        "Rangfolge nach weighted-sum, 1. Juni 2026 (fehlende Angaben = „worst“)"
    )
    assert "Empfohlen: OpenAI \u2013 GPT-5.4" in table.stdout
    assert "Recommended" not in table.stdout
    md = runner.invoke(
        app,
        ["rank", "--date", "2026-06-01", "--format", "markdown", "--sensitivity", "--draws", "200"],
        catch_exceptions=False,
    )
    assert md.exit_code == 0
    assert "## Rangfolge (weighted-sum, 1. Juni 2026)" in md.stdout
    assert "### Robustheit (200 Ziehungen, Startwert 0, Konzentration 30)" in md.stdout
    assert "| Kriterium | Gewichtung | Von | Bis |" in md.stdout
    # JSON and CSV are language-neutral: the same bytes as an English project's
    german = runner.invoke(app, ["rank", "--date", "2026-06-01", "--format", "json"])
    monkeypatch.chdir(REPO)
    english = runner.invoke(
        app,
        ["rank", "--date", "2026-06-01", "--format", "json"],
        catch_exceptions=False,
    )
    assert german.stdout == english.stdout


def test_robustness_verdict_names_criteria_by_label(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The verdict in the table names the criterion by its label, not its id."""
    work = _german_project(tmp_path)
    text = (work / "criteria.toml").read_text()
    text = text.replace('language = "de"', 'language = "en"')
    text = re.sub(r"(?m)^\[criteria\.cost\]$", '[criteria.cost]\nlabel = "Total price"', text)
    (work / "criteria.toml").write_text(text)
    monkeypatch.chdir(work)
    result = CliRunner().invoke(
        app,
        ["rank", "--date", "2026-06-01", "--sensitivity", "--draws", "200"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    verdict = next(line for line in result.stdout.splitlines() if " is first in " in line)
    assert "the weight of Total price is between" in verdict
    assert "cost's weight" not in verdict
