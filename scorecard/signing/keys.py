"""Keys and certificates for signing, and whether the ``sign`` extra is installed."""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import logging
from collections.abc import Iterator
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


def _common_name(cert: Any) -> str:
    """The certificate's common name, else its whole subject."""
    subject = cert.subject.native
    cn = subject.get("common_name")
    if isinstance(cn, list):
        cn = cn[0] if cn else None
    return str(cn) if cn else str(cert.subject.human_friendly)


def _reader(pdf: bytes) -> Any:
    from scorecard.signing.pdf import open_pdf

    return open_pdf(pdf)
