"""What `verify` says about a report's signatures: a status and lines."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from scorecard.model.errors import ScorecardError
from scorecard.signing import keys
from scorecard.signing.check import SignatureReport, verify_signatures
from scorecard.signing.keys import INSTALL_HINT

if TYPE_CHECKING:
    from scorecard.audit.verify import Check


def _when(moment: dt.datetime | None) -> str:
    if moment is None:
        return "unknown time"
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def describe_signatures(report: SignatureReport) -> list[str]:
    """The lines `verify` prints about a report's signatures."""
    if not report.signed:
        return ["signatures: unsigned"]
    n = len(report.signatures)
    trust = (
        "trust checked against --trust"
        if report.trust_checked
        else "trust not checked: no --trust given"
    )
    lines = [f"signatures: {n} ({trust})"]
    for i, sig in enumerate(report.signatures, 1):
        who = sig.signer
        if sig.name and sig.name != sig.signer:
            who += f" (signed as {sig.name})"
        if sig.role:
            who += f", {sig.role}"
        head = f"  {i}. {sig.field}: {who}, signed {_when(sig.signing_time)}"
        if sig.timestamp is not None:
            head += f", timestamped {_when(sig.timestamp)}"
        lines.append(head)
        lines.append(f"     intact: {'yes' if sig.intact else 'NO'}, {sig.intact_note}")
        trusted = {True: "yes", False: "NO", None: "not checked"}[sig.trusted]
        lines.append(f"     trusted: {trusted}, {sig.trust_note}")
        changed = {
            "none": "nothing",
            "signatures": sig.changes_note,
            "other": f"SOMETHING ELSE: {sig.changes_note}",
        }[sig.changes]
        lines.append(f"     changed after it: {changed}")
        if sig.reason:
            lines.append(f"     reason: {sig.reason}")
        lines.append(f"     certificate SHA-256: {sig.fingerprint}")
    return lines


def count_signatures(pdf: bytes) -> int:
    """Signed signature fields in the PDF's form, read with pikepdf: how `verify`
    tells a signed report from an unsigned one when pyHanko is not installed."""
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            acroform = doc.Root.get("/AcroForm")
            if acroform is None:
                return 0
            count = 0
            stack = list(acroform.get("/Fields", []))
            seen = 0
            while stack and seen < 10_000:
                seen += 1
                node = stack.pop()
                if node.get("/FT") == "/Sig" and node.get("/V") is not None:
                    count += 1
                stack.extend(node.get("/Kids", []))
            return count
    except pikepdf.PdfError:
        return 0


def check_signatures(pdf: bytes, trust: Sequence[bytes] = ()) -> tuple[CheckStatus, list[str]]:
    """`verify`'s signature check: a status and lines, the first a summary.

    Unsigned is "ok" (the report is judged by the other checks); signatures that
    cannot be checked because pyHanko is missing are "skipped"."""
    if not keys.signing_available():
        n = count_signatures(pdf)
        if n == 0:
            return "ok", ["unsigned"]
        s = "s" if n != 1 else ""
        return "skipped", [f"{n} signature{s} not checked: {INSTALL_HINT}"]
    report = verify_signatures(pdf, trust)
    if not report.signed:
        return "ok", ["unsigned"]
    lines = describe_signatures(report)
    n = len(report.signatures)
    if not report.ok:
        problems = [f"{s.field} {p}" for s in report.signatures for p in s.problems]
        summary = f"{n} signature{'s' if n != 1 else ''}, FAILED: " + "; ".join(problems)
    elif report.trust_checked:
        summary = f"{n} signature{'s' if n != 1 else ''}: intact, trusted, nothing but later signatures changed after them"
    else:
        summary = f"{n} signature{'s' if n != 1 else ''}: intact, nothing but later signatures changed after them; signers not checked against --trust"
    return ("ok" if report.ok else "fail"), [summary, *(line[2:] for line in lines[1:])]


CheckStatus = Literal["ok", "fail", "skipped"]


def signature_check(pdf: bytes, trust: Sequence[bytes] = ()) -> Check:
    """`verify`'s "signatures" check of a report's bytes: :func:`check_signatures`,
    with a file that cannot be read at all failing the check."""
    from scorecard.audit.verify import Check

    try:
        status, lines = check_signatures(pdf, trust)
    except ScorecardError as exc:
        return Check("signatures", "fail", [str(exc)])
    return Check("signatures", status, lines)
