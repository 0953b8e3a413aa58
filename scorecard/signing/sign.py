"""Signing a report: a PAdES signature as an incremental update."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scorecard.signing.keys import SigningError, _common_name, _quiet_logs, _reader, require_signing
from scorecard.signing.stamp import _filled_fields, _font_factory, _slot_box

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


def _load_signer(spec: SignerSpec) -> Any:
    from cryptography.hazmat.primitives import serialization
    from pyhanko.keys import load_cert_from_pemder, load_certs_from_pemder
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    try:
        cert = load_cert_from_pemder(str(spec.cert))  # type: ignore[no-untyped-call]
    except (OSError, ValueError, TypeError) as exc:
        raise SigningError(f"cannot read the certificate {spec.cert}: {exc}") from None
    try:
        paths = [str(p) for p in spec.chain]
        chain = list(load_certs_from_pemder(paths)) if paths else []  # type: ignore[no-untyped-call]
    except (OSError, ValueError, TypeError) as exc:
        raise SigningError(f"cannot read the certificate chain: {exc}") from None
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
    from asn1crypto import keys as asn1_keys

    key_der = private.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    key_info = asn1_keys.PrivateKeyInfo.load(key_der)
    own_public = private.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    if own_public != cert.public_key.dump():
        raise SigningError(f"the key {spec.key} does not belong to the certificate {spec.cert}")
    return SimpleSigner(
        signing_cert=cert,
        signing_key=key_info,
        cert_registry=SimpleCertificateStore.from_certs(chain),  # type: ignore[no-untyped-call]
    )


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
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.layout import AxisAlignment, Margins, SimpleBoxLayoutRule
    from pyhanko.pdf_utils.metadata.model import VENDOR
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import signers
    from pyhanko.sign.ades.api import CAdESSignedAttrSpec, SignerAttrSpec
    from pyhanko.sign.fields import SigFieldSpec, SigSeedSubFilter
    from pyhanko.sign.timestamps.common_utils import TimestampRequestError
    from pyhanko.stamp import TextStampStyle

    signer = _load_signer(spec)
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    except (PdfError, ValueError) as exc:
        raise SigningError(f"not a PDF that can be signed: {exc}") from None
    if writer.prev.encrypted:
        raise SigningError("cannot sign an encrypted PDF")
    existing, signed = _filled_fields(writer.prev)
    field_name, slot_label, box = None, None, None
    for name, anchor, label in SLOTS:
        if name not in signed:
            field_name, slot_label = name, label
            box = _slot_box(writer.prev, anchor)
            break
    if field_name is None:
        n = len(existing) + 1
        while f"Signature{n}" in existing:
            n += 1
        field_name = f"Signature{n}"
    if box is None:
        slot_label = None

    # PDF/A: the information dictionary and the XMP must agree.  pyHanko appends
    # itself to the info dictionary's /Producer but writes only itself into the
    # XMP, so make the info dictionary say the same.
    info_ref = writer.trailer.raw_get("/Info") if "/Info" in writer.trailer else None
    if info_ref is not None:
        info = info_ref.get_object()
        info["/Producer"] = generic.TextStringObject(VENDOR)
        writer.mark_update(info_ref)
    writer._meta = _pinned_metadata(now)  # private, but pinned: pyHanko <0.39

    display_name = spec.name or _common_name(signer.signing_cert)

    def literal(text: str) -> str:  # stamp text is a %-format string
        return text.replace("%", "%%")

    lines = [literal(f"{display_name}, {spec.role}" if spec.role else display_name)]
    lines.append("Digitally signed %(ts)s")
    if spec.reason:
        lines.append(literal(f"Reason: {spec.reason}"))
    stamp = TextStampStyle(
        stamp_text="\n".join(lines),
        text_box_style=TextBoxStyle(
            font=_font_factory(9, "\n".join(lines)), font_size=9, leading=11
        ),
        border_width=0,
        background=None,
        timestamp_format="%Y-%m-%d %H:%M %Z",
        inner_content_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MIN,
            y_align=AxisAlignment.ALIGN_MID,
            margins=Margins(4, 4, 2, 2),
        ),
    )
    signed_attrs = (
        CAdESSignedAttrSpec(
            signer_attributes=SignerAttrSpec(
                claimed_attrs=[_role_attribute(spec.role)], certified_attrs=[]
            )
        )
        if spec.role
        else None
    )
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        subfilter=SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        name=display_name,
        reason=spec.reason,
        cades_signed_attr_spec=signed_attrs,
    )
    timestamper = None
    if spec.timestamp_url:
        from pyhanko.sign.timestamps import HTTPTimeStamper

        timestamper = HTTPTimeStamper(spec.timestamp_url, timeout=30)
    field_spec = (
        SigFieldSpec(field_name, on_page=box.page, box=box.box)
        if box is not None
        else SigFieldSpec(field_name, on_page=0)
    )
    pdf_signer = _pdf17_signer_class()(
        meta, signer, timestamper=timestamper, stamp_style=stamp, new_field_spec=field_spec
    )
    out = io.BytesIO()
    try:
        with _quiet_logs():
            pdf_signer.sign_pdf(writer, output=out)
    except SigningError:
        raise
    except TimestampRequestError as exc:
        raise SigningError(
            f"signing failed (timestamp authority {spec.timestamp_url}): {exc}"
        ) from None
    except Exception as exc:
        raise SigningError(f"signing failed: {type(exc).__name__}: {exc}") from None
    signed_pdf = out.getvalue()
    if not signed_pdf.startswith(pdf):  # pragma: no cover - pyHanko appends by design
        raise SigningError("internal error: the signed PDF does not extend the original")
    return SignResult(signed_pdf, field_name, slot_label, display_name)


def unsigned_revision(pdf: bytes) -> bytes:
    """The report as it was before its first signature: the bytes of the revision
    the first (earliest) signature's incremental update extends.

    Found through the signatures, not by searching for ``%%EOF`` (which may occur
    inside an embedded file): the first signature's revision starts where its
    first object (or its cross-reference section) starts, which lies before the
    signature's byte-range gap.  An unsigned PDF is returned whole."""
    require_signing()
    with _quiet_logs():
        return _unsigned_revision(pdf)


def _unsigned_revision(pdf: bytes) -> bytes:
    reader = _reader(pdf)
    try:
        embedded = list(reader.embedded_signatures)
    except Exception as exc:
        raise SigningError(f"cannot read the signatures: {type(exc).__name__}: {exc}") from None
    if not embedded:
        return pdf
    first = min(embedded, key=lambda s: s.signed_revision)
    revision = first.signed_revision
    if revision == 0:
        raise SigningError(
            "the first signature is in the file's first revision: no unsigned report"
        )
    xrefs = reader.xrefs
    data = xrefs.get_xref_data(revision)
    offsets = [offset for _generation, offset in data.standard_xrefs.values()]
    info = xrefs.get_xref_container_info(revision)
    start = min([*offsets, info.start_location])
    byte_range = list(first.byte_range)
    previous = xrefs.get_xref_container_info(revision - 1)
    if not (previous.end_location <= start <= byte_range[1]):
        raise SigningError(
            "cannot locate the unsigned report: the first signature's update is malformed"
        )
    prefix = pdf[:start]
    if not prefix.rstrip(b"\r\n").endswith(b"%%EOF"):
        raise SigningError(
            "cannot locate the unsigned report: the revision before the first signature does not end the file there"
        )
    return prefix
