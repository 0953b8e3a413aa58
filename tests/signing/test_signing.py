"""Signed reports: PAdES signatures as incremental updates (scorecard.signing)."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import pytest

from scorecard.signing.check import verify_signatures
from scorecard.signing.keys import SigningError, new_key
from scorecard.signing.sign import SignerSpec, sign_pdf, unsigned_revision
from scorecard.signing.summary import describe_signatures

pytestmark = pytest.mark.slow
NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


def _contents_span(pdf: bytes, nth: int = 0) -> tuple[int, int]:
    """Byte offsets of the nth signature's /Contents hex string (between < and >),
    read from its /ByteRange."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    sigs = sorted(
        PdfFileReader(io.BytesIO(pdf)).embedded_signatures, key=lambda s: s.signed_revision
    )
    _, a, b, _ = sigs[nth].byte_range
    return a, b


# --------------------------------------------------------------------------- signing


def test_signing_appends_an_update_and_keeps_the_report_a_prefix(
    unsigned_pdf: bytes, signed_once: bytes, signed_twice: bytes
) -> None:
    assert signed_once.startswith(unsigned_pdf)
    assert signed_twice.startswith(signed_once)
    assert len(signed_once) > len(unsigned_pdf)


def test_unsigned_revision_is_found_through_the_first_signature(
    unsigned_pdf: bytes, signed_once: bytes, signed_twice: bytes
) -> None:
    assert unsigned_revision(signed_once) == unsigned_pdf
    assert unsigned_revision(signed_twice) == unsigned_pdf
    assert unsigned_revision(unsigned_pdf) == unsigned_pdf


def test_verify_with_trust_passes_and_reports_both_signers(
    signed_twice: bytes, trust: list[bytes]
) -> None:
    report = verify_signatures(signed_twice, trust)
    assert report.ok and report.signed and report.trust_checked
    first, second = report.signatures
    assert (first.field, first.signer, first.role) == ("PreparedBy", "Alice", "evaluator")
    assert first.reason == "I prepared this evaluation"
    assert (first.intact, first.trusted, first.changes) == (True, True, "signatures")
    assert first.changes_note == "only later signatures (ApprovedBy)"
    assert (second.field, second.signer, second.name, second.role) == (
        "ApprovedBy",
        "Bob",
        "Bob B. Approver",
        "approver",
    )
    assert (second.intact, second.trusted, second.changes) == (True, True, "none")
    assert first.signing_time is not None and second.signing_time is not None
    assert first.signing_time <= second.signing_time


def test_describe_lists_each_signature(signed_twice: bytes, trust: list[bytes]) -> None:
    lines = describe_signatures(verify_signatures(signed_twice, trust))
    assert lines[0] == "signatures: 2 (trust checked against --trust)"
    assert re.fullmatch(
        r"  1\. PreparedBy: Alice, evaluator, signed \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", lines[1]
    )
    assert lines[2] == "     intact: yes, the signed bytes are unchanged"
    assert lines[3] == "     trusted: yes, chains to a trusted certificate"
    assert lines[4] == "     changed after it: only later signatures (ApprovedBy)"
    assert lines[5] == "     reason: I prepared this evaluation"
    assert "2. ApprovedBy: Bob (signed as Bob B. Approver), approver, signed" in lines[7]
    assert "     changed after it: nothing" in lines


def test_without_trust_the_signer_is_not_judged(signed_once: bytes) -> None:
    report = verify_signatures(signed_once)
    assert report.ok and not report.trust_checked
    assert report.signatures[0].trusted is None
    assert report.signatures[0].trust_note == "not checked (no --trust certificate given)"


def test_unsigned_report_says_so(unsigned_pdf: bytes) -> None:
    report = verify_signatures(unsigned_pdf)
    assert not report.signed and report.ok
    assert describe_signatures(report) == ["signatures: unsigned"]


