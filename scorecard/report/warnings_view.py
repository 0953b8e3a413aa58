"""The warnings as the report shows them: each kind once on the summary page, one row
per kind and metric in the appendix, then every warning; most serious kind first
(:data:`~scorecard.score.notices.WARNING_KINDS`), ids in words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scorecard.model.results import ScoringWarning
from scorecard.report.i18n import gettext
from scorecard.report.labels import Labels
from scorecard.score.notices import by_seriousness, group_warnings, warning_kinds

#: A kind of warning about more metrics than this is summarised without naming them
#: (page 1 must hold the decision to the sign-off for eight vendors).
SUMMARY_METRICS = 1


@dataclass(frozen=True)
class WarningRow:
    """One kind of warning about one metric: the appendix's grouped table."""

    code: str
    kind: str  # the kind in words
    metric: str  # the metric's label ("" for warnings about no metric)
    count: int
    vendors: str  # the vendors it concerns, with what the warning adds (detail)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def summary_kinds(warnings: Sequence[ScoringWarning], labels: Labels) -> tuple[str, ...]:
    """Page 1: each kind once with its count, most serious first, in the report's
    language, naming the metrics when there are few: ``Figures older than max_age_days:
    Latency, MMLU (4)`` (the warnings themselves, in the appendix, are findings and stay
    English).  Ids in words."""
    out: list[str] = []
    for k in warning_kinds(warnings):
        about = ""
        if 0 < len(k.metrics) <= SUMMARY_METRICS:
            about = ": " + ", ".join(labels.metric(m) for m in k.metrics)
        out.append(_sentence(labels.words(f"{gettext(k.headline)}{about} ({k.count})")))
    return tuple(out)


def warning_rows(warnings: Sequence[ScoringWarning], labels: Labels) -> tuple[WarningRow, ...]:
    """The appendix's table: one row per kind and metric, most serious kind first."""
    rows: list[WarningRow] = []
    for g in group_warnings(warnings):
        metrics = list(dict.fromkeys(w.metric for w in g.warnings if w.metric is not None))
        vendors = dict.fromkeys(
            f"{w.vendor} ({labels.words(w.detail)})" if w.detail else w.vendor
            for w in g.warnings
            if w.vendor is not None
        )
        rows.append(
            WarningRow(
                code=g.code,
                kind=_sentence(labels.words(gettext(g.headline))),
                metric=", ".join(labels.metric(m) for m in metrics),
                count=g.count,
                vendors=", ".join(sorted(vendors)),
            )
        )
    return tuple(rows)


def warnings_in_order(warnings: Sequence[ScoringWarning]) -> tuple[ScoringWarning, ...]:
    """Every warning, most serious kind first (the appendix's full list)."""
    return tuple(by_seriousness(warnings))
