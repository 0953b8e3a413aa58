"""Evaluation panels: aggregation (median, mean, moderated), spread, the disagreement
flag, missing evaluator scores, and how the aggregates reach the vendor records."""

from __future__ import annotations

import datetime as dt
import math
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from scorecard.cli import app
from scorecard.load.inputs import load_inputs
from scorecard.load.project import default_paths
from scorecard.model.inputs import Inputs
from scorecard.model.panel import (
    EvaluatorScore,
    PanelMetric,
    aggregate_scores,
    mean,
    median,
    sample_sd,
)

CASES = Path(__file__).parent / "cases"
PANEL_CASE = CASES / "valid" / "panel-and-requirements"


def _metric(aggregate: str = "median", low: float = 0, high: float = 5) -> PanelMetric:
    return PanelMetric("support_quality", low, high, "higher", aggregate, ())


def _scores(*values: float) -> list[EvaluatorScore]:
    return [
        EvaluatorScore(f"evaluator {i}", v, f"reason {i}", f"scores/e{i}.toml")
        for i, v in enumerate(values)
    ]


# --------------------------------------------------------------------------- known answers


def test_median_known_answers() -> None:
    """Python documentation, statistics.median: median([1, 3, 5]) == 3 and, for an even
    count, the mean of the two middle values: median([1, 3, 5, 7]) == 4.0."""
    assert median([1, 3, 5]) == 3
    assert median([1, 3, 5, 7]) == 4.0
    assert median([5, 1, 3]) == 3  # order does not matter


def test_mean_and_sample_sd_known_answers() -> None:
    """Python documentation, statistics: mean([1, 2, 3, 4, 4]) == 2.8;
    stdev([1.5, 2.5, 2.5, 2.75, 3.25, 4.75]) == 1.0810874155219827 (sample sd, n - 1)."""
    assert mean([1, 2, 3, 4, 4]) == pytest.approx(2.8, rel=1e-12)
    assert sample_sd([1.5, 2.5, 2.5, 2.75, 3.25, 4.75]) == pytest.approx(
        1.0810874155219827, rel=1e-12
    )
    assert sample_sd([3]) is None


def test_median_aggregate() -> None:
    """Scores 2, 4, 4 on 0-5: median 4, range 2-4, sample sd sqrt(4/3) = 1.1547,
    standard error sd / sqrt(3) = 2/3; a range of 2 is 40% of the scale: flagged."""
    r = aggregate_scores("acme", _metric(), _scores(2, 4, 4), ["evaluator 0", "evaluator 1"])
    assert r.value == 4
    assert (r.low, r.high, r.spread) == (2, 4, 2)
    assert r.sd == pytest.approx(math.sqrt(4 / 3), rel=1e-12)
    assert r.stderr == pytest.approx(2 / 3, rel=1e-12)
    assert r.flagged
    assert r.method == "panel of 3"
    assert r.missing_evaluators == ()


def test_mean_aggregate() -> None:
    """Scores 3, 4, 4, 5: mean 4, sample sd sqrt(2/3), standard error sqrt(2/3) / 2."""
    r = aggregate_scores("acme", _metric("mean"), _scores(3, 4, 4, 5), [])
    assert r.value == 4
    assert r.sd == pytest.approx(math.sqrt(2 / 3), rel=1e-12)
    assert r.stderr == pytest.approx(math.sqrt(2 / 3) / 2, rel=1e-12)
    assert r.flagged  # range 2 on 0-5


def test_moderated_aggregate_is_the_moderators_score() -> None:
    """The moderated score is the value, whatever the evaluators' central tendency;
    the evaluators' scores still give the spread and the standard error."""
    moderator = EvaluatorScore("Carol", 2.5, "agreed at moderation", "scores/moderation.toml")
    r = aggregate_scores("acme", _metric("moderated"), _scores(1, 4), [], moderator)
    assert r.value == 2.5
    assert r.moderated == moderator
    assert (r.low, r.high) == (1, 4)
    assert r.stderr == pytest.approx(math.sqrt(4.5) / math.sqrt(2), rel=1e-12)
    assert r.method == "panel of 2, moderated"


def test_moderated_without_a_moderated_score_is_missing() -> None:
    r = aggregate_scores("acme", _metric("moderated"), _scores(3, 4), [])
    assert r.value is None


@pytest.mark.parametrize(
    ("scores", "scale", "flagged"),
    [
        ((2, 4), (0, 5), True),  # 2 points = 40% of 0-5
        ((2, 3.9), (0, 5), False),
        ((1, 4.6), (1, 10), True),  # 3.6 = 40% of 1-10 (width 9)
        ((1, 4.5), (1, 10), False),
        ((0.1 + 0.2, 2.3), (0, 5), True),  # 1.9999999999999998 in floating point: still 2
    ],
)
def test_disagreement_flag(
    scores: tuple[float, float], scale: tuple[float, float], flagged: bool
) -> None:
    """A range of 40% of the scale or more (2 points on 0-5) is flagged for moderation."""
    r = aggregate_scores("acme", _metric(low=scale[0], high=scale[1]), _scores(*scores), [])
    assert r.flagged is flagged


