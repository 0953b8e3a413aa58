"""Signing and checking a report: scorecard's wrappers against bare pyHanko.

Baselines, measured in the same run on the same PDF and key:
- sign: pyHanko's PdfSigner with an invisible PAdES signature (no stamp, no slot
  lookup, no PDF/A fix-ups);
- verify: pyHanko's validate_pdf_signature on each signature (no extra CMS checks,
  no difference summary).
Prints seconds and ratios; fails on nothing."""

from __future__ import annotations

import datetime as dt
import gc
import io
import statistics
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

PAGES = 12


def _report() -> bytes:
    import weasyprint

    body = "".join(
        f"<h2>Section {i}</h2>" + "<p>" + "Lorem ipsum dolor sit amet. " * 120 + "</p>"
        for i in range(PAGES)
    )
    html = (
        "<html lang=en><title>bench</title><body>"
        '<div id="signoff-prepared" style="position:relative;width:80mm;height:18mm">'
        '<span id="signoff-prepared-end" style="position:absolute;right:0;bottom:0"></span></div>'
        f"{body}</body></html>"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        pdf = weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/a-3b")
        gc.collect()
    assert isinstance(pdf, bytes)
    return pdf


def _best(fn: Callable[[], object], runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from scorecard.signing.check import verify_signatures
    from scorecard.signing.keys import new_key
    from scorecard.signing.sign import SignerSpec, sign_pdf

    now = dt.datetime.now(dt.UTC)
    pdf = _report()
    with tempfile.TemporaryDirectory() as tmp:
        made = new_key("Bench", Path(tmp), None, now)
        spec = SignerSpec(made.key, made.cert, role="evaluator", reason="bench")
        sign_pdf(pdf, spec, now)  # warm caches (stamp font) as a long-running user would not

        def bare_sign() -> bytes:
            signer = signers.SimpleSigner.load(str(made.key), str(made.cert))
            meta = signers.PdfSignatureMetadata(
                field_name="Sig", subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256"
            )
            out = signers.PdfSigner(meta, signer).sign_pdf(
                IncrementalPdfFileWriter(io.BytesIO(pdf))
            )
            return bytes(out.getvalue())

        ours_sign = _best(lambda: sign_pdf(pdf, spec, now))
        base_sign = _best(bare_sign)
        signed = sign_pdf(pdf, spec, now).pdf
        trust = [made.cert.read_bytes()]
        root = load_cert_from_pemder(str(made.cert))

        def bare_verify() -> None:
            reader = PdfFileReader(io.BytesIO(signed))
            for sig in reader.embedded_signatures:
                validate_pdf_signature(sig, ValidationContext(trust_roots=[root]))

        ours_verify = _best(lambda: verify_signatures(signed, trust))
        base_verify = _best(bare_verify)
    print(f"report: {len(pdf):,} bytes, {PAGES}+ pages; signed: +{len(signed) - len(pdf):,} bytes")
    print(
        f"sign:   scorecard {ours_sign:.3f} s, bare pyHanko {base_sign:.3f} s, ratio {ours_sign / base_sign:.2f}"
    )
    print(
        f"verify: scorecard {ours_verify:.3f} s, bare pyHanko {base_verify:.3f} s, "
        f"ratio {ours_verify / base_verify:.2f}"
    )


if __name__ == "__main__":
    main()