def test_trusting_a_different_certificate_fails(signed_once: bytes, keys: dict[str, Any]) -> None:
    report = verify_signatures(signed_once, [keys["mallory"].cert.read_bytes()])
    assert not report.ok
    assert report.signatures[0].problems == [
        "untrusted: Alice's certificate: does not chain to any --trust certificate"
    ]


def _flip(pdf: bytes, at: int) -> bytes:
    return pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1 :]


def _positions(unsigned: bytes, signed: bytes) -> dict[str, int]:
    a, b = _contents_span(signed)
    contents = signed[a + 1 : b - 1]
    padding = a + 1 + len(contents.rstrip(b"0")) + 4
    return {
        "report header": 2,
        "report page content": len(unsigned) // 2,
        "report trailer": len(unsigned) - 3,
        "signature dictionary": a - 20,
        "signature value": a + 200,
        "signature padding": padding,
        "appearance after the signature": b + 40,
        "last byte": len(signed) - 1,
    }


@pytest.mark.parametrize(
    "where",
    [
        "report header",
        "report page content",
        "report trailer",
        "signature dictionary",
        "signature value",
        "signature padding",
        "appearance after the signature",
        "last byte",
    ],
)
def test_flipping_one_byte_anywhere_fails(
    where: str, unsigned_pdf: bytes, signed_once: bytes, trust: list[bytes]
) -> None:
    at = _positions(unsigned_pdf, signed_once)[where]
    tampered = _flip(signed_once, at)
    try:
        report = verify_signatures(tampered, trust)
    except SigningError as exc:  # the file no longer parses: that is a failure too
        assert str(exc).startswith("cannot read")
        return
    assert not report.ok, where
    if report.signed:
        problems = report.signatures[0].problems
        assert problems and problems[0].startswith(("broken: ", "changed after signing: "))
    else:  # the signature itself is no longer recognisable
        assert at >= len(unsigned_pdf)


def test_flipping_every_byte_of_the_signed_file_is_detected(
    unsigned_pdf: bytes, signed_once: bytes, trust: list[bytes]
) -> None:
    """A byte at a stride across the whole file (a full sweep takes minutes; run by hand it
    found the unsigned parts of the CMS container that `der_problem` checks)."""
    stride = max(1, len(signed_once) // 200)
    undetected = []
    for at in range(0, len(signed_once), stride):
        tampered = _flip(signed_once, at)
        try:
            report = verify_signatures(tampered, trust)
        except SigningError:
            continue
        if report.ok and report.signed:
            undetected.append(at)
        if not report.signed:  # an unsigned file cannot pass as the signed one
            assert unsigned_revision(tampered) != unsigned_pdf or at >= len(unsigned_pdf)
    assert undetected == []


def test_an_update_appended_after_signing_fails(signed_once: bytes, trust: list[bytes]) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed_once))
    info_ref = writer.trailer.raw_get("/Info")
    info_ref.get_object()["/Title"] = generic.TextStringObject("Another vendor wins")
    writer.mark_update(info_ref)
    out = io.BytesIO()
    writer.write(out)
    report = verify_signatures(out.getvalue(), trust)
    assert not report.ok
    sig = report.signatures[0]
    assert sig.intact and sig.changes == "other"
    assert sig.problems == ["changed after signing: 1 unsigned update(s) appended after signing"]


def test_a_third_signature_is_invisible_and_still_counted(
    signed_twice: bytes, keys: dict[str, Any], trust: list[bytes]
) -> None:
    mallory = keys["mallory"]
    result = sign_pdf(signed_twice, SignerSpec(mallory.key, mallory.cert), NOW)
    assert (result.field, result.slot) == ("Signature3", None)
    import pikepdf

    with pikepdf.open(io.BytesIO(result.pdf)) as doc:
        (invisible,) = [a for a in doc.pages[0].Annots if str(a.get("/T")) == "Signature3"]
        assert [float(v) for v in invisible.Rect] == [0, 0, 0, 0]
        assert int(invisible.F) & 4  # PDF/A: printed flag even when invisible
    report = verify_signatures(result.pdf, [*trust, mallory.cert.read_bytes()])
    assert report.ok
    assert [s.changes for s in report.signatures] == ["signatures", "signatures", "none"]


