"""What a vendor costs the buyer per month at the buyer's own volume: the one place
the cost arithmetic lives (rank, ``scorecard cost``, the report and the robustness
analysis all call it).  Pure Python, no numpy, full float precision.  It sits in
``model`` because loading derives ``monthly_cost`` from it, as it derives the
blended price, and every later stage reads it.

For a workload of R requests a month, I input and O output tokens per request, a
share c of the input read from the prompt cache and a share b of the requests run
as batch jobs, with prices picked by tier on I:

    per request = (I·(1-c)·p_in(I) + I·c·p_cached(I) + O·p_out(I)) / 1,000,000
    per month   = R · per request · (1 - b · batch_discount / 100)
    monthly     = Σ workloads · (1 - discount / 100) + platform fee

p_cached is p_in where the vendor gives no cached price.  Tiers follow genai-prices:
when a request's input tokens exceed a tier's threshold, that tier's price applies to
all of the request's tokens of that kind, and the highest applicable tier wins.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

MTOK = 1_000_000.0

PRICE_INPUT = "price_input_usd_per_mtok"
PRICE_OUTPUT = "price_output_usd_per_mtok"
PRICE_CACHED = "price_cached_input_usd_per_mtok"
BATCH_DISCOUNT = "batch_discount"
DISCOUNT = "discount"
PLATFORM_FEE = "platform_fee_usd_per_month"
MONTHLY_COST = "monthly_cost"

PRICE_METRICS = (PRICE_INPUT, PRICE_OUTPUT, PRICE_CACHED)
COST_INPUTS = (*PRICE_METRICS, BATCH_DISCOUNT, DISCOUNT, PLATFORM_FEE)


@dataclass(frozen=True, slots=True)
class Tier:
    """A price that applies when a request's input tokens exceed ``above_input_tokens``."""

    above_input_tokens: int
    price: float


@dataclass(frozen=True, slots=True)
class Price:
    """A price per million tokens (USD) with its long-context tiers."""

    base: float
    tiers: tuple[Tier, ...] = ()

    def at(self, input_tokens: float) -> float:
        """The price for a request with ``input_tokens`` input tokens."""
        price, threshold = self.base, -1
        for tier in self.tiers:
            if input_tokens > tier.above_input_tokens and tier.above_input_tokens > threshold:
                price, threshold = tier.price, tier.above_input_tokens
        return price


@dataclass(frozen=True, slots=True)
class PriceSheet:
    """One vendor's prices in USD: per million tokens, percent discounts, monthly fee."""

    input: Price | None
    output: Price | None
    cached_input: Price | None = None
    batch_discount: float = 0.0  # percent off batch requests
    discount: float = 0.0  # percent off all token charges
    platform_fee: float = 0.0  # USD per month

    @property
    def complete(self) -> bool:
        return self.input is not None and self.output is not None


@dataclass(frozen=True, slots=True)
class Workload:
    name: str
    requests_per_month: float
    input_tokens: float  # per request, cached tokens included
    output_tokens: float  # per request
    cached_input_share: float = 0.0
    batch_share: float = 0.0


@dataclass(frozen=True, slots=True)
class WorkloadCost:
    """One workload's monthly cost (USD) and its parts, before the vendor discount."""

    name: str
    input: float
    cached_input: float
    output: float
    batch_saving: float  # negative or zero

    @property
    def monthly(self) -> float:
        return self.input + self.cached_input + self.output + self.batch_saving


@dataclass(frozen=True, slots=True)
class CostBreakdown:
    """A vendor's monthly cost (USD) split by workload and by kind of charge."""

    workloads: tuple[WorkloadCost, ...]
    discount: float  # negative or zero
    fees: float

    @property
    def tokens(self) -> float:
        return sum(w.monthly for w in self.workloads)

    @property
    def monthly(self) -> float:
        return self.tokens + self.discount + self.fees

    def part(self, kind: str) -> float:
        """The sum over workloads of ``input``, ``cached_input``, ``output`` or ``batch_saving``."""
        return sum(float(getattr(w, kind)) for w in self.workloads)


def request_parts(w: Workload, sheet: PriceSheet) -> tuple[float, float, float]:
    """Input, cached-input and output cost of one request, USD."""
    assert sheet.input is not None and sheet.output is not None
    tokens = w.input_tokens
    cached = sheet.cached_input or sheet.input
    uncached_in = tokens * (1.0 - w.cached_input_share) * sheet.input.at(tokens) / MTOK
    cached_in = tokens * w.cached_input_share * cached.at(tokens) / MTOK
    out = w.output_tokens * sheet.output.at(tokens) / MTOK
    return uncached_in, cached_in, out


