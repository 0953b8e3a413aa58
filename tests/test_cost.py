"""The cost arithmetic (score/cost.py): known answers from genai-prices, an independent
implementation of tiered, cache-aware pricing, and hypothesis properties."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from genai_prices import Usage, calc_price
from genai_prices.types import TieredPrices
from hypothesis import given
from hypothesis import strategies as st

from scorecard.model.cost import (
    Price,
    PriceSheet,
    Tier,
    Workload,
    cost_breakdown,
    cost_per_request,
    crossovers,
    monthly_cost,
)

# model, provider, tier threshold (input tokens), as genai-prices 0.2.x prices them
MODELS = [
    ("gpt-5.4", "openai", 272_000),
    ("claude-sonnet-4-5", "anthropic", 200_000),
    ("gemini-2.5-pro", "google", 200_000),
]


def _price(tp: TieredPrices | Decimal | None) -> Price | None:
    if tp is None:
        return None
    if isinstance(tp, Decimal):
        return Price(float(tp))
    tiers = tuple(Tier(t.start, float(t.price)) for t in tp.tiers)
    return Price(float(tp.base), tiers)


def _sheet(model: str, provider: str) -> PriceSheet:
    prices = calc_price(Usage(input_tokens=1), model_ref=model, provider_id=provider).model.prices
    assert not isinstance(prices, list)
    return PriceSheet(
        input=_price(prices.input_mtok),
        output=_price(prices.output_mtok),
        cached_input=_price(prices.cache_read_mtok),
    )


@pytest.mark.parametrize(("model", "provider", "threshold"), MODELS)
@pytest.mark.parametrize("offset", [-50_000, -1, 0, 1, 60_000])
@pytest.mark.parametrize("share", [0.0, 0.25, 0.5, 1.0])
def test_cost_per_request_equals_genai_prices(
    model: str, provider: str, threshold: int, offset: int, share: float
) -> None:
    """Known answers: genai-prices' calc_price over a request of I input tokens
    (I*c of them cache reads) and O output tokens, below, at and above the model's
    long-context tier threshold."""
    tokens, out = threshold + offset, 1_234
    cached = int(tokens * share)
    usage = Usage(input_tokens=tokens, cache_read_tokens=cached, output_tokens=out)
    expected = float(calc_price(usage, model_ref=model, provider_id=provider).total_price)
    w = Workload("w", 1, tokens, out, cached_input_share=cached / tokens)
    got = cost_per_request(w, _sheet(model, provider))
    assert got == pytest.approx(expected, rel=1e-12)
    # and the tier really changes the answer across the threshold
    if offset > 0:
        below = Workload("w", 1, threshold, out, cached_input_share=cached / tokens)
        assert got / tokens > cost_per_request(below, _sheet(model, provider)) / threshold


def _independent(workloads: list[Workload], sheet: PriceSheet) -> float:
    """The issue's formula, written out again without the module's helpers."""
    assert sheet.input is not None and sheet.output is not None

    def pick(p: Price, tokens: float) -> float:
        applicable = [t for t in p.tiers if tokens > t.above_input_tokens]
        return max(applicable, key=lambda t: t.above_input_tokens).price if applicable else p.base

    total = 0.0
    for w in workloads:
        i, o, c = w.input_tokens, w.output_tokens, w.cached_input_share
        p_in, p_out = pick(sheet.input, i), pick(sheet.output, i)
        p_c = pick(sheet.cached_input, i) if sheet.cached_input else p_in
        per = (i * (1 - c) * p_in + i * c * p_c + o * p_out) / 1e6
        total += w.requests_per_month * per * (1 - w.batch_share * sheet.batch_discount / 100)
    return total * (1 - sheet.discount / 100) + sheet.platform_fee


def test_worked_example_from_the_issue() -> None:
    """600M input and 60M output tokens a month at $0.15/$0.60 and $2.50/$10:
    about $126 and $2,100 (the issue's two vendors, list prices, no caching)."""
    w = [Workload("all", 600_000, 1_000, 100)]
    cheap = PriceSheet(Price(0.15), Price(0.60))
    dear = PriceSheet(Price(2.5), Price(10.0))
    assert monthly_cost(w, cheap) == pytest.approx(600 * 0.15 + 60 * 0.60)
    assert monthly_cost(w, dear) == pytest.approx(600 * 2.5 + 60 * 10.0)


def test_batch_discount_fees_and_breakdown() -> None:
    w = [
        Workload("chat", 1_500_000, 1_800, 350, cached_input_share=0.5, batch_share=0.2),
        Workload("review", 20_000, 240_000, 1_500),
    ]
    sheet = PriceSheet(
        Price(3.0, (Tier(200_000, 6.0),)),
        Price(15.0, (Tier(200_000, 22.5),)),
        Price(0.3, (Tier(200_000, 0.6),)),
        batch_discount=50,
        discount=10,
        platform_fee=500,
    )
    total = monthly_cost(w, sheet)
    assert total == pytest.approx(_independent(w, sheet), rel=1e-12)
    parts = cost_breakdown(w, sheet)
    assert parts is not None
    assert parts.monthly == pytest.approx(total, rel=1e-12)
    assert parts.fees == 500
    assert parts.discount == pytest.approx(-0.1 * parts.tokens)
    # the chat workload: 1.5M x 1,800 tokens, half cached, 20 % of requests at half price
    chat = parts.workloads[0]
    assert chat.input == pytest.approx(1_500_000 * 900 * 3.0 / 1e6)
    assert chat.cached_input == pytest.approx(1_500_000 * 900 * 0.3 / 1e6)
    assert chat.batch_saving == pytest.approx(-(chat.input + chat.cached_input + chat.output) * 0.1)
    # the review workload is above the 200K tier: every token at the tier price
    assert parts.workloads[1].input == pytest.approx(20_000 * 240_000 * 6.0 / 1e6)


def test_missing_price_means_missing_cost() -> None:
    w = [Workload("w", 10, 100, 10)]
    assert monthly_cost(w, PriceSheet(Price(1.0), None)) is None
    assert monthly_cost(w, PriceSheet(None, Price(1.0))) is None
    assert cost_breakdown(w, PriceSheet(None, None)) is None


def test_crossovers_name_where_the_cheapest_vendor_changes() -> None:
    """A vendor with a fixed fee and cheap tokens wins only at high volume."""
    w = [Workload("w", 1_000, 1_000, 0)]
    sheets = {
        "fee": PriceSheet(Price(1.0), Price(1.0), platform_fee=9.0),
        "plain": PriceSheet(Price(10.0), Price(1.0)),
    }
    # plain: 10 x scale; fee: 1 x scale + 9: equal at scale 1
    got = crossovers(sheets, w, [0.5, 0.9, 1.1, 2.0])
    assert got == [(1.1, "plain", "fee")]


# --- properties --------------------------------------------------------------------

_money = st.floats(0, 100, allow_nan=False)
_share = st.floats(0, 1, allow_nan=False)
_tokens = st.integers(1, 2_000_000)


@st.composite
def _price_st(draw: st.DrawFn) -> Price:
    tiers = draw(st.lists(st.tuples(st.integers(0, 1_000_000), _money), max_size=3))
    return Price(draw(_money), tuple(Tier(a, p) for a, p in tiers))


@st.composite
def _sheet_st(draw: st.DrawFn) -> PriceSheet:
    return PriceSheet(
        draw(_price_st()),
        draw(_price_st()),
        draw(st.none() | _price_st()),
        batch_discount=draw(st.floats(0, 100)),
        discount=draw(st.floats(0, 100)),
        platform_fee=draw(st.floats(0, 10_000)),
    )


@st.composite
def _workload_st(draw: st.DrawFn) -> Workload:
    return Workload(
        "w",
        draw(st.integers(0, 10_000_000)),
        draw(_tokens),
        draw(st.integers(0, 100_000)),
        draw(_share),
        draw(_share),
    )


@given(_workload_st(), _sheet_st())
def test_matches_independent_formula(w: Workload, sheet: PriceSheet) -> None:
    got = monthly_cost([w], sheet)
    assert got is not None
    assert got == pytest.approx(_independent([w], sheet), rel=1e-9, abs=1e-9)


@given(
    _workload_st(),
    _sheet_st(),
    st.sampled_from(["requests_per_month", "output_tokens"]),
    st.floats(1, 10),
)
def test_monotone_in_volume(w: Workload, sheet: PriceSheet, field: str, factor: float) -> None:
    """More requests or more output tokens never cost less (tiers depend on input only)."""
    more = Workload(**{**_fields(w), field: getattr(w, field) * factor})
    a, b = monthly_cost([w], sheet), monthly_cost([more], sheet)
    assert a is not None and b is not None
    assert b >= a - 1e-9 * max(1.0, abs(a))


@given(
    _workload_st(),
    _sheet_st(),
    st.sampled_from(["input", "output", "cached_input"]),
    st.floats(0, 50),
)
def test_monotone_in_price(w: Workload, sheet: PriceSheet, which: str, bump: float) -> None:
    """Raising a price (base and every tier) never lowers the cost."""
    p = getattr(sheet, which) or sheet.input
    higher = Price(
        p.base + bump, tuple(Tier(t.above_input_tokens, t.price + bump) for t in p.tiers)
    )
    dearer = PriceSheet(**{**_fields(sheet), which: higher})
    a, b = monthly_cost([w], sheet), monthly_cost([w], dearer)
    assert a is not None and b is not None
    assert b >= a - 1e-9 * max(1.0, abs(a))


@given(_workload_st(), _sheet_st())
def test_full_cache_without_cached_price_equals_no_cache(w: Workload, sheet: PriceSheet) -> None:
    no_cached_price = PriceSheet(**{**_fields(sheet), "cached_input": None})
    all_cached = Workload(**{**_fields(w), "cached_input_share": 1.0})
    none_cached = Workload(**{**_fields(w), "cached_input_share": 0.0})
    a, b = monthly_cost([all_cached], no_cached_price), monthly_cost([none_cached], no_cached_price)
    assert a is not None and b is not None
    assert math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-9)


@given(_price_st(), st.integers(0, 2_000_000))
def test_tier_never_applies_at_or_below_threshold(p: Price, tokens: int) -> None:
    got = p.at(tokens)
    applicable = [t for t in p.tiers if tokens > t.above_input_tokens]
    if not applicable:
        assert got == p.base
    else:
        top = max(t.above_input_tokens for t in applicable)
        assert got in [t.price for t in applicable if t.above_input_tokens == top]
    for t in p.tiers:
        if tokens <= t.above_input_tokens:
            solo = Price(p.base, (t,))
            assert solo.at(tokens) == p.base


def _fields(obj: object) -> dict[str, object]:
    return {name: getattr(obj, name) for name in obj.__slots__}  # type: ignore[attr-defined]
