"""Re-checking a report against the inputs it carries."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

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
from scorecard.model.errors import ScorecardError

if TYPE_CHECKING:
    from scorecard.model.inputs import Inputs
    from scorecard.model.results import Ranking


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
        if self.drift is not None:
            out.append("Drift since the report (current files against the embedded ones):")
            out += [f"  {line}" for line in self.drift] or ["  none"]
        if self.ok:
            skipped = [c.name for c in self.checks if c.status == "skipped"]
            verdict = "Verdict: CONSISTENT: the report matches the inputs it carries and scorecard's arithmetic"
            if skipped:
                verdict += f" ({', '.join(skipped)} not checked)"
            out.append(verdict + ".")
        elif {c.name for c in self.checks if c.status == "fail"} == {"signatures"}:
            out.append(
                "Verdict: NOT ACCEPTED: the report is consistent with its inputs, "
                "but its signatures fail."
            )
        else:
            reason = (
                " (--strict: a skipped check fails)"
                if not any(c.status == "fail" for c in self.checks)
                else ""
            )
            out.append(f"Verdict: NOT CONSISTENT{reason}.")
        signed = any(
            c.name == "signatures" and c.status == "ok" and c.lines[0] != "unsigned"
            for c in self.checks
        )
        if signed:
            out.append(
                "The consistency checks do not prove who made the report, nor that the "
                "figures in its inputs are true; the signatures show who signed these bytes "
                "(trusted signers, with --trust) and that nothing but later signatures changed since."
            )
        else:
            out.append(
                "This checks consistency only: it does not prove who made the report, "
                "nor that the figures in its inputs are true."
            )
        return out


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


def check_attachments(manifest: Manifest, attachments: Mapping[str, bytes]) -> Check:
    problems: list[str] = []
    for f in manifest.files:
        data = attachments.get(f.name)
        if data is None:
            problems.append(f"{f.name}: listed in {MANIFEST_NAME} but not embedded")
        elif _sha256(data) != f.sha256:
            problems.append(
                f"{f.name}: SHA-256 differs from {MANIFEST_NAME} (the file was changed)"
            )
    listed = {f.name for f in manifest.files} | {MANIFEST_NAME}
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
        [
            f"the {len(manifest.files)} files {MANIFEST_NAME} lists are embedded, with matching SHA-256s"
        ],
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


def verify_report(
    path: Path,
    *,
    load: Callable[[Path, Path], Inputs],
    score: Callable[[Inputs, dt.date, Mapping[str, str | None]], Ranking],
    rebuild: Callable[[Inputs, Ranking, dict[str, str | None]], bytes],
    environment: Callable[[], dict[str, str]],
    current: Callable[[], list[tuple[str, bytes]]] | None = None,
    strict: bool = False,
    unsigned: Callable[[bytes], bytes | None] | None = None,
    signatures: Callable[[bytes], Check] | None = None,
) -> Verification:
    """Check a report against the inputs it carries.

    ``load(vendors_dir, criteria_file)`` loads inputs (raising on findings),
    ``score(inputs, date, options)`` re-scores with the manifest's options, ``rebuild`` re-renders a PDF, ``environment`` gives the
    running versions, ``current`` the current input files (name, bytes) for the
    drift list.  They come in as arguments so this module depends on nothing above it.

    A signed report is compared with its *unsigned revision*, the bytes before its
    first signature: ``unsigned(data)`` gives them (None when they cannot be told
    apart, e.g. without pyHanko: then the report must start with the re-rendered
    bytes).  ``signatures(data)`` checks the signatures themselves."""
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
    whole = data  # a signed report: `data` becomes its unsigned revision below
    attachments = read_attachments(data, str(path))
    manifest = load_manifest(attachments, str(path))
    checks = [check_attachments(manifest, attachments)]

    inputs: Inputs | None = None
    ranking: Ranking | None = None
    if any(f.name not in attachments for f in manifest.inputs) or RESULTS_NAME not in attachments:
        checks.append(Check("results", "skipped", ["embedded files are missing"]))
    else:
        with tempfile.TemporaryDirectory(prefix="scorecard-verify-") as tmp:
            root = Path(tmp)
            (root / VENDOR_FOLDER).mkdir()
            criteria = root / next(f.name for f in manifest.inputs if f.role == "criteria")
            try:
                for f in manifest.inputs:
                    (root / f.name).parent.mkdir(exist_ok=True)
                    (root / f.name).write_bytes(attachments[f.name])
                inputs = load(root / VENDOR_FOLDER, criteria)
                ranking = score(inputs, manifest.date, manifest.options)
            except OSError as exc:
                checks.append(
                    Check(
                        "results",
                        "fail",
                        [f"the embedded inputs cannot be unpacked: {exc.strerror}"],
                    )
                )
            except ScorecardError as exc:
                findings = [str(f).replace(f"{root}/", "") for f in getattr(exc, "findings", [])][
                    :5
                ]
                checks.append(
                    Check(
                        "results", "fail", [f"the embedded inputs do not score: {exc}", *findings]
                    )
                )
        if ranking is not None:
            expected = ranking.to_json()
            embedded = attachments[RESULTS_NAME].decode("utf-8", "replace")
            if expected == embedded:
                checks.append(
                    Check(
                        "results",
                        "ok",
                        [f"re-scoring the embedded inputs gives {RESULTS_NAME} exactly"],
                    )
                )
            else:
                checks.append(
                    Check(
                        "results",
                        "fail",
                        [
                            f"{RESULTS_NAME} differs from re-scoring the embedded inputs; first differences:",
                            *first_difference(expected, embedded),
                        ],
                    )
                )

    here = environment()
    differences = [
        f"{key} {manifest.environment.get(key, 'absent')} in the report, {here.get(key, 'absent')} here"
        for key in sorted(set(manifest.environment) | set(here))
        if manifest.environment.get(key) != here.get(key)
    ]
    if any(c.status != "ok" for c in checks):
        checks.append(
            Check("pages", "skipped", ["the checks above failed; nothing to compare against"])
        )
    elif differences:
        checks.append(
            Check(
                "pages",
                "skipped",
                [
                    "byte comparison skipped: this environment differs from the report's",
                    *differences,
                ],
            )
        )
    else:
        assert inputs is not None and ranking is not None
        rendered = rebuild(inputs, ranking, dict(manifest.options))
        original = unsigned(data) if unsigned is not None else data
        after = ""
        if original is None:  # signed, and the signatures cannot be read here
            original = data[: len(rendered)]
            after = (
                f"; the {len(data) - len(original):,} bytes of updates after them "
                "(signatures) were not checked"
            )
        elif len(original) < len(data):
            after = (
                f": the report before its signatures ({len(data) - len(original):,} bytes follow)"
            )
        if rendered == original:
            checks.append(
                Check(
                    "pages", "ok", [f"re-rendering gives the same {len(original):,} bytes{after}"]
                )
            )
        else:
            data = original
            original_fonts, new_fonts = pdf_fonts(data), pdf_fonts(rendered)
            if original_fonts != new_fonts:
                checks.append(
                    Check(
                        "pages",
                        "skipped",
                        [
                            "byte comparison skipped: the report uses system fonts this machine lacks "
                            "or resolves differently",
                            f"report: {', '.join(sorted(original_fonts - new_fonts))}; "
                            f"here: {', '.join(sorted(new_fonts - original_fonts))}",
                        ],
                    )
                )
            else:
                at = next(
                    (i for i, (a, b) in enumerate(zip(data, rendered, strict=False)) if a != b),
                    min(len(data), len(rendered)),
                )
                checks.append(
                    Check(
                        "pages",
                        "fail",
                        [
                            "the PDF differs from a re-render of its embedded inputs "
                            f"(first difference at byte {at:,}; {len(data):,} bytes here, "
                            f"{len(rendered):,} re-rendered): the PDF was changed after rendering",
                        ],
                    )
                )

    if signatures is not None:
        checks.append(signatures(whole))

    drift: list[str] | None = None
    if current is not None:
        drift = []
        embedded_hashes = {f.name: f.sha256 for f in manifest.inputs}
        now = {name: _sha256(blob) for name, blob in current()}
        for name in sorted(set(embedded_hashes) | set(now)):
            if name not in now:
                drift.append(f"{name}: in the report, not among the current files")
            elif name not in embedded_hashes:
                drift.append(f"{name}: new since the report")
            elif now[name] != embedded_hashes[name]:
                drift.append(f"{name}: changed since the report")
        if not drift:
            drift.append(
                f"none: the {len(now)} current files are the ones the report was made from"
            )
    return Verification(str(path), manifest, checks, drift, strict)
