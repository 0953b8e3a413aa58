"""The report as HTML: a jinja2 environment over the bundled templates, and the
view the templates read, built from the result models (never from raw TOML).

jinja2 runs with autoescape on and StrictUndefined: every string from an input
file is escaped, and a template naming a missing value fails instead of
printing nothing."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scorecard.model.catalog import BLENDED_PRICE

if TYPE_CHECKING:
    import jinja2
    from markupsafe import Markup

    from scorecard.audit.manifest import Manifest
    from scorecard.model.inputs import Inputs, VendorRecord
    from scorecard.model.results import Ranking, ValueFunction

TEMPLATE = "report.html.j2"
CHART_ROWS = 25  # charts show at most this many ranked vendors (a chart cannot break across pages)
SUMMARY_WARNINGS = 10

BUNDLED_FONTS: tuple[str, ...] = (
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique.ttf",
    "DejaVuSansCondensed.ttf",
    "DejaVuSansCondensed-Bold.ttf",
    "DejaVuSansCondensed-Oblique.ttf",
    "DejaVuSansMono.ttf",
)


def templates_root() -> Path:
    """The bundled templates: inside the package when installed (the wheel maps
    templates/ to scorecard/templates), the repository's templates/ in a checkout."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"


def font_files() -> list[Path]:
    return [templates_root() / "fonts" / name for name in BUNDLED_FONTS]


# --------------------------------------------------------------------------- formatting


def fmt_number(x: float | None, digits: int = 4) -> str:
    """A figure as a reader expects it: thousands separated, no float noise."""
    if x is None:
        return "\u2014"
    if not math.isfinite(x):
        return str(x)
    if x == round(x) and abs(x) < 1e15:
        return f"{round(x):,}"
    magnitude = math.floor(math.log10(abs(x))) if x else 0
    decimals = max(0, min(6, digits - 1 - magnitude))
    text = f"{x:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def fmt_percent(share: float, decimals: int = 1) -> str:
    return f"{share * 100:.{decimals}f}%"


def score_decimals(scores: Iterable[tuple[int, float]]) -> int:
    """Enough decimals (1 to 6) that vendors of different ranks never look equal."""
    ordered = list(scores)
    for decimals in range(1, 7):
        if all(
            f"{a:.{decimals}f}" != f"{b:.{decimals}f}"
            for (ra, a), (rb, b) in itertools.pairwise(ordered)
            if ra != rb
        ):
            return decimals
    return 6


def css_string(text: str) -> Markup:
    """A CSS string literal that is safe anywhere in a <style> element: every
    character but letters, digits and a few punctuation marks is hex-escaped."""
    from markupsafe import Markup

    safe = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:-_()")
    # a hex escape swallows one following space: emit that space, so text stays intact
    body = "".join(ch if ch in safe else f"\\{ord(ch):06x} " for ch in text)
    return Markup(f'"{body}"')


# --------------------------------------------------------------------------- the view


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
    reasons: list[str]
    description: str | None
    url: str | None
    file: str
    rows: list[MetricRow]
    sources: list[str]
    gaps: list[str]
    warnings: list[str]


def value_function_text(vf: ValueFunction) -> str:
    unit = vf.unit
    if vf.best is None or vf.worst is None:
        return "relative to the vendors scored; no qualified vendor has this figure"
    best, worst = fmt_number(vf.best), fmt_number(vf.worst)
    scale = "logarithmic" if vf.scale == "log" else "linear"
    text = f"{scale}: {worst} {unit} scores 0, {best} {unit} scores 100, clamped between"
    if vf.relative:
        text += " (best and worst as observed among the qualified vendors)"
    return text


MISSING_WORDS = {
    "worst": "A figure the criteria score but a vendor has not supplied scores 0, as if it were "
    "the worst possible.",
    "neutral": "A figure the criteria score but a vendor has not supplied scores 50, halfway "
    "between worst and best.",
    "exclude": "A figure a vendor has not supplied is left out: its weight is shared, in "
    "proportion, over the vendor's other figures in the same criterion (a vendor can gain by "
    "withholding a weak figure).",
    "fail": "A vendor that has not supplied every figure the criteria score is disqualified.",
}


