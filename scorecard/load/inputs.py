"""Loading a whole project: every file, every check, one sorted list of findings or
trusted :class:`~scorecard.model.inputs.Inputs`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scorecard.load.criteria import build_catalog, check_criteria, derive_metrics
from scorecard.load.figures import check_figures, partial_figures
from scorecard.load.files import read_toml
from scorecard.load.partial import validate_partial
from scorecard.load.plausibility import future_date_findings, plausibility_findings
from scorecard.load.positions import field_name, figure_lines
from scorecard.load.project import InputPaths, collect_vendor_files, display_name
from scorecard.load.scores import load_panel, panel_metrics_of, with_panel
from scorecard.load.usage import check_usage, derive_monthly_cost, figures_in_usd, stale_fx
from scorecard.load.validation import Placer, number_text, validate_model
from scorecard.model.catalog import BLENDED_PRICE, CATALOG, Catalog
from scorecard.model.files import VENDOR_ID_RE, CriteriaFile, VendorFile
from scorecard.model.findings import Finding, make_finding
from scorecard.model.inputs import (
    Inputs,
    LoadResult,
    ResolvedGate,
    ResolvedMetric,
    SourceFile,
    VendorRecord,
    gate_interval,
)


class _Criteria:
    """The criteria file as far as it loaded."""

    def __init__(self) -> None:
        self.file: CriteriaFile | None = None
        self.source: SourceFile | None = None
        self.catalog: Catalog = CATALOG
        self.metrics: list[ResolvedMetric] = []
        self.gates: list[ResolvedGate] = []


def load_inputs(
    paths: InputPaths, today: dt.date | None = None, fx_on: dt.date | None = None
) -> LoadResult:
    """Load and check the criteria file, every vendor file and the score files;
    collect every finding, sorted by file and line.  With ``today`` (`validate`), a
    figure dated after it is a warning too (not among :attr:`Inputs.warnings`: the
    ranking's warnings never depend on the day it was computed); with ``fx_on``, an
    exchange rate older than ``max_age_days`` before it is a warning too (`rank` lists
    it among the evidence warnings instead)."""
    crit, findings = _load_criteria(paths)
    files, found = collect_vendor_files(paths)
    findings += found
    ids, found = _check_ids(files)
    findings += found
    records: list[VendorRecord] = []
    checked: list[VendorRecord] = []  # plausibility: also the good figures of a bad file
    for path, display, name in files:
        record, found, figures = _load_vendor(path, display, name, crit)
        findings += found
        if record is not None:
            records.append(record)
        if figures is not None:
            checked.append(figures)
    findings += _log_scale_findings(records, crit)
    panel_metrics = panel_metrics_of(crit.file, crit.catalog) if crit.file is not None else None
    panel, score_sources, found = load_panel(paths, panel_metrics, crit.catalog, ids, records)
    findings += found
    if not files and not findings:
        findings.append(make_finding(", ".join(map(str, paths.vendor_paths)), "no-vendors"))
    findings.sort(key=Finding.sort_key)
    warnings = plausibility_findings(checked, crit.catalog)
    if fx_on is not None and crit.file is not None and crit.source is not None:
        warnings += stale_fx(crit.file, crit.source, fx_on)
    dated = [] if today is None else future_date_findings(checked, today)
    shown = sorted([*warnings, *dated], key=Finding.sort_key)
    if findings or crit.file is None or crit.source is None:
        return LoadResult(None, findings, shown)
    if panel is not None:
        records = [with_panel(rec, panel) for rec in records]
    inputs = Inputs(
        crit.file,
        crit.source,
        crit.catalog,
        tuple(sorted(records, key=lambda r: r.id)),
        tuple(crit.metrics),
        tuple(crit.gates),
        score_sources=tuple(score_sources),
        panel=panel,
        warnings=tuple(warnings),
    )
    return LoadResult(inputs, [], shown)


def load_criteria(
    paths: InputPaths,
) -> tuple[CriteriaFile | None, SourceFile | None, list[Finding]]:
    """The criteria file alone, read, validated and checked against the catalogue
    (`approve`): the file and its source, or its findings (sorted)."""
    crit, findings = _load_criteria(paths)
    findings.sort(key=Finding.sort_key)
    return (None if findings else crit.file), crit.source, findings


def _load_criteria(paths: InputPaths) -> tuple[_Criteria, list[Finding]]:
    """Read, validate and resolve the criteria file, as far as it goes."""
    path = paths.criteria_path
    crit = _Criteria()
    crit.source, data, findings = read_toml(path, display_name(path, paths), path.name)
    if crit.source is None or data is None:
        return crit, findings
    crit.file, found = validate_model(CriteriaFile, data, crit.source)
    findings += found
    if crit.file is None:
        findings += _partial_criteria_findings(data, crit)
        return crit, findings
    crit.catalog, found = build_catalog(crit.file, crit.source)
    findings += found
    crit.metrics, crit.gates, found = check_criteria(crit.file, crit.source, crit.catalog)
    findings += found
    findings += check_usage(crit.file, crit.source)
    return crit, findings


_UNKNOWN_METRIC = re.compile(r"unknown metric '([^']+)'")


def _partial_criteria_findings(data: dict[str, Any], crit: _Criteria) -> list[Finding]:
    """The criteria checks that need a validated file, run on what is left of an invalid
    one (every problem in one run); nothing at a key validation already rejected."""
    assert crit.source is not None
    partial, touched = validate_partial(CriteriaFile, data)
    if partial is None:
        return []
    catalog, found = build_catalog(partial, crit.source)
    metrics_found = check_criteria(partial, crit.source, catalog)[2]
    crit.catalog = catalog  # vendor files are checked against the custom metrics too
    fields = [field_name(loc) for loc in touched]

    declared = data.get("metrics")
    declared_ids = {str(k) for k in declared} if isinstance(declared, dict) else set()

    def clean(f: Finding) -> bool:
        name = f.field or ""
        if any(name == t or name.startswith((t + ".", t + "[")) for t in fields):
            return False
        # a custom metric whose declaration was rejected is not also unknown
        unknown = _UNKNOWN_METRIC.match(f.message) if f.code == "unknown-metric" else None
        return unknown is None or unknown[1] not in declared_ids

    return [f for f in [*found, *metrics_found] if clean(f)]


def _check_ids(files: Sequence[tuple[Path, str, str]]) -> tuple[set[str], list[Finding]]:
    """Each vendor file's name is a valid vendor id, used by no other file; the ids."""
    findings: list[Finding] = []
    ids: dict[str, str] = {}
    for path, display, _ in files:
        vendor_id = path.stem
        if not VENDOR_ID_RE.match(vendor_id):
            findings.append(make_finding(display, "invalid-id", name=repr(path.name)))
        elif vendor_id in ids:
            other = ids[vendor_id]
            findings.append(
                make_finding(display, "duplicate-id", vendor=repr(vendor_id), other=other)
            )
        else:
            ids[vendor_id] = display
    return set(ids), findings


def _load_vendor(
    path: Path, display: str, name: str, crit: _Criteria
) -> tuple[VendorRecord | None, list[Finding], VendorRecord | None]:
    """One vendor file read, validated and checked against the criteria's catalogue:
    its record when it is clean and the criteria loaded, its findings, and a record of
    the figures that passed (for the plausibility checks, even in a file with errors)."""
    src, data, findings = read_toml(path, display, name)
    if src is None or data is None:
        return None, findings, None
    vf, found = validate_model(VendorFile, data, src)
    findings += found
    figures = dict(vf.metrics) if vf is not None else partial_figures(data)
    figures, fx_found = figures_in_usd(figures, crit.file, src)
    values, stderrs, found = check_figures(figures, src, crit.catalog)
    found += fx_found
    findings += found
    if vf is None or crit.file is None:
        return None, findings, None
    lines = figure_lines(src.text, vf.metrics)
    record = VendorRecord(path.stem, vf, src, values, stderrs, lines)
    if findings:
        return None, findings, record
    return derive_monthly_cost(derive_metrics(record, crit.file), crit.file), findings, record


_PRICE_PARTS = ("price_input_usd_per_mtok", "price_output_usd_per_mtok")


def _surely_disqualified(rec: VendorRecord, crit: _Criteria) -> bool:
    """A vendor that fails a gate in every robustness draw too: no figure for it, or a
    figure outside its bounds that has no standard error (panel and derived metrics,
    known only later or drawn with their parts, never count as failed here)."""
    for gate in crit.gates:
        mdef = crit.catalog.get(gate.metric)
        if mdef is None or mdef.panel or mdef.derived:
            continue
        x = rec.values.get(gate.metric)
        if x is None:
            return True
        low, high = gate_interval(gate.min, gate.max)
        if not low <= x <= high and gate.metric not in rec.stderrs:
            return True
    return False


def _log_scale_findings(records: Sequence[VendorRecord], crit: _Criteria) -> list[Finding]:
    """A value of 0 or below on a relative log scale (no best/worst in the criteria, so
    the observed best or worst would be its logarithm).  On a fixed scale values are
    clamped into [worst, best] first: a free self-hosted model simply scores 100.  Only
    the vendors that may be scored count: a disqualified vendor's figures never stop the
    others from being scored.  The finding is at the vendor file's own figure (a price
    part of a derived metric)."""
    findings: list[Finding] = []
    for rm in crit.metrics:
        if rm.scale != "log" or rm.best is not None:
            continue
        for rec in records:
            value = rec.values.get(rm.metric)
            if value is None or value > 0 or _surely_disqualified(rec, crit):
                continue
            parts = _PRICE_PARTS if rm.metric == BLENDED_PRICE else (rm.metric,)
            given = [p for p in parts if p in rec.file.metrics]
            part = next((p for p in given if rec.values.get(p, 1.0) <= 0), None)
            part = part or (given[0] if given else rm.metric)
            fig = rec.file.metrics.get(part)
            raw = float(fig.value) if fig else value
            note = (
                f": the criteria file scores {rm.metric} on a log scale with no best/worst, "
                f"so the scale would start at this figure (got {number_text(raw)}); give "
                "best and worst above 0 (a 0 then scores 100 or 0)"
            )
            loc = ("metrics", part, "value")
            findings.append(Placer(rec.source)(loc, "log-nonpositive", what="values", note=note))
    return findings
