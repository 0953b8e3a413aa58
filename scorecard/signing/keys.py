"""Keys and certificates for signing, and whether the ``sign`` extra is installed."""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scorecard.model.errors import ScorecardError

INSTALL_HINT = (
    "signing needs the optional extra 'sign' (pyHanko): "
    "pip install 'scorecard[sign]' (from a clone: .venv/bin/pip install '.[sign]')"
)


KEY_FILE = "key.pem"


CERT_FILE = "cert.pem"


SELF_SIGNED_NOTE = (
    "This is a self-signed certificate for internal use: it proves that reports were "
    "signed with this key, not who holds it. Give cert.pem to the people who check your "
    "reports (`scorecard verify --trust cert.pem`) through a channel they trust. An "
    "auditor should prefer a certificate issued by your organisation's certificate "
    "authority."
)


class SigningError(ScorecardError):
    """A key, certificate or PDF that cannot be used to sign or be checked."""


class PassphraseError(SigningError):
    """A passphrase that cannot be used: unset, or empty."""


class TrustFileError(SigningError):
    """A file given to trust that cannot be read or holds no certificate."""


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


@dataclass(frozen=True)
class NewKey:
    """What `keys new` wrote."""

    key: Path
    cert: Path
    name: str
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
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    from scorecard.outputs import write_atomic

    name = name.strip()
    if not name:
        raise SigningError("the certificate needs a name (--name)")
    key_path, cert_path = out / KEY_FILE, out / CERT_FILE
    for path in (key_path, cert_path):
        if path.exists():
            raise SigningError(f"{path} already exists; choose another --out folder")
    key = ec.generate_private_key(ec.SECP256R1())
    not_before = now.astimezone(dt.UTC).replace(microsecond=0) - dt.timedelta(minutes=5)
    not_after = not_before + dt.timedelta(days=days)
    cert = _self_signed_certificate(key, name, not_before, not_after)
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase)
        if passphrase
        else serialization.NoEncryption()
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )
    write_atomic(cert_path, cert.public_bytes(serialization.Encoding.PEM))
    _write_private(key_path, key_pem)
    return NewKey(
        key=key_path,
        cert=cert_path,
        name=name,
        subject=f"CN={name}",
        fingerprint=cert.fingerprint(hashes.SHA256()).hex(),
        not_after=not_after,
        encrypted=bool(passphrase),
    )


def _self_signed_certificate(
    key: Any, name: str, not_before: dt.datetime, not_after: dt.datetime
) -> Any:
    """A certificate for signing documents (digital signature, non-repudiation;
    not a CA), issued by ``key`` to itself."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    public = key.public_key()
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    email = x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION])
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(email, critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )


def describe_new_key(made: NewKey) -> list[str]:
    """What `keys new` says about the files it wrote."""
    lines = []
    if not made.encrypted:
        lines.append(
            f"Warning: {made.key} is not encrypted: anyone who can read it can sign as {made.name}."
        )
    return [
        *lines,
        f"wrote {made.key} (private key: keep it secret)",
        f"wrote {made.cert} ({made.subject}, valid until {made.not_after:%Y-%m-%d})",
        f"certificate SHA-256: {made.fingerprint}",
        f"Note: {SELF_SIGNED_NOTE}",
    ]


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


def passphrase_from_env(variable: str, environ: Mapping[str, str]) -> bytes:
    """The passphrase held in the environment variable ``variable``, so that it
    never appears on a command line."""
    value = environ.get(variable)
    if value is None:
        raise PassphraseError(f"the environment variable {variable} is not set")
    if not value:
        raise PassphraseError(f"the environment variable {variable} is empty")
    return value.encode("utf-8")


def passphrase_from_text(text: str) -> bytes:
    """A passphrase as typed; an empty one is refused."""
    if not text:
        raise PassphraseError("the passphrase is empty")
    return text.encode("utf-8")


def common_name(cert: Any) -> str:
    """The certificate's common name, else its whole subject."""
    subject = cert.subject.native
    cn = subject.get("common_name")
    if isinstance(cn, list):
        cn = cn[0] if cn else None
    return str(cn) if cn else str(cert.subject.human_friendly)


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
        except (ValueError, TypeError) as exc:  # asn1crypto's, binascii's, UnicodeDecodeError
            raise SigningError(f"not a certificate ({exc})") from None
    return certs


def read_trust(paths: Sequence[Path]) -> list[bytes]:
    """The bytes of certificate files to trust, each checked to hold certificates:
    a TrustFileError names the file that does not."""
    require_signing()
    found = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise TrustFileError(f"cannot read {path}: {exc.strerror or exc}") from None
        try:
            load_trust([data])
        except SigningError as exc:
            raise TrustFileError(f"{path}: {exc}") from None
        found.append(data)
    return found