def _figure_rows(
    rec: VendorRecord,
    scored: Mapping[str, Any],
    lines: Mapping[tuple[str, str], int],
    file: str,
    inputs: Inputs,
    metric_order: list[str],
    disqualified: bool,
) -> tuple[list[MetricRow], list[str]]:
    rows: list[MetricRow] = []
    sources: dict[str, int] = {}
    order = metric_order + [m for m in rec.file.metrics if m not in metric_order]
    if BLENDED_PRICE in rec.values and BLENDED_PRICE not in order:
        order.append(BLENDED_PRICE)
    criterion_of = {m.metric: m.criterion for m in inputs.metrics}
    for metric in order:
        fig = rec.file.metrics.get(metric)
        ms = scored.get(metric)
        mdef = inputs.catalog.get(metric)
        unit = mdef.unit if mdef else (fig.unit if fig else "")
        value = rec.values.get(metric)
        canonical = f"{fmt_number(value)} {unit}" if value is not None else "\u2014"
        if ms is not None:
            score = "\u2014" if ms.score is None else f"{ms.score * 100:.1f}"
            weight = fmt_percent(ms.weight)
            points = f"{ms.points:.2f}"
        elif metric in criterion_of and disqualified:
            score, weight, points = "not scored", "\u2014", "\u2014"
        else:
            score, weight, points = "\u2014", "\u2014", "\u2014"
        if fig is None:
            if metric == BLENDED_PRICE and value is not None:
                mix = inputs.criteria.token_mix
                mix_text = f"{fmt_number(mix.input)}:{fmt_number(mix.output)}" if mix else ""
                rows.append(
                    MetricRow(
                        metric,
                        criterion_of.get(metric),
                        "derived",
                        canonical,
                        score,
                        weight,
                        points,
                        False,
                        method=f"input and output prices weighted by the buyer's token mix "
                        f"(input:output = {mix_text})",
                        where=f"{file}:{lines.get((rec.id, 'price_input_usd_per_mtok'), 1)}",
                    )
                )
                continue
            policy = getattr(ms, "policy", None) if ms is not None else None
            rows.append(
                MetricRow(
                    metric,
                    criterion_of.get(metric),
                    "missing",
                    "",
                    score,
                    weight,
                    points,
                    True,
                    note=f"not supplied: the {policy or inputs.criteria.missing!r} missing-data "
                    "policy applies",
                )
            )
            continue
        as_of = fig.as_of.isoformat() if isinstance(fig.as_of, dt.date) else fig.as_of
        given = f"{fmt_number(fig.value)} {fig.unit}"
        if fig.unit == "yes/no":
            given = "yes" if fig.value else "no"
        panel = mdef is not None and mdef.panel  # from the score files: see the panel section
        rows.append(
            MetricRow(
                metric,
                criterion_of.get(metric),
                given,
                canonical if fig.unit != unit else "",
                score,
                weight,
                points,
                False,
                source=sources.setdefault(fig.source, len(sources) + 1),
                as_of=as_of,
                evidence=fig.evidence,
                method=fig.method,
                stderr=None if fig.stderr is None else f"\u00b1{fmt_number(fig.stderr)} {fig.unit}",
                note=fig.note
                if fig.assessed_by is None
                else f"{fig.note} (assessed by {fig.assessed_by})",
                where=None if panel else f"{file}:{lines.get((rec.id, metric), 1)}",
            )
        )
    return rows, list(sources)


