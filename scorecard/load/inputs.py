"""Loading a whole project: every file, every check, one list of findings or trusted
:class:`~scorecard.model.inputs.Inputs`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scorecard.load.criteria import build_catalog, check_criteria, derive_metrics
from scorecard.load.figures import _partial_figures, check_figures
from scorecard.load.files import read_toml
from scorecard.load.project import InputPaths, _display, collect_vendor_files
from scorecard.load.scores import load_panel, panel_metrics_of, with_panel
from scorecard.load.validation import _Placer, validate_model
from scorecard.model.catalog import CATALOG
from scorecard.model.files import (
    VENDOR_ID_RE,
    CriteriaFile,
    Figure,
    VendorFile,
)
from scorecard.model.findings import Finding, make_finding
from scorecard.model.inputs import (
    Inputs,
    LoadResult,
    ResolvedGate,
    ResolvedMetric,
    SourceFile,
    VendorRecord,
)
from scorecard.model.numbers import format_plain as _fmt

if TYPE_CHECKING:  # imported where used: runs without panel metrics never load it
    pass


def load_inputs(paths: InputPaths) -> LoadResult:
    """Load and check the criteria file and every vendor file; collect every finding."""
    findings: list[Finding] = []
    criteria: CriteriaFile | None = None
    crit_src: SourceFile | None = None
    catalog = CATALOG
    metrics: list[ResolvedMetric] = []
    gates: list[ResolvedGate] = []

    crit_src, data, found = read_toml(
        paths.criteria_path, _display(paths.criteria_path, paths), paths.criteria_path.name
    )
    findings += found
    if crit_src is not None and data is not None:
        criteria, found = validate_model(CriteriaFile, data, crit_src)
        findings += found
    if criteria is not None and crit_src is not None:
        catalog, found = build_catalog(criteria, crit_src)
        findings += found
        metrics, gates, found = check_criteria(criteria, crit_src, catalog)
        findings += found

    files, found = collect_vendor_files(paths)
    findings += found
    records: list[VendorRecord] = []
    ids: dict[str, str] = {}
    for path, display, name in files:
        vendor_id = path.stem
        if not VENDOR_ID_RE.match(vendor_id):
            findings.append(
                make_finding(
                    display,
                    "invalid-id",
                    f"file name {path.name!r} is not a valid vendor id: use lower-case "
                    "letters, digits, '.', '_' and '-', starting with a letter or digit",
                )
            )
        elif vendor_id in ids:
            findings.append(
                make_finding(
                    display,
                    "duplicate-id",
                    f"vendor id {vendor_id!r} is also used by {ids[vendor_id]}",
                )
            )
        else:
            ids[vendor_id] = display
        src, data, found = read_toml(path, display, name)
        findings += found
        if src is None or data is None:
            continue
        vf, found = validate_model(VendorFile, data, src)
        findings += found
        figures = dict(vf.metrics) if vf is not None else _partial_figures(data)
        values, stderrs, found = check_figures(figures, src, catalog)
        findings += found
        if vf is not None and not found and criteria is not None:
            records.append(
                derive_metrics(VendorRecord(vendor_id, vf, src, values, stderrs), criteria)
            )

    findings += _cross_file_checks(records, metrics, crit_src)
    panel_metrics = panel_metrics_of(criteria, catalog) if criteria is not None else None
    panel, score_sources, found = load_panel(paths, panel_metrics, catalog, set(ids), records)
    findings += found
    if panel is not None:
        records = [with_panel(rec, panel) for rec in records]
    if not files and not findings:
        findings.append(
            make_finding(
                ", ".join(str(p) for p in paths.vendor_paths),
                "no-vendors",
                "no vendor files to score",
            )
        )
    findings.sort(key=Finding.sort_key)
    if findings or criteria is None or crit_src is None:
        return LoadResult(None, findings)
    records.sort(key=lambda r: r.id)
    return LoadResult(
        Inputs(
            criteria,
            crit_src,
            catalog,
            tuple(records),
            tuple(metrics),
            tuple(gates),
            score_sources=tuple(score_sources),
            panel=panel,
        ),
        [],
    )


def _cross_file_checks(
    records: list[VendorRecord], metrics: list[ResolvedMetric], crit_src: SourceFile | None
) -> list[Finding]:
    findings: list[Finding] = []
    for rm in metrics:
        if rm.scale != "log":
            continue
        for rec in records:
            value = rec.values.get(rm.metric)
            if value is not None and value <= 0:
                fig: Figure | None = rec.file.metrics.get(rm.metric)
                raw = fig.value if fig else value
                findings.append(
                    _Placer(rec.source)(
                        ("metrics", rm.metric, "value"),
                        "log-nonpositive",
                        f"{rm.metric} is scored on a log scale in the criteria file, which needs values "
                        f"above 0 (got {_fmt(raw)})",
                    )
                )
    return findings
