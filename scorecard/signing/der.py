"""What pyHanko does not check in a signature: the byte-range gap holds nothing but
the DER-encoded CMS, the CMS's unsigned parts say what a signer writes, and the
embedded certificate is the one the signer committed to.  Each check returns a
problem to report, or None."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def embedded_cert_problem(sig: Any) -> str | None:
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


def contents_problem(pdf: bytes, byte_range: Sequence[int]) -> str | None:
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
    return der_problem(value[:length])


def der_problem(der: bytes) -> str | None:
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
