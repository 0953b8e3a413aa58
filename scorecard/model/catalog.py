"""The catalogue of known metrics: data, not code branches.

Each entry gives the canonical unit, the direction (which way is better), the
family it belongs to, its valid range in the canonical unit and a one-line
description.  A criteria file may declare further, custom metrics; those are
merged with this catalogue at load time into a :class:`Catalog`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Literal

Direction = Literal["higher", "lower"]


@dataclass(frozen=True, slots=True)
class MetricDef:
    id: str
    unit: str
    direction: Direction | None  # None: informational, cannot be weighted
    family: str
    description: str
    min: float | None = None
    max: float | None = None
    derived: bool = False  # computed by scorecard, never given in a vendor file
    custom: bool = False  # declared in the criteria file
    label: str = ""  # what a reader calls it ("Input price"); empty: derived from the id
    display_unit: str = ""  # the unit as a reader writes it ("$ / M tokens"); empty: ``unit``
    # the range a real model's figure falls in (canonical unit); outside it: a warning
    plausible_min: float | None = None
    plausible_max: float | None = None
    # the vendor's own claim is the normal evidence (list prices, contract terms): no
    # vendor-claim-evidence warning for it
    vendor_claim_expected: bool = False

    @property
    def title(self) -> str:
        """The metric's name for readers: its label, else its id in words."""
        return self.label or id_words(self.id)

    @property
    def shown_unit(self) -> str:
        """The unit for readers: the display unit, else the canonical unit."""
        return self.display_unit or DISPLAY_UNITS.get(self.unit, self.unit)

    @property
    def weightable(self) -> bool:
        return self.direction is not None

    @property
    def yes_no(self) -> bool:
        """A requirement-style metric: TOML true/false, canonical 1.0 / 0.0."""
        return self.unit == "yes/no"

    @property
    def panel(self) -> bool:
        """Scored by an evaluation panel (score files), never given in a vendor file."""
        return self.unit == "panel"


def _m(
    id: str,
    unit: str,
    direction: Direction | None,
    family: str,
    description: str,
    min: float | None = 0.0,
    max: float | None = None,
    derived: bool = False,
) -> MetricDef:
    if unit == "percent" and max is None:
        max = 100.0
    label = LABELS.get(id, "")
    shown = DISPLAY_UNITS.get(unit, "")
    return MetricDef(
        id, unit, direction, family, description, min, max, derived, label=label, display_unit=shown
    )


#: The canonical units as a reader writes them.
DISPLAY_UNITS: dict[str, str] = {
    "percent": "%",
    "usd_per_mtok": "$ / M tokens",
    "ms": "ms",
    "tokens": "tokens",
    "tokens_per_s": "tokens/s",
    "yes/no": "yes/no",
    "billions": "billion",
    "panel": "points",
    "usd_per_month": "$ / month",
    "per_month": "per month",
}

#: The catalogue's metrics as a reader names them.
LABELS: dict[str, str] = {
    "hallucination_rate": "Hallucination rate",
    "factual_consistency_rate": "Factual consistency",
    "answer_rate": "Answer rate",
    "mmlu": "MMLU",
    "gpqa": "GPQA",
    "humaneval_pass_at_1": "HumanEval pass@1",
    "ifeval_strict": "Instruction following (IFEval)",
    "latency_ms": "Latency",
    "time_to_first_token_ms": "Time to first token",
    "throughput_tokens_per_s": "Throughput",
    "price_input_usd_per_mtok": "Input price",
    "price_output_usd_per_mtok": "Output price",
    "price_blended_usd_per_mtok": "Blended price",
    "price_cached_input_usd_per_mtok": "Cached input price",
    "batch_discount": "Batch discount",
    "discount": "Discount",
    "platform_fee_usd_per_month": "Platform fee",
    "monthly_cost": "Monthly cost",
    "context_window_tokens": "Context window",
    "eu_data_residency": "EU data residency",
    "soc2_type2_report": "SOC 2 Type II report",
    "iso_42001_certified": "ISO/IEC 42001 certified",
    "zero_data_retention_option": "Zero data retention",
    "sso_saml": "SAML single sign-on",
    "eu_ai_act_gpai_documentation": "EU AI Act GPAI documentation",
    "training_on_customer_data_opt_out": "No training on customer data",
    "parameters_billions": "Parameters",
}


