"""Keys and reports shared by the signing tests: made once per session (EC P-256
keys are fast; the PDF/A-3b report is rendered once with WeasyPrint)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("pyhanko", reason="the 'sign' extra is not installed")

PASSPHRASE = "correct horse battery staple"

# A stand-in for the report's summary page: the sign-off block marks each slot
# with a named destination at its top-left corner and one at its bottom-right.
REPORT_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Vendor scorecard</title>
<meta name="dcterms.created" content="2026-03-01"><meta name="dcterms.modified" content="2026-03-01">
<style>
  @page { size: A4; margin: 20mm }
  .signoff { display: flex; gap: 10mm; margin-top: 10mm }
  .slot { position: relative; width: 80mm; height: 20mm; border-bottom: 1px solid #333 }
  .end { position: absolute; right: 0; bottom: 0; width: 0; height: 0 }
</style></head>
<body><h1>Vendor scorecard</h1><p>Recommendation: Acme GPT.</p>
<div class="signoff">
  <div><p>Prepared by</p><div class="slot" id="signoff-prepared"><span class="end" id="signoff-prepared-end"></span></div></div>
  <div><p>Approved by</p><div class="slot" id="signoff-approved"><span class="end" id="signoff-approved-end"></span></div></div>
</div></body></html>"""

# Embedded files, one of them holding "%%EOF" (the unsigned revision is found
# through the signatures, never by searching for that marker).
ATTACHMENTS = {
    "criteria.toml": b'schema_version = 1\ntitle = "LLM platform selection"\n',
    "vendors/acme.toml": b'schema_version = 1\nvendor = "Acme"\nnote = "%%EOF\\n"\n',
    "manifest.json": b'{"format": "scorecard-manifest/1", "trailer": "%%EOF"}\n',
}


@dataclass(frozen=True)
class KeyPair:
    key: Path
    cert: Path
    passphrase: bytes | None


def render_report(html: str = REPORT_HTML) -> bytes:
    import gc
    import warnings

    import weasyprint

    attachments = [
        weasyprint.Attachment(string=data.decode(), name=name, relationship="Source")
        for name, data in ATTACHMENTS.items()
    ]
    # WeasyPrint drops its sRGB output-intent profile unclosed: ignore that one warning
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        pdf = weasyprint.HTML(string=html).write_pdf(
            pdf_variant="pdf/a-3b", attachments=attachments
        )
        gc.collect()
    assert isinstance(pdf, bytes)
    return pdf


@pytest.fixture(scope="session")
def keys(tmp_path_factory: pytest.TempPathFactory) -> dict[str, KeyPair]:
    from scorecard.signing.keys import new_key

    root = tmp_path_factory.mktemp("keys")
    now = dt.datetime.now(dt.UTC)
    made = {}
    for who, passphrase in (
        ("alice", PASSPHRASE.encode()),
        ("bob", None),
        ("mallory", None),
    ):
        nk = new_key(who.title(), root / who, passphrase, now)
        made[who] = KeyPair(nk.key, nk.cert, passphrase)
    return made


@pytest.fixture(scope="session")
def unsigned_pdf() -> bytes:
    return render_report()


@pytest.fixture(scope="session")
def signed_once(keys: dict[str, KeyPair], unsigned_pdf: bytes) -> bytes:
    from scorecard.signing.sign import SignerSpec, sign_pdf

    alice = keys["alice"]
    spec = SignerSpec(
        alice.key,
        alice.cert,
        passphrase=alice.passphrase,
        role="evaluator",
        reason="I prepared this evaluation",
    )
    return sign_pdf(unsigned_pdf, spec, dt.datetime.now(dt.UTC)).pdf


@pytest.fixture(scope="session")
def signed_twice(keys: dict[str, KeyPair], signed_once: bytes) -> bytes:
    from scorecard.signing.sign import SignerSpec, sign_pdf

    bob = keys["bob"]
    spec = SignerSpec(bob.key, bob.cert, name="Bob B. Approver", role="approver")
    return sign_pdf(signed_once, spec, dt.datetime.now(dt.UTC)).pdf


@pytest.fixture(scope="session")
def trust(keys: dict[str, KeyPair]) -> list[bytes]:
    return [keys["alice"].cert.read_bytes(), keys["bob"].cert.read_bytes()]


@pytest.fixture(scope="session")
def attachments() -> dict[str, bytes]:
    return dict(ATTACHMENTS)


@pytest.fixture(scope="session")
def passphrase() -> str:
    return PASSPHRASE


@pytest.fixture(scope="session")
def render() -> object:
    return render_report
