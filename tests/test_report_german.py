"""A report in German (`language = "de"` in the criteria file): no English heading or
sentence of the catalogue is left in it, its bytes are reproducible, `verify`
re-renders it in German (the language comes from the embedded criteria), and the
debrief letters follow it.  Two projects: the bundled data, and six vendors with an
evaluation panel."""

from __future__ import annotations

import datetime as dt
import html
import io
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from babel.messages.pofile import read_po
from typer.testing import CliRunner

from scorecard.cli import app
from scorecard.load.inputs import load_inputs
from scorecard.load.project import default_paths
from scorecard.report.i18n import gettext, locale_dir, use_language
from scorecard.report.labels import Labels
from scorecard.report.warnings_view import summary_kinds, warning_rows
from scorecard.score.notices import group_warnings
from scorecard.score.ranking import score_vendors

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
PANEL_CASE = Path(__file__).parent / "cases" / "valid" / "panel-and-requirements"
DATE = "2026-12-01"


def _german(criteria: Path) -> None:
    text = criteria.read_text()
    text = re.sub(r"(?m)^buyer = .*$", lambda m: m.group(0) + '\nlanguage = "de"', text, count=1)
    criteria.write_text(text)


def _invoke(args: list[str], cwd: Path) -> Any:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(app, args, catch_exceptions=False)
    finally:
        os.chdir(old)


def _text(pdf: Path) -> str:
    """The PDF's text with whitespace collapsed (pdftotext wraps lines anywhere)."""
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.replace("\u00a0", " ").split())


def _project(root: Path, panel: bool) -> Path:
    if panel:  # six vendors: the panel case's two and the bundled four
        shutil.copytree(PANEL_CASE, root)
        for f in (REPO / "vendors").glob("*.toml"):
            shutil.copy(f, root / "vendors" / f.name)
    else:
        root.mkdir(parents=True)
        shutil.copy(REPO / "criteria.toml", root / "criteria.toml")
        shutil.copytree(REPO / "vendors", root / "vendors")
    _german(root / "criteria.toml")
    return root


