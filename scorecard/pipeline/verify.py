"""Verifying a report against the inputs it carries.

`verify` proves *consistency*: that a report's embedded inputs match its manifest,
that scorecard's arithmetic on them gives the embedded results, that (when the
environment matches) re-rendering gives the same PDF bytes, and that its signatures,
if any, hold.  It does not prove who made a report, nor that its figures are true."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from scorecard.audit.manifest import RESULTS_NAME
from scorecard.audit.verify import (
    Check,
    Verification,
    can_rescore,
    check_attachments,
    check_environment,
    check_results,
    compare_pages,
    drift,
    load_manifest,
    read_attachments,
    read_report,
    unpack_inputs,
    unscorable,
)
from scorecard.model.errors import ScorecardError
from scorecard.pipeline.project import load_project
from scorecard.pipeline.scoring import ScoreOptions, score_inputs

if TYPE_CHECKING:
    from scorecard.audit.manifest import Manifest
    from scorecard.load.project import InputPaths
    from scorecard.model.inputs import Inputs
    from scorecard.model.results import Ranking


@dataclass(frozen=True)
class _Rescored:
    check: Check
    inputs: Inputs | None = None
    ranking: Ranking | None = None


def verify_report(
    path: Path,
    *,
    current: InputPaths | None = None,
    strict: bool = False,
    trust: Sequence[bytes] = (),
) -> Verification:
    """Check the report at ``path``: attachments against the manifest, results
    against a re-scoring, pages against a re-render, and its signatures (against
    the ``trust`` certificates, PEM or DER, when given).  With ``current`` (where
    today's input files are), also list how they drifted from the embedded ones.
    ``strict``: a check that had to be skipped fails the verification."""
    from scorecard.signing.summary import signature_check

    data = read_report(path)
    attachments = read_attachments(data, str(path))
    manifest = load_manifest(attachments, str(path))
    checks = [check_attachments(manifest.files, attachments)]
    rescored = _rescore(manifest, attachments)
    checks.append(rescored.check)
    checks.append(_pages(data, manifest, rescored, checks))
    checks.append(signature_check(data, trust))
    from scorecard.model.approval import approval_of

    return Verification(
        str(path),
        manifest,
        checks,
        drift(manifest, current_files(current)) if current is not None else None,
        strict,
        approval_of(rescored.inputs.criteria) if rescored.inputs is not None else None,
    )


def _rescore(manifest: Manifest, attachments: dict[str, bytes]) -> _Rescored:
    """Unpack the embedded inputs, load and score them with the manifest's options,
    and compare with the embedded results."""
    if not can_rescore(manifest, attachments):
        return _Rescored(Check("results", "skipped", ["embedded files are missing"]))
    with tempfile.TemporaryDirectory(prefix="scorecard-verify-") as tmp:
        root = Path(tmp)
        try:
            inputs = load_project(unpack_inputs(manifest, attachments, root))
            ranking = score_inputs(
                inputs, manifest.date, ScoreOptions.from_manifest(manifest.options)
            )
        except OSError as exc:
            return _Rescored(unscorable(f"the embedded inputs cannot be unpacked: {exc.strerror}"))
        except (ScorecardError, ValueError) as exc:
            found = [str(f).replace(f"{root}/", "") for f in getattr(exc, "findings", [])]
            return _Rescored(unscorable(f"the embedded inputs do not score: {exc}", found))
    return _Rescored(check_results(ranking.to_json(), attachments[RESULTS_NAME]), inputs, ranking)


def _pages(data: bytes, manifest: Manifest, rescored: _Rescored, earlier: list[Check]) -> Check:
    """Re-render the embedded inputs and compare bytes, when the environment allows."""
    from scorecard.report import pdf

    skipped = check_environment(earlier, manifest.environment, pdf.rendering_environment())
    if skipped is not None:
        return skipped
    assert rescored.inputs is not None and rescored.ranking is not None
    rendered = pdf.render_report(rescored.inputs, rescored.ranking, dict(manifest.options)).pdf
    from scorecard.signing.sign import report_before_signatures

    return compare_pages(rendered, report_before_signatures(data), data)


def current_files(paths: InputPaths) -> list[tuple[str, bytes]]:
    """Today's input files as (name inside a report, bytes), to compare with a report's."""
    from scorecard.audit.manifest import SCORES_FOLDER, VENDOR_FOLDER
    from scorecard.load.project import collect_vendor_files

    files = [(paths.criteria_path.name, paths.criteria_path)]
    found, _ = collect_vendor_files(paths)
    files += [(f"{VENDOR_FOLDER}/{name}", path) for path, _display, name in found]
    if paths.scores_path is not None and paths.scores_path.is_dir():
        files += [
            (f"{SCORES_FOLDER}/{p.name}", p) for p in sorted(paths.scores_path.glob("*.toml"))
        ]
    return [(name, path.read_bytes()) for name, path in files if path.is_file()]
