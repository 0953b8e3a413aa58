"""Signed reports: who made this report, and has anyone touched it since?

A signature is a PAdES signature (B-B; B-T with a timestamp authority) added to
the PDF as an *incremental update* by pyHanko: the unsigned report stays a
byte-exact prefix of the signed file, so its reproducible bytes (and `verify`'s
re-render check) keep their meaning.  A second signer (an evaluator, then an
approver) adds a second update the same way.

The report's summary page has a sign-off block with a slot per signer; the
template marks each slot with two named destinations (``signoff-prepared`` at
its top-left corner, ``signoff-prepared-end`` at its bottom-right; the same for
``signoff-approved``).  The first signature is drawn into the first slot, the
second into the second; any later signature is invisible (it is still listed in
every viewer's signature panel).  A PDF without these destinations gets
invisible signatures.

pyHanko is an optional extra (``scorecard[sign]``) and is imported inside the
functions that need it, as are cryptography, asn1crypto and fontTools.  Core code
does not read the clock: the caller passes ``now`` (pyHanko itself records the
signing time in the signature)."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import importlib.util
import io
import logging
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from scorecard.errors import ScorecardError

INSTALL_HINT = (
    "signing needs the optional extra 'sign' (pyHanko): "
    "pip install 'scorecard[sign]' (from a clone: .venv/bin/pip install '.[sign]')"
)

#: Signature field names of the sign-off block's slots, in signing order, with the
#: named destinations (written by the report template) that locate each slot.
SLOTS: tuple[tuple[str, str, str], ...] = (
    ("PreparedBy", "signoff-prepared", "Prepared by"),
    ("ApprovedBy", "signoff-approved", "Approved by"),
)
#: Slot size when the template gives only the top-left corner: 80 mm x 20 mm.
DEFAULT_SLOT_SIZE = (226.77, 56.69)
STAMP_FONT_NAME = "DejaVuSans.ttf"
SYSTEM_STAMP_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
KEY_FILE = "key.pem"
CERT_FILE = "cert.pem"
SELF_SIGNED_NOTE = (
    "This is a self-signed certificate for internal use: it proves that reports were "
    "signed with this key, not who holds it. Give cert.pem to the people who check your "
    "reports (`scorecard verify --trust cert.pem`) through a channel they trust. An "
    "auditor should prefer a certificate issued by your organisation's certificate "
    "authority."
)

Changes = Literal["none", "signatures", "other"]


class SigningError(ScorecardError):
    """A key, certificate or PDF that cannot be used to sign or be checked."""


class SigningUnavailableError(ScorecardError):
    """pyHanko (the `sign` extra) is not installed."""

    def __init__(self) -> None:
        super().__init__(INSTALL_HINT)


def signing_available() -> bool:
    """True when the `sign` extra (pyHanko) is installed."""
    return importlib.util.find_spec("pyhanko") is not None


def require_signing() -> None:
    if not signing_available():
        raise SigningUnavailableError()


# --------------------------------------------------------------------------- keys


@dataclass(frozen=True)
class NewKey:
    """What `keys new` wrote."""

    key: Path
    cert: Path
    subject: str
    fingerprint: str  # SHA-256 of the DER certificate, hex
    not_after: dt.datetime
    encrypted: bool


def new_key(
    name: str,
    out: Path,
    passphrase: bytes | None,
    now: dt.datetime,
    days: int = 1826,
) -> NewKey:
    """A fresh EC P-256 key and a self-signed certificate for ``name``, written to
    ``out/key.pem`` (PKCS#8, encrypted with ``passphrase`` unless it is None; mode
    0600) and ``out/cert.pem``.  Existing files are never overwritten."""
    require_signing()
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    from scorecard.outputs import write_atomic

    name = name.strip()
    if not name:
        raise SigningError("the certificate needs a name (--name)")
    key_path, cert_path = out / KEY_FILE, out / CERT_FILE
    for path in (key_path, cert_path):
        if path.exists():
            raise SigningError(f"{path} already exists; choose another --out folder")
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    not_before = now.astimezone(dt.UTC).replace(microsecond=0) - dt.timedelta(minutes=5)
    not_after = not_before + dt.timedelta(days=days)
    public = key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase)
        if passphrase
        else serialization.NoEncryption()
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )
    cert_pem = cert.public_bytes(serialization.Encoding.PEM)
    write_atomic(cert_path, cert_pem)
    _write_private(key_path, key_pem)
    return NewKey(
        key=key_path,
        cert=cert_path,
        subject=f"CN={name}",
        fingerprint=cert.fingerprint(hashes.SHA256()).hex(),
        not_after=not_after,
        encrypted=bool(passphrase),
    )


def _write_private(target: Path, data: bytes) -> None:
    """Write a private key atomically, readable by its owner only from the start
    (mkstemp creates the file with mode 0600; write_atomic would widen it)."""
    import os
    import tempfile

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def key_is_encrypted(path: Path) -> bool:
    """True when the PEM private key at ``path`` needs a passphrase."""
    try:
        text = path.read_bytes()
    except OSError as exc:
        raise SigningError(f"cannot read the key {path}: {exc.strerror or exc}") from None
    return b"ENCRYPTED" in text.split(b"-----END", 1)[0]


# --------------------------------------------------------------------------- signing


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


@contextlib.contextmanager
def _quiet_logs() -> Iterator[None]:
    """fontTools logs a warning for every font table it cannot subset, pyHanko a
    traceback for every certificate it cannot trust: what matters comes back in
    the results, and core code never prints."""
    loggers = [logging.getLogger(n) for n in ("fontTools", "pyhanko", "pyhanko_certvalidator")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def stamp_font_path() -> Path:
    """The font drawn in the signature appearance: the report's bundled DejaVu Sans,
    else the system's copy (fonts-dejavu-core)."""
    here = Path(__file__).resolve().parent
    for candidate in (
        here / "templates" / "fonts" / STAMP_FONT_NAME,  # installed wheel
        here.parent / "templates" / "fonts" / STAMP_FONT_NAME,  # source tree
        SYSTEM_STAMP_FONT,
    ):
        if candidate.is_file():
            return candidate
    raise SigningError(
        f"no {STAMP_FONT_NAME} for the signature appearance (install fonts-dejavu-core)"
    )