@pytest.fixture(scope="module", params=["bundled", "panel"])
def german(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    root = _project(tmp_path_factory.mktemp(request.param) / "project", request.param == "panel")
    result = _invoke(["report", "--date", DATE, "-q", "-o", "report.pdf"], root)
    assert result.exit_code == 0, result.output
    return root


def _english_phrases() -> dict[str, str]:
    """English phrase -> its msgid: the catalogue's headings and sentences whose German
    differs, cut at the placeholders and the markup (fragments of two words or more,
    or headings of one word from 6 letters)."""
    with (locale_dir() / "de" / "LC_MESSAGES" / "scorecard.po").open("rb") as fh:
        catalogue = read_po(fh)
    out: dict[str, str] = {}
    for m in catalogue:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if set(ids) & set(strings):
            continue  # the same in both languages ("MMLU", "TOPSIS.", "Software")
        for msgid in ids:
            text = html.unescape(re.sub(r"<[^>]+>", " ", msgid)).replace("%%", "%")
            for piece in re.split(r"%\(\w+\)s|\{\w+\}", text):
                piece = " ".join(piece.split()).strip(" ,;:.()")
                words = piece.split()
                if (len(words) >= 2 and len(piece) >= 10) or (
                    len(words) == 1 and len(piece) >= 6 and piece[0].isupper()
                ):
                    out[piece] = msgid
    return out


def _data_text(root: Path) -> list[str]:
    """Text the report shows as the inputs and the scoring stage wrote it (findings,
    gate reasons, buyer and vendor text stay as written): removed before the search."""
    old = Path.cwd()
    os.chdir(root)
    try:
        loaded = load_inputs(default_paths(root, None, None))
    finally:
        os.chdir(old)
    inputs = loaded.inputs
    assert inputs is not None, loaded
    ranking = score_vendors(inputs, dt.date.fromisoformat(DATE))
    labels = Labels.of(inputs.catalog, inputs.criteria)
    with use_language("de"):  # metric labels inside the findings are German
        return _data_lines(inputs, ranking, labels)


def _data_lines(inputs: Any, ranking: Any, labels: Labels) -> list[str]:
    out = [labels.words(w.message) for w in ranking.warnings]
    out += [labels.words(w.message) for w in group_warnings(ranking.warnings)]
    out += summary_kinds(ranking.warnings, labels)
    out += [t for r in warning_rows(ranking.warnings, labels) for t in (r.kind, r.vendors)]
    out += [labels.words(r) for d in ranking.disqualified for r in d.reasons]
    cf = inputs.criteria
    out += [t for c in cf.criteria.values() for t in (c.description, c.label) if t]
    out += [g.reason for g in cf.gates if g.reason]
    out += [m.description for m in cf.metrics.values() if m.description]
    for rec in inputs.vendors:
        for fig in rec.file.metrics.values():
            out += [t for t in (fig.note, fig.method, fig.source) if t]
    return sorted((" ".join(t.split()) for t in out if t.strip()), key=len, reverse=True)


def test_german_report_has_no_english_heading_or_sentence(german: Path) -> None:
    text = _text(german / "report.pdf")
    for data in _data_text(german):
        text = text.replace(data, " ")
        text = text.replace(data[:1].upper() + data[1:], " ")
    assert "zuschlagsempfehlung" in text.replace(" ", "").lower()  # a letter-spaced label
    assert "Dezember 2026" in text
    found = {
        phrase: msgid
        for phrase, msgid in _english_phrases().items()
        if re.search(r"(?<![\w-])" + re.escape(phrase) + r"(?![\w-])", text)
    }
    assert not found, "English left in the German report:\n" + "\n".join(
        f"{p!r} (from {m!r})" for p, m in sorted(found.items())
    )


def test_german_report_is_reproducible_and_verifies(german: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    shutil.copytree(german, again)
    (again / "report.pdf").unlink()
    result = _invoke(["report", "--date", DATE, "-q", "-o", "report.pdf"], again)
    assert result.exit_code == 0, result.output
    assert (again / "report.pdf").read_bytes() == (german / "report.pdf").read_bytes()
    verified = _invoke(["verify", "report.pdf"], german)
    assert verified.exit_code == 0, verified.output
    assert "OK      pages: re-rendering gives the same" in verified.stdout


def test_german_criteria_are_embedded_with_their_language(german: Path) -> None:
    with pikepdf.open(io.BytesIO((german / "report.pdf").read_bytes())) as pdf:
        criteria = pdf.attachments["criteria.toml"].get_file().read_bytes().decode()
    assert 'language = "de"' in criteria


def test_debrief_letter_in_german(german: Path) -> None:
    if not (german / "scores").is_dir():
        pytest.skip("the panel project only")
    result = _invoke(["debrief", "bolt.2", "-o", "bolt.pdf", "--date", DATE], german)
    assert result.exit_code == 0, result.output
    text = _text(german / "bolt.pdf")
    for phrase in ("Bewertungsübersicht", "Zuschlagsentscheidung", "Ihr Ergebnis", "Wartefrist"):
        assert phrase in text, phrase
    for phrase in ("Assessment summary", "Award decision", "Your result", "Standstill period"):
        assert phrase not in text, phrase


def test_warning_kinds_are_named_in_german(german: Path) -> None:
    """The summary and the appendix name each kind of warning in German, with its count
    (the warnings' own sentences are findings, which stay English)."""
    from scorecard.score.notices import WARNING_KINDS

    text = " ".join(_text(german / "report.pdf").split())
    shown = 0
    with use_language("de"):
        for code, headline in WARNING_KINDS.items():
            german_kind = gettext(headline)
            assert german_kind != headline, code
            english = headline[:1].upper() + headline[1:]
            assert english not in text, code
            shown += (german_kind[:1].upper() + german_kind[1:]) in text
    assert shown >= 2  # both projects have several kinds
