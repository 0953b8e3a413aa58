"""`scorecard verify DEBRIEF.pdf [--report FULL.pdf]`: check a debrief without
disclosing other bidders' data.

Alone, a debrief is checked against what it carries: its files against its manifest
(SHA-256s), and this bidder's points re-derived from ``debrief.json`` — each
metric's value score from its value function, points = 100 x weight x score, the
criteria and total as their sums — where that needs no other vendor's data (the
weighted sum with fixed scales; relative scaling and TOPSIS need the full report).
With the full report, every number of the debrief must be what the full report's
inputs and results give: the report is named by its id and the SHA-256 of its
manifest, and the debrief is rebuilt from it, redacted the same way."""

from __future__ import annotations

import dataclasses
import hashlib
import math
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from pydantic import ValidationError

from scorecard.audit.debrief_manifest import (
    DEBRIEF_MANIFEST_FORMAT,
    DEBRIEF_NAME,
    DebriefManifest,
)
from scorecard.audit.manifest import MANIFEST_NAME, RESULTS_NAME
from scorecard.audit.verify import (
    Check,
    NotAReportError,
    check_attachments,
    first_difference,
    load_manifest,
    read_attachments,
    read_report,
    unpack_inputs,
)
from scorecard.model.errors import ScorecardError
from scorecard.report.debrief_view import Debrief, MethodMetric

TOLERANCE = 1e-9


def is_debrief(path: Path) -> bool:
    """Whether the PDF at ``path`` carries a debrief's manifest."""
    import json

    attachments = read_attachments(read_report(path), str(path))
    raw = attachments.get(MANIFEST_NAME)
    if raw is None:
        return False
    try:
        data = json.loads(raw)
    except ValueError:
        return False
    return isinstance(data, dict) and data.get("format") == DEBRIEF_MANIFEST_FORMAT


@dataclasses.dataclass
class DebriefVerification:
    path: str
    manifest: DebriefManifest
    checks: list[Check]

    @property
    def ok(self) -> bool:
        return not any(c.status == "fail" for c in self.checks)

    def report_lines(self) -> list[str]:
        m = self.manifest
        out = [
            f"{self.path}: scorecard debrief for {m.vendor}, of report {m.report_id}, "
            f"dated {m.date.isoformat()}"
        ]
        for check in self.checks:
            out.append(f"{check.status.upper():<8}{check.name}: {check.lines[0]}")
            out += [f"        {line}" for line in check.lines[1:]]
        if self.ok:
            out.append("Verdict: CONSISTENT.")
        else:
            out.append("Verdict: NOT CONSISTENT.")
        out.append(
            "This checks consistency only: it does not prove who made the debrief, "
            "nor that the figures in its inputs are true."
        )
        return out


def verify_debrief(
    path: Path, report: Path | None = None, trust: Sequence[bytes] = ()
) -> DebriefVerification:
    """Check the debrief at ``path`` (and against the full ``report`` when given),
    and its signatures like a report's (against the ``trust`` certificates)."""
    from scorecard.signing.summary import signature_check

    data = read_report(path)
    attachments = read_attachments(data, str(path))
    manifest = _load(attachments, str(path))
    checks = [check_attachments(manifest.files, attachments)]
    debrief: Debrief | None = None
    try:
        debrief = Debrief.model_validate_json(attachments.get(DEBRIEF_NAME, b""))
    except ValidationError:
        checks.append(Check("points", "fail", [f"{DEBRIEF_NAME} is missing or not a debrief"]))
    if debrief is not None:
        checks.append(rederive(debrief))
        if report is not None:
            checks.append(_against_report(manifest, attachments, report))
    checks.append(signature_check(data, trust))
    return DebriefVerification(str(path), manifest, checks)


def _load(attachments: Mapping[str, bytes], path: str) -> DebriefManifest:
    raw = attachments.get(MANIFEST_NAME)
    if raw is None:
        raise NotAReportError(f"{path} is not a scorecard debrief: it carries no {MANIFEST_NAME}")
    try:
        manifest = DebriefManifest.model_validate_json(raw)
    except ValidationError:
        raise NotAReportError(f"{path}: {MANIFEST_NAME} is not a debrief manifest") from None
    if manifest.format != DEBRIEF_MANIFEST_FORMAT:
        raise NotAReportError(f"{path}: {MANIFEST_NAME} has format {manifest.format!r}")
    return manifest


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _value_score(x: float, m: MethodMetric) -> float | None:
    if m.best is None or m.worst is None or m.best == m.worst:
        return None
    if m.scale == "log":
        if x <= 0 or m.best <= 0 or m.worst <= 0:
            return None
        s = (math.log(x) - math.log(m.worst)) / (math.log(m.best) - math.log(m.worst))
    else:
        s = (x - m.worst) / (m.best - m.worst)
    return min(1.0, max(0.0, s))


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= TOLERANCE * max(1.0, abs(a), abs(b))


