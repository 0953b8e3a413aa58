"""Checking a report's signatures: intact, who signed, trusted, and what changed
after each one."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from scorecard.signing.der import contents_problem, embedded_cert_problem
from scorecard.signing.keys import common_name, load_trust, require_signing
from scorecard.signing.pdf import embedded_signatures, open_pdf, quiet_logs, unreadable_errors

Changes = Literal["none", "signatures", "other"]


@dataclass(frozen=True)
class SignatureCheck:
    """One signature, checked."""

    field: str
    signer: str  # the certificate's common name
    name: str | None  # the signer's name as written in the signature
    role: str | None  # the role the signer claimed
    reason: str | None
    signing_time: dt.datetime | None  # as the signer's machine said
    timestamp: dt.datetime | None  # from a timestamp authority (PAdES B-T)
    fingerprint: str  # SHA-256 of the signer's certificate
    intact: bool  # the signed bytes are unchanged and the signature matches them
    intact_note: str
    trusted: bool | None  # None: no --trust given
    trust_note: str
    changes: Changes  # after this signature: nothing, only signatures, other changes
    changes_note: str

    @property
    def problems(self) -> list[str]:
        found = []
        if not self.intact:
            found.append(f"broken: {self.intact_note}")
        if self.changes == "other":
            found.append(f"changed after signing: {self.changes_note}")
        if self.trusted is False:
            found.append(f"untrusted: {self.trust_note}")
        return found

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class SignatureReport:
    signatures: list[SignatureCheck] = field(default_factory=list)
    trust_checked: bool = False

    @property
    def signed(self) -> bool:
        return bool(self.signatures)

    @property
    def ok(self) -> bool:
        return all(s.ok for s in self.signatures)


def verify_signatures(pdf: bytes, trust: Sequence[bytes] = ()) -> SignatureReport:
    """Check every signature in ``pdf``: intact, who, when, trusted (when ``trust``
    certificates are given) and what changed after it (pyHanko's difference analysis).

    Raises :class:`SigningError` only when the file cannot be read as a PDF at all."""
    require_signing()
    with quiet_logs():
        roots = load_trust(trust)
        reader = open_pdf(pdf)
        embedded = embedded_signatures(reader)
        fields = {s.signed_revision: s.field_name for s in embedded}
        document = _Document(pdf, roots, reader.xrefs.total_revisions, fields)
        checks = [_check_or_unreadable(sig, document) for sig in embedded]
    return SignatureReport(checks, trust_checked=bool(roots))


@dataclass(frozen=True)
class _Document:
    """What checking each signature needs to know about the whole file."""

    pdf: bytes
    roots: list[Any]  # certificates to trust
    revisions: int
    fields: dict[int, str]  # revision -> the signature field signed in it


@dataclass(frozen=True)
class _Validation:
    """pyHanko's verdict on one signature, and whose certificate signed it."""

    status: Any  # PdfSignatureStatus; None when the signature cannot be validated
    error: str  # why not
    signer: str
    fingerprint: str


def _check_or_unreadable(sig: Any, document: _Document) -> SignatureCheck:
    try:
        return _check(sig, document)
    except unreadable_errors() as exc:  # a damaged signature is a broken one, never a crash
        return _unreadable(str(sig.field_name), exc)


def _check(sig: Any, document: _Document) -> SignatureCheck:
    validation = _validate(sig, document.roots)
    status = validation.status
    sig_obj = sig.sig_object
    intact, intact_note = _integrity(document.pdf, sig, validation)
    trusted, trust_note = _trust(validation, intact, bool(document.roots))
    changes, changes_note = _changes(sig, status, document)
    timestamp = None
    if status is not None and status.timestamp_validity is not None:
        timestamp = status.timestamp_validity.timestamp
    return SignatureCheck(
        field=sig.field_name,
        signer=validation.signer,
        name=_text(sig_obj.get("/Name")),
        role=None if status is None else _claimed_role(status),
        reason=_text(sig_obj.get("/Reason")),
        signing_time=None if status is None else status.signer_reported_dt,
        timestamp=timestamp,
        fingerprint=validation.fingerprint,
        intact=intact,
        intact_note=intact_note,
        trusted=trusted,
        trust_note=trust_note,
        changes=changes,
        changes_note=changes_note,
    )


def _validate(sig: Any, roots: list[Any]) -> _Validation:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko_certvalidator import ValidationContext

    # A signing certificate may be for signatures in general (digitalSignature) or
    # for commitments (nonRepudiation); pyHanko's default demands the latter.
    usage = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"})
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    status: Any = None
    error = ""
    try:
        status = validate_pdf_signature(sig, context, key_usage_settings=usage)
    except unreadable_errors() as exc:
        error = f"{type(exc).__name__}: {exc}"
    try:
        cert = sig.signer_cert if status is None else status.signing_cert
        signer, fingerprint = common_name(cert), hashlib.sha256(cert.dump()).hexdigest()
    except unreadable_errors() as exc:
        error = error or f"the signer's certificate is unreadable: {exc}"
        return _Validation(None, error, "unknown (unreadable certificate)", "")
    return _Validation(status, error, signer, fingerprint)


def _integrity(pdf: bytes, sig: Any, validation: _Validation) -> tuple[bool, str]:
    """Whether the signed bytes are unchanged and the signature matches them."""
    hole_problem = contents_problem(pdf, sig.byte_range) or embedded_cert_problem(sig)
    status = validation.status
    if status is None:
        return False, validation.error or "the signature cannot be checked"
    if hole_problem:
        return False, hole_problem
    if not status.intact:
        return False, "the signed bytes have changed since signing"
    if not status.valid:
        return False, "the signature does not match the signed bytes"
    return True, "the signed bytes are unchanged"


def _trust(validation: _Validation, intact: bool, checked: bool) -> tuple[bool | None, str]:
    """Whether the signer's certificate chains to a trusted one; None: not checked."""
    if not checked:
        return None, "not checked (no --trust certificate given)"
    if validation.status is None or not intact:
        return None, "not checked: the signature is broken"
    if validation.status.trusted:
        return True, "chains to a trusted certificate"
    return False, f"{validation.signer}'s certificate: {_trust_problem(validation.status)}"


def _changes(sig: Any, status: Any, document: _Document) -> tuple[Changes, str]:
    """What changed after the signature: nothing, only later signatures, or more."""
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    later = range(sig.signed_revision + 1, document.revisions)
    coverage = sig.coverage
    if status is not None and coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return "none", "nothing changed after this signature"
    if status is None or status.diff_result is None:
        return "other", "the changes after this signature cannot be analysed"
    if not later:  # the file goes on after the signed bytes, but not as an update
        return "other", "bytes appended after signing that are no PDF update"
    unsigned = [r for r in later if r not in document.fields]
    if not unsigned and _only_form_filling(status, {document.fields[r] for r in later}):
        return (
            "signatures",
            f"only later signatures ({', '.join(document.fields[r] for r in later)})",
        )
    if unsigned:
        note = f"{len(unsigned)} unsigned update(s) appended after signing"
    else:
        note = f"changes beyond signatures ({_level_name(status.modification_level)})"
    if not isinstance(status.diff_result, _diff_result_type()):
        note += f": {status.diff_result}"
    return "other", note


def _only_form_filling(status: Any, later_fields: set[str]) -> bool:
    """pyHanko's difference analysis found no more than form filling, and only in
    the signature fields signed later."""
    from pyhanko.sign.diff_analysis import ModificationLevel

    level = status.modification_level
    changed = set(getattr(status.diff_result, "changed_form_fields", set()) or set())
    return level is not None and level <= ModificationLevel.FORM_FILLING and changed <= later_fields


def _claimed_role(status: Any) -> str | None:
    attrs = getattr(status, "cades_signer_attrs", None)
    if attrs is None or attrs.claimed_attrs is None:
        return None
    with contextlib.suppress(KeyError, TypeError, AttributeError, IndexError):
        for value in attrs.claimed_attrs["role"].attr_values:
            name = value["role_name"].chosen.native
            if isinstance(name, dict) and name.get("common_name"):
                return str(name["common_name"])
            return str(name)
    return None


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _unreadable(field_name: str, exc: Exception) -> SignatureCheck:
    note = f"the signature cannot be read: {type(exc).__name__}: {str(exc).splitlines()[0]}"
    return SignatureCheck(
        field=field_name,
        signer="unknown",
        name=None,
        role=None,
        reason=None,
        signing_time=None,
        timestamp=None,
        fingerprint="",
        intact=False,
        intact_note=note,
        trusted=None,
        trust_note="not checked: the signature is broken",
        changes="other",
        changes_note="cannot be analysed",
    )


def _diff_result_type() -> type:
    from pyhanko.sign.diff_analysis import DiffResult

    return DiffResult


def _level_name(level: Any) -> str:
    return "unknown" if level is None else str(level.name).lower().replace("_", " ")


def _trust_problem(status: Any) -> str:
    indic = status.trust_problem_indic
    name = str(getattr(indic, "name", indic))
    if indic is None or name in ("NO_CERTIFICATE_CHAIN_FOUND", "CHAIN_CONSTRAINTS_FAILURE"):
        usage = status.signing_cert.key_usage_value
        allowed = {"digital_signature", "non_repudiation"}
        if usage is not None and not set(usage.native) & allowed:
            return "its key usage does not allow signatures"
        return "does not chain to any --trust certificate"
    if name in ("EXPIRED", "OUT_OF_BOUNDS_NO_POE", "OUT_OF_BOUNDS_NOT_REVOKED"):
        return (
            "not valid now (expired), and nothing proves it was valid when signed "
            "(a timestamp, --timestamp-url, would)"
        )
    if name == "NOT_YET_VALID":
        return "not valid yet"
    if name.startswith("REVOKED"):
        return "revoked"
    return name.lower().replace("_", " ")
