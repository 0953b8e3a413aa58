"""Words a reader uses: catalogue labels and display units, a reader's precision in the
report and in `rank`'s table and Markdown, the why and runner-up sentences, and no rank
column beyond the vendors that can be ranked."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from scorecard.audit.manifest import build_manifest
from scorecard.load.inputs import load_inputs
from scorecard.load.project import default_paths
from scorecard.model.catalog import CATALOG, CATALOG_METRICS
from scorecard.model.inputs import Inputs
from scorecard.model.results import Ranking
from scorecard.report.decision import recommendation_text, runner_up_text
from scorecard.report.html import render_html
from scorecard.report.labels import Labels, format_display
from scorecard.report.pdf import rendering_environment
from scorecard.report.writers import write_ranking
from scorecard.score.ranking import score_vendors

REPO = Path(__file__).parent.parent
PANEL_CASE = Path(__file__).parent / "cases" / "valid" / "panel-and-requirements"
LONG_FLOAT = re.compile(r"\d\.\d{4,}")


def _inputs(root: Path) -> Inputs:
    inputs = load_inputs(default_paths(root, None, None)).inputs
    assert inputs is not None
    return inputs


def _html(inputs: Inputs, ranking: Ranking) -> str:
    env = rendering_environment()
    manifest = build_manifest(inputs, ranking.to_json().encode(), ranking.date, {}, env, "test")
    return render_html(ranking, inputs, manifest, {})


def _reader_part(html: str) -> str:
    """The report up to the audit appendix, where ids are allowed."""
    body = html[html.index("<body") :]
    return body[: body.index('<section class="audit"')]


def test_every_catalogue_metric_has_a_label_and_a_display_unit() -> None:
    for m in CATALOG_METRICS:
        assert m.label and m.label != m.id, m.id
        assert m.display_unit, m.id
    assert CATALOG["price_input_usd_per_mtok"].title == "Input price"
    assert CATALOG["price_input_usd_per_mtok"].shown_unit == "$ / M tokens"


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (0.25, "usd_per_mtok", "$0.25 / M tokens"),
        (10, "usd_per_mtok", "$10.00 / M tokens"),
        (0.0015, "usd_per_mtok", "$0.0015 / M tokens"),
        (850, "ms", "850 ms"),
        (1760, "ms", "1.8 s"),
        (128000, "tokens", "128,000 tokens"),
        (12.345, "percent", "12.3%"),
        (1.0, "yes/no", "yes"),
        (0.0, "yes/no", "no"),
        (None, "ms", "\u2014"),
    ],
)
def test_display_units(value: float | None, unit: str, shown: str) -> None:
    assert format_display(value, unit) == shown


def test_panel_figures_read_on_their_scale() -> None:
    assert format_display(3.5, "panel", 5.0) == "3.5 / 5"


def test_labels_from_the_criteria_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A criterion's and a custom metric's `label` name them; without one, the id in words."""
    work = tmp_path / "case"
    shutil.copytree(PANEL_CASE, work)
    criteria = work / "criteria.toml"
    text = criteria.read_text()
    text = text.replace("[criteria.service]", '[criteria.service]\nlabel = "Service and support"')
    criteria.write_text(text)
    monkeypatch.chdir(work)
    inputs = _inputs(work)
    labels = Labels.of(inputs.catalog, inputs.criteria)
    assert labels.criterion("service") == "Service and support"
    assert labels.criterion("reliability") == "Reliability"
    assert labels.metric("support_quality") == "Support quality"
    assert labels.metric("eu_data_residency") == "EU data residency"


def test_ids_in_messages_become_words() -> None:
    labels = Labels()
    text = "context_window_tokens 8192 tokens < min 32000 tokens; price_input_usd_per_mtok"
    assert labels.words(text) == "Context window 8192 tokens < min 32000 tokens; Input price"
    # a file name or a vendor id that contains an id is left alone
    assert labels.words("vendors/sso_saml.toml, x-sso_saml") == "vendors/sso_saml.toml, x-sso_saml"


#: Catalogue ids that are also ordinary English words: prose may use the word.
PLAIN_WORDS = frozenset({"discount"})


def test_bundled_report_speaks_in_labels_at_a_readers_precision() -> None:
    inputs = _inputs(REPO)
    ranking = score_vendors(inputs, dt.date(2026, 12, 1))
    reader = _reader_part(_html(inputs, ranking))
    for metric in CATALOG:
        if metric in PLAIN_WORDS:
            continue  # an id that is also an ordinary word ("negotiated discounts")
        assert not re.search(rf"(?<![\w.-]){metric}(?![\w-])", reader), metric
    assert not LONG_FLOAT.search(reader), LONG_FLOAT.search(reader)
    assert "Input price" in reader and " / M tokens" in reader
    assert "usd_per_mtok" not in reader


def test_recommendation_says_why_at_one_decimal() -> None:
    inputs = _inputs(REPO)
    ranking = score_vendors(inputs, dt.date(2026, 12, 1))
    top, runner = ranking.ranking[0], ranking.ranking[1]
    text = recommendation_text(ranking, Labels.of(inputs.catalog, inputs.criteria))
    assert f"score {top.score:.1f} of 100" in text
    assert f"{top.score - runner.score:.1f} points ahead of {runner.vendor} \u2013 " in text
    gains = {
        c: top.criteria[c].points - runner.criteria[c].points
        for c in top.criteria
        if top.criteria[c].points > runner.criteria[c].points
    }
    best = max(gains, key=lambda c: gains[c])
    assert f"It leads on {best.capitalize()} (+{gains[best]:.1f})" in text
    assert not LONG_FLOAT.search(text)
    assert f"{top.score:.6f}" in ranking.recommendation  # full precision stays in the JSON


def test_runner_up_statement_from_the_shares() -> None:
    from scorecard.analyse.sensitivity import analyse_sensitivity

    inputs = _inputs(REPO)
    ranking = score_vendors(inputs, dt.date(2026, 12, 1))
    assert runner_up_text(ranking) is None  # no robustness analysis: nothing to say
    ranking = ranking.model_copy(
        update={"sensitivity": analyse_sensitivity(inputs, ranking, draws=400, seed=0)}
    )
    text = runner_up_text(ranking)
    assert text is not None
    runner = ranking.ranking[1]
    assert ranking.sensitivity is not None
    share = ranking.sensitivity.acceptability[runner.id][1]
    assert text.startswith("Second place is settled" if share >= 0.8 else "Second place is open")
    assert f"{runner.vendor} \u2013 {runner.model}" in text
    assert f"{share:.0%}" in text


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_rank_outputs_use_labels_and_a_readers_precision(fmt: str) -> None:
    inputs = _inputs(REPO)
    ranking = score_vendors(inputs, dt.date(2026, 12, 1))
    text = write_ranking(ranking, fmt, Labels.of(inputs.catalog, inputs.criteria))
    assert not LONG_FLOAT.search(text)
    assert "Reliability" in text and "Context window" in text
    assert "context_window_tokens" not in text and "usd_per_mtok" not in text
