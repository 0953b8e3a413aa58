"""PAdES B-T: a signature timestamped by an RFC 3161 authority (`--timestamp-url`).

The authority is pyHanko's DummyTimeStamper behind a local HTTP server on
127.0.0.1, so the real HTTP client path is exercised without the network."""

from __future__ import annotations

import datetime as dt
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scorecard.signing.check import verify_signatures
from scorecard.signing.keys import SigningError
from scorecard.signing.sign import SignerSpec, sign_pdf

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def tsa(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    from asn1crypto import keys as asn1_keys
    from asn1crypto import tsp
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test TSA")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(key, hashes.SHA256())
    )
    der_cert = cert.public_bytes(serialization.Encoding.DER)
    der_key = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(der_cert),
        tsa_key=asn1_keys.PrivateKeyInfo.load(der_key),
    )
    requests: list[int] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            requests.append(len(body))
            response = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(response)))
            self.end_headers()
            self.wfile.write(response)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    cert_path = tmp_path_factory.mktemp("tsa") / "tsa.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tsa", cert_path
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    assert requests, "the timestamp authority was never asked"


def test_timestamped_signature_is_pades_b_t(
    tsa: tuple[str, Path], keys: dict[str, Any], unsigned_pdf: bytes
) -> None:
    url, tsa_cert = tsa
    bob = keys["bob"]
    spec = SignerSpec(bob.key, bob.cert, role="evaluator", timestamp_url=url)
    signed = sign_pdf(unsigned_pdf, spec, dt.datetime.now(dt.UTC)).pdf
    assert signed.startswith(unsigned_pdf)
    report = verify_signatures(signed, [bob.cert.read_bytes(), tsa_cert.read_bytes()])
    assert report.ok
    sig = report.signatures[0]
    assert sig.timestamp is not None and sig.signing_time is not None
    assert abs((sig.timestamp - sig.signing_time).total_seconds()) < 120


def test_unreachable_timestamp_authority_is_an_error(
    keys: dict[str, Any], unsigned_pdf: bytes
) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    bob = keys["bob"]
    spec = SignerSpec(bob.key, bob.cert, timestamp_url=f"http://127.0.0.1:{port}/")
    with pytest.raises(
        SigningError, match=r"^signing failed \(timestamp authority http://127\.0\.0\.1:\d+/\): "
    ):
        sign_pdf(unsigned_pdf, spec, dt.datetime.now(dt.UTC))