# --------------------------------------------------------------------------- PDF/A


def _xmp(pdf: bytes) -> str:
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return str(doc.Root.Metadata.read_bytes().decode("utf-8"))


def test_pdfa_markers_survive_signing(unsigned_pdf: bytes, signed_twice: bytes) -> None:
    import pikepdf

    for pdf in (unsigned_pdf, signed_twice):
        xmp = _xmp(pdf)
        assert re.search(r'pdfaid:part(="3"|>3<)', xmp), xmp
        assert re.search(r'pdfaid:conformance(="B"|>B<)', xmp), xmp
    with pikepdf.open(io.BytesIO(signed_twice)) as doc:
        assert str(doc.Root.get("/Version", "/1.7")).startswith("/1.")  # PDF/A-3 is PDF 1.7
        assert doc.pdf_version.startswith("1.")
        # the information dictionary and the XMP say the same (PDF/A 6.6.2.3)
        producer = str(doc.docinfo["/Producer"])
        xmp = _xmp(signed_twice)
        assert f'pdf:Producer="{producer}"' in xmp or f"<pdf:Producer>{producer}<" in xmp
        mod = str(doc.docinfo["/ModDate"])  # D:YYYYmmddHHMMSSZ
        iso = f"{mod[2:6]}-{mod[6:8]}-{mod[8:10]}T{mod[10:12]}:{mod[12:14]}:{mod[14:16]}"
        assert iso in xmp


def test_embedded_files_survive_signing_byte_for_byte(
    signed_twice: bytes, attachments: dict[str, bytes]
) -> None:
    import pikepdf

    with pikepdf.open(io.BytesIO(signed_twice)) as doc:
        got = {name: spec.get_file().read_bytes() for name, spec in doc.attachments.items()}
    assert got == attachments


def test_signature_appearance_embeds_its_font(signed_twice: bytes) -> None:
    """PDF/A: every font used is embedded, including the one in the stamp."""
    import pikepdf

    with pikepdf.open(io.BytesIO(signed_twice)) as doc:
        widgets = [
            annot
            for page in doc.pages
            for annot in page.get("/Annots", [])
            if annot.get("/FT") == "/Sig" or annot.get("/Subtype") == "/Widget"
        ]
        assert len(widgets) == 2
        fonts = []

        def collect(xobject: pikepdf.Object, depth: int = 0) -> None:
            res = xobject.get("/Resources", {})
            for font in res.get("/Font", {}).values():
                fonts.append(font)
            for child in res.get("/XObject", {}).values():
                if depth < 8:
                    collect(child, depth + 1)

        for widget in widgets:
            # PDF/A (ISO 19005-3, 6.3.2): printed, not hidden; only a normal appearance
            flags = int(widget.F)
            assert flags & 4 and not flags & (1 | 2 | 32 | 256)
            assert list(widget.AP.keys()) == ["/N"]
            rect = [float(v) for v in widget.Rect]
            assert rect[2] - rect[0] > 100 and rect[3] - rect[1] > 30  # a visible slot
            collect(widget.AP.N)
        assert fonts
        for font in fonts:
            descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            assert "/FontFile2" in descendant.FontDescriptor or "/FontFile3" in (
                descendant.FontDescriptor
            )