def test_one_score_has_no_spread_and_no_stderr() -> None:
    r = aggregate_scores("acme", _metric(), _scores(3), ["evaluator 0", "Zoe"])
    assert r.value == 3
    assert r.n == 1
    assert (r.sd, r.stderr, r.flagged) == (None, None, False)
    assert r.missing_evaluators == ("Zoe",)


def test_no_score_is_missing_and_names_everyone() -> None:
    r = aggregate_scores("acme", _metric(), [], ["Bob", "Alice"])
    assert r.value is None
    assert r.missing_evaluators == ("Alice", "Bob")


@given(st.lists(st.integers(0, 5), min_size=1, max_size=8), st.randoms())
def test_aggregate_is_on_the_scale_and_independent_of_order(scores: list[int], rnd: object) -> None:
    for aggregate in ("median", "mean"):
        a = aggregate_scores("v", _metric(aggregate), _scores(*scores), [])
        assert a.value is not None and 0 <= a.value <= 5
        assert a.low is not None and a.high is not None and a.low <= a.value <= a.high
        shuffled = list(reversed(_scores(*scores)))
        b = aggregate_scores("v", _metric(aggregate), shuffled, [])
        assert b.value == a.value and b.sd == a.sd


# --------------------------------------------------------------------------- loading


def _load_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Inputs:
    work = tmp_path / "case"
    shutil.copytree(PANEL_CASE, work)
    monkeypatch.chdir(work)
    result = load_inputs(default_paths(work, None, None))
    assert result.findings == []
    assert result.inputs is not None
    return result.inputs


def test_panel_values_reach_the_vendor_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = _load_case(tmp_path, monkeypatch)
    acme, bolt = inputs.vendors
    # support_quality: median of 4 and 3; style_adherence: the moderated 7.5
    assert acme.values["support_quality"] == 3.5
    assert acme.values["style_adherence"] == 7.5
    assert acme.stderrs["support_quality"] == pytest.approx(math.sqrt(0.5) / math.sqrt(2))
    # bolt.2: 2 and 5 -> median 3.5, flagged; style: one score, moderated 4, no stderr
    assert bolt.values["support_quality"] == 3.5
    assert bolt.values["style_adherence"] == 4
    assert "style_adherence" not in bolt.stderrs
    fig = acme.file.metrics["support_quality"]
    assert (fig.evidence, fig.method, fig.unit, fig.as_of) == (
        "in-house",
        "panel of 2",
        "panel",
        dt.date(2026, 5, 2),
    )
    assert bolt.file.metrics["style_adherence"].method == "panel of 1, moderated"
    assert bolt.file.metrics["style_adherence"].as_of == dt.date(2026, 5, 10)
    assert inputs.panel is not None
    flagged = [(r.vendor, r.metric) for r in inputs.panel.results if r.flagged]
    assert flagged == [("bolt.2", "support_quality")]
    style = inputs.panel.result("bolt.2", "style_adherence")
    assert style is not None and style.missing_evaluators == ("Bob Example",)
    assert [e.name for e in inputs.panel.evaluators] == ["Alice Example", "Bob Example"]
    assert inputs.panel.moderator is not None and inputs.panel.moderator.role == "Evaluation chair"
    # justifications verbatim (the report escapes them)
    bolt_support = inputs.panel.result("bolt.2", "support_quality")
    assert bolt_support is not None
    assert bolt_support.scores[0].justification == (
        "Two tickets took a week; <b>no</b> named contact & no SLA."
    )


def test_panel_metric_defaults_to_its_scale_and_yes_no_to_one_and_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = _load_case(tmp_path, monkeypatch)
    by_id = {rm.metric: rm for rm in inputs.metrics}
    assert (by_id["support_quality"].best, by_id["support_quality"].worst) == (5, 0)
    assert (by_id["style_adherence"].best, by_id["style_adherence"].worst) == (10, 1)
    assert (by_id["sso_saml"].best, by_id["sso_saml"].worst) == (1, 0)


def test_yes_no_values_and_require_gates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = _load_case(tmp_path, monkeypatch)
    acme, bolt = inputs.vendors
    assert acme.values["eu_data_residency"] == 1.0
    assert acme.values["sso_saml"] == 0.0
    assert bolt.values["eu_data_residency"] == 0.0
    assert "soc2_type2_report" not in bolt.values
    residency, soc2 = inputs.gates
    assert (residency.require, residency.min, residency.max, residency.unit) == (
        True,
        1.0,
        None,
        "yes/no",
    )
    assert residency.reason == "tender clause 7.1: data stays in the EU"
    # no reason given: the requirement's description from the catalogue
    assert soc2.reason == "A current SOC 2 Type II audit report is available to customers."