def id_words(identifier: str) -> str:
    """An id a reader has no label for, in words: ``code_quality`` -> ``Code quality``."""
    words = identifier.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]


CATALOG_METRICS: tuple[MetricDef, ...] = (
    _m(
        "hallucination_rate",
        "percent",
        "lower",
        "reliability",
        "Share of answers or summaries containing unsupported or false claims.",
    ),
    _m(
        "factual_consistency_rate",
        "percent",
        "higher",
        "reliability",
        "Share of summaries consistent with their source (100 - hallucination rate on HHEM).",
    ),
    _m(
        "answer_rate",
        "percent",
        "higher",
        "reliability",
        "Share of prompts the model answered rather than refused.",
    ),
    _m(
        "mmlu",
        "percent",
        "higher",
        "capability",
        "MMLU accuracy: multiple-choice knowledge across 57 subjects.",
    ),
    _m(
        "gpqa",
        "percent",
        "higher",
        "capability",
        "GPQA accuracy: graduate-level, search-resistant science questions.",
    ),
    _m(
        "humaneval_pass_at_1",
        "percent",
        "higher",
        "capability",
        "HumanEval pass@1: share of coding problems solved on the first try.",
    ),
    _m(
        "ifeval_strict",
        "percent",
        "higher",
        "steerability",
        "IFEval prompt-level strict accuracy: verifiable instruction following.",
    ),
    _m(
        "latency_ms",
        "ms",
        "lower",
        "performance",
        "Average end-to-end inference latency of a request.",
    ),
    _m(
        "time_to_first_token_ms",
        "ms",
        "lower",
        "performance",
        "Time until the first output token arrives.",
    ),
    _m(
        "throughput_tokens_per_s",
        "tokens_per_s",
        "higher",
        "performance",
        "Output tokens generated per second.",
    ),
    _m(
        "price_input_usd_per_mtok",
        "usd_per_mtok",
        "lower",
        "cost",
        "List price of input tokens, USD per million tokens.",
    ),
    _m(
        "price_output_usd_per_mtok",
        "usd_per_mtok",
        "lower",
        "cost",
        "List price of output tokens, USD per million tokens.",
    ),
    _m(
        "price_blended_usd_per_mtok",
        "usd_per_mtok",
        "lower",
        "cost",
        "Blended price for the buyer's token mix (derived from input and output prices).",
        derived=True,
    ),
    _m(
        "price_cached_input_usd_per_mtok",
        "usd_per_mtok",
        "lower",
        "cost",
        "Price of input tokens read from the prompt cache, USD per million tokens.",
    ),
    _m("batch_discount", "percent", "higher", "cost", "Percent off requests run as batch jobs."),
    _m(
        "discount",
        "percent",
        "higher",
        "cost",
        "Percent off all token charges, e.g. a committed-use discount from a quote.",
    ),
    _m(
        "platform_fee_usd_per_month",
        "usd_per_month",
        "lower",
        "cost",
        "Fixed platform fee, USD per month.",
    ),
    _m(
        "monthly_cost",
        "per_month",
        "lower",
        "cost",
        "Monthly cost at the buyer's [usage] volume, in the buyer's currency "
        "(derived from the prices, discounts and fees).",
        derived=True,
    ),
    _m(
        "context_window_tokens",
        "tokens",
        "higher",
        "capability",
        "Maximum context window, in tokens.",
    ),
    *(
        _m(id, "yes/no", "higher", "requirement", description, 0.0, 1.0)
        for id, description in (
            (
                "eu_data_residency",
                "Customer data can be stored and processed in the EU only.",
            ),
            (
                "soc2_type2_report",
                "A current SOC 2 Type II audit report is available to customers.",
            ),
            (
                "iso_42001_certified",
                "Certified to ISO/IEC 42001 (AI management system).",
            ),
            (
                "zero_data_retention_option",
                "Prompts and outputs can be kept from being stored (zero data retention).",
            ),
            (
                "sso_saml",
                "Single sign-on with SAML for the vendor's console and API keys.",
            ),
            (
                "eu_ai_act_gpai_documentation",
                "EU AI Act technical documentation for general-purpose AI models is provided.",
            ),
            (
                "training_on_customer_data_opt_out",
                "Customer data is not used for training, or the customer can opt out.",
            ),
        )
    ),
    _m(
        "parameters_billions",
        "billions",
        None,
        "information",
        "Parameter count in billions (informational: shown, never weighted).",
    ),
)


