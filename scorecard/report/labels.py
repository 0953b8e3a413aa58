"""The words a reader uses: metric and criterion labels, and figures in display units.

Ids (``price_input_usd_per_mtok``) stay in JSON, CSV, file:line references and the
audit appendix; everything a committee reads goes through :class:`Labels`: labels
from the catalogue (or the buyer's ``label``), units as a reader writes them, and
numbers at a reader's precision."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from scorecard.model.catalog import CATALOG, Catalog, id_words
from scorecard.report.format import (
    DASH,
    english_number,
    format_fixed,
    format_number,
    localize_currency,
    localize_percent,
)
from scorecard.report.i18n import _

if TYPE_CHECKING:
    from scorecard.model.files import CriteriaFile
    from scorecard.model.results import ValueFunction


def format_price(x: float) -> str:
    """A price in dollars: two decimals, or two significant digits below a cent."""
    if x != 0 and abs(x) < 0.01:
        return localize_currency(english_number(x, 2), "USD")
    return localize_currency(f"{x:,.2f}", "USD")


def format_duration_ms(x: float) -> str:
    """A latency: whole milliseconds below a second, else seconds with one decimal."""
    if abs(x) >= 1000:
        return f"{format_fixed(x / 1000, 1)} s"
    return f"{format_number(x, 3)} ms"


def format_display(x: float | None, unit: str, top: float | None = None) -> str:
    """``x`` (in the canonical ``unit``) as a reader reads it: ``12.3%``,
    ``$0.25 / M tokens``, ``1.8 s``, ``128,000 tokens``, ``yes``, ``4 / 5``."""
    if x is None:
        return DASH
    if unit == "percent":
        return localize_percent(english_number(x, 3))
    if unit == "usd_per_mtok":
        return _("{price} / M tokens").format(price=format_price(x))
    if unit == "ms":
        return format_duration_ms(x)
    if unit == "tokens":
        return _("{n} tokens").format(n=format_number(round(x)))
    if unit == "tokens_per_s":
        return _("{n} tokens/s").format(n=format_number(x, 3))
    if unit == "yes/no":
        return _("yes") if x >= 0.5 else _("no")
    if unit == "billions":
        return _("{n} billion").format(n=format_number(x, 3))
    if unit == "panel":
        shown = format_number(x, 2)
        return f"{shown} / {format_number(top)}" if top is not None else shown
    return f"{format_number(x)} {unit}"


def method_name(method: str) -> str:
    return {"weighted-sum": _("weighted sum"), "topsis": "TOPSIS"}.get(method, method)


def missing_name(policy: str) -> str:
    """The missing-data policy's name as the report prints it."""
    return {
        "worst": _("worst"),
        "neutral": _("neutral"),
        "exclude": _("exclude"),
        "fail": _("fail"),
    }.get(policy, policy)


@dataclass(frozen=True)
class Labels:
    """Metric and criterion names for readers, from one run's catalogue and criteria."""

    catalog: Catalog = field(default_factory=lambda: CATALOG)
    criteria: Mapping[str, str] = field(default_factory=dict)  # criterion id -> label

    @classmethod
    def of(cls, catalog: Catalog, cf: CriteriaFile | None) -> Labels:
        crits = {} if cf is None else {k: c.label for k, c in cf.criteria.items() if c.label}
        return cls(catalog, crits)

    def metric(self, metric_id: str) -> str:
        m = self.catalog.get(metric_id)
        if m is None:
            return id_words(metric_id)
        # the catalogue's labels are ours (translated); a custom metric's are the buyer's
        return m.title if m.custom else _(m.title)

    def criterion(self, name: str) -> str:
        return self.criteria.get(name) or id_words(name)

    def unit(self, metric_id: str) -> str:
        m = self.catalog.get(metric_id)
        if m is None:
            return ""
        return m.shown_unit if m.custom else _(m.shown_unit)

    def quantity(self, x: float | None, metric_id: str) -> str:
        """A figure of ``metric_id`` (canonical unit) in its display unit."""
        m = self.catalog.get(metric_id)
        if m is None:
            return format_number(x)
        return format_display(x, m.unit, m.max if m.panel else None)

    def value_function(self, vf: ValueFunction) -> str:
        """How a metric's figures become scores, in words, in its display unit."""
        if vf.best is None or vf.worst is None:
            return _("relative to the vendors scored; no qualified vendor has this figure")
        best, worst = self.quantity(vf.best, vf.metric), self.quantity(vf.worst, vf.metric)
        if vf.scale == "log":
            text = _("logarithmic: {worst} scores 0, {best} scores 100, clamped between")
        else:
            text = _("linear: {worst} scores 0, {best} scores 100, clamped between")
        text = text.format(worst=worst, best=best)
        if vf.relative:
            text += " " + _("(best and worst as observed among the qualified vendors)")
        return text

    def bound(self, x: float | None, metric_id: str) -> str:
        """A gate's bound in the display unit."""
        return self.quantity(x, metric_id)

    def words(self, text: str) -> str:
        """A message from the scoring stage with metric ids and unit ids in words:
        ``context_window_tokens 8192 tokens`` -> ``Context window 8192 tokens``."""
        return _id_pattern(self.catalog).sub(lambda m: self._word(m.group(0)), text)

    def _word(self, token: str) -> str:
        if token in self.catalog:
            return self.metric(token)
        return WORD_UNITS.get(token, token)


#: Unit ids that read badly in a sentence, as a reader writes them.
WORD_UNITS = {"usd_per_mtok": "$ / M tokens", "tokens_per_s": "tokens/s"}

_PATTERNS: dict[tuple[str, ...], re.Pattern[str]] = {}


def _id_pattern(catalog: Catalog) -> re.Pattern[str]:
    key = tuple(catalog)
    pattern = _PATTERNS.get(key)
    if pattern is None:
        ids = sorted({*key, *WORD_UNITS}, key=lambda s: (-len(s), s))
        pattern = re.compile(
            r"(?<![\w./-])(?:" + "|".join(map(re.escape, ids)) + r")(?![\w/-]|\.\w)"
        )
        _PATTERNS[key] = pattern
    return pattern