@functools.cache
def _stamp_font_bytes(path: Path, text: str) -> bytes:
    """The stamp font, cut down to printable ASCII and the characters of ``text``
    and rescaled to 1000 units per em.

    pyHanko writes glyph widths (/W) in font units, which a PDF reader takes as
    thousandths of an em: with DejaVu's 2048 units per em the letters would be
    spaced twice too wide and the widths would disagree with the font program,
    which PDF/A forbids.  Rescaling the font itself makes both agree; cutting it
    down first makes that fast (pyHanko subsets it again when it embeds it)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    font = TTFont(str(path))
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.glyph_names = True
    options.drop_tables += ["FFTM"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes={*range(0x20, 0x7F), *(ord(c) for c in text)})
    subsetter.subset(font)
    if font["head"].unitsPerEm != 1000:
        scale_upem(font, 1000)
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


def _font_factory(font_size: int, text: str) -> Any:
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory

    path = stamp_font_path()
    with _quiet_logs():
        data = _stamp_font_bytes(path, "".join(sorted(set(text))))

    class _Factory(GlyphAccumulatorFactory):
        def create_font_engine(self, writer: Any, obj_stream: Any = None) -> Any:
            if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
                obj_stream = writer.prepare_object_stream()
            return GlyphAccumulator(
                writer=writer,
                font_handle=io.BytesIO(data),
                font_size=self.font_size,
                obj_stream=obj_stream,
            )

    return _Factory(str(path), font_size=font_size)


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


def _common_name(cert: Any) -> str:
    """The certificate's common name, else its whole subject."""
    subject = cert.subject.native
    cn = subject.get("common_name")
    if isinstance(cn, list):
        cn = cn[0] if cn else None
    return str(cn) if cn else str(cert.subject.human_friendly)


@dataclass(frozen=True)
class _Box:
    page: int
    box: tuple[int, int, int, int]