def test_signatures_sit_in_the_sign_off_slots(unsigned_pdf: bytes, signed_twice: bytes) -> None:
    import pikepdf

    with pikepdf.open(io.BytesIO(unsigned_pdf)) as doc:
        names = doc.Root.Names.Dests.Names
        dests = {str(names[i]): names[i + 1] for i in range(0, len(names), 2)}
        prepared_x, prepared_y = (
            float(dests["signoff-prepared"][2]),
            float(dests["signoff-prepared"][3]),
        )
    with pikepdf.open(io.BytesIO(signed_twice)) as doc:
        rects = {
            str(a.T): [float(v) for v in a.Rect]
            for a in doc.pages[0].Annots
            if a.get("/FT") == "/Sig"
        }
    x1, _y1, _x2, y2 = rects["PreparedBy"]
    assert abs(x1 - prepared_x) <= 1 and abs(y2 - prepared_y) <= 1
    assert rects["ApprovedBy"][0] > rects["PreparedBy"][2]  # side by side


def test_a_pdf_without_sign_off_slots_gets_an_invisible_signature(
    keys: dict[str, Any], render: Any
) -> None:
    plain = render("<html lang=en><title>x</title><p>no sign-off block</p></html>")
    bob = keys["bob"]
    result = sign_pdf(plain, SignerSpec(bob.key, bob.cert), NOW)
    assert (result.field, result.slot) == ("PreparedBy", None)
    assert verify_signatures(result.pdf, [bob.cert.read_bytes()]).ok


# --------------------------------------------------------------------------- keys


def test_encrypted_key_needs_its_passphrase(
    unsigned_pdf: bytes, keys: dict[str, Any], passphrase: str
) -> None:
    alice = keys["alice"]
    with pytest.raises(SigningError, match="is encrypted: give its passphrase"):
        sign_pdf(unsigned_pdf, SignerSpec(alice.key, alice.cert), NOW)
    with pytest.raises(SigningError, match="wrong passphrase"):
        sign_pdf(unsigned_pdf, SignerSpec(alice.key, alice.cert, passphrase=b"nope"), NOW)
    assert keys["alice"].key.read_bytes().startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    assert passphrase.encode() not in keys["alice"].key.read_bytes()


def test_key_must_match_certificate(unsigned_pdf: bytes, keys: dict[str, Any]) -> None:
    with pytest.raises(SigningError, match="does not belong to the certificate"):
        sign_pdf(unsigned_pdf, SignerSpec(keys["bob"].key, keys["mallory"].cert), NOW)


def test_new_key_never_overwrites(keys: dict[str, Any]) -> None:
    folder = keys["bob"].key.parent
    before = keys["bob"].key.read_bytes()
    with pytest.raises(SigningError, match="already exists"):
        new_key("Bob", folder, None, NOW)
    assert keys["bob"].key.read_bytes() == before
    assert keys["bob"].key.stat().st_mode & 0o777 == 0o600


def test_not_a_pdf(tmp_path: Path) -> None:
    with pytest.raises(SigningError, match=r"^cannot read the PDF"):
        verify_signatures(b"not a pdf at all")


# --------------------------------------------------------------------------- for verify


def test_check_signatures_summarises_for_verify(
    signed_twice: bytes, unsigned_pdf: bytes, trust: list[bytes], keys: dict[str, Any]
) -> None:
    from scorecard.signing.summary import check_signatures

    assert check_signatures(unsigned_pdf) == ("ok", ["unsigned"])
    status, lines = check_signatures(signed_twice, trust)
    assert status == "ok"
    assert lines[0] == (
        "2 signatures: intact, trusted, nothing but later signatures changed after them"
    )
    assert lines[1].startswith("1. PreparedBy: Alice, evaluator, signed ")
    status, lines = check_signatures(signed_twice)
    assert (status, lines[0]) == (
        "ok",
        "2 signatures: intact, nothing but later signatures changed after them; "
        "signers not checked against --trust",
    )
    status, lines = check_signatures(signed_twice, [keys["mallory"].cert.read_bytes()])
    assert status == "fail"
    assert lines[0].startswith("2 signatures, FAILED: PreparedBy untrusted: ")


