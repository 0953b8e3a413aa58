"""Signing a report: a PAdES signature as an incremental update."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scorecard.signing.keys import SigningError, common_name, require_signing
from scorecard.signing.pdf import (
    embedded_signatures,
    open_pdf,
    quiet_logs,
    signature_fields,
    unreadable_errors,
)
from scorecard.signing.stamp import SlotBox, slot_box, stamp_lines, stamp_style

#: Signature field names of the sign-off block's slots, in signing order, with the
#: named destinations (written by the report template) that locate each slot.
SLOTS: tuple[tuple[str, str, str], ...] = (
    ("PreparedBy", "signoff-prepared", "Prepared by"),
    ("ApprovedBy", "signoff-approved", "Approved by"),
)


@dataclass(frozen=True)
class SignerSpec:
    """Who signs, with what, and why."""

    key: Path
    cert: Path
    chain: tuple[Path, ...] = ()
    passphrase: bytes | None = None
    name: str | None = None  # default: the certificate's common name
    role: str | None = None  # e.g. "evaluator", "approver"
    reason: str | None = None
    timestamp_url: str | None = None  # RFC 3161 timestamp authority: PAdES B-T


@dataclass(frozen=True)
class SignResult:
    pdf: bytes
    field: str
    slot: str | None  # "Prepared by" / "Approved by"; None for an invisible signature
    signer: str


def load_signer(spec: SignerSpec) -> Any:
    """pyHanko's signer for ``spec``: its key, certificate and chain, read and
    checked to belong together; SigningError names the file that does not do."""
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    cert, chain = _certificates(spec)
    key_info, own_public = _private_key(spec)
    if own_public != cert.public_key.dump():
        raise SigningError(f"the key {spec.key} does not belong to the certificate {spec.cert}")
    return SimpleSigner(
        signing_cert=cert,
        signing_key=key_info,
        cert_registry=SimpleCertificateStore.from_certs(chain),  # type: ignore[no-untyped-call]
    )


def _certificates(spec: SignerSpec) -> tuple[Any, list[Any]]:
    """The signer's certificate and the chain to embed."""
    from pyhanko.keys import load_cert_from_pemder, load_certs_from_pemder

    try:
        cert = load_cert_from_pemder(str(spec.cert))  # type: ignore[no-untyped-call]
    except (OSError, ValueError, TypeError) as exc:
        raise SigningError(f"cannot read the certificate {spec.cert}: {exc}") from None
    try:
        paths = [str(p) for p in spec.chain]
        chain = list(load_certs_from_pemder(paths)) if paths else []  # type: ignore[no-untyped-call]
    except (OSError, ValueError, TypeError) as exc:
        raise SigningError(f"cannot read the certificate chain: {exc}") from None
    return cert, chain


def _private_key(spec: SignerSpec) -> tuple[Any, bytes]:
    """The private key as asn1crypto's PrivateKeyInfo, and its public key (DER)."""
    from asn1crypto import keys as asn1_keys
    from cryptography.hazmat.primitives import serialization

    try:
        data = spec.key.read_bytes()
    except OSError as exc:
        raise SigningError(f"cannot read the key {spec.key}: {exc.strerror or exc}") from None
    try:
        private = serialization.load_pem_private_key(data, password=spec.passphrase or None)
    except TypeError:
        raise SigningError(
            f"the key {spec.key} is encrypted: give its passphrase (prompt or --passphrase-env)"
            if spec.passphrase is None
            else f"the key {spec.key} is not encrypted, but a passphrase was given"
        ) from None
    except ValueError:
        raise SigningError(
            f"cannot read the key {spec.key}: wrong passphrase, or not a PEM private key"
        ) from None
    key_der = private.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    own_public = private.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return asn1_keys.PrivateKeyInfo.load(key_der), own_public


def _pinned_metadata(now: dt.datetime) -> Any:
    """Document metadata whose modification time stays ``now``: pyHanko sets it to
    "now" and then asks the clock once for the information dictionary and once for
    the XMP, which PDF/A wants equal."""
    from pyhanko.pdf_utils.metadata.model import DocumentMetadata

    pinned = now.astimezone(dt.UTC).replace(microsecond=0)

    class Pinned(DocumentMetadata):
        def __setattr__(self, name: str, value: Any) -> None:
            if name == "last_modified" and value == "now":
                value = pinned
            super().__setattr__(name, value)

    return Pinned(last_modified=pinned)


