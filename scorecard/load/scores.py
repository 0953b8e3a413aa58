"""The evaluation panel's score files: read, checked and aggregated into vendor figures.

:mod:`scorecard.model.panel` (the aggregation) is imported where used: runs whose
criteria declare no panel metric never load it."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from scorecard.load.files import read_toml
from scorecard.load.partial import drop_touched, validate_partial
from scorecard.load.project import InputPaths, display_name
from scorecard.load.validation import Placer, number_text, suggest, validate_model
from scorecard.model.catalog import Catalog
from scorecard.model.constants import REL_TOL
from scorecard.model.files import CriteriaFile, Figure, PanelScore, ScoreFile
from scorecard.model.findings import Finding, make_finding
from scorecard.model.inputs import SourceFile, VendorRecord

if TYPE_CHECKING:
    from scorecard.model.panel import Evaluator, Panel, PanelMetric, PanelResult


def panel_metrics_of(cf: CriteriaFile, catalog: Catalog) -> list[PanelMetric]:
    """The panel metrics the criteria file declares (and the catalogue accepted)."""
    if not any(decl.unit == "panel" for decl in cf.metrics.values()):
        return []
    from scorecard.model.panel import PanelMetric

    out: list[PanelMetric] = []
    for metric_id, decl in cf.metrics.items():
        mdef = catalog.get(metric_id)
        if mdef is None or not mdef.panel or not mdef.custom or decl.scale is None:
            continue
        descriptors = sorted(
            ((float(level), text) for level, text in (decl.descriptors or {}).items()),
            key=lambda d: d[0],
        )
        out.append(
            PanelMetric(
                metric=metric_id,
                low=decl.scale[0],
                high=decl.scale[1],
                direction=decl.direction,
                aggregate=decl.aggregate or "median",
                descriptors=tuple(descriptors),
                description=decl.description,
            )
        )
    return out


def _normalised_name(name: str) -> str:
    return " ".join(name.split()).casefold()


def _collect_score_files(
    paths: InputPaths,
) -> tuple[list[tuple[Path, str, str]], list[Finding]]:
    folder = paths.scores_path
    if folder is None:
        return [], []
    display = display_name(folder, paths)
    if not folder.exists():
        return [], [make_finding(display, "not-found", what="folder (--scores)")]
    if not folder.is_dir():
        return [], [make_finding(display, "not-a-folder")]
    files = sorted(p for p in folder.iterdir() if p.suffix == ".toml")
    if not files:
        return [], [make_finding(display, "no-toml-files")]
    return [(p, display_name(p, paths), f"scores/{p.name}") for p in files], []


def _check_score_file(
    sf: ScoreFile,
    src: SourceFile,
    moderation: bool,
    panel_metrics: Sequence[PanelMetric] | None,
    catalog: Catalog,
    vendor_ids: set[str],
) -> list[Finding]:
    """Unknown vendors and metrics, scores off the scale, moderation of a metric
    that is not moderated."""
    place = Placer(src)
    findings: list[Finding] = []
    by_id = {pm.metric: pm for pm in panel_metrics or ()}
    for i, vendor_id in enumerate(sf.conflicted_vendors):
        if vendor_id not in vendor_ids:
            hint = suggest(vendor_id, vendor_ids)
            findings.append(
                place(
                    ("conflicted_vendors", i), "unknown-vendor", vendor=repr(vendor_id), hint=hint
                )
            )
    for vendor_id, scores in sf.vendors.items():
        loc = ("vendors", vendor_id)
        if vendor_id not in vendor_ids:
            hint = suggest(vendor_id, vendor_ids)
            findings.append(place(loc, "unknown-vendor", vendor=repr(vendor_id), hint=hint))
        if panel_metrics is None:  # the criteria file did not load: metrics unknown
            continue
        for metric_id, ps in scores.items():
            findings += _check_score(place, (*loc, metric_id), ps, by_id, catalog, moderation)
    return findings


def _check_score(
    place: Placer,
    loc: tuple[str, str, str],
    ps: PanelScore,
    by_id: dict[str, PanelMetric],
    catalog: Catalog,
    moderation: bool,
) -> list[Finding]:
    """One score: of a panel metric, (when moderated) of a moderated one, on its scale."""
    metric_id = loc[-1]
    pm = by_id.get(metric_id)
    if pm is None and metric_id in catalog:
        return [place(loc, "not-panel-metric", metric=metric_id)]
    if pm is None:
        hint = suggest(metric_id, by_id)
        note = ' (declare it in the criteria file with unit = "panel")'
        return [
            place(
                loc,
                "unknown-metric",
                what="panel metric",
                metric=repr(metric_id),
                hint=hint,
                note=note,
            )
        ]
    if moderation and pm.aggregate != "moderated":
        return [place(loc, "moderation-not-used", metric=metric_id, aggregate=pm.aggregate)]
    lo_ok = ps.score >= pm.low - REL_TOL * max(1.0, abs(pm.low))
    hi_ok = ps.score <= pm.high + REL_TOL * max(1.0, abs(pm.high))
    if lo_ok and hi_ok:
        return []
    bounds = f"between {number_text(pm.low)} and {number_text(pm.high)}, the scale of {metric_id}"
    return [place((*loc, "score"), "value-out-of-range", bounds=bounds, got=number_text(ps.score))]


def load_panel(
    paths: InputPaths,
    panel_metrics: Sequence[PanelMetric] | None,
    catalog: Catalog,
    vendor_ids: set[str],
    records: Sequence[VendorRecord],
) -> tuple[Panel | None, list[SourceFile], list[Finding]]:
    """Read and check the score files; aggregate each vendor's panel metrics.

    ``panel_metrics`` is None when the criteria file did not load (metric checks are
    then skipped).  Returns no panel when the criteria declare no panel metric."""
    files, findings = _collect_score_files(paths)
    if not files and not panel_metrics:
        return None, [], findings
    from scorecard.model.panel import MODERATION_FILE

    sources: list[SourceFile] = []
    evaluators: list[tuple[ScoreFile, SourceFile]] = []
    moderation: tuple[ScoreFile, SourceFile] | None = None
    seen: dict[str, str] = {}
    for path, display, name in files:
        src, data, found = read_toml(path, display, name)
        findings += found
        if src is None:
            continue
        sources.append(src)
        if data is None:
            continue
        sf, found = validate_model(ScoreFile, data, src)
        findings += found
        is_moderation = path.name == MODERATION_FILE
        if sf is None:  # the other checks still run on what is left of the file
            partial, touched = validate_partial(ScoreFile, data)
            if partial is not None:
                args = (partial, src, is_moderation, panel_metrics, catalog, vendor_ids)
                findings += drop_touched(_check_score_file(*args), touched)
            continue
        found = _check_score_file(sf, src, is_moderation, panel_metrics, catalog, vendor_ids)
        findings += found
        if is_moderation:
            moderation = (sf, src)
            continue
        key = _normalised_name(sf.evaluator)
        if key in seen:
            findings.append(
                Placer(src)(
                    ("evaluator",),
                    "duplicate-evaluator",
                    evaluator=repr(sf.evaluator),
                    other=seen[key],
                )
            )
            continue
        seen[key] = src.display
        evaluators.append((sf, src))
    if findings or not panel_metrics:
        return None, sources, findings
    return aggregate_panel(panel_metrics, evaluators, moderation, records), sources, []


def _evaluator(sf: ScoreFile, src: SourceFile) -> Evaluator:
    from scorecard.model.panel import Evaluator

    return Evaluator(
        sf.evaluator,
        sf.role,
        sf.conflicts,
        sf.date,
        src.name,
        conflicted_vendors=tuple(sf.conflicted_vendors),
        declared_on=sf.declared_on,
    )


def aggregate_panel(
    panel_metrics: Sequence[PanelMetric],
    evaluators: Sequence[tuple[ScoreFile, SourceFile]],
    moderation: tuple[ScoreFile, SourceFile] | None,
    records: Sequence[VendorRecord],
) -> Panel:
    """Each vendor's aggregate on each panel metric.  An evaluator is on a metric's
    panel when they scored it for at least one vendor; the panel members who did not
    score a vendor are named in its result.  A score of a vendor its evaluator (or
    the moderator) declared a conflict with is recused: kept, but not aggregated."""
    from scorecard.model.panel import EvaluatorScore, Panel, aggregate_scores

    results: list[PanelResult] = []
    for pm in panel_metrics:
        members = sorted(sf.evaluator for sf, _ in evaluators if _scored(sf, pm.metric))
        for rec in records:
            scores: list[EvaluatorScore] = []
            recused: list[EvaluatorScore] = []
            for sf, src in evaluators:
                ps = sf.vendors.get(rec.id, {}).get(pm.metric)
                if ps is None:
                    continue
                given = EvaluatorScore(sf.evaluator, ps.score, ps.justification, src.name)
                (recused if rec.id in sf.conflicted_vendors else scores).append(given)
            moderated = None
            if moderation is not None:
                msf, msrc = moderation
                mps = msf.vendors.get(rec.id, {}).get(pm.metric)
                if mps is not None:
                    moderated = EvaluatorScore(
                        msf.evaluator, mps.score, mps.justification, msrc.name
                    )
                    if rec.id in msf.conflicted_vendors:
                        recused.append(moderated)
                        moderated = None
            results.append(aggregate_scores(rec.id, pm, scores, members, moderated, recused))
    order = {pm.metric: i for i, pm in enumerate(panel_metrics)}
    results.sort(key=lambda r: (r.vendor, order[r.metric]))
    return Panel(
        metrics=tuple(panel_metrics),
        evaluators=tuple(
            sorted((_evaluator(sf, src) for sf, src in evaluators), key=lambda e: e.name)
        ),
        moderator=None if moderation is None else _evaluator(*moderation),
        results=tuple(results),
    )


def _scored(sf: ScoreFile, metric: str) -> bool:
    return any(metric in scores for scores in sf.vendors.values())


def with_panel(rec: VendorRecord, panel: Panel) -> VendorRecord:
    """The record with its panel aggregates as values, and a synthesised in-house
    figure per aggregated panel metric (so provenance tables show it)."""
    values = dict(rec.values)
    stderrs = dict(rec.stderrs)
    figures = dict(rec.file.metrics)
    for result in panel.for_vendor(rec.id):
        if result.value is None:
            continue
        values[result.metric] = result.value
        if result.stderr is not None:
            stderrs[result.metric] = result.stderr
        figures[result.metric] = panel_figure(result, panel)
    if len(figures) == len(rec.file.metrics):
        return rec
    file = rec.file.model_copy(update={"metrics": figures})
    return dataclasses.replace(rec, file=file, values=values, stderrs=stderrs)


def panel_figure(result: PanelResult, panel: Panel) -> Figure:
    """The figure a panel aggregate stands for: in-house, method "panel of N"."""
    assert result.value is not None
    given = [*result.scores, *([result.moderated] if result.moderated else [])]
    people = [*panel.evaluators, *([panel.moderator] if panel.moderator else [])]
    dates = {e.source: e.date for e in people}
    as_of = max(dates[s.source] for s in given)
    scores = ", ".join(number_text(s.score) for s in result.scores)
    how = {
        "median": "median",
        "mean": "mean",
        "moderated": "moderated score",
    }[result.aggregate]
    note = f"{how} of an evaluation panel of {result.n}"
    if result.n:
        note += f" (scores {scores}"
        if result.sd is not None:
            note += f"; sd {result.sd:.3g}"
        note += ")"
    return Figure(
        value=result.value,
        unit="panel",
        source="evaluation panel: " + ", ".join(sorted({s.source for s in given})),
        as_of=as_of,
        evidence="in-house",
        method=result.method,
        stderr=result.stderr,
        note=note,
        assessed_by=", ".join(s.evaluator for s in given),
    )