def _page_refs(reader: Any) -> list[tuple[int, int]]:
    """(object number, generation) of every page, in order."""
    refs: list[tuple[int, int]] = []

    def walk(node_ref: Any, depth: int) -> None:
        if depth > 64:
            return
        node = node_ref.get_object()
        if node.get("/Type") == "/Pages" or "/Kids" in node:
            for kid in node.raw_get("/Kids"):
                walk(kid, depth + 1)
        else:
            refs.append((node_ref.idnum, node_ref.generation))

    walk(reader.root.raw_get("/Pages"), 0)
    return refs


def _named_destinations(reader: Any) -> dict[str, Any]:
    """Named destinations: the /Dests name tree (and the PDF 1.1 /Dests dictionary)."""
    found: dict[str, Any] = {}

    def walk(node: Any, depth: int) -> None:
        if depth > 32:
            return
        node = node.get_object() if hasattr(node, "get_object") else node
        names = node.get("/Names")
        if names is not None:
            items = list(names)
            for i in range(0, len(items) - 1, 2):
                found[str(items[i])] = items[i + 1]
        for kid in node.get("/Kids", ()):
            walk(kid, depth + 1)

    root = reader.root
    with contextlib.suppress(KeyError, TypeError, AttributeError):
        walk(root["/Names"]["/Dests"], 0)
    with contextlib.suppress(KeyError, TypeError, AttributeError):
        for key, value in root["/Dests"].items():
            found.setdefault(str(key).lstrip("/"), value)
    return found


def _destination(reader: Any, dests: dict[str, Any], name: str) -> tuple[int, float, float] | None:
    """(page index, x, y) of a named /XYZ destination."""
    dest = dests.get(name)
    if dest is None:
        return None
    dest = dest.get_object() if hasattr(dest, "get_object") else dest
    with contextlib.suppress(KeyError, TypeError, AttributeError):
        dest = dest["/D"]
    try:
        page_ref = dest.raw_get(0)
        kind = str(dest[1])
        x, y = float(dest[2]), float(dest[3])
        page = _page_refs(reader).index((page_ref.idnum, page_ref.generation))
    except (ValueError, TypeError, IndexError, AttributeError):
        return None
    if kind != "/XYZ":
        return None
    return page, x, y


def _slot_box(reader: Any, anchor: str) -> _Box | None:
    """Where the template put a sign-off slot: page and (x1, y1, x2, y2)."""
    dests = _named_destinations(reader)
    top_left = _destination(reader, dests, anchor)
    if top_left is None:
        return None
    page, x1, y1 = top_left
    end = _destination(reader, dests, f"{anchor}-end")
    if end is not None and end[0] == page and end[1] > x1 + 20 and end[2] < y1 - 10:
        _, x2, y2 = end
    else:
        x2, y2 = x1 + DEFAULT_SLOT_SIZE[0], y1 - DEFAULT_SLOT_SIZE[1]
    return _Box(page, (math.floor(x1), math.floor(y2), math.ceil(x2), math.ceil(y1)))


def _filled_fields(reader: Any) -> tuple[set[str], set[str]]:
    """(names of all signature fields, names of the signed ones)."""
    from pyhanko.sign.fields import enumerate_sig_fields

    names: set[str] = set()
    signed: set[str] = set()
    for name, value, _ref in enumerate_sig_fields(reader, filled_status=None):
        names.add(name)
        if value is not None:
            signed.add(name)
    return names, signed


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


# --------------------------------------------------------------------------- checking


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


def _reader(pdf: bytes) -> Any:
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        return PdfFileReader(io.BytesIO(pdf), strict=False)
    except Exception as exc:
        raise SigningError(f"cannot read the PDF: {type(exc).__name__}: {exc}") from None


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


# --------------------------------------------------------------------------- revisions


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


# --------------------------------------------------------------------------- text


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


# --------------------------------------------------------------------------- verify


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


CheckStatus = Literal["ok", "fail", "skipped"]


def check_signatures(pdf: bytes, trust: Sequence[bytes] = ()) -> tuple[CheckStatus, list[str]]:
    """`verify`'s signature check: a status and lines, the first a summary.

    Unsigned is "ok" (the report is judged by the other checks); signatures that
    cannot be checked because pyHanko is missing are "skipped"."""
    if not signing_available():
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
