"""Damaged signed reports: whatever the damage, checking, unpacking and signing say
so (SigningError, or a signature reported broken), never crash.

A sample, fixed by its seed, of the damage a run by hand applied some 10,000 times
to find which exceptions pyHanko and asn1crypto raise (`unreadable_errors`)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

import pytest

from scorecard.signing.check import verify_signatures
from scorecard.signing.keys import SigningError
from scorecard.signing.sign import SignerSpec, sign_pdf, unsigned_revision

pytestmark = pytest.mark.slow
NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
SAMPLES = 60


def _damaged(pdf: bytes, signed_from: int, seed: int) -> Iterator[tuple[str, bytes]]:
    """``SAMPLES`` damaged copies of ``pdf``, most of them in its signed updates
    (from ``signed_from``), where the signatures and their dictionaries are."""
    rng = random.Random(seed)
    for _ in range(SAMPLES):
        at = rng.randrange(signed_from, len(pdf)) if rng.random() < 0.8 else rng.randrange(len(pdf))
        kind = rng.choice(["flip", "overwrite", "delete", "cut"])
        if kind == "flip":
            data = pdf[:at] + bytes([pdf[at] ^ (1 << rng.randrange(8))]) + pdf[at + 1 :]
        elif kind == "overwrite":
            n = rng.randrange(1, 24)
            data = pdf[:at] + bytes(rng.randrange(256) for _ in range(n)) + pdf[at + n :]
        elif kind == "delete":
            data = pdf[:at] + pdf[at + rng.randrange(1, 16) :]
        else:
            data = pdf[:at]
        yield f"{kind} at {at}", data


@pytest.mark.parametrize("which", ["signed_once", "signed_twice"])
def test_damage_is_reported_never_a_crash(
    which: str, request: pytest.FixtureRequest, unsigned_pdf: bytes, trust: list[bytes]
) -> None:
    pdf: bytes = request.getfixturevalue(which)
    for label, data in _damaged(pdf, len(unsigned_pdf), seed=len(which)):
        try:
            report = verify_signatures(data, trust)
        except SigningError as exc:
            assert str(exc).startswith("cannot read"), label
        else:
            cut_at_a_revision = data.rstrip(b"\r\n").endswith(b"%%EOF") and pdf.startswith(data)
            assert not (report.signed and report.ok) or cut_at_a_revision, label
        try:
            unsigned_revision(data)
        except SigningError as exc:
            assert str(exc).startswith("cannot "), label


def test_signing_a_damaged_report_fails_cleanly(
    signed_once: bytes, unsigned_pdf: bytes, keys: dict[str, Any]
) -> None:
    bob = keys["bob"]
    spec = SignerSpec(bob.key, bob.cert)
    failed = 0
    for label, data in list(_damaged(signed_once, len(unsigned_pdf), seed=3))[:20]:
        try:
            result = sign_pdf(data, spec, NOW)
        except SigningError as exc:
            failed += 1
            assert str(exc).startswith(("cannot read the PDF", "not a PDF", "signing failed")), (
                label
            )
        else:
            assert result.pdf.startswith(data), label
    assert failed > 0


@pytest.mark.parametrize("appended", [b"\n", b"% a comment\n", b"9 0 obj\n(forged)\nendobj\n"])
def test_bytes_appended_after_the_last_signature_fail(
    appended: bytes, signed_once: bytes, signed_twice: bytes, trust: list[bytes]
) -> None:
    """Bytes after the last signature that pyHanko does not read as an update are
    still a change after signing."""
    for pdf in (signed_once, signed_twice):
        report = verify_signatures(pdf + appended, trust)
        assert not report.ok
        last = report.signatures[-1]
        assert last.intact
        assert last.problems == [
            "changed after signing: bytes appended after signing that are no PDF update"
        ]
