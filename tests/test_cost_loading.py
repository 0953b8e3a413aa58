"""[usage] and [fx] at load: monthly_cost derived in the buyer's currency, prices quoted
in other currencies converted, bad usage found (not raised)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

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
