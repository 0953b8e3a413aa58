"""Checking a report's signatures: intact, covering the whole file, trusted."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from scorecard.signing import keys
from scorecard.signing.keys import (
    INSTALL_HINT,
    SigningError,
    _common_name,
    _quiet_logs,
    _reader,
    require_signing,
)


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


def load_trust(trust: Sequence[bytes]) -> list[Any]:
    """Certificates to trust, from PEM (one or more certificates) or DER data;
    SigningError for anything else."""
    from asn1crypto import pem
    from asn1crypto import x509 as asn1_x509

    certs: list[Any] = []
    for data in trust:
        try:
            if pem.detect(data):
                blocks = [der for kind, _, der in pem.unarmor(data, True) if kind == "CERTIFICATE"]
            else:
                blocks = [data]
            if not blocks:
                raise ValueError("no certificate in it")
            for der in blocks:
                cert = asn1_x509.Certificate.load(der, strict=True)
                _ = cert.subject.human_friendly, cert.public_key.dump()  # parse now, fail here
                certs.append(cert)
        except Exception as exc:
            raise SigningError(f"not a certificate ({exc})") from None
    return certs


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


def verify_signatures(pdf: bytes, trust: Sequence[bytes] = ()) -> SignatureReport:
    """Check every signature in ``pdf``: intact, who, when, trusted (when ``trust``
    certificates are given) and what changed after it (pyHanko's difference analysis).

    Raises :class:`SigningError` only when the file cannot be read as a PDF at all."""
    require_signing()
    with _quiet_logs():
        return _verify_signatures(pdf, trust)


def _verify_signatures(pdf: bytes, trust: Sequence[bytes]) -> SignatureReport:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    roots = load_trust(trust)
    reader = _reader(pdf)
    # A signing certificate may be for signatures in general (digitalSignature) or
    # for commitments (nonRepudiation); pyHanko's default demands the latter.
    usage = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"})
    try:
        embedded = sorted(reader.embedded_signatures, key=lambda s: s.signed_revision)
    except Exception as exc:
        raise SigningError(f"cannot read the signatures: {type(exc).__name__}: {exc}") from None
    sig_revisions = {s.signed_revision: s.field_name for s in embedded}
    total = reader.xrefs.total_revisions
    checks: list[SignatureCheck] = []

    def check(sig: Any) -> SignatureCheck:
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        status: Any = None
        error = ""
        try:
            status = validate_pdf_signature(sig, context, key_usage_settings=usage)
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
        try:
            cert = sig.signer_cert if status is None else status.signing_cert
            signer = _common_name(cert)
            fingerprint = hashlib.sha256(cert.dump()).hexdigest()
        except Exception as exc:
            signer, fingerprint = "unknown (unreadable certificate)", ""
            status, error = None, error or f"the signer's certificate is unreadable: {exc}"
        sig_obj = sig.sig_object

        hole_problem = _contents_problem(pdf, sig.byte_range) or _embedded_cert_problem(sig)
        if status is None:
            intact, intact_note = False, error or "the signature cannot be checked"
        elif hole_problem:
            intact, intact_note = False, hole_problem
        elif not status.intact:
            intact, intact_note = False, "the signed bytes have changed since signing"
        elif not status.valid:
            intact, intact_note = False, "the signature does not match the signed bytes"
        else:
            intact, intact_note = True, "the signed bytes are unchanged"

        if not roots:
            trusted, trust_note = None, "not checked (no --trust certificate given)"
        elif status is None or not intact:
            trusted, trust_note = None, "not checked: the signature is broken"
        elif status.trusted:
            trusted, trust_note = True, "chains to a trusted certificate"
        else:
            trusted = False
            trust_note = f"{signer}'s certificate: {_trust_problem(status)}"

        later = range(sig.signed_revision + 1, total)
        coverage = sig.coverage
        if status is not None and coverage == SignatureCoverageLevel.ENTIRE_FILE:
            changes: Changes = "none"
            changes_note = "nothing changed after this signature"
        elif status is None or status.diff_result is None:
            changes, changes_note = "other", "the changes after this signature cannot be analysed"
        else:
            level = status.modification_level
            unsigned = [r for r in later if r not in sig_revisions]
            later_fields = {sig_revisions[r] for r in later if r in sig_revisions}
            changed = set(getattr(status.diff_result, "changed_form_fields", set()) or set())
            if (
                level is not None
                and level <= ModificationLevel.FORM_FILLING
                and not unsigned
                and changed <= later_fields
            ):
                changes = "signatures"
                names = ", ".join(sig_revisions[r] for r in later)
                changes_note = f"only later signatures ({names})"
            else:
                changes = "other"
                if unsigned:
                    changes_note = f"{len(unsigned)} unsigned update(s) appended after signing"
                else:
                    changes_note = f"changes beyond signatures ({_level_name(level)})"
                if not isinstance(status.diff_result, _diff_result_type()):
                    changes_note += f": {status.diff_result}"

        signing_time = None if status is None else status.signer_reported_dt
        timestamp = None
        if status is not None and status.timestamp_validity is not None:
            timestamp = status.timestamp_validity.timestamp
        return SignatureCheck(
            field=sig.field_name,
            signer=signer,
            name=_text(sig_obj.get("/Name")),
            role=None if status is None else _claimed_role(status),
            reason=_text(sig_obj.get("/Reason")),
            signing_time=signing_time,
            timestamp=timestamp,
            fingerprint=fingerprint,
            intact=intact,
            intact_note=intact_note,
            trusted=trusted,
            trust_note=trust_note,
            changes=changes,
            changes_note=changes_note,
        )

    for sig in embedded:
        try:
            checks.append(check(sig))
        except Exception as exc:  # a damaged signature is a broken one, never a crash
            checks.append(_unreadable(str(sig.field_name), exc))
    return SignatureReport(checks, trust_checked=bool(roots))


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


def _embedded_cert_problem(sig: Any) -> str | None:
    """The certificate inside the signature must be the one the signer committed to
    (the signed signing-certificate attribute holds its hash).  pyHanko checks the
    copy it validates, which is the --trust one when that has the same issuer and
    serial number, so a changed byte in the embedded copy would go unnoticed."""
    from pyhanko.sign.general import check_ess_certid
    from pyhanko.sign.validation.generic_cms import get_signing_cert_attr

    attr = get_signing_cert_attr(sig.signer_info["signed_attrs"])
    if attr is None:
        return None  # not a PAdES signature: no commitment to check against
    if not check_ess_certid(sig.signer_cert, attr["certs"][0]):
        return "the signer's certificate in the signature has changed since signing"
    signer = sig.signer_cert
    for choice in sig.signed_data["certificates"]:
        if choice.name != "certificate":
            return "the signature carries an unreadable certificate"
        other = choice.chosen
        same_id = other.issuer == signer.issuer and other.serial_number == signer.serial_number
        if same_id and other.dump() != signer.dump():
            return "a copy of the signer's certificate in the signature has changed"
    algorithms = {a["algorithm"].native for a in sig.signed_data["digest_algorithms"]}
    if sig.signer_info["digest_algorithm"]["algorithm"].native not in algorithms:
        return "the signature's list of digest algorithms has changed since signing"
    return None


_HEX = frozenset(b"0123456789abcdefABCDEF")


def _der_length(data: bytes) -> int | None:
    """Total length of the DER value at the start of ``data``."""
    if len(data) < 2:
        return None
    first = data[1]
    if first < 0x80:
        return 2 + first
    n = first & 0x7F
    if n == 0 or n > 4 or len(data) < 2 + n:
        return None
    return 2 + n + int.from_bytes(data[2 : 2 + n], "big")


def _contents_problem(pdf: bytes, byte_range: Sequence[int]) -> str | None:
    """The gap a signature's byte range leaves holds the signature itself: a hex
    string of the DER-encoded CMS, padded with zeros.  pyHanko reads the CMS and
    ignores the padding, so check here that the gap holds nothing else."""
    try:
        _, a, b, _ = byte_range
    except ValueError:
        return "the signature's byte range is malformed"
    hole = pdf[a:b]
    if len(hole) < 2 or hole[:1] != b"<" or hole[-1:] != b">" or not set(hole[1:-1]) <= _HEX:
        return "the signature value is not a plain hex string"
    if (len(hole) - 2) % 2:
        return "the signature value has an odd number of hex digits"
    value = bytes.fromhex(hole[1:-1].decode("ascii"))
    length = _der_length(value)
    if length is None or length > len(value):
        return "the signature value is not DER-encoded"
    if value[length:].strip(b"\0"):
        return "the signature value's padding has changed since signing"
    return _der_problem(value[:length])


def _der_problem(der: bytes) -> str | None:
    """ISO 32000-1 (12.8.3.3.1) wants a DER-encoded CMS object.  Most of it is
    covered by the signature; the rest (versions, the list of digest algorithms,
    the certificates) is not, so check that it still says what a signer writes:
    the one canonical encoding, the expected versions, no algorithm parameters."""
    from asn1crypto import cms

    try:
        info = cms.ContentInfo.load(der, strict=True)
        signed_data = info["content"]
        # Re-encode what the signature does not cover (the certificates are checked
        # byte for byte against the signed certificate hash, and re-encoding them is
        # most of the cost).
        for name in ("version", "digest_algorithms", "encap_content_info", "signer_infos"):
            part = signed_data[name]
            original = part.dump()
            if part.copy().dump(force=True) != original:
                return "the signature value is not in canonical DER form (changed since signing?)"
        if signed_data["version"].native not in ("v1", "v3"):
            return "the signature's version has changed since signing"
        for signer_info in signed_data["signer_infos"]:
            if signer_info["version"].native not in ("v1", "v3"):
                return "the signature's version has changed since signing"
        algorithms = [
            *signed_data["digest_algorithms"],
            *(si["digest_algorithm"] for si in signed_data["signer_infos"]),
        ]
        for algorithm in algorithms:
            if algorithm["parameters"].native is not None:
                return "the signature's digest algorithm parameters have changed since signing"
    except (ValueError, TypeError, KeyError) as exc:
        return f"the signature value cannot be decoded: {exc}"
    return None


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


Changes = Literal["none", "signatures", "other"]


CheckStatus = Literal["ok", "fail", "skipped"]