def test_without_pyhanko_signatures_are_counted_not_checked(
    signed_twice: bytes, unsigned_pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    import scorecard.signing.check
    import scorecard.signing.keys
    import scorecard.signing.summary

    monkeypatch.setattr(scorecard.signing.keys, "signing_available", lambda: False)
    assert scorecard.signing.summary.check_signatures(unsigned_pdf) == ("ok", ["unsigned"])
    status, lines = scorecard.signing.summary.check_signatures(signed_twice)
    assert status == "skipped"
    assert lines == [
        "2 signatures not checked: signing needs the optional extra 'sign' (pyHanko): "
        "pip install 'scorecard[sign]' (from a clone: .venv/bin/pip install '.[sign]')"
    ]
    with pytest.raises(scorecard.signing.keys.SigningUnavailableError):
        scorecard.signing.check.verify_signatures(signed_twice)


def _ca_and_leaf(folder: Path, leaf_from: dt.datetime, leaf_days: int) -> tuple[Path, Path, Path]:
    """An organisation's CA and a signer certificate it issued: (ca.pem, key.pem, cert.pem)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    folder.mkdir(parents=True)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Example Corp CA")])
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Carol Clerk")])
    start = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(1)
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=20 * 365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    leaf = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(2)
        .not_valid_before(leaf_from)
        .not_valid_after(leaf_from + dt.timedelta(days=leaf_days))
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
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
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    (folder / "ca.pem").write_bytes(ca.public_bytes(pem))
    (folder / "cert.pem").write_bytes(leaf.public_bytes(pem))
    (folder / "key.pem").write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return folder / "ca.pem", folder / "key.pem", folder / "cert.pem"


def test_a_certificate_issued_by_a_trusted_ca_is_trusted(
    unsigned_pdf: bytes, tmp_path: Path, keys: dict[str, Any]
) -> None:
    ca, key, cert = _ca_and_leaf(
        tmp_path / "org", dt.datetime.now(dt.UTC) - dt.timedelta(days=1), 365
    )
    signed = sign_pdf(unsigned_pdf, SignerSpec(key, cert, chain=(ca,)), NOW).pdf
    report = verify_signatures(signed, [ca.read_bytes()])
    assert report.signatures[0].problems == []
    assert report.ok and report.signatures[0].trusted is True
    assert report.signatures[0].signer == "Carol Clerk"
    other = verify_signatures(signed, [keys["mallory"].cert.read_bytes()])
    assert not other.ok


def test_an_expired_certificate_is_not_trusted(unsigned_pdf: bytes, tmp_path: Path) -> None:
    """Years later, a B-B signature's certificate has expired: say so, and why it matters."""
    ca, key, cert = _ca_and_leaf(tmp_path / "org", dt.datetime(2021, 1, 1, tzinfo=dt.UTC), 365)
    signed = sign_pdf(unsigned_pdf, SignerSpec(key, cert), NOW).pdf
    report = verify_signatures(signed, [ca.read_bytes()])
    assert report.signatures[0].intact
    assert report.signatures[0].problems == [
        "untrusted: Carol Clerk's certificate: not valid now (expired), and nothing proves "
        "it was valid when signed (a timestamp, --timestamp-url, would)"
    ]


def test_trust_takes_certificates_only(keys: dict[str, Any], signed_once: bytes) -> None:
    from scorecard.signing.keys import load_trust

    pem = keys["alice"].cert.read_bytes()
    assert len(load_trust([pem + keys["bob"].cert.read_bytes()])) == 2  # a bundle
    der = load_trust([pem])[0].dump()
    assert load_trust([der])[0].dump() == der
    for bad in (keys["bob"].key.read_bytes(), b"", b"garbage"):
        with pytest.raises(SigningError, match=r"^not a certificate"):
            load_trust([bad])
        with pytest.raises(SigningError, match=r"^not a certificate"):
            verify_signatures(signed_once, [bad])
