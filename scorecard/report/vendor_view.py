"""The report's vendor sections: one per vendor, each figure a row with its value,
score, weight, points and evidence (as-of date, evidence level, method, standard
error, source, note, and the file and line it was read from)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from scorecard.model.catalog import BLENDED_PRICE
from scorecard.report.format import DASH, format_date, format_fixed, format_number, format_percent
from scorecard.report.i18n import _
from scorecard.report.labels import Labels, missing_name

if TYPE_CHECKING:
    from scorecard.model.files import Figure
    from scorecard.model.inputs import Inputs, VendorRecord
    from scorecard.model.results import MetricScore, Ranking


@dataclass(frozen=True)
class MetricRow:
    metric: str
    criterion: str | None  # None: not scored (a gate, informational, an input of a derived metric)
    given: str
    canonical: str
    score: str
    weight: str
    points: str
    missing: bool
    source: int | None = None  # number of the source in the vendor's source list
    as_of: str | None = None
    evidence: str | None = None
    method: str | None = None
    stderr: str | None = None
    note: str | None = None
    where: str | None = None  # "vendors/acme.toml:12"


@dataclass(frozen=True)
class VendorSection:
    anchor: str
    id: str
    vendor: str
    model: str
    rank: int | None
    score: str | None
    win_rate: str | None
    reasons: tuple[str, ...]
    description: str | None
    url: str | None
    file: str
    rows: tuple[MetricRow, ...]
    sources: tuple[str, ...]
    gaps: tuple[str, ...]
    warnings: tuple[str, ...]


def vendor_label(vendor: str, model: str) -> str:
    """The label of a vendor: "vendor \\u2013 model", or the vendor alone without a model."""
    return f"{vendor} \u2013 {model}" if model else vendor


@dataclass
class _Figures:
    """What every row of one vendor's table needs: the vendor, where its figures were
    read, the scores it got, and its source list as the rows number it."""

    rec: VendorRecord
    inputs: Inputs
    file: str
    lines: Mapping[tuple[str, str], int]
    scored: Mapping[str, MetricScore]
    disqualified: bool
    criterion_of: Mapping[str, str]
    sources: dict[str, int] = field(default_factory=dict)

    def where(self, metric: str) -> str:
        return f"{self.file}:{self.lines.get((self.rec.id, metric), 1)}"


def _score_cells(f: _Figures, metric: str) -> tuple[str, str, str]:
    """(value score, effective weight, points) as shown."""
    ms = f.scored.get(metric)
    if ms is not None:
        score = DASH if ms.score is None else format_fixed(ms.score * 100, 1)
        return score, format_percent(ms.weight), format_fixed(ms.points, 1)
    if metric in f.criterion_of and f.disqualified:
        return _("not scored"), DASH, DASH
    return DASH, DASH, DASH


def _derived_row(f: _Figures, metric: str, canonical: str) -> MetricRow:
    """The blended price: computed from the input and output prices and the token mix."""
    mix = f.inputs.criteria.token_mix
    mix_text = f"{format_number(mix.input)}:{format_number(mix.output)}" if mix else ""
    return MetricRow(
        metric,
        f.criterion_of.get(metric),
        _("derived"),
        canonical,
        *_score_cells(f, metric),
        False,
        method=_(
            "input and output prices weighted by the buyer's token mix (input:output = {mix})"
        ).format(mix=mix_text),
        where=f.where("price_input_usd_per_mtok"),
    )


def _missing_row(f: _Figures, metric: str) -> MetricRow:
    ms = f.scored.get(metric)
    policy = ms.policy if ms is not None else None
    return MetricRow(
        metric,
        f.criterion_of.get(metric),
        _("missing"),
        "",
        *_score_cells(f, metric),
        True,
        note=_("not supplied: the “{policy}” missing-data policy applies").format(
            policy=missing_name(policy or f.inputs.criteria.missing)
        ),
    )


def _given_row(f: _Figures, metric: str, fig: Figure, canonical: str, unit: str) -> MetricRow:
    mdef = f.inputs.catalog.get(metric)
    given = canonical if fig.unit == unit else f"{format_number(fig.value)} {fig.unit}"
    if fig.unit == "yes/no":
        given = _("yes") if fig.value else _("no")
    panel = mdef is not None and mdef.panel  # from the score files: see the panel section
    return MetricRow(
        metric,
        f.criterion_of.get(metric),
        given,
        canonical if fig.unit != unit else "",
        *_score_cells(f, metric),
        False,
        source=f.sources.setdefault(fig.source, len(f.sources) + 1),
        as_of=format_date(fig.as_of) if isinstance(fig.as_of, dt.date) else fig.as_of,
        evidence=fig.evidence,
        method=fig.method,
        stderr=None if fig.stderr is None else f"\u00b1{format_number(fig.stderr)} {fig.unit}",
        note=fig.note
        if fig.assessed_by is None
        else _("{note} (assessed by {who})").format(note=fig.note, who=fig.assessed_by),
        where=None if panel else f.where(metric),
    )


def _row(f: _Figures, metric: str) -> MetricRow:
    fig = f.rec.file.metrics.get(metric)
    mdef = f.inputs.catalog.get(metric)
    unit = mdef.unit if mdef else (fig.unit if fig else "")
    canonical = Labels(f.inputs.catalog).quantity(f.rec.values.get(metric), metric)
    if fig is not None:
        return _given_row(f, metric, fig, canonical, unit)
    if metric == BLENDED_PRICE and f.rec.values.get(metric) is not None:
        return _derived_row(f, metric, canonical)
    return _missing_row(f, metric)


def figure_rows(f: _Figures, metric_order: Sequence[str]) -> list[MetricRow]:
    """Scored metrics in criteria order, then the vendor's other figures, then the
    blended price it derives."""
    order = list(metric_order) + [m for m in f.rec.file.metrics if m not in metric_order]
    if BLENDED_PRICE in f.rec.values and BLENDED_PRICE not in order:
        order.append(BLENDED_PRICE)
    return [_row(f, metric) for metric in order]


def vendor_sections(
    ranking: Ranking,
    inputs: Inputs,
    lines: Mapping[tuple[str, str], int],
    decimals: int,
) -> list[VendorSection]:
    """Ranked vendors in rank order, then the disqualified ones."""
    metric_order = [vf.metric for c in ranking.criteria for vf in c.metrics]
    gated = [g.metric for g in ranking.gates]
    context = _Context(
        {r.id: r for r in inputs.vendors},
        inputs,
        lines,
        {m.metric: m.criterion for m in inputs.metrics},
        metric_order,
        list(dict.fromkeys([*metric_order, *gated])),
        {},
    )
    for w in ranking.warnings:
        if w.vendor:
            context.warnings_for.setdefault(w.vendor, []).append(w.message)
    sections = [
        _section(
            context,
            n,
            v.id,
            v.metrics,
            rank=v.rank,
            score=format_fixed(v.score, decimals),
            win_rate=None if v.win_rate is None else format_percent(v.win_rate, 0),
        )
        for n, v in enumerate(ranking.ranking)
    ]
    first = len(sections)
    sections += [
        _section(context, first + n, d.id, {}, reasons=tuple(d.reasons))
        for n, d in enumerate(ranking.disqualified)
    ]
    return sections


@dataclass(frozen=True)
class _Context:
    records: Mapping[str, VendorRecord]
    inputs: Inputs
    lines: Mapping[tuple[str, str], int]
    criterion_of: Mapping[str, str]
    metric_order: list[str]
    used: list[str]  # every metric the criteria score or gate
    warnings_for: dict[str, list[str]]


def _section(
    c: _Context,
    n: int,
    vid: str,
    scored: Mapping[str, MetricScore],
    *,
    rank: int | None = None,  # None: disqualified
    score: str | None = None,
    win_rate: str | None = None,
    reasons: tuple[str, ...] = (),
) -> VendorSection:
    from scorecard.audit.manifest import embedded_name

    rec = c.records[vid]
    figures = _Figures(
        rec,
        c.inputs,
        embedded_name(rec.source, "vendor"),
        c.lines,
        scored,
        rank is None,
        c.criterion_of,
    )
    rows = figure_rows(figures, c.metric_order)
    return VendorSection(
        anchor=f"vendor-{n + 1}",
        id=vid,
        vendor=rec.vendor,
        model=rec.model,
        rank=rank,
        score=score,
        win_rate=win_rate,
        reasons=reasons,
        description=rec.file.description,
        url=rec.file.url,
        file=figures.file,
        rows=tuple(rows),
        sources=tuple(figures.sources),
        gaps=tuple(m for m in c.used if m not in rec.values),
        warnings=tuple(c.warnings_for.get(vid, [])),
    )