def _role_attribute(role: str) -> Any:
    """A CAdES claimed signer role (signer-attributes-v2, RFC 5755 role syntax)."""
    from asn1crypto import cms
    from asn1crypto import x509 as asn1_x509

    role_name = asn1_x509.GeneralName(
        {"directory_name": asn1_x509.Name.build({"common_name": role})}
    )
    return cms.AttCertAttribute(
        {"type": "role", "values": [cms.RoleSyntax({"role_name": role_name})]}
    )


def _pdf17_signer_class() -> Any:
    from pyhanko.sign.signers import PdfSigner
    from pyhanko.sign.signers.constants import ESIC_EXTENSION_1

    class Pdf17Signer(PdfSigner):
        """Declare only PAdES's ESIC extension to PDF 1.7.  pyHanko also declares
        ISO/TS 32002 for ECDSA keys, an extension to PDF 2.0 that would raise the
        catalog's /Version to 2.0: a PDF/A-3 file is PDF 1.7."""

        def register_extensions(self, pdf_out: Any, *, md_algorithm: str) -> None:
            pdf_out.ensure_output_version(version=(1, 7))
            if pdf_out.output_version < (2, 0):
                pdf_out.register_extension(ESIC_EXTENSION_1)

    return Pdf17Signer


def sign_pdf(pdf: bytes, spec: SignerSpec, now: dt.datetime) -> SignResult:
    """Sign ``pdf`` as an incremental update: a PAdES B-B signature (B-T with
    ``spec.timestamp_url``), drawn into the next free sign-off slot.

    The result starts with ``pdf`` byte for byte.  ``now`` becomes the document's
    modification time in its metadata (pyHanko records the signing time itself)."""
    require_signing()
    from pyhanko.sign.timestamps.common_utils import TimestampRequestError

    signer = load_signer(spec)
    writer, field = _prepare(pdf, now)
    name = spec.name or common_name(signer.signing_cert)
    pdf_signer = _pdf17_signer_class()(
        _signature_metadata(spec, field.name, name),
        signer,
        timestamper=_timestamper(spec.timestamp_url),
        stamp_style=stamp_style(stamp_lines(name, spec.role, spec.reason)),
        new_field_spec=field.spec(),
    )
    out = io.BytesIO()
    try:
        with quiet_logs():
            pdf_signer.sign_pdf(writer, output=out)
    except TimestampRequestError as exc:
        raise SigningError(
            f"signing failed (timestamp authority {spec.timestamp_url}): {exc}"
        ) from None
    except unreadable_errors() as exc:
        raise SigningError(f"signing failed: {type(exc).__name__}: {exc}") from None
    signed_pdf = out.getvalue()
    if not signed_pdf.startswith(pdf):  # pragma: no cover - pyHanko appends by design
        raise SigningError("internal error: the signed PDF does not extend the original")
    return SignResult(signed_pdf, field.name, field.label, name)


def sign_file(source: Path, spec: SignerSpec, target: Path, now: dt.datetime) -> SignResult:
    """Sign the PDF at ``source`` (see :func:`sign_pdf`) and write it to ``target``
    atomically (``target`` may be ``source``: signing in place)."""
    from scorecard.outputs import write_atomic

    try:
        pdf = source.read_bytes()
    except OSError as exc:
        raise SigningError(f"cannot read {source}: {exc.strerror or exc}") from None
    result = sign_pdf(pdf, spec, now)
    write_atomic(target, result.pdf)
    return result


@dataclass(frozen=True)
class _Field:
    """The signature field a new signature goes into."""

    name: str
    label: str | None  # the sign-off slot's label; None for an invisible signature
    box: SlotBox | None

    def spec(self) -> Any:
        from pyhanko.sign.fields import SigFieldSpec

        if self.box is None:
            return SigFieldSpec(self.name, on_page=0)
        return SigFieldSpec(self.name, on_page=self.box.page, box=self.box.box)


