"""The report with requirements and an evaluation panel: the requirements table on
the summary page, the panel section (evaluators, descriptors, aggregates with their
spread, flagged disagreements, every justification verbatim and escaped), and the
score files embedded, hashed and re-checked by verify."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
from pathlib import Path

import pikepdf
import pytest
from typer.testing import CliRunner

from scorecard.audit.manifest import build_manifest
from scorecard.cli import app
from scorecard.load.inputs import load_inputs
from scorecard.load.project import default_paths
from scorecard.report.html import render_html
from scorecard.report.pdf import rendering_environment
from scorecard.score.ranking import score_vendors

PANEL_CASE = Path(__file__).parent / "cases" / "valid" / "panel-and-requirements"
DATE = "2026-06-01"


@pytest.fixture
def html(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    work = tmp_path / "case"
    shutil.copytree(PANEL_CASE, work)
    monkeypatch.chdir(work)
    inputs = load_inputs(default_paths(work, None, None)).inputs
    assert inputs is not None
    ranking = score_vendors(inputs, dt.date(2026, 6, 1))
    env = rendering_environment()
    manifest = build_manifest(inputs, ranking.to_json().encode(), ranking.date, {}, env, "test")
    return render_html(ranking, inputs, manifest, {})


def test_justifications_are_verbatim_and_escaped(html: str) -> None:
    assert "Two tickets took a week; &lt;b&gt;no&lt;/b&gt; named contact &amp; no SLA." in html
    assert "<b>no</b>" not in html
    for text in (
        "Answered every pilot ticket within a day; one escalation.",
        "Agreed at the moderation meeting: between the two scores.",
        "Often switched to American spelling.",
    ):
        assert text in html


def test_panel_section(html: str) -> None:
    section = html[html.index('<section class="panel"') : html.index('<section class="gaps"')]
    assert "Former Acme employee (left 2023)" in section  # the declaration
    assert "Head of ML platform" in section
    assert 'Carol Example <span class="muted">(moderator)</span>' in section
    assert "named engineer, same-day answers" in section  # a descriptor
    assert "2\u20135, sd 2.12, n = 2" in section  # bolt.2's spread
    assert (
        "Bolt \u2013 Bolt 2: Support quality, scores 2 to 5 on 0\u20135" in section
    )  # flagged, by label
    assert "no score from Bob Example" in section
    assert section.index("Acme \u2013 Acme One</p>") < section.index("Bolt \u2013 Bolt 2</p>")


def test_requirements_table_on_the_summary_page(html: str) -> None:
    summary = html[html.index('<section class="summary"') : html.index("</section>")]
    table = summary[summary.index('<table class="requirements">') :]
    table = table[: table.index("</table>")]
    assert 'EU data residency <span class="muted">(required)</span>' in table
    assert (
        '<td class="req-no failed"><strong>no</strong><br><span class="muted">Bolt terms of service, section 9</span></td>'
        in table
    )
    assert '<td class="req-missing failed"><strong>missing</strong></td>' in table
    assert (
        '<td class="req-no"><strong>no</strong><br><span class="muted">Acme security whitepaper</span></td>'
        in table
    )


def test_yes_no_figures_read_yes_and_no(html: str) -> None:
    vendors = html[html.index('<section class="vendors"') :]
    assert ">no<" in vendors and ">yes<" in vendors
    assert "1 yes/no" not in vendors


@pytest.mark.slow
def test_score_files_embedded_and_verified(tmp_path: Path) -> None:
    work = tmp_path / "case"
    shutil.copytree(PANEL_CASE, work)
    old = Path.cwd()
    os.chdir(work)
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        runner = CliRunner()
        result = runner.invoke(app, ["report", "--date", DATE, "-q"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        data = (work / "scorecard.pdf").read_bytes()
        with pikepdf.open(io.BytesIO(data)) as pdf:
            attached = {n: s.get_file().read_bytes() for n, s in pdf.attachments.items()}
        manifest = json.loads(attached["manifest.json"])
        scores = [(f["name"], f["role"]) for f in manifest["files"] if f["role"] == "scores"]
        assert scores == [
            ("scores/alice.toml", "scores"),
            ("scores/bob.toml", "scores"),
            ("scores/moderation.toml", "scores"),
        ]
        assert attached["scores/bob.toml"] == (work / "scores" / "bob.toml").read_bytes()
        assert "--scores scores" in manifest["reproduce"]
        result = runner.invoke(app, ["verify", "scorecard.pdf"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        assert "OK      results: re-scoring the embedded inputs gives results.json exactly" in (
            result.stdout
        )
        # an edited score file shows as drift
        (work / "scores" / "bob.toml").write_text(
            (work / "scores" / "bob.toml").read_text().replace("score = 3", "score = 1")
        )
        result = runner.invoke(
            app, ["verify", "scorecard.pdf", "--scores", "scores"], catch_exceptions=False
        )
        assert "  scores/bob.toml: changed since the report" in result.stdout.splitlines()
    finally:
        os.chdir(old)
