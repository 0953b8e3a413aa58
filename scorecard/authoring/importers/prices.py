"""List prices and context windows from the ``genai-prices`` package.

genai-prices (the pydantic team's price database, MIT) is an optional extra:
``pip install 'scorecard[prices]'``.  It is imported only by :func:`load_source`.
A record is named ``provider:model`` (``openai:gpt-4o``), the provider and model
ids the package uses.

Prices are in USD per million tokens: input, output and cache reads.  A tiered
price records its base tier as ``value`` and its long-context tiers as ``tiers``
(and says so in ``note``); a model with prices that start on given dates gets the one
in force on the report date, and ``as_of`` is that start date.  Where the package
gives no start date, ``as_of`` is the month of the report date (when the
package was read), and ``note`` says so.  The parsing functions take the
package's objects duck-typed, so tests can build them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from scorecard.authoring.importers.records import ImportSource, SourceRecord, figure, fmt_number
from scorecard.model.errors import ScorecardError

IMPORTER = "prices"
PACKAGE = "genai-prices"


def _tiered(price: Any) -> bool:
    return hasattr(price, "base") and hasattr(price, "tiers")


def _base(price: Any) -> Decimal | None:
    if price is None:
        return None
    return Decimal(price.base) if _tiered(price) else Decimal(price)


def _tiers(price: Any) -> list[tuple[int, Decimal]]:
    """A tiered price's tiers as (above input tokens, price), lowest threshold first."""
    if not _tiered(price):
        return []
    return [(int(t.start), Decimal(t.price)) for t in sorted(price.tiers, key=lambda t: t.start)]


def _tokens(n: int) -> str:
    if n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n % 1000 == 0:
        return f"{n // 1000}K"
    return f"{n:,}"


def tier_note(input_price: Any, output_price: Any) -> str | None:
    """'Base tier; genai-prices lists a higher rate (input 5, output 22.5) above 272K input tokens.'"""
    starts: dict[int, list[str]] = {}
    for label, price in (("input", input_price), ("output", output_price)):
        if price is None or not _tiered(price):
            continue
        for tier in sorted(price.tiers, key=lambda t: t.start):
            starts.setdefault(int(tier.start), []).append(f"{label} {fmt_number(tier.price)}")
    if not starts:
        return None
    parts = [
        f"({', '.join(rates)}) above {_tokens(start)} input tokens"
        for start, rates in sorted(starts.items())
    ]
    rate = "a higher rate" if len(parts) == 1 else "higher rates"
    return f"Base tier; {PACKAGE} lists {rate} {' and '.join(parts)}."


def price_in_force(model: Any, on: dt.date) -> tuple[Any, dt.date | None, list[str]]:
    """The model's prices in force on ``on``: (prices, start date or None, notes).

    ``model.prices`` is one price set, or a list of conditional price sets
    (later ones take precedence): a start date applies from that day; a
    time-of-day price (off-peak) is not a list price and is noted, not used."""
    prices = model.prices
    if not isinstance(prices, list):
        return prices, None, []
    notes: list[str] = []
    for cond in prices:
        constraint = cond.constraint
        if constraint is None:
            continue
        if hasattr(constraint, "start_date"):
            if constraint.start_date > on:
                notes.append(
                    f"{PACKAGE} lists a new price from {constraint.start_date.isoformat()}, "
                    f"after {on.isoformat()}."
                )
        else:
            notes.append(f"{PACKAGE} also lists a time-of-day price, not used here.")
    for cond in reversed(prices):  # later entries take precedence
        constraint = cond.constraint
        if constraint is None:
            return cond.prices, None, notes
        if hasattr(constraint, "start_date") and constraint.start_date <= on:
            return cond.prices, constraint.start_date, notes
    return None, None, notes  # only future or time-of-day prices: no list price in force


def model_record(
    provider: Any,
    model: Any,
    on: dt.date,
    package_version: str,
) -> SourceRecord:
    """The figures of one genai-prices model, as in force on ``on``."""
    name = f"{provider.id}:{model.id}"
    source = f"{PACKAGE} {package_version} (PyPI package by the pydantic team), record {name}"
    prices, start, notes = price_in_force(model, on)
    as_of: dt.date | str = start if start is not None else f"{on.year:04d}-{on.month:02d}"
    figures: dict[str, dict[str, Any]] = {}
    skipped: list[str] = []
    if prices is not None:
        inp = getattr(prices, "input_mtok", None)
        out = getattr(prices, "output_mtok", None)
        note_parts = [n for n in (tier_note(inp, out),) if n]
        if start is None:
            note_parts.append(
                f"{PACKAGE} gives no start date for this price; as_of is the month the package was read."
            )
        note_parts += notes
        note = " ".join(note_parts) or None
        cached = getattr(prices, "cache_read_mtok", None)
        for metric, price in (
            ("price_input_usd_per_mtok", inp),
            ("price_output_usd_per_mtok", out),
            ("price_cached_input_usd_per_mtok", cached),
        ):
            base = _base(price)
            if base is None:
                if price is not cached:
                    skipped.append(f"{name}: no {metric.split('_')[1]} token price")
                continue
            tiers = _tiers(price)
            figures[metric] = figure(
                base, "usd_per_mtok", source, as_of, "vendor-claim", "list price", None, note, tiers
            )
    else:
        skipped.append(f"{name}: no price in force on {on.isoformat()} ({' '.join(notes)})")
    window = getattr(model, "context_window", None)
    if isinstance(window, int) and window > 0:
        figures["context_window_tokens"] = figure(window, "tokens", source, as_of, "vendor-claim")
    return SourceRecord(
        name=name,
        model=model.name or model.id,
        vendor=provider.name,
        figures=figures,
        skipped=tuple(skipped),
    )


def find_records(
    providers: Sequence[Any],
    names: Iterable[str],
    on: dt.date,
    package_version: str,
) -> ImportSource:
    """The records ``names`` ask for ("provider:model"); absent names are listed as missing."""
    by_provider = {p.id: p for p in providers}
    records: dict[str, SourceRecord] = {}
    missing: list[str] = []
    for name in dict.fromkeys(names):
        provider_id, sep, model_id = name.partition(":")
        provider = by_provider.get(provider_id) if sep else None
        model = next((m for m in provider.models if m.id == model_id), None) if provider else None
        if provider is None or model is None:
            missing.append(name)
            continue
        records[name] = model_record(provider, model, on, package_version)
    return ImportSource(
        IMPORTER,
        f"{PACKAGE} {package_version}",
        records,
        missing=tuple(missing),
        complete=False,
    )


def suggest_names(providers: Sequence[Any], name: str, n: int = 3) -> list[str]:
    """Record names close to ``name``, for an error message."""
    import difflib

    all_names = [f"{p.id}:{m.id}" for p in providers for m in p.models]
    return difflib.get_close_matches(name, all_names, n=n, cutoff=0.6)


def load_source(names: Iterable[str], on: dt.date) -> tuple[ImportSource, list[Any]]:
    """Look ``names`` up in the installed genai-prices package."""
    try:
        from importlib.metadata import version

        from genai_prices import data
    except ImportError:
        raise ScorecardError(
            f"{PACKAGE} is not installed; install it with: pip install 'scorecard[prices]'"
        ) from None
    providers = list(data.providers)
    return find_records(providers, names, on, version(PACKAGE)), providers
