"""Plausibility: figures that are valid but most likely a mistake (a wrong unit, a
fraction typed as a percent).  Warnings, not errors: each is a finding with
``severity = "warning"`` at the figure's value, at most one per figure, the most
specific first (looks-like-fraction, implausible-value, outlier)."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import math
import statistics
from collections.abc import Callable, Sequence

from scorecard.load.validation import Placer
from scorecard.model.catalog import Catalog, MetricDef
from scorecard.model.files import period_start
from scorecard.model.findings import Finding
from scorecard.model.inputs import VendorRecord
from scorecard.model.numbers import format_plain
from scorecard.model.units import UNITS

#: A figure more than this many times (or less than its inverse) the others' median.
OUTLIER_FACTOR = 10.0

#: How many vendors (this one included) the outlier check needs.
OUTLIER_VENDORS = 3

# Dimensions in which 0 is an honest figure: a free or self-hosted model.
_FREE_DIMENSIONS = frozenset({"price", "usd"})

# No outlier check where honest figures span orders of magnitude (a context window of 8K
# beside 200K ones; hallucination rates of 0.7 to 16 percent), and the slip a share can
# suffer (a fraction typed as a percent) has its own check; the plausible range applies.
_WIDE_DIMENSIONS = frozenset({"tokens", "share"})

# Factors a wrong unit is typically off by (ms for s, per-1K for per-1M, fraction).
_UNIT_SLIPS = (1000.0, 1_000_000.0, 100.0)

_Entry = tuple[VendorRecord, float]


def _fmt(x: float) -> str:
    return format_plain(x, 4)


def _free(m: MetricDef, value: float) -> bool:
    unit = UNITS.get(m.unit)
    return value == 0 and unit is not None and unit.dimension in _FREE_DIMENSIONS


def _wide(m: MetricDef) -> bool:
    unit = UNITS.get(m.unit)
    return unit is not None and unit.dimension in _WIDE_DIMENSIONS


def _checked(m: MetricDef | None) -> bool:
    return m is not None and not (m.yes_no or m.panel or m.derived)


def plausibility_findings(records: Sequence[VendorRecord], catalog: Catalog) -> list[Finding]:
    """Warnings for the vendor figures that are valid but implausible, for
    ``validate`` and (through :attr:`Inputs.warnings`) the evidence warnings."""
    by_metric: dict[str, list[_Entry]] = {}
    for rec in sorted(records, key=lambda r: r.id):  # ties resolve the same in any file order
        for metric in rec.file.metrics:
            value = rec.values.get(metric)
            if value is not None and _checked(catalog.get(metric)):
                by_metric.setdefault(metric, []).append((rec, value))
    out: list[Finding] = []
    for metric, entries in by_metric.items():
        m = catalog[metric]
        suspect: set[str] = set()  # a suspected mistake does not set the others' median
        for rec, value in entries:
            found = _check_alone(rec, m, value, functools.partial(_others, entries, rec))
            if found is not None:
                out.append(found)
                suspect.add(rec.id)
        if len(entries) >= OUTLIER_VENDORS and not _wide(m):
            out += _outliers(m, entries, suspect)
    return out


def _others(entries: list[_Entry], rec: VendorRecord) -> list[float]:
    return [v for r, v in entries if r is not rec]


def _figure(rec: VendorRecord, m: MetricDef, value: float) -> str:
    """``0.42 s (420 ms)``: the figure as written, and in the canonical unit if other."""
    fig = rec.file.metrics[m.id]
    figure = f"{_fmt(float(fig.value))} {fig.unit}"
    return figure if fig.unit == m.unit else f"{figure} ({_fmt(value)} {m.unit})"


def _check_alone(
    rec: VendorRecord, m: MetricDef, value: float, others: Callable[[], list[float]]
) -> Finding | None:
    """A fraction typed as a percent, or a figure outside the plausible range
    (``others``: the other vendors' figures, listed only when a check needs them)."""
    fig = rec.file.metrics[m.id]
    loc = ("metrics", m.id, "value")
    raw = float(fig.value)
    if fig.unit == "percent" and m.unit == "percent" and _looks_like_fraction(m, raw, others):
        return Placer(rec.source)(
            loc, "looks-like-fraction", value=_fmt(raw), percent=_fmt(raw * 100)
        )
    if _free(m, value) or _in_range(m, value):
        return None
    low, high = m.plausible_min, m.plausible_max
    return Placer(rec.source)(
        loc,
        "implausible-value",
        figure=_figure(rec, m, value),
        low="any" if low is None else _fmt(low),
        high="any" if high is None else _fmt(high),
        canonical=m.unit,
        hint=_slip_hint(m, value),
    )


def _median_without(ordered: Sequence[float], i: int) -> float:
    """``statistics.median`` of ``ordered`` (sorted) without its ``i``-th value, in O(1):
    the same float, without building the list."""
    n = len(ordered) - 1

    def at(k: int) -> float:
        return ordered[k if k < i else k + 1]

    half = n // 2
    return at(half) if n % 2 else (at(half - 1) + at(half)) / 2


# A margin on the outlier bounds (relative): a figure this close to ten times (a tenth
# of) a median is still compared exactly, so rounding in the bounds never drops one.
_MARGIN = 1e-9


def _tail(pairs: list[tuple[float, int]], medians: Sequence[float]) -> list[int]:
    """The indices of the figures that could be outliers this round: below a tenth of
    the highest median the others can have, or above ten times the lowest (a superset;
    each is then compared exactly)."""
    low = max(medians) / OUTLIER_FACTOR * (1 + _MARGIN)
    high = min(medians) * OUTLIER_FACTOR * (1 - _MARGIN)
    below = pairs[: bisect.bisect_left(pairs, (low, -1))]
    above = pairs[bisect.bisect_right(pairs, (high, len(pairs) + 1)) :]
    return sorted({i for v, i in (*below, *above) if v > 0})


def _outliers(m: MetricDef, entries: list[_Entry], suspect: set[str]) -> list[Finding]:
    """The outliers among ``entries``, most extreme first: each one found is left out of
    the median the others are compared with (with three vendors, one figure 20 times
    the others must not make a normal one look like a tenth of the median).

    Each round compares a figure with the median of the others not yet suspected.  That
    median takes at most three values (the figure below, at or above the middle), read
    off one sorted list; only figures beyond ten times those medians are compared (in
    file order, as every figure was before: 1,000 vendors would take rounds x vendors)."""
    out: list[Finding] = []
    # a free model's 0 is no scale for the others either
    pairs = sorted((v, i) for i, (r, v) in enumerate(entries) if r.id not in suspect and v > 0)
    threshold = math.log(OUTLIER_FACTOR)
    while len(pairs) >= OUTLIER_VENDORS:
        ordered = [v for v, _ in pairs]
        n = len(ordered)
        spots = {0, n - 1, n // 2 - 1, n // 2, min(n - 1, n // 2 + 1)}
        medians = [x for k in spots if (x := _median_without(ordered, k)) > 0]
        if not medians:
            return out
        worst: tuple[float, int] | None = None
        for i in _tail(pairs, medians):
            value = entries[i][1]
            # any occurrence of the value leaves the same others: its first one
            median = _median_without(ordered, bisect.bisect_left(ordered, value))
            if median <= 0:
                continue
            extreme = abs(math.log(value) - math.log(median))
            if extreme > threshold and (worst is None or extreme > worst[0]):
                worst = (extreme, i)
        if worst is None:
            return out
        i = worst[1]
        rec, value = entries[i]
        median = _median_without(ordered, bisect.bisect_left(ordered, value))
        suspect.add(rec.id)
        pairs.remove((value, i))
        out.append(_outlier(rec, m, value, median, n - 1))
    return out


def _outlier(rec: VendorRecord, m: MetricDef, value: float, median: float, n: int) -> Finding:
    """``value`` against the ``median`` of the ``n`` other vendors' figures."""
    ratio = value / median
    factor = f"{_fmt(ratio)} times" if ratio > 1 else f"1/{_fmt(median / value)} of"
    return Placer(rec.source)(
        ("metrics", m.id, "value"),
        "outlier",
        figure=_figure(rec, m, value),
        factor=factor,
        n=str(n),
        median=_fmt(median),
        canonical=m.unit,
    )


def _in_range(m: MetricDef, value: float) -> bool:
    low, high = m.plausible_min, m.plausible_max
    return (low is None or value >= low) and (high is None or value <= high)


def _looks_like_fraction(m: MetricDef, raw: float, others: Callable[[], list[float]]) -> bool:
    """At most 1 percent, and as a fraction it would fit where as a percent it does not."""
    if not 0 < raw <= 1:
        return False
    as_percent = raw * 100
    positive = [v for v in others() if v > 0]
    if positive:
        median = statistics.median(positive)
        if raw < median / OUTLIER_FACTOR and (
            median / OUTLIER_FACTOR <= as_percent <= median * OUTLIER_FACTOR
        ):
            return True
    low = m.plausible_min
    return low is not None and low > 1 and _in_range(m, as_percent)


def _slip_hint(m: MetricDef, value: float) -> str:
    """``; 420 ms (the figure times 1000) would be: check the unit``, or nothing."""
    for factor in _UNIT_SLIPS:
        for guess, op in ((value * factor, "times"), (value / factor, "divided by")):
            if guess > 0 and _in_range(m, guess):
                return (
                    f"; {_fmt(guess)} {m.unit} (the figure {op} {_fmt(factor)}) would be: "
                    "check the unit"
                )
    return ""


def future_date_findings(records: Sequence[VendorRecord], date: dt.date) -> list[Finding]:
    """A figure dated after ``date`` (the period's first day, for a month or a year):
    most likely a typo (2062 for 2026).  For `validate` only: the ranking's own
    ``future-figure`` warning is against the report date, so a report re-checked later
    says the same."""
    out: list[Finding] = []
    for rec in records:
        for metric, fig in rec.file.metrics.items():
            if period_start(fig.as_of) > date:
                as_of = fig.as_of if isinstance(fig.as_of, str) else fig.as_of.isoformat()
                out.append(
                    Placer(rec.source)(
                        ("metrics", metric, "as_of"),
                        "future-date",
                        as_of=as_of,
                        date=date.isoformat(),
                    )
                )
    return out