def build_view(
    ranking: Ranking,
    inputs: Inputs,
    manifest: Manifest,
    fonts: Mapping[str, str],
) -> dict[str, Any]:
    """Everything the template reads, computed and formatted here."""
    from scorecard.audit.manifest import embedded_name
    from scorecard.load.positions import figure_lines
    from scorecard.report import charts
    from scorecard.report.panel_view import panel_view, requirements_view
    from scorecard.score.notices import group_warnings

    cf = inputs.criteria
    records = {r.id: r for r in inputs.vendors}
    lines = figure_lines(inputs)
    decimals = score_decimals((v.rank, v.score) for v in ranking.ranking)
    metric_order = [vf.metric for c in ranking.criteria for vf in c.metrics]
    gated = [g.metric for g in ranking.gates]

    def label(vendor: str, model: str) -> str:
        return f"{vendor} \u2013 {model}" if model else vendor

    sections: list[VendorSection] = []
    gaps_by_vendor: list[tuple[str, list[str]]] = []
    warnings_for: dict[str, list[str]] = {}
    for w in ranking.warnings:
        if w.vendor:
            warnings_for.setdefault(w.vendor, []).append(w.message)
    entries: list[tuple[str, Any, bool]] = [(v.id, v, False) for v in ranking.ranking]
    entries += [(d.id, d, True) for d in ranking.disqualified]
    for n, (vid, entry, is_dq) in enumerate(entries):
        rec = records[vid]
        file = embedded_name(rec.source, "vendor")
        scored = {} if is_dq else entry.metrics
        rows, sources = _figure_rows(rec, scored, lines, file, inputs, list(metric_order), is_dq)
        gaps = [m for m in dict.fromkeys([*metric_order, *gated]) if m not in rec.values]
        if gaps:
            gaps_by_vendor.append((label(rec.vendor, rec.model), gaps))
        sections.append(
            VendorSection(
                anchor=f"vendor-{n + 1}",
                id=vid,
                vendor=rec.vendor,
                model=rec.model,
                rank=None if is_dq else entry.rank,
                score=None if is_dq else f"{entry.score:.{decimals}f}",
                win_rate=None
                if is_dq or entry.win_rate is None
                else fmt_percent(entry.win_rate, 0),
                reasons=list(entry.reasons) if is_dq else [],
                description=rec.file.description,
                url=rec.file.url,
                file=file,
                rows=rows,
                sources=sources,
                gaps=gaps,
                warnings=warnings_for.get(vid, []),
            )
        )
    no_data = [
        c.name
        for c in ranking.criteria
        if not any(vf.metric in r.values for vf in c.metrics for r in inputs.vendors)
    ]
    no_data_metrics = [m for m in metric_order if not any(m in r.values for r in inputs.vendors)]

    shown = ranking.ranking[:CHART_ROWS]
    crit_names = [c.name for c in ranking.criteria]
    topsis = ranking.method == "topsis"
    bars = []
    for v in shown:
        segments = [v.criteria[c].points if c in v.criteria else 0.0 for c in crit_names]
        # TOPSIS has no per-criterion decomposition: the bars show the weighted-sum
        # breakdown (labelled as such), so the figure after a bar is their sum.
        total = math.fsum(segments) if topsis else v.score
        places = 1 if topsis else min(decimals, 2) if decimals <= 2 else decimals
        bars.append(charts.Bar(label(v.vendor, v.model), total, f"{total:.{places}f}", segments))
    bars_desc = "; ".join(
        f"{b.label}: {b.total_text} = "
        + " + ".join(f"{name} {p:.1f}" for name, p in zip(crit_names, b.segments, strict=True))
        for b in bars
    )
    heat_rows = [
        (
            label(v.vendor, v.model),
            [
                None
                if (ms := v.metrics.get(m)) is None or ms.missing or ms.score is None
                else ms.score
                for m in metric_order
            ],
        )
        for v in shown
    ]
    heat_desc = "; ".join(
        f"{lab}: "
        + ", ".join(
            f"{m} {'missing' if s is None else f'{s * 100:.0f}'}"
            for m, s in zip(metric_order, scores, strict=True)
        )
        for lab, scores in heat_rows
    )
    charts_view = {
        "bars": charts.score_bars([(c.name, c.weight) for c in ranking.criteria], bars, bars_desc)
        if bars
        else None,
        "heat": charts.heat_map(metric_order, heat_rows, heat_desc) if heat_rows else None,
        "shown": len(shown),
        "total": len(ranking.ranking),
        "palette": [charts.colour(i) for i in range(len(crit_names))],
    }

    robustness = _robustness_view(ranking, label) if ranking.sensitivity is not None else None
    grouped = group_warnings(ranking.warnings)  # one line per kind of warning
    summary_warnings = grouped[:SUMMARY_WARNINGS]
    leaders = [v for v in ranking.ranking if v.rank == 1]
    if not leaders:
        headline = "No vendor qualifies"
    elif len(leaders) == 1:
        headline = label(leaders[0].vendor, leaders[0].model)
    else:
        headline = "Tie for first: " + ", ".join(label(v.vendor, v.model) for v in leaders)
    env = manifest.environment
    footer = f"report {manifest.report_id} \u00b7 {ranking.date.isoformat()}"
    if cf.classification:
        footer += f" \u00b7 {cf.classification}"
    return {
        "cf": cf,
        "ranking": ranking,
        "manifest": manifest,
        "date": ranking.date.isoformat(),
        "decimals": decimals,
        "crit_names": crit_names,
        "label": label,
        "sections": sections,
        "charts": charts_view,
        "gaps_by_vendor": gaps_by_vendor,
        "no_data": no_data,
        "no_data_metrics": no_data_metrics,
        "summary_warnings": summary_warnings,
        "headline": headline,
        "robustness": robustness,
        "more_warnings": len(grouped) - len(summary_warnings),
        "missing_words": MISSING_WORDS[ranking.missing],
        "vf_text": value_function_text,
        "env": env,
        "fonts": fonts,
        "footer": footer,
        "title": cf.title,
        "topsis": topsis,
        "gated": set(gated),
        "embedded": [*manifest.files, "manifest.json"],
        "vendor_count": len(inputs.vendors),
        "requirements": requirements_view(ranking, inputs),
        "panel": panel_view(ranking, inputs),
        "what_if": _what_if_text(ranking),
    }