def cost_per_request(w: Workload, sheet: PriceSheet) -> float:
    """USD per request, before batch and vendor discounts."""
    uncached_in, cached_in, out = request_parts(w, sheet)
    return uncached_in + cached_in + out


def workload_cost(w: Workload, sheet: PriceSheet, scale: float = 1.0) -> WorkloadCost:
    """The workload's monthly cost at ``scale`` times its requests."""
    requests = w.requests_per_month * scale
    uncached_in, cached_in, out = (requests * p for p in request_parts(w, sheet))
    saving = -(uncached_in + cached_in + out) * w.batch_share * sheet.batch_discount / 100.0
    return WorkloadCost(w.name, uncached_in, cached_in, out, saving)


def cost_breakdown(
    workloads: Sequence[Workload], sheet: PriceSheet, scale: float = 1.0
) -> CostBreakdown | None:
    """The monthly cost (USD) split into its parts; None without input or output price."""
    if not sheet.complete:
        return None
    parts = tuple(workload_cost(w, sheet, scale) for w in workloads)
    tokens = sum(p.monthly for p in parts)
    return CostBreakdown(parts, -tokens * sheet.discount / 100.0, sheet.platform_fee)


def monthly_cost(
    workloads: Sequence[Workload], sheet: PriceSheet, scale: float = 1.0
) -> float | None:
    """USD per month; None without input or output price."""
    if not sheet.complete:
        return None
    tokens = sum(workload_cost(w, sheet, scale).monthly for w in workloads)
    return tokens * (1.0 - sheet.discount / 100.0) + sheet.platform_fee


def price_sheet(
    values: Mapping[str, float], tiers: Mapping[str, Sequence[Tier]] | None = None
) -> PriceSheet:
    """A vendor's price sheet from its canonical metric values (USD) and price tiers."""
    tiers = tiers or {}

    def price(metric: str) -> Price | None:
        base = values.get(metric)
        return None if base is None else Price(base, tuple(tiers.get(metric, ())))

    return PriceSheet(
        input=price(PRICE_INPUT),
        output=price(PRICE_OUTPUT),
        cached_input=price(PRICE_CACHED),
        batch_discount=values.get(BATCH_DISCOUNT, 0.0),
        discount=values.get(DISCOUNT, 0.0),
        platform_fee=values.get(PLATFORM_FEE, 0.0),
    )


def _moved(price: Price | None, delta: float) -> Price | None:
    if price is None:
        return None
    return Price(
        price.base + delta, tuple(Tier(t.above_input_tokens, t.price + delta) for t in price.tiers)
    )


def shifted(sheet: PriceSheet, metric: str, delta: float) -> PriceSheet:
    """``sheet`` with one of its figures (a metric of :data:`COST_INPUTS`) moved by
    ``delta``; a price moves with all its tiers."""
    if metric == PRICE_INPUT:
        return replace(sheet, input=_moved(sheet.input, delta))
    if metric == PRICE_OUTPUT:
        return replace(sheet, output=_moved(sheet.output, delta))
    if metric == PRICE_CACHED:
        return replace(sheet, cached_input=_moved(sheet.cached_input, delta))
    if metric == BATCH_DISCOUNT:
        return replace(sheet, batch_discount=sheet.batch_discount + delta)
    if metric == DISCOUNT:
        return replace(sheet, discount=sheet.discount + delta)
    if metric == PLATFORM_FEE:
        return replace(sheet, platform_fee=sheet.platform_fee + delta)
    raise ValueError(f"{metric} is not a cost input")


def crossovers(
    sheets: Mapping[str, PriceSheet], workloads: Sequence[Workload], scales: Sequence[float]
) -> list[tuple[float, str, str]]:
    """Where the cheapest vendor changes along ``scales``: (scale, before, after)."""
    out: list[tuple[float, str, str]] = []
    previous: str | None = None
    for scale in scales:
        costs = {
            vid: c
            for vid, sheet in sheets.items()
            if (c := monthly_cost(workloads, sheet, scale)) is not None
        }
        if not costs:
            continue
        cheapest = min(sorted(costs), key=lambda vid: costs[vid])
        if previous is not None and cheapest != previous:
            out.append((scale, previous, cheapest))
        previous = cheapest
    return out