def test_score_files_are_part_of_the_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = _load_case(tmp_path, monkeypatch)
    names = [s.name for s in inputs.sources]
    assert names[-3:] == ["scores/alice.toml", "scores/bob.toml", "scores/moderation.toml"]
    assert all(len(s.sha256) == 64 for s in inputs.score_sources)


def test_scores_option_and_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    work = tmp_path / "case"
    shutil.copytree(PANEL_CASE, work)
    (work / "scores").rename(work / "panel")
    monkeypatch.chdir(work)
    # no scores/ beside vendors/: the panel metrics are simply missing (warned when ranked)
    assert default_paths(work, None, None).scores_path is None
    result = runner.invoke(app, ["validate"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "OK: 2 vendor files and criteria.toml are valid" in result.stderr
    result = runner.invoke(app, ["validate", "--scores", "panel"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "OK: 2 vendor files, 3 score files and criteria.toml are valid" in result.stderr
    # an explicit vendors folder does not pick up a scores/ folder by itself
    (work / "panel").rename(work / "scores")
    assert default_paths(work, [Path("vendors")], None).scores_path is None
    assert default_paths(work, None, None).scores_path == Path("scores")


def test_bundled_example_has_no_score_files(tmp_path: Path) -> None:
    paths = default_paths(tmp_path, None, None)
    assert paths.bundled
    assert paths.scores_path is None


def test_scores_without_panel_metrics_are_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    """A score file for criteria that declare no panel metric is never ignored silently."""
    work = tmp_path / "case"
    shutil.copytree(PANEL_CASE / "vendors", work / "vendors")
    shutil.copytree(PANEL_CASE / "scores", work / "scores")
    (work / "criteria.toml").write_text(
        'schema_version = 1\ntitle = "t"\nbuyer = "b"\n[criteria.r]\nweight = 1\n'
        "[criteria.r.metrics.hallucination_rate]\nweight = 1\nbest = 0\nworst = 20\n"
    )
    monkeypatch.chdir(work)
    result = runner.invoke(app, ["validate"], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "scores/alice.toml:8:1: vendors.acme.support_quality: unknown panel metric "
        "'support_quality' (declare it in the criteria file with unit = \"panel\") "
        "[unknown-metric]"
    )


# --------------------------------------------------------------------------- format


def test_score_schema_accepts_the_score_files_and_rejects_a_missing_justification() -> None:
    """schema/score.schema.json (committed, kept equal to `scorecard schema`) is what
    editors validate score files with."""
    import json
    import tomllib

    import jsonschema

    repo = Path(__file__).resolve().parent.parent
    schema = json.loads((repo / "schema" / "score.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted((PANEL_CASE / "scores").glob("*.toml")):
        data = tomllib.loads(path.read_text())
        data["date"] = data["date"].isoformat()
        assert not list(validator.iter_errors(data)), path
    data["vendors"]["acme"]["style_adherence"].pop("justification")
    assert list(validator.iter_errors(data))


@given(
    st.dictionaries(
        st.from_regex(r"[a-z0-9][a-z0-9._-]{0,8}", fullmatch=True),
        st.dictionaries(
            st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True),
            st.builds(
                dict,
                score=st.floats(0, 5, allow_nan=False),
                justification=st.text(
                    st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40
                ).filter(str.strip),
            ),
            max_size=3,
        ),
        max_size=3,
    )
)
def test_score_files_round_trip_through_tomli_w(vendors: dict[str, object]) -> None:
    import tomllib

    import tomli_w

    from scorecard.model.files import ScoreFile

    data = {
        "schema_version": 1,
        "evaluator": "Alice",
        "role": "r",
        "conflicts": "none",
        "date": dt.date(2026, 5, 1),
        "vendors": vendors,
    }
    original = ScoreFile.model_validate(data)
    written = tomli_w.dumps(original.model_dump(exclude_none=True))
    assert ScoreFile.model_validate(tomllib.loads(written)) == original


@pytest.mark.slow
def test_runs_without_a_panel_do_not_import_the_panel_code(tmp_path: Path) -> None:
    """validate/rank must stay fast: the panel module loads only when needed."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from scorecard.load.inputs import load_inputs\nfrom scorecard.load.project import default_paths\n"
        "assert load_inputs(default_paths(Path.cwd(), None, None)).inputs is not None\n"
        "print('scorecard.model.panel' in sys.modules)\n"
    )
    bundled = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert bundled.stdout == "False\n"
    panel = subprocess.run(
        [sys.executable, "-c", code], cwd=PANEL_CASE, capture_output=True, text=True, check=True
    )
    assert panel.stdout == "True\n"
