"""[usage] and [fx] at load: monthly_cost derived in the buyer's currency, prices quoted
in other currencies converted, bad usage found (not raised)."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from scorecard.cli import app

CASE = Path(__file__).parent / "cases" / "valid" / "usage-fx-tiers"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    work = tmp_path / "p"
    shutil.copytree(CASE, work)
    monkeypatch.chdir(work)
    return work


def _monthly_cost() -> float:
    result = CliRunner().invoke(app, ["rank", "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return float(json.loads(result.stdout)["ranking"][0]["metrics"]["monthly_cost"]["value"])


def test_monthly_cost_by_hand(project: Path) -> None:
    """Worked by hand from the case's files:
    chat:   1,000 x (1,000 x $2.50 + 100 x EUR 9.20 / 0.92) / 1M            = $3.50
    review: 20,000 x (120,000 x $5.00 + 120,000 x $0.50 + 1,500 x $10) / 1M
            = $13,500, 20 % of it at half price: x 0.9                    = $12,150
    tokens $12,153.50, less 10 %: $10,938.15; fee GBP 79 / 0.79 = $100;
    $11,038.15 x 0.92 = EUR 10,155.098."""
    assert _monthly_cost() == pytest.approx(10_155.098, rel=1e-12)


def test_the_rate_scales_the_cost(project: Path) -> None:
    crit = project / "criteria.toml"
    before = _monthly_cost()
    crit.write_text(crit.read_text().replace('currency = "EUR"', 'currency = "USD"'))
    # in USD the GBP fee and the EUR output price still convert; the total is not x 0.92
    assert _monthly_cost() == pytest.approx(before / 0.92, rel=1e-12)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("batch_share = 0.2", "batch_share = 1.2", "usage.workload[1].batch_share"),
        ("requests_per_month = 20_000", "requests_per_month = 0", "usage.workload[1].requests"),
        ("per_usd = 0.92", "per_usd = -1", "fx.EUR.per_usd"),
    ],
)
def test_bad_usage_is_a_finding(project: Path, old: str, new: str, expected: str) -> None:
    crit = project / "criteria.toml"
    assert old in crit.read_text()
    crit.write_text(crit.read_text().replace(old, new))
    result = CliRunner().invoke(app, ["validate"], catch_exceptions=False)
    assert result.exit_code == 1
    assert "criteria.toml:" in result.stdout and expected in result.stdout
    assert "Traceback" not in result.output


def test_without_usage_no_monthly_cost(project: Path) -> None:
    crit = project / "criteria.toml"
    text = crit.read_text().replace("monthly_cost", "price_input_usd_per_mtok")
    text = text[: text.index("[usage]")] + text[text.index("[fx.EUR]") :]
    crit.write_text(text)
    result = CliRunner().invoke(app, ["rank", "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "monthly_cost" not in result.stdout


def test_cost_command_json(project: Path) -> None:
    result = CliRunner().invoke(app, ["cost", "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["currency"], data["scale"]) == ("EUR", 1.0)
    (acme,) = data["vendors"]
    assert acme["monthly"] == pytest.approx(10_155.098, rel=1e-12)
    assert acme["annual"] == pytest.approx(12 * 10_155.098, rel=1e-12)
    assert [w["name"] for w in acme["workloads"]] == ["chat", "review"]
    # workloads before the 10 % discount, then the discount and the GBP 79 fee
    tokens = sum(w["monthly"] for w in acme["workloads"])
    assert tokens * 0.9 + 100 * 0.92 == pytest.approx(acme["monthly"], rel=1e-12)
    assert acme["parts"]["fees"] == pytest.approx(92.0)
    assert sum(acme["parts"].values()) == pytest.approx(acme["monthly"], rel=1e-12)


def test_cost_scale_is_linear_in_token_charges(project: Path) -> None:
    def monthly(*args: str) -> float:
        r = CliRunner().invoke(app, ["cost", "--format", "json", *args], catch_exceptions=False)
        assert r.exit_code == 0, r.output
        return float(json.loads(r.stdout)["vendors"][0]["monthly"])

    fee = 92.0
    assert monthly("--scale", "3") - fee == pytest.approx(3 * (monthly() - fee), rel=1e-12)


def test_cost_table_names_the_rate(project: Path) -> None:
    result = CliRunner().invoke(app, ["cost"], catch_exceptions=False)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Cost per month and year in EUR (example volumes)"
    assert lines[1] == (
        "Currency EUR: 0.92 EUR per USD (ECB euro foreign exchange reference rate, 2026-11-20)."
    )
    assert "10,155" in lines[-1] and "121,861" in lines[-1]


def test_cost_without_usage_is_an_error(project: Path) -> None:
    crit = project / "criteria.toml"
    text = crit.read_text().replace("monthly_cost", "price_input_usd_per_mtok")
    crit.write_text(text[: text.index("[usage]")] + text[text.index("[fx.EUR]") :])
    result = CliRunner().invoke(app, ["cost"], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: criteria.toml sets no [usage]: "
        "add [[usage.workload]] entries to price the buyer's volume"
    )


def test_pareto_marks_the_undominated() -> None:
    from scorecard.report.cost_charts import pareto

    # (annual cost, score): b is cheaper and better than c; a is cheapest; d is best
    pts = [(10.0, 40.0), (20.0, 60.0), (30.0, 50.0), (90.0, 80.0), (20.0, 60.0)]
    assert pareto(pts) == [True, True, False, True, True]


def test_report_cost_section(project: Path) -> None:
    """The HTML report prices the volume, names the rate and says where the cheapest
    vendor changes (none here: one vendor)."""
    out = project / "r.html"
    result = CliRunner().invoke(
        app,
        ["report", "-o", str(project / "r.pdf"), "--html", str(out), "--date", "2026-11-24"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert "<h2>Cost at your volume</h2>" in html
    assert "10,155" in html and "121,861" in html
    assert "0.92 EUR per USD (ECB euro foreign exchange reference rate, 2026-11-20)" in html
    assert "The cheapest vendor is the same over the whole range." in html
    assert 'aria-labelledby="costvol-title costvol-desc"' in html
    # the only criterion is cost: no score is left without it
    assert "No ranked vendor has both a cost and a score without the cost criteria (Cost)" in html


def _fx_warnings(date: str) -> list[dict[str, str]]:
    result = CliRunner().invoke(
        app, ["rank", "--format", "json", "--date", date], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return [w for w in json.loads(result.stdout)["warnings"] if w["code"] == "stale-fx-rate"]


def test_a_stale_rate_is_an_evidence_warning(project: Path) -> None:
    """The rates are dated 2026-11-20 and max_age_days is 365: the same rule as a
    figure's (stale the day after max_age_days have passed), at the rate's own line."""
    assert _fx_warnings("2027-11-20") == []
    stale = _fx_warnings("2027-11-21")
    assert [w["message"] for w in stale] == [
        f"criteria.toml:{line}:1: fx.{cur}.as_of: the {cur} exchange rate is dated 2026-11-20, "
        "366 days before 2027-11-21 (max_age_days = 365)"
        for cur, line in (("EUR", 26), ("GBP", 31))
    ]
    # validate says the same at the same place, as a warning (--strict fails on it)
    for date, code in (("2027-11-20", 0), ("2027-11-21", 1)):
        result = CliRunner().invoke(
            app, ["validate", "--strict", "--date", date], catch_exceptions=False
        )
        assert result.exit_code == code, result.output
    assert result.stdout.splitlines() == [
        f"{w['message']} [stale-fx-rate] (warning)" for w in stale
    ]


def test_a_stale_rate_is_in_the_report(project: Path) -> None:
    out = project / "r.html"
    args = ["report", "-o", str(project / "r.pdf"), "--html", str(out), "--date", "2028-01-01"]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (
        "the EUR exchange rate is dated 2026-11-20, 407 days before 2028-01-01" in out.read_text()
    )


def test_the_robustness_analysis_draws_monthly_cost(project: Path) -> None:
    """monthly_cost is drawn like the blended price: with the errors of the figures it
    is computed from, combined.  By hand (USD, then x 0.92): the cost moves by
    $1,944.90 per $1/Mtok of input price (chat 1,000 x 1,000 / 1M = 1; review
    20,000 x 240,000 x 0.5 / 1M = 2,400, x 0.9 for the batch share; both x 0.9 for the
    discount; the tier moves with the base price) and by $24.39 per $1/Mtok of output
    price ((0.1 + 30 x 0.9) x 0.9).  Input stderr $0.50; the output price is an
    estimate: 10 % of EUR 9.20 = $1.00."""
    from scorecard import pipeline
    from scorecard.analyse.problem import build_problem
    from scorecard.analyse.sensitivity import draw_batch

    vendor = project / "vendors" / "acme.toml"
    text = vendor.read_text()
    text = text.replace("tiers = [{ above_input_tokens = 200_000, value = 5.0 }]\n", "", 1)
    text = text.replace(
        'value = 2.5\nunit = "usd_per_mtok"\n',
        'value = 2.5\nstderr = 0.5\nunit = "usd_per_mtok"\ntiers = [{ above_input_tokens = 200_000, value = 5.0 }]\n',
    )
    text = text.replace(
        'source = "Acme quote Q-17"\nas_of = 2026-03-01\nevidence = "vendor-claim"',
        'source = "Acme quote Q-17"\nas_of = 2026-03-01\nevidence = "estimate"',
        1,
    )
    vendor.write_text(text)
    inputs = pipeline.load_project(pipeline.find_inputs())
    p = build_problem(inputs)
    k = p.columns.index("monthly_cost")
    expected = math.hypot(1_944.9 * 0.5, 24.39 * 1.0) * 0.92
    assert p.stderr[k, 0] == pytest.approx(expected, rel=1e-12)
    # and the Monte Carlo draws it with that spread (10,000 draws: within 3 %)
    drawn = draw_batch(p, np.random.default_rng(1), 10_000, math.inf)[1][:, k, 0]
    assert float(drawn.std()) == pytest.approx(expected, rel=0.03)
    assert float(drawn.mean()) == pytest.approx(p.value[k, 0], rel=0.01)
    # without the uncertain figures, the cost is drawn at its value
    vendor.write_text(text.replace("stderr = 0.5\n", "").replace('"estimate"', '"vendor-claim"'))
    p = build_problem(pipeline.load_project(pipeline.find_inputs()))
    assert p.stderr[k, 0] == 0.0


def test_monthly_cost_carries_the_evidence_of_its_figures(project: Path) -> None:
    """Weighting monthly_cost, its prices, discounts and fees are the figures scoring
    reads: a stale one is flagged, as a blended price's parts are."""
    result = CliRunner().invoke(
        app, ["rank", "--format", "json", "--date", "2027-06-01"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    warnings = json.loads(result.stdout)["warnings"]
    stale = {w["metric"] for w in warnings if w["code"] == "stale-figure"}
    assert stale == {
        "price_input_usd_per_mtok",
        "price_output_usd_per_mtok",
        "price_cached_input_usd_per_mtok",
        "batch_discount",
        "discount",
        "platform_fee_usd_per_month",
    }


def _method_section(project: Path) -> str:
    out = project / "r.html"
    args = ["report", "-o", str(project / "r.pdf"), "--html", str(out), "--date", "2026-11-24"]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    html = out.read_text()
    return html[html.index('<section class="method"') :].split("</section>")[0]


def test_the_method_section_explains_the_cost(project: Path) -> None:
    method = _method_section(project)
    assert "<strong>Monthly cost.</strong> The monthly cost is what each vendor" in method
    assert "its value function scores it like any other figure" in method
    assert "converted into EUR at the rate the cost section states" in method
    assert "x is the number of EUR for one US dollar" in method
    assert 'class="formula">monthly cost = x \u00d7' in method
    assert "The robustness analysis draws the monthly cost" in method
    # priced but not weighted: the section says it changes no score
    crit = project / "criteria.toml"
    crit.write_text(crit.read_text().replace("monthly_cost", "price_input_usd_per_mtok"))
    method = _method_section(project)
    assert "do not weight the monthly cost, so it informs the reader" in method
    assert "The robustness analysis draws the monthly cost" not in method
    # without [usage], nothing about it
    text = crit.read_text()
    crit.write_text(text[: text.index("[usage]")] + text[text.index("[fx.EUR]") :])
    assert "Monthly cost" not in _method_section(project)


def test_validate_with_a_bad_date_is_a_usage_error(project: Path) -> None:
    result = CliRunner().invoke(app, ["validate", "--date", "2026-13-01"], catch_exceptions=False)
    assert result.exit_code == 2
    assert "Invalid value for --date: '2026-13-01' is not a date YYYY-MM-DD" in result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
