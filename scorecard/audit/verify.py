"""The checks of `verify` that need no rendering: reading a report's manifest and
attachments, their hashes, the embedded results against a re-scoring, the environment,
a re-render's bytes against the report's, and the drift of the current files.  The flow
that re-scores and re-renders is :func:`scorecard.pipeline.verify_report`."""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, Protocol

from pydantic import ValidationError

from scorecard.audit.manifest import (
    MANIFEST_FORMAT,
    MANIFEST_NAME,
    RESULTS_NAME,
    SCORES_FOLDER,
    VENDOR_FOLDER,
    Manifest,
    Role,
    _sha256,
)
from scorecard.load.project import InputPaths
from scorecard.model.approval import Approval
from scorecard.model.errors import ScorecardError


class NotAReportError(ScorecardError):
    """The file is not a PDF, or not one scorecard made."""


Status = Literal["ok", "fail", "skipped"]


@dataclasses.dataclass
class Check:
    name: str
    status: Status
    lines: list[str]


@dataclasses.dataclass
class Verification:
    path: str
    manifest: Manifest
    checks: list[Check]
    drift: list[str] | None = None  # None when no current files were given
    strict: bool = False
    approval: Approval | None = None  # of the embedded criteria; None when they do not load

    @property
    def ok(self) -> bool:
        bad: tuple[Status, ...] = ("fail", "skipped") if self.strict else ("fail",)
        return not any(c.status in bad for c in self.checks)

    def report_lines(self) -> list[str]:
        """What `scorecard verify` prints: each check, the drift, the verdict, the limits."""
        m = self.manifest
        out = [f"{self.path}: scorecard report {m.report_id}, dated {m.date.isoformat()}"]
        for check in self.checks:
            out.append(f"{check.status.upper():<8}{check.name}: {check.lines[0]}")
            out += [f"        {line}" for line in check.lines[1:]]
        if self.approval is not None:
            out.append(approval_line(self.approval))
        if self.drift is not None:
            out.append("Drift since the report (current files against the embedded ones):")
            out += [f"  {line}" for line in self.drift] or ["  none"]
        return [*out, self.verdict(), self.limits()]

    def to_json(self) -> str:
        """What `scorecard verify --format json` prints: the checks, the approval of the
        embedded criteria, the drift and the verdict."""
        import json

        m = self.manifest
        data = {
            "path": self.path,
            "report_id": m.report_id,
            "date": m.date.isoformat(),
            "ok": self.ok,
            "checks": [dataclasses.asdict(c) for c in self.checks],
            "approval": None if self.approval is None else self.approval.model_dump(mode="json"),
            "drift": self.drift,
            "verdict": self.verdict(),
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    def verdict(self) -> str:
        if self.ok:
            skipped = [c.name for c in self.checks if c.status == "skipped"]
            verdict = "Verdict: CONSISTENT: the report matches the inputs it carries and scorecard's arithmetic"
            return verdict + (f" ({', '.join(skipped)} not checked)" if skipped else "") + "."
        if {c.name for c in self.checks if c.status == "fail"} == {"signatures"}:
            return (
                "Verdict: NOT ACCEPTED: the report is consistent with its inputs, "
                "but its signatures fail."
            )
        failed = any(c.status == "fail" for c in self.checks)
        return f"Verdict: NOT CONSISTENT{'' if failed else ' (--strict: a skipped check fails)'}."

    def limits(self) -> str:
        """What the checks do not prove."""
        signed = any(
            c.name == "signatures" and c.status == "ok" and c.lines[0] != "unsigned"
            for c in self.checks
        )
        if signed:
            return (
                "The consistency checks do not prove who made the report, nor that the "
                "figures in its inputs are true; the signatures show who signed these bytes "
                "(trusted signers, with --trust) and that nothing but later signatures changed since."
            )
        return (
            "This checks consistency only: it does not prove who made the report, "
            "nor that the figures in its inputs are true."
        )


def read_attachments(data: bytes, path: str) -> dict[str, bytes]:
    """The embedded files of a PDF, by name."""
    import io

    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            return {
                name: spec.get_file().read_bytes() for name, spec in sorted(pdf.attachments.items())
            }
    except pikepdf.PdfError as exc:
        raise NotAReportError(f"{path} is not a PDF ({str(exc).splitlines()[0]})") from None


def pdf_fonts(data: bytes) -> set[str]:
    """The fonts a PDF uses, without their subset prefixes."""
    import io

    import pikepdf

    names: set[str] = set()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            resources: Any = page.obj.get("/Resources", {})
            fonts: Any = resources.get("/Font", {})
            for key in fonts.keys():  # noqa: SIM118 - pikepdf dictionaries
                base = str(fonts[key].get("/BaseFont", ""))
                names.add(base.lstrip("/").split("+", 1)[-1])
    return names


def _safe_name(name: str, role: Role) -> bool:
    parts = name.split("/")
    if role in ("vendor", "scores"):
        folder = VENDOR_FOLDER if role == "vendor" else SCORES_FOLDER
        if len(parts) != 2 or parts[0] != folder:
            return False
        parts = parts[1:]
    leaf = parts[0] if len(parts) == 1 else ""
    return bool(leaf) and not leaf.startswith(".") and "\\" not in leaf and "\x00" not in leaf


def load_manifest(attachments: Mapping[str, bytes], path: str) -> Manifest:
    raw = attachments.get(MANIFEST_NAME)
    if raw is None:
        raise NotAReportError(f"{path} is not a scorecard report: it carries no {MANIFEST_NAME}")
    try:
        manifest = Manifest.model_validate_json(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise NotAReportError(
            f"{path}: {MANIFEST_NAME} is not a scorecard manifest ({where}: {first['msg']})"
        ) from None
    if manifest.format != MANIFEST_FORMAT:
        raise NotAReportError(
            f"{path}: {MANIFEST_NAME} has format {manifest.format!r}; this scorecard reads {MANIFEST_FORMAT!r}"
        )
    for f in manifest.files:
        if not _safe_name(f.name, f.role):
            raise NotAReportError(f"{path}: {MANIFEST_NAME} names an unsafe file {f.name!r}")
    return manifest


class ListedFile(Protocol):
    """An entry of a manifest's file list (a report's or a debrief's)."""

    @property
    def name(self) -> str: ...
    @property
    def sha256(self) -> str: ...


def check_attachments(files: Sequence[ListedFile], attachments: Mapping[str, bytes]) -> Check:
    """Every file the manifest lists is embedded with its SHA-256, and nothing else is."""
    problems: list[str] = []
    for f in files:
        data = attachments.get(f.name)
        if data is None:
            problems.append(f"{f.name}: listed in {MANIFEST_NAME} but not embedded")
        elif _sha256(data) != f.sha256:
            problems.append(
                f"{f.name}: SHA-256 differs from {MANIFEST_NAME} (the file was changed)"
            )
    listed = {f.name for f in files} | {MANIFEST_NAME}
    problems += [
        f"{name}: embedded but not listed in {MANIFEST_NAME}"
        for name in sorted(attachments)
        if name not in listed
    ]
    if problems:
        return Check("attachments", "fail", problems)
    return Check(
        "attachments",
        "ok",
        [f"the {len(files)} files {MANIFEST_NAME} lists are embedded, with matching SHA-256s"],
    )


def first_difference(expected: str, actual: str, limit: int = 6) -> list[str]:
    """The first differing lines of two texts, as a short unified diff."""
    diff = list(
        difflib.unified_diff(
            expected.splitlines(), actual.splitlines(), "re-scored", "embedded", n=0, lineterm=""
        )
    )
    body = [line for line in diff[2:] if not line.startswith("@@")]
    return body[:limit] + (["..."] if len(body) > limit else [])


def read_report(path: Path) -> bytes:
    """A report's bytes; a clear error when it cannot be read or is no PDF at all."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ScorecardError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ScorecardError(f"{path}: is a folder, not a PDF") from None
    except OSError as exc:
        raise ScorecardError(f"{path}: cannot read: {exc.strerror}") from None
    if not data.startswith(b"%PDF-"):
        raise NotAReportError(f"{path} is not a PDF")
    return data


def can_rescore(manifest: Manifest, attachments: Mapping[str, bytes]) -> bool:
    """Whether every input and the results are embedded, so the results can be checked."""
    return RESULTS_NAME in attachments and all(f.name in attachments for f in manifest.inputs)


def unpack_inputs(manifest: Manifest, attachments: Mapping[str, bytes], root: Path) -> InputPaths:
    """Write the embedded input files under ``root`` as a project (criteria file,
    vendors/, scores/) and say where they are.  The manifest's names were checked
    safe when it was read (:func:`load_manifest`), so nothing lands outside ``root``."""
    (root / VENDOR_FOLDER).mkdir()
    criteria = root / next(f.name for f in manifest.inputs if f.role == "criteria")
    for f in manifest.inputs:
        (root / f.name).parent.mkdir(exist_ok=True)
        (root / f.name).write_bytes(attachments[f.name])
    scores = root / SCORES_FOLDER
    return InputPaths(
        (root / VENDOR_FOLDER,), criteria, scores_path=scores if scores.is_dir() else None
    )


def check_results(expected: str, embedded: bytes) -> Check:
    """The embedded results.json against re-scoring the embedded inputs."""
    text = embedded.decode("utf-8", "replace")
    if expected == text:
        return Check(
            "results", "ok", [f"re-scoring the embedded inputs gives {RESULTS_NAME} exactly"]
        )
    return Check(
        "results",
        "fail",
        [
            f"{RESULTS_NAME} differs from re-scoring the embedded inputs; first differences:",
            *first_difference(expected, text),
        ],
    )


def unscorable(reason: str, findings: Sequence[str] = ()) -> Check:
    """The results check when the embedded inputs cannot be unpacked or scored."""
    return Check("results", "fail", [reason, *findings[:5]])


def check_environment(
    earlier: Sequence[Check], report: Mapping[str, str], here: Mapping[str, str]
) -> Check | None:
    """Why the pages cannot be compared (a check failed, or this environment renders
    differently from the report's), or None when they can."""
    if any(c.status != "ok" for c in earlier):
        return Check("pages", "skipped", ["the checks above failed; nothing to compare against"])
    differences = [
        f"{key} {report.get(key, 'absent')} in the report, {here.get(key, 'absent')} here"
        for key in sorted(set(report) | set(here))
        if report.get(key) != here.get(key)
    ]
    if differences:
        return Check(
            "pages",
            "skipped",
            ["byte comparison skipped: this environment differs from the report's", *differences],
        )
    return None


def compare_pages(rendered: bytes, unsigned: bytes | None, data: bytes) -> Check:
    """A re-render of the embedded inputs against the report: against its unsigned
    revision when it is signed (``unsigned`` None: the signatures cannot be read here,
    so the report must start with the re-rendered bytes)."""
    original, after = unsigned, ""
    if original is None:
        original = data[: len(rendered)]
        after = (
            f"; the {len(data) - len(original):,} bytes of updates after them "
            "(signatures) were not checked"
        )
    elif len(original) < len(data):
        after = f": the report before its signatures ({len(data) - len(original):,} bytes follow)"
    if rendered == original:
        return Check("pages", "ok", [f"re-rendering gives the same {len(original):,} bytes{after}"])
    original_fonts, new_fonts = pdf_fonts(original), pdf_fonts(rendered)
    if original_fonts != new_fonts:
        return Check(
            "pages",
            "skipped",
            [
                "byte comparison skipped: the report uses system fonts this machine lacks "
                "or resolves differently",
                f"report: {', '.join(sorted(original_fonts - new_fonts))}; "
                f"here: {', '.join(sorted(new_fonts - original_fonts))}",
            ],
        )
    at = next(
        (i for i, (a, b) in enumerate(zip(original, rendered, strict=False)) if a != b),
        min(len(original), len(rendered)),
    )
    return Check(
        "pages",
        "fail",
        [
            "the PDF differs from a re-render of its embedded inputs "
            f"(first difference at byte {at:,}; {len(original):,} bytes here, "
            f"{len(rendered):,} re-rendered): the PDF was changed after rendering",
        ],
    )


def drift(manifest: Manifest, current: Sequence[tuple[str, bytes]]) -> list[str]:
    """How the current input files (name, bytes) differ from the embedded ones."""
    embedded = {f.name: f.sha256 for f in manifest.inputs}
    now = {name: _sha256(blob) for name, blob in current}
    out = []
    for name in sorted(set(embedded) | set(now)):
        if name not in now:
            out.append(f"{name}: in the report, not among the current files")
        elif name not in embedded:
            out.append(f"{name}: new since the report")
        elif now[name] != embedded[name]:
            out.append(f"{name}: changed since the report")
    return out or [f"none: the {len(now)} current files are the ones the report was made from"]


def approval_line(approval: Approval) -> str:
    """What `verify` says of the embedded criteria's approval."""
    who = approval.approved_by or "(approver not stated)"
    if approval.approved_role:
        who += f" ({approval.approved_role})"
    on = approval.approved_on.isoformat() if approval.approved_on else "(date not stated)"
    if approval.status == "locked":
        return f"Approval: locked: the embedded criteria are as approved by {who} on {on}"
    if approval.status == "changed":
        return (
            f"Approval: CHANGED: the embedded criteria changed after their approval on {on} "
            f"by {who} (the report says so on its first page)"
        )
    if approval.status == "not-locked":
        return f"Approval: not locked: approved by {who} on {on}, without approved_sha256"
    return "Approval: none: the embedded criteria carry no approval"
