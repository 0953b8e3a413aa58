"""Signing integrated with the report: `report --sign-key`, the sign-off block,
and `verify` reporting signatures and comparing the unsigned revision's bytes."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from scorecard.cli import app
from scorecard.signing.sign import unsigned_revision

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parent.parent.parent
DATE = "2026-11-24"


def _invoke(args: list[str], cwd: Path, **kwargs: Any) -> Any:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(app, args, catch_exceptions=False, **kwargs)
    finally:
        os.chdir(old)


@pytest.fixture(scope="module")
def signed_report(tmp_path_factory: pytest.TempPathFactory, keys: dict[str, Any]) -> dict[str, Any]:
    """The bundled example rendered twice: unsigned, and signed by Alice as it is
    rendered then by Bob with `scorecard sign`."""
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    root = tmp_path_factory.mktemp("signed-report")
    shutil.copy(REPO / "criteria.toml", root / "criteria.toml")
    shutil.copytree(REPO / "vendors", root / "vendors")
    plain = _invoke(["report", "--date", DATE, "-q", "-o", "plain.pdf"], root)
    assert plain.exit_code == 0, plain.output
    alice, bob = keys["alice"], keys["bob"]
    os.environ["SC_TEST_PASS"] = alice.passphrase.decode()
    try:
        first = _invoke(
            [
                "report",
                "--date",
                DATE,
                "-q",
                "--sign-key",
                str(alice.key),
                "--sign-cert",
                str(alice.cert),
                "--passphrase-env",
                "SC_TEST_PASS",
                "--signer-role",
                "evaluator",
                "--reason",
                "Evaluation prepared",
            ],
            root,
        )
    finally:
        del os.environ["SC_TEST_PASS"]
    assert first.exit_code == 0, first.output
    once = (root / "scorecard.pdf").read_bytes()
    second = _invoke(
        [
            "sign",
            "scorecard.pdf",
            "--sign-key",
            str(bob.key),
            "--sign-cert",
            str(bob.cert),
            "--signer-role",
            "approver",
        ],
        root,
    )
    assert second.exit_code == 0, second.output
    return {
        "root": root,
        "plain": (root / "plain.pdf").read_bytes(),
        "once": once,
        "twice": (root / "scorecard.pdf").read_bytes(),
        "first": first,
        "trust": ["--trust", str(alice.cert), "--trust", str(bob.cert)],
    }


def test_report_signs_right_after_rendering(signed_report: dict[str, Any]) -> None:
    first = signed_report["first"]
    assert first.stderr.splitlines()[-1].startswith("wrote scorecard.pdf (report id ")
    assert first.stderr.splitlines()[-1].endswith("), signed by Alice")
    plain = signed_report["plain"]
    assert signed_report["once"].startswith(plain)  # the unsigned report, byte for byte
    assert signed_report["twice"].startswith(signed_report["once"])
    assert unsigned_revision(signed_report["twice"]) == plain


def test_signed_reports_pass_qpdf_check(signed_report: dict[str, Any]) -> None:
    """qpdf's structural check (pikepdf's check_pdf_syntax) has nothing to report on a
    report signed as it is rendered, nor after a second signature."""
    import io

    import pikepdf

    for key in ("plain", "once", "twice"):
        with pikepdf.open(io.BytesIO(signed_report[key])) as pdf:
            assert pdf.check_pdf_syntax() == [], key


def test_signatures_fill_the_sign_off_block(signed_report: dict[str, Any]) -> None:
    import pikepdf

    with pikepdf.open(io.BytesIO(signed_report["plain"])) as doc:
        names = doc.Root.Names.Dests.Names
        dests = {str(names[i]): names[i + 1] for i in range(0, len(names), 2)}
        first_page = doc.pages[0].obj.objgen
        for anchor in ("signoff-prepared", "signoff-approved"):
            assert dests[anchor][0].objgen == first_page, anchor  # on the summary page
            assert dests[f"{anchor}-end"][0].objgen == first_page, anchor
        slots = {
            anchor: (
                float(dests[anchor][2]),
                float(dests[f"{anchor}-end"][3]),
                float(dests[f"{anchor}-end"][2]),
                float(dests[anchor][3]),
            )
            for anchor in ("signoff-prepared", "signoff-approved")
        }
    with pikepdf.open(io.BytesIO(signed_report["twice"])) as doc:
        rects = {
            str(a.T): tuple(float(v) for v in a.Rect)
            for a in doc.pages[0].Annots
            if a.get("/FT") == "/Sig"
        }
    for field, anchor in (("PreparedBy", "signoff-prepared"), ("ApprovedBy", "signoff-approved")):
        assert all(abs(a - b) <= 1 for a, b in zip(rects[field], slots[anchor], strict=True))


def test_unsigned_report_has_an_empty_sign_off_block(signed_report: dict[str, Any]) -> None:
    import subprocess

    path = signed_report["root"] / "plain.pdf"
    text = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Prepared by" in text and "Approved by" in text


def test_verify_with_trust_reports_both_signatures(signed_report: dict[str, Any]) -> None:
    result = _invoke(["verify", "scorecard.pdf", *signed_report["trust"]], signed_report["root"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    plain, twice = signed_report["plain"], signed_report["twice"]
    assert (
        f"OK      pages: re-rendering gives the same {len(plain):,} bytes: the report before "
        f"its signatures ({len(twice) - len(plain):,} bytes follow)"
    ) in lines
    assert (
        "OK      signatures: 2 signatures: intact, trusted, nothing but later signatures "
        "changed after them"
    ) in lines
    assert any(
        line.startswith("        1. PreparedBy: Alice, evaluator, signed ") for line in lines
    )
    assert "           changed after it: only later signatures (ApprovedBy)" in lines
    assert any(line.startswith("        2. ApprovedBy: Bob, approver, signed ") for line in lines)
    assert lines[-2] == (
        "Verdict: CONSISTENT: the report matches the inputs it carries and scorecard's arithmetic."
    )


def test_verify_unsigned_says_unsigned(signed_report: dict[str, Any]) -> None:
    result = _invoke(["verify", "plain.pdf"], signed_report["root"])
    assert result.exit_code == 0, result.output
    assert "OK      signatures: unsigned" in result.stdout.splitlines()


def test_verify_untrusted_signer_fails(signed_report: dict[str, Any], keys: dict[str, Any]) -> None:
    result = _invoke(
        ["verify", "scorecard.pdf", "--trust", str(keys["mallory"].cert)], signed_report["root"]
    )
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert (
        "FAIL    signatures: 2 signatures, FAILED: PreparedBy untrusted: Alice's certificate: "
        "does not chain to any --trust certificate; ApprovedBy untrusted: Bob's certificate: "
        "does not chain to any --trust certificate"
    ) in lines
    assert (
        "Verdict: NOT ACCEPTED: the report is consistent with its inputs, but its signatures fail."
        in lines
    )


def test_verify_flipped_byte_in_the_pages_fails(
    signed_report: dict[str, Any], tmp_path: Path
) -> None:
    data = bytearray(signed_report["twice"])
    at = len(signed_report["plain"]) // 2
    data[at] ^= 0x01
    (tmp_path / "t.pdf").write_bytes(bytes(data))
    result = _invoke(["verify", "t.pdf", *signed_report["trust"]], tmp_path)
    assert result.exit_code == 1
    assert any(
        line.startswith("FAIL    signatures: 2 signatures, FAILED: PreparedBy broken: ")
        for line in result.stdout.splitlines()
    ), result.stdout


def test_verify_update_after_signing_fails(signed_report: dict[str, Any], tmp_path: Path) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed_report["twice"]))
    info_ref = writer.trailer.raw_get("/Info")
    info_ref.get_object()["/Title"] = generic.TextStringObject("Another vendor wins")
    writer.mark_update(info_ref)
    out = io.BytesIO()
    writer.write(out)
    (tmp_path / "t.pdf").write_bytes(out.getvalue())
    result = _invoke(["verify", "t.pdf", *signed_report["trust"]], tmp_path)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any(line.startswith("OK      pages: ") for line in lines)  # the report is intact
    assert (
        "           changed after it: SOMETHING ELSE: 1 unsigned update(s) appended after signing"
        in lines
    )


def test_verify_without_pyhanko_checks_the_rest(
    signed_report: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import scorecard.signing.check
    import scorecard.signing.keys

    monkeypatch.setattr(scorecard.signing.keys, "signing_available", lambda: False)
    result = _invoke(["verify", "scorecard.pdf"], signed_report["root"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    plain, twice = signed_report["plain"], signed_report["twice"]
    assert (
        f"OK      pages: re-rendering gives the same {len(plain):,} bytes; the "
        f"{len(twice) - len(plain):,} bytes of updates after them (signatures) were not checked"
    ) in lines
    assert (
        "SKIPPED signatures: 2 signatures not checked: signing needs the optional extra 'sign' "
        "(pyHanko): pip install 'scorecard[sign]' (from a clone: .venv/bin/pip install '.[sign]')"
    ) in lines
    strict = _invoke(["verify", "scorecard.pdf", "--strict"], signed_report["root"])
    assert strict.exit_code == 1
    with_trust = _invoke(["verify", "scorecard.pdf", "--trust", "x.pem"], signed_report["root"])
    assert with_trust.exit_code == 2
    assert with_trust.stderr.startswith("Error: --trust: signing needs the optional extra 'sign'")


def test_report_signing_options_need_a_key(signed_report: dict[str, Any]) -> None:
    result = _invoke(
        ["report", "--date", DATE, "-q", "--reason", "x", "-o", "x.pdf"], signed_report["root"]
    )
    assert result.exit_code == 2
    assert result.stderr == "Error: --reason needs --sign-key and --sign-cert\n"
    assert not (signed_report["root"] / "x.pdf").exists()


def test_verify_trust_must_be_certificates(
    signed_report: dict[str, Any], keys: dict[str, Any]
) -> None:
    key = keys["bob"].key
    result = _invoke(["verify", "scorecard.pdf", "--trust", str(key)], signed_report["root"])
    assert result.exit_code == 2
    assert result.stderr == f"Error: --trust: {key}: not a certificate (no certificate in it)\n"
    result = _invoke(["verify", "scorecard.pdf", "--trust", "missing.pem"], signed_report["root"])
    assert result.exit_code == 2
    assert result.stderr == "Error: --trust: cannot read missing.pem: No such file or directory\n"
