"""Debriefs: one assessment summary per bidder, built from a redacted view of the
results (:func:`scorecard.report.debrief_view.redact`), rendered with the report's
machinery (fonts, CSS, fetcher, PDF/A-3) and its own template, carrying this
bidder's vendor file, the criteria file, ``debrief.json`` and a manifest that names
the full report.  The same inputs give the same bytes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scorecard.model.errors import ScorecardError
from scorecard.pipeline.report import REPORT_OPTIONS
from scorecard.pipeline.scoring import ScoreOptions, score_inputs

if TYPE_CHECKING:
    from scorecard.audit.debrief_manifest import DebriefManifest
    from scorecard.model.inputs import Inputs
    from scorecard.model.results import Ranking
    from scorecard.report.debrief_view import Debrief

DEBRIEF_TEMPLATE = "debrief.html.j2"


@dataclass(frozen=True)
class BuiltDebrief:
    vendor: str
    pdf: bytes
    debrief: Debrief
    manifest: DebriefManifest


def build_debriefs(
    inputs: Inputs,
    date: dt.date,
    vendor_ids: Sequence[str] | None = None,
    options: ScoreOptions = REPORT_OPTIONS,
) -> list[BuiltDebrief]:
    """The debriefs of ``vendor_ids`` (None: every ranked or disqualified vendor)."""
    from scorecard.audit.manifest import build_manifest
    from scorecard.report.debrief_view import debriefed_ids
    from scorecard.report.pdf import PDF_VARIANT, rendering_environment

    recorded = options.manifest_options()
    ranking = score_inputs(inputs, date, ScoreOptions.from_manifest(recorded))
    environment = rendering_environment()
    results_json = ranking.to_json().encode("utf-8")
    full = build_manifest(inputs, results_json, date, recorded, environment, PDF_VARIANT)
    known = debriefed_ids(ranking)
    wanted = list(vendor_ids) if vendor_ids is not None else known
    unknown = [v for v in wanted if v not in known]
    if unknown:
        raise ScorecardError(
            f"no debrief for {', '.join(map(repr, unknown))}: not a vendor of this project "
            f"(vendors: {', '.join(known)})"
        )
    return [
        _build_one(inputs, ranking, full.report_id, full.to_json(), v, environment) for v in wanted
    ]


def _build_one(
    inputs: Inputs,
    ranking: Ranking,
    report_id: str,
    full_manifest: bytes,
    vendor_id: str,
    environment: dict[str, str],
) -> BuiltDebrief:
    from scorecard.audit.debrief_manifest import (
        DEBRIEF_NAME,
        DebriefManifest,
        debrief_file,
        sha256,
    )
    from scorecard.audit.manifest import MANIFEST_NAME, embedded_name
    from scorecard.report.debrief_view import points_text, redact
    from scorecard.report.format import format_date, format_percent, format_short
    from scorecard.report.html import label_filters, make_environment
    from scorecard.report.i18n import _, use_language
    from scorecard.report.labels import Labels, method_name, missing_name
    from scorecard.report.pdf import PDF_VARIANT, EmbeddedFile, render_pdf
    from scorecard.report.view import word_tables

    debrief = redact(ranking, inputs, vendor_id, report_id)
    rec = next(r for r in inputs.vendors if r.id == vendor_id)
    crit = inputs.criteria_source
    debrief_json = debrief.to_json()
    vendor_name = embedded_name(rec.source, "vendor")
    files = [
        debrief_file(crit.name, "criteria", crit.data),
        debrief_file(vendor_name, "vendor", rec.source.data),
        debrief_file(DEBRIEF_NAME, "debrief", debrief_json),
    ]
    manifest = DebriefManifest(
        vendor=vendor_id,
        report_id=report_id,
        report_manifest_sha256=sha256(full_manifest),
        date=ranking.date,
        files=files,
        environment=environment,
        pdf_variant=PDF_VARIANT,
    )
    with use_language(inputs.criteria.language):
        title = _("Assessment summary: {vendor} {model}").format(vendor=rec.vendor, model=rec.model)
        footer = _("debrief for {vendor} \u00b7 report {id}").format(vendor=vendor_id, id=report_id)
        footer += f" \u00b7 {format_date(ranking.date)}"
        if inputs.criteria.classification:
            footer += f" \u00b7 {inputs.criteria.classification}"
        env = make_environment()
        label_filters(env, Labels.of(inputs.catalog, inputs.criteria))
        words = word_tables()
        html = env.get_template(DEBRIEF_TEMPLATE).render(
            d=debrief,
            title=title,
            footer=footer,
            env=environment,
            pts=points_text,
            pct=format_percent,
            short=lambda x: format_short(x, none="\u2014"),
            method_name=method_name(debrief.method),
            missing_name=missing_name(debrief.missing),
            evidence_words=words["evidence_words"],
            aggregate_words=words["aggregate_words"],
        )
    embedded = [
        EmbeddedFile(crit.name, crit.data, "application/toml", "criteria file (input)", "Source"),
        EmbeddedFile(
            vendor_name, rec.source.data, "application/toml", "vendor file (input)", "Source"
        ),
        EmbeddedFile(
            DEBRIEF_NAME, debrief_json, "application/json", "this bidder's results", "Data"
        ),
        EmbeddedFile(
            MANIFEST_NAME,
            manifest.to_json(),
            "application/json",
            "manifest: files, SHA-256s, the full report's id and manifest hash",
            "Data",
        ),
    ]
    # sorted by name: the PDF's name tree of embedded files must be (check_pdf_syntax)
    embedded.sort(key=lambda f: f.name.encode("utf-8"))
    pdf = render_pdf(html, embedded, ranking.date, PDF_VARIANT)
    return BuiltDebrief(vendor_id, pdf, debrief, manifest)
