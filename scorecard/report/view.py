"""What the report's templates read: :class:`ReportView`, built from the result
models and the loaded inputs (never from raw TOML), every number formatted here.

The templates see each field of the view as a variable of the same name."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from scorecard.report.chart_view import ChartsView, RobustnessView, charts_view, robustness_view
from scorecard.report.cost_view import CostView, cost_view
from scorecard.report.decision import recommendation_text, runner_up_text
from scorecard.report.format import format_date, score_decimals
from scorecard.report.i18n import N_, _, ngettext
from scorecard.report.labels import Labels, method_name, missing_name
from scorecard.report.panel_view import PanelView, RequirementsView, aggregate_words
from scorecard.report.vendor_view import VendorSection, vendor_label, vendor_sections
from scorecard.report.warnings_view import (
    WarningRow,
    summary_kinds,
    warning_rows,
    warnings_in_order,
)
from scorecard.score.notices import requirement_reasons

if TYPE_CHECKING:
    from scorecard.audit.manifest import Manifest
    from scorecard.model.files import CriteriaFile
    from scorecard.model.inputs import Inputs
    from scorecard.model.results import Ranking, ScoringWarning

#: The summary page lists this many kinds of warning; the rest are counted.
SUMMARY_WARNINGS = 10

MISSING_WORDS = {  # marked here, translated where shown
    "worst": N_(
        "A figure the criteria score but a vendor has not supplied scores 0, as if it were "
        "the worst possible."
    ),
    "neutral": N_(
        "A figure the criteria score but a vendor has not supplied scores 50, halfway "
        "between worst and best."
    ),
    "exclude": N_(
        "A figure a vendor has not supplied is left out: its weight is shared, in "
        "proportion, over the vendor's other figures in the same criterion (a vendor can gain "
        "by withholding a weak figure)."
    ),
    "fail": N_("A vendor that has not supplied every figure the criteria score is disqualified."),
}


def word_tables() -> dict[str, dict[str, str]]:
    """Closed vocabularies the templates print (yes/no answers, file roles, evidence
    levels), in the active language; the key is the value in the results."""
    return {
        "answer_words": {"yes": _("yes"), "no": _("no"), "missing": _("missing")},
        "role_words": {
            "criteria": _("criteria"),
            "vendor": _("vendor"),
            "scores": _("scores"),
            "results": _("results"),
        },
        "evidence_words": {
            "vendor-claim": _("vendor-claim"),
            "third-party": _("third-party"),
            "in-house": _("in-house"),
            "estimate": _("estimate"),
        },
        "aggregate_words": aggregate_words(),
    }


@dataclass(frozen=True)
class ReportView:
    # what the report is about
    cf: CriteriaFile
    ranking: Ranking
    manifest: Manifest
    title: str
    date: str  # YYYY-MM-DD
    footer: str
    headline: str  # the recommendation in a few words
    recommendation: str  # the recommendation with why the first beats the second
    runner_up: str | None  # who is second and how sure, from the robustness shares
    labels: Labels  # metric and criterion names for readers
    vendor_count: int
    # the ranking
    decimals: int  # of every score shown
    crit_names: tuple[str, ...]
    topsis: bool
    gated: frozenset[str]  # metrics a gate checks
    missing_words: str  # the missing-data policy in words
    # sections
    sections: tuple[VendorSection, ...]
    charts: ChartsView
    robustness: RobustnessView | None
    requirements: RequirementsView | None
    disqualified: tuple[tuple[str, str], ...]  # (vendors, their reasons in words)
    panel: PanelView | None
    # evidence gaps and warnings
    gaps_by_vendor: tuple[tuple[str, tuple[str, ...]], ...]  # (vendor label, metrics not given)
    no_data: tuple[str, ...]  # criteria no vendor has a figure for
    no_data_metrics: tuple[str, ...]  # scored metrics no vendor has
    more_warnings: int  # kinds of warning not on the summary page
    warning_kinds: tuple[str, ...]  # page 1: each kind once with its count, most serious first
    warning_groups: tuple[WarningRow, ...]  # the appendix: one row per kind and metric
    all_warnings: tuple[ScoringWarning, ...]  # the appendix: every warning, most serious first
    # the audit appendix
    env: Mapping[str, str]  # the rendering environment (manifest.environment)
    fonts: Mapping[str, str]  # bundled font file -> SHA-256
    # what-if weights (`report --what-if`): every page says so; None for the approved ones
    what_if: str | None = None
    # cost at the buyer's volume (None without [usage])
    cost: CostView | None = None
    # closed vocabularies in the report's language (the key is the value in the results)
    method_name: str = ""
    missing_name: str = ""
    answer_words: Mapping[str, str] = field(default_factory=dict)  # yes / no / missing
    role_words: Mapping[str, str] = field(default_factory=dict)  # embedded file roles
    evidence_words: Mapping[str, str] = field(default_factory=dict)  # evidence levels
    aggregate_words: Mapping[str, str] = field(default_factory=dict)  # panel aggregation

    def variables(self) -> dict[str, Any]:
        """The template's variables: each field by name (not a deep copy)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def headline(ranking: Ranking) -> str:
    leaders = [v for v in ranking.ranking if v.rank == 1]
    if not leaders:
        return _("No vendor qualifies")
    if len(leaders) == 1:
        return vendor_label(leaders[0].vendor, leaders[0].model)
    names = ", ".join(vendor_label(v.vendor, v.model) for v in leaders)
    return _("Tie for first: {names}").format(names=names)