def _what_if_text(ranking: Ranking) -> str | None:
    """What `report --what-if` marks every page for (None: the approved weighting)."""
    from scorecard.score.what_if import what_if_changes

    if ranking.what_if is None:
        return None
    changes = what_if_changes(ranking.what_if, arrow="\u2192")
    return f"Weights differ from the criteria file: {changes}."


def _robustness_view(ranking: Ranking, label: Any) -> dict[str, Any]:
    """The robustness section: verdict, weight-range chart, acceptability heat map."""
    from scorecard.report import charts
    from scorecard.report.sensitivity_text import acceptability_rows

    s = ranking.sensitivity
    assert s is not None
    names = {v.id: label(v.vendor, v.model) for v in ranking.ranking}
    names |= {d.id: label(d.vendor, d.model) for d in ranking.disqualified}
    ranges = None
    if s.weight_ranges:
        leader = names.get(s.leader or "", s.leader or "")
        rows = []
        for criterion, wr in s.weight_ranges.items():
            parts = []
            if wr.overtaken_by_below:
                parts.append(f"below: {names.get(wr.overtaken_by_below, wr.overtaken_by_below)}")
            if wr.overtaken_by_above:
                parts.append(f"above: {names.get(wr.overtaken_by_above, wr.overtaken_by_above)}")
            rows.append(
                (criterion, wr.weight, wr.low, wr.high, "; ".join(parts) or "first throughout")
            )
        desc = "; ".join(
            f"{c}: weight {w:.2f}, stays first from {lo:.2f} to {hi:.2f} ({note})"
            for c, w, lo, hi, note in rows
        )
        ranges = charts.weight_ranges(rows, leader, desc)
    acc_rows = acceptability_rows(s, ranking)
    acc = None
    if acc_rows:
        n_ranks = len(acc_rows[0].ranks)
        show_lower = any(r.lower > 0 for r in acc_rows)
        columns = [f"#{r + 1}" for r in range(n_ranks)] + ["lower"] * show_lower + ["disq."]
        cells = [
            (
                names.get(r.id, r.label) if r.id else r.label,
                [*r.ranks, *([r.lower] if show_lower else []), r.disqualified],
            )
            for r in acc_rows
        ]
        desc = "; ".join(
            f"{lab}: "
            + ", ".join(
                f"{c} {charts.share_text(x) if x else '0%'}"
                for c, x in zip(columns, xs, strict=True)
            )
            for lab, xs in cells
        )
        acc = charts.acceptability(columns, cells, desc)
    return {"s": s, "ranges": ranges, "acceptability": acc, "leader": names.get(s.leader or "", "")}


def make_environment() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_root())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["num"] = fmt_number
    env.filters["pct"] = fmt_percent
    env.filters["css_string"] = css_string
    return env


def render_html(
    ranking: Ranking, inputs: Inputs, manifest: Manifest, fonts: Mapping[str, str]
) -> str:
    view = build_view(ranking, inputs, manifest, fonts)
    return make_environment().get_template(TEMPLATE).render(**view)