# Plausible ranges, canonical unit: wider than any real model, narrow enough to catch a
# factor of 1,000 (a wrong unit).  A price of exactly 0 (free, self-hosted) is plausible.
PLAUSIBLE: dict[str, tuple[float, float]] = {
    "hallucination_rate": (0.0, 100.0),
    "factual_consistency_rate": (50.0, 100.0),
    "answer_rate": (10.0, 100.0),
    "mmlu": (20.0, 100.0),
    "gpqa": (15.0, 100.0),
    "humaneval_pass_at_1": (0.0, 100.0),
    "ifeval_strict": (10.0, 100.0),
    "latency_ms": (20.0, 600_000.0),
    "time_to_first_token_ms": (20.0, 120_000.0),
    "throughput_tokens_per_s": (1.0, 20_000.0),
    "price_input_usd_per_mtok": (0.005, 500.0),
    "price_output_usd_per_mtok": (0.005, 500.0),
    "price_blended_usd_per_mtok": (0.005, 500.0),
    "price_cached_input_usd_per_mtok": (0.0005, 500.0),  # a cache read: ~10% of input
    "batch_discount": (0.0, 100.0),
    "discount": (0.0, 100.0),
    "platform_fee_usd_per_month": (1.0, 10_000_000.0),  # 0 (none) is plausible too
    "monthly_cost": (0.0, 1e10),
    "context_window_tokens": (1_000.0, 100_000_000.0),
    "parameters_billions": (0.01, 100_000.0),
}


# Figures only the vendor can give: list prices, the context window, contract terms and
# the yes/no requirements a contract or certificate settles.
VENDOR_CLAIM_EXPECTED = frozenset(
    {
        "price_input_usd_per_mtok",
        "price_output_usd_per_mtok",
        "price_blended_usd_per_mtok",
        "price_cached_input_usd_per_mtok",
        "batch_discount",
        "discount",
        "platform_fee_usd_per_month",
        "context_window_tokens",
        "parameters_billions",
        "eu_data_residency",
        "zero_data_retention_option",
        "sso_saml",
        "eu_ai_act_gpai_documentation",
        "training_on_customer_data_opt_out",
    }
)


def _with_plausible(m: MetricDef) -> MetricDef:
    low, high = PLAUSIBLE.get(m.id, (m.min, m.max))  # yes/no: the values themselves
    expected = m.id in VENDOR_CLAIM_EXPECTED
    return replace(m, plausible_min=low, plausible_max=high, vendor_claim_expected=expected)


CATALOG_METRICS = tuple(_with_plausible(m) for m in CATALOG_METRICS)


class Catalog(Mapping[str, MetricDef]):
    """The catalogue plus the custom metrics one criteria file declares."""

    def __init__(self, metrics: Iterable[MetricDef]) -> None:
        self._metrics = {m.id: m for m in metrics}

    def __getitem__(self, key: str) -> MetricDef:
        return self._metrics[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._metrics)

    def __len__(self) -> int:
        return len(self._metrics)

    def with_custom(self, custom: Iterable[MetricDef]) -> Catalog:
        return Catalog([*self._metrics.values(), *custom])


CATALOG = Catalog(CATALOG_METRICS)
BLENDED_PRICE = "price_blended_usd_per_mtok"
MONTHLY_COST = "monthly_cost"