def footer(ranking: Ranking, manifest: Manifest, cf: CriteriaFile) -> str:
    """The page footer: report id, date and the criteria's classification."""
    text = _("report {id}").format(id=manifest.report_id)
    text += f" \u00b7 {format_date(ranking.date)}"
    return text + f" \u00b7 {cf.classification}" if cf.classification else text


def _no_data(ranking: Ranking, inputs: Inputs) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(criteria, scored metrics) no vendor has any figure for."""
    has = {m for r in inputs.vendors for m in r.values}
    criteria = tuple(
        c.name for c in ranking.criteria if not any(vf.metric in has for vf in c.metrics)
    )
    metrics = tuple(vf.metric for c in ranking.criteria for vf in c.metrics if vf.metric not in has)
    return criteria, metrics


def disqualified_rows(
    ranking: Ranking, inputs: Inputs, labels: Labels, requirements: RequirementsView | None
) -> tuple[tuple[str, str], ...]:
    """Page 1's disqualified vendors with their reasons in words, vendors with the same
    reasons on one row.  Where the requirements table stands below, a failed yes/no
    requirement is named there with its answer, its source and the buyer's reason: the
    row names those requirements in one phrase instead of repeating each reason (page 1
    must hold the decision for eight vendors)."""
    required = [g for g in inputs.gates if g.require]
    by_id = {rec.id: rec for rec in inputs.vendors}
    rows: dict[str, list[str]] = {}  # reasons -> vendors, in the ranking's order
    for d in ranking.disqualified:
        rec = by_id.get(d.id)
        failed: list[str] = []
        collapsed: set[str] = set()
        if requirements is not None and rec is not None:
            for gate in required:
                mine = set(requirement_reasons(rec, [gate])) & set(d.reasons)
                if mine:
                    failed.append(labels.metric(gate.metric))
                    collapsed |= mine
        parts = [labels.words(r) for r in d.reasons if r not in collapsed]
        if failed:
            parts.append(
                ngettext(
                    "requirement not met: {names} (see Requirements)",
                    "requirements not met: {names} (see Requirements)",
                    len(failed),
                ).format(names=", ".join(failed))
            )
        rows.setdefault("; ".join(parts), []).append(vendor_label(d.vendor, d.model))
    return tuple((", ".join(vendors), reasons) for reasons, vendors in rows.items())


def build_view(
    ranking: Ranking, inputs: Inputs, manifest: Manifest, fonts: Mapping[str, str]
) -> ReportView:
    """Everything the template reads, computed and formatted here."""
    from scorecard.report.panel_view import panel_view, requirements_view

    cf = inputs.criteria
    labels = Labels.of(inputs.catalog, cf)
    decimals = score_decimals(v.score for v in ranking.ranking)
    sections = vendor_sections(ranking, inputs, inputs.figure_lines(), decimals)
    kinds = summary_kinds(ranking.warnings, labels)  # each kind once, most serious first
    no_data, no_data_metrics = _no_data(ranking, inputs)
    words = word_tables()
    requirements = requirements_view(ranking, inputs)
    return ReportView(
        cf=cf,
        ranking=ranking,
        manifest=manifest,
        title=cf.title,
        date=ranking.date.isoformat(),
        footer=footer(ranking, manifest, cf),
        headline=headline(ranking),
        recommendation=recommendation_text(ranking, labels),
        runner_up=runner_up_text(ranking),
        labels=labels,
        vendor_count=len(inputs.vendors),
        decimals=decimals,
        crit_names=tuple(c.name for c in ranking.criteria),
        topsis=ranking.method == "topsis",
        gated=frozenset(g.metric for g in ranking.gates),
        missing_words=_(MISSING_WORDS[ranking.missing]),
        sections=tuple(sections),
        charts=charts_view(ranking, decimals, labels),
        robustness=robustness_view(ranking, labels),
        requirements=requirements,
        disqualified=disqualified_rows(ranking, inputs, labels, requirements),
        panel=panel_view(ranking, inputs),
        gaps_by_vendor=tuple((vendor_label(s.vendor, s.model), s.gaps) for s in sections if s.gaps),
        no_data=no_data,
        no_data_metrics=no_data_metrics,
        more_warnings=max(0, len(kinds) - SUMMARY_WARNINGS),
        warning_kinds=kinds[:SUMMARY_WARNINGS],
        warning_groups=warning_rows(ranking.warnings, labels),
        all_warnings=warnings_in_order(ranking.warnings),
        env=manifest.environment,
        fonts=fonts,
        what_if=what_if_text(ranking),
        cost=cost_view(ranking, inputs),
        method_name=method_name(ranking.method),
        missing_name=missing_name(ranking.missing),
        answer_words=words["answer_words"],
        role_words=words["role_words"],
        evidence_words=words["evidence_words"],
        aggregate_words=words["aggregate_words"],
    )


def what_if_text(ranking: Ranking) -> str | None:
    """What `report --what-if` marks every page for (None: the approved weighting)."""
    from scorecard.score.what_if import what_if_changes

    if ranking.what_if is None:
        return None
    changes = what_if_changes(ranking.what_if, arrow="\u2192")
    return _("Weights differ from the criteria file: {changes}.").format(changes=changes)
