"""Common spellings of units (issue 13, part 3): accepted as aliases only where they
can mean one unit, never a unit of another dimension or another currency; the
figure is read, scored and kept in the unit the spelling names.  The case folders
valid/units-spelt-the-usual-ways, invalid/unit-alias-in-another-currency and
invalid/unit-hints-within-the-dimension show them through `validate`."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scorecard.cli import app
from scorecard.load.inputs import load_inputs
from scorecard.load.project import InputPaths
from scorecard.model.units import (
    CURRENCY_CODES,
    CURRENCY_SIGNS,
    PRICE_QUANTITIES,
    UNIT_ALIASES,
    UNITS,
    canonical_unit,
)
from scorecard.score.ranking import score_vendors

CASES = Path(__file__).parent / "cases"
REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("spelt", "unit"),
    [
        ("USD/1M tokens", "usd_per_mtok"),
        ("$/Mtok", "usd_per_mtok"),
        ("usd/mtok", "usd_per_mtok"),
        ("USD per million tokens", "usd_per_mtok"),
        ("$ / 1K tokens", "usd_per_ktok"),
        ("USD/token", "usd_per_token"),
        ("USD/month", "usd_per_month"),
        ("EUR/1M tokens", "eur_per_mtok"),
        ("€ per million tokens", "eur_per_mtok"),
        ("£/Mtok", "gbp_per_mtok"),
        ("%", "percent"),
        ("Percent", "percent"),
        ("milliseconds", "ms"),
        ("MS", "ms"),
        ("seconds", "s"),
        ("tokens/s", "tokens_per_s"),
        ("billion", "billions"),
    ],
)
def test_common_spellings_name_their_unit(spelt: str, unit: str) -> None:
    assert canonical_unit(spelt) == unit


@pytest.mark.parametrize(
    "spelt",
    # M or K alone (million or month? thousand tokens?), a dollar of another country,
    # a word that is not a currency, and the slips the loader reports with a hint
    ["$/M", "USD/M", "K tokens", "A$/Mtok", "C$/Mtok", "sec/token", "msec", "b", "d", "tps"],
)
def test_ambiguous_spellings_stay_unknown(spelt: str) -> None:
    assert canonical_unit(spelt) == spelt
    assert spelt not in UNITS


def test_an_alias_names_one_unit_of_its_own_dimension() -> None:
    for alias, unit in UNIT_ALIASES.items():
        assert unit in UNITS, alias
        assert alias not in UNITS or alias == unit, alias  # never another unit's own name
    # a share stays a share, a duration a duration: spelt any way, the dimension holds
    for alias, unit in UNIT_ALIASES.items():
        for name, u in UNITS.items():
            if alias.replace(" ", "").lower() == name.lower():
                assert UNITS[unit].dimension == u.dimension


def test_a_price_spelling_never_changes_its_currency() -> None:
    signs = {**{c: c for c in CURRENCY_CODES}, **CURRENCY_SIGNS}
    assert set(CURRENCY_SIGNS.values()) <= CURRENCY_CODES
    for (cur, code), per, qty in itertools.product(
        signs.items(), ("/", " per ", " / "), PRICE_QUANTITIES
    ):
        unit = canonical_unit(f"{cur.upper()}{per}{qty}")
        assert unit == f"{code.lower()}_per_{PRICE_QUANTITIES[qty]}", (cur, per, qty)
        if code == "usd":  # dollars are a unit of their own; other currencies need [fx]
            assert UNITS[unit].dimension in ("price", "usd_per_month")
        else:
            assert unit not in UNITS


def _copy(case: str, tmp_path: Path) -> Path:
    work = tmp_path / case
    shutil.copytree(CASES / case, work)
    if not (work / "criteria.toml").exists():
        shutil.copy(REPO / "criteria.toml", work / "criteria.toml")
    return work


def test_a_figure_in_an_alias_scores_as_in_its_unit(tmp_path: Path) -> None:
    """The same figures spelt the usual ways and in the units' own names score alike,
    and the loaded figures and the results carry the units' own names."""
    spelt = _copy("valid/units-spelt-the-usual-ways", tmp_path)
    named = tmp_path / "named"
    shutil.copytree(spelt, named)
    path = named / "vendors" / "acme.toml"
    text = path.read_text()
    for alias, unit in [
        ('"%"', '"percent"'),
        ('"milliseconds"', '"ms"'),
        ('"Seconds"', '"s"'),
        ('"USD/1M tokens"', '"usd_per_mtok"'),
        ('"USD per 1K tokens"', '"usd_per_ktok"'),
    ]:
        assert text.count(f"unit = {alias}\n") == 1
        text = text.replace(f"unit = {alias}\n", f"unit = {unit}\n")
    path.write_text(text)
    results = []
    for root in (spelt, named):
        inputs = load_inputs(InputPaths((root / "vendors",), root / "criteria.toml")).inputs
        assert inputs is not None
        (acme,) = inputs.vendors
        units = {m: f.unit for m, f in acme.file.metrics.items()}
        assert units["hallucination_rate"] == "percent"
        assert units["price_output_usd_per_mtok"] == "usd_per_ktok"
        assert acme.values["price_output_usd_per_mtok"] == pytest.approx(15.0)
        assert acme.values["time_to_first_token_ms"] == pytest.approx(420.0)
        results.append(score_vendors(inputs, dt.date(2026, 4, 1)).to_json())
    assert results[0] == results[1]


def test_a_euro_spelling_is_converted_at_the_criteria_rate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = _copy("invalid/unit-alias-in-another-currency", tmp_path)
    criteria = work / "criteria.toml"
    criteria.write_text(
        criteria.read_text()
        + '\n[fx.EUR]\nper_usd = 0.5\nsource = "test rate"\nas_of = 2026-03-01\n'
    )
    monkeypatch.chdir(work)
    result = CliRunner().invoke(app, ["validate"], catch_exceptions=False)
    assert result.exit_code == 0, result.stdout
    inputs = load_inputs(InputPaths((work / "vendors",), work / "criteria.toml")).inputs
    assert inputs is not None
    (acme,) = inputs.vendors
    # 2.5 and 10 euros at 0.5 euro per dollar: 5 and 20 dollars, never 2.5 and 10
    assert acme.values["price_input_usd_per_mtok"] == pytest.approx(5.0)
    assert acme.values["price_output_usd_per_mtok"] == pytest.approx(20.0)
    args = ["rank", "--date", "2026-04-01", "--format", "json"]
    data = json.loads(CliRunner().invoke(app, args, catch_exceptions=False).stdout)
    assert data["ranking"][0]["metrics"]["monthly_cost"]["unit"] == "per_month"