def rederive(d: Debrief) -> Check:
    """This bidder's value scores, points, criterion points and total from its own
    figures and the method, where no other vendor's data is needed."""
    if d.status == "disqualified":
        return Check("points", "ok", ["disqualified: no points to re-derive"])
    if d.method != "weighted-sum":
        return Check(
            "points",
            "skipped",
            [f"with {d.method}, the re-derivation needs the full report (--report)"],
        )
    functions = {m.metric: m for c in d.method_criteria for m in c.metrics}
    if any(m.relative for m in functions.values()):
        return Check(
            "points",
            "skipped",
            ["with relative scaling, the re-derivation needs the full report (--report)"],
        )
    problems: list[str] = []
    by_criterion: dict[str, float] = {}
    for row in d.metrics:
        if row.value is not None and not row.missing:
            expected = _value_score(row.value, functions[row.metric])
            if expected is not None and not _close(expected, row.score):
                problems.append(
                    f"{row.metric}: value score {row.score} but the value function gives {expected}"
                )
        points = 100 * row.weight * (row.score or 0.0)
        if not _close(points, row.points):
            problems.append(
                f"{row.metric}: {row.points} points but 100 x weight x score = {points}"
            )
        by_criterion[row.criterion] = by_criterion.get(row.criterion, 0.0) + row.points
    for c in d.criteria:
        if not _close(by_criterion.get(c.criterion, 0.0), c.points):
            problems.append(
                f"{c.criterion}: {c.points} points but its metrics sum to {by_criterion.get(c.criterion, 0.0)}"
            )
    total = math.fsum(c.points or 0.0 for c in d.criteria)
    if not _close(total, d.score):
        problems.append(f"total {d.score} but the criteria sum to {total}")
    if problems:
        return Check("points", "fail", problems)
    return Check(
        "points",
        "ok",
        [
            f"{len(d.metrics)} metrics' value scores and points, the criteria and the total re-derived"
        ],
    )


def _against_report(
    manifest: DebriefManifest, attachments: Mapping[str, bytes], report: Path
) -> Check:
    from scorecard.model.results import Ranking
    from scorecard.pipeline.project import load_project
    from scorecard.report.debrief_view import redact

    full_attachments = read_attachments(read_report(report), str(report))
    raw = full_attachments.get(MANIFEST_NAME, b"")
    full = load_manifest(full_attachments, str(report))
    problems: list[str] = []
    if full.report_id != manifest.report_id:
        problems.append(
            f"the debrief names report {manifest.report_id}; {report} is report {full.report_id}"
        )
    if _sha(raw) != manifest.report_manifest_sha256:
        problems.append(
            f"the SHA-256 of {report}'s manifest differs from the one the debrief names"
        )
    for f in manifest.files:
        if f.role == "debrief":
            continue
        theirs = next((g for g in full.files if g.name == f.name), None)
        if theirs is None or theirs.sha256 != f.sha256:
            problems.append(f"{f.name}: not the file the full report carries")
    if problems:
        return Check("full report", "fail", problems)
    try:
        ranking = Ranking.model_validate_json(full_attachments[RESULTS_NAME])
        with tempfile.TemporaryDirectory(prefix="scorecard-debrief-") as tmp:
            inputs = load_project(unpack_inputs(full, full_attachments, Path(tmp)))
        expected = redact(ranking, inputs, manifest.vendor, full.report_id).to_json()
    except (KeyError, ValidationError, ScorecardError, OSError, StopIteration) as exc:
        return Check("full report", "fail", [f"{report}: cannot rebuild the debrief: {exc}"])
    got = attachments.get(DEBRIEF_NAME, b"")
    if expected != got:
        return Check(
            "full report",
            "fail",
            [
                f"{DEBRIEF_NAME} differs from the debrief the full report gives; first differences:",
                *first_difference(expected.decode(), got.decode("utf-8", "replace")),
            ],
        )
    return Check("full report", "ok", [f"every number matches report {full.report_id} ({report})"])