def _prepare(pdf: bytes, now: dt.datetime) -> tuple[Any, _Field]:
    """An incremental writer over ``pdf`` with its metadata ready for PDF/A, and
    the field to sign: the next free sign-off slot, else a new invisible field."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    try:
        writer = IncrementalPdfFileWriter.from_reader(open_pdf(pdf))
        if writer.prev.encrypted:
            raise SigningError("cannot sign an encrypted PDF")
        field = _next_field(writer.prev)
        _prepare_metadata(writer, now)
    except unreadable_errors() as exc:
        raise SigningError(f"not a PDF that can be signed: {exc}") from None
    return writer, field


def _next_field(reader: Any) -> _Field:
    existing, signed = signature_fields(reader)
    for name, anchor, label in SLOTS:
        if name not in signed:
            box = slot_box(reader, anchor)
            return _Field(name, label if box is not None else None, box)
    n = len(existing) + 1
    while f"Signature{n}" in existing:
        n += 1
    return _Field(f"Signature{n}", None, None)


def _prepare_metadata(writer: Any, now: dt.datetime) -> None:
    """PDF/A: the information dictionary and the XMP must agree.  pyHanko appends
    itself to the info dictionary's /Producer but writes only itself into the
    XMP, so make the info dictionary say the same; and pin the modification time."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.metadata.model import VENDOR

    info_ref = writer.trailer.raw_get("/Info") if "/Info" in writer.trailer else None
    if info_ref is not None:
        info = info_ref.get_object()
        info["/Producer"] = generic.TextStringObject(VENDOR)
        writer.mark_update(info_ref)
    writer._meta = _pinned_metadata(now)  # private, but pinned: pyHanko <0.39


def _signature_metadata(spec: SignerSpec, field_name: str, name: str) -> Any:
    from pyhanko.sign import signers
    from pyhanko.sign.ades.api import CAdESSignedAttrSpec, SignerAttrSpec
    from pyhanko.sign.fields import SigSeedSubFilter

    signed_attrs = (
        CAdESSignedAttrSpec(
            signer_attributes=SignerAttrSpec(
                claimed_attrs=[_role_attribute(spec.role)], certified_attrs=[]
            )
        )
        if spec.role
        else None
    )
    return signers.PdfSignatureMetadata(
        field_name=field_name,
        subfilter=SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        name=name,
        reason=spec.reason,
        cades_signed_attr_spec=signed_attrs,
    )


def _timestamper(url: str | None) -> Any:
    if not url:
        return None
    from pyhanko.sign.timestamps import HTTPTimeStamper

    return HTTPTimeStamper(url, timeout=30)


def unsigned_revision(pdf: bytes) -> bytes:
    """The report as it was before its first signature: the bytes of the revision
    the first (earliest) signature's incremental update extends.

    Found through the signatures, not by searching for ``%%EOF`` (which may occur
    inside an embedded file): the first signature's revision starts where its
    first object (or its cross-reference section) starts, which lies before the
    signature's byte-range gap.  An unsigned PDF is returned whole."""
    require_signing()
    with quiet_logs():
        reader = open_pdf(pdf)
        embedded = embedded_signatures(reader)
        if not embedded:
            return pdf
        try:
            start = _first_update_start(reader, embedded[0])
        except unreadable_errors() as exc:
            raise SigningError(
                f"cannot locate the unsigned report: {type(exc).__name__}: {exc}"
            ) from None
    prefix = pdf[:start]
    if not prefix.rstrip(b"\r\n").endswith(b"%%EOF"):
        raise SigningError(
            "cannot locate the unsigned report: the revision before the first signature "
            "does not end the file there"
        )
    return prefix


def _first_update_start(reader: Any, first: Any) -> int:
    """Where the incremental update that holds the first signature begins."""
    revision = first.signed_revision
    if revision == 0:
        raise SigningError(
            "the first signature is in the file's first revision: no unsigned report"
        )
    xrefs = reader.xrefs
    data = xrefs.get_xref_data(revision)
    offsets = [offset for _generation, offset in data.standard_xrefs.values()]
    start = min([*offsets, xrefs.get_xref_container_info(revision).start_location])
    previous = xrefs.get_xref_container_info(revision - 1)
    if not (previous.end_location <= start <= list(first.byte_range)[1]):
        raise SigningError(
            "cannot locate the unsigned report: the first signature's update is malformed"
        )
    return int(start)


def report_before_signatures(pdf: bytes) -> bytes | None:
    """The report before its first signature, for `verify` to compare with a
    re-render: the whole file when it is unsigned; None when it is signed but that
    cannot be read here (no pyHanko, or damaged signatures: the signature check
    says which)."""
    from scorecard.signing import keys

    if not keys.signing_available():
        from scorecard.signing.summary import count_signatures

        return pdf if count_signatures(pdf) == 0 else None
    try:
        return unsigned_revision(pdf)
    except SigningError:
        return None
