"""Building a report: score, render the PDF (and its HTML) with the manifest and
every input embedded, and sign it on request."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scorecard.pipeline.scoring import Robustness, ScoreOptions, score_inputs

if TYPE_CHECKING:
    from scorecard.audit.manifest import Manifest
    from scorecard.model.inputs import Inputs
    from scorecard.signing.sign import SignerSpec, SignResult

#: ``progress(step)``: called with each step's name ("scoring", "laying out pages", ...).
Steps = Callable[[str], None]

#: A report's options unless told otherwise: the criteria file's method, and the
#: robustness analysis with its defaults.
REPORT_OPTIONS = ScoreOptions(robustness=Robustness())


@dataclass(frozen=True)
class Report:
    """A rendered report, ready to be written (atomically: see `scorecard.outputs`)."""

    pdf: bytes  # signed when a signer was given
    html: str  # as rendered: its assets resolve against the bundled templates
    manifest: Manifest
    signer: str | None = None  # who signed, as the signature shows it

    @property
    def report_id(self) -> str:
        return self.manifest.report_id

    def html_file(self) -> str:
        """The HTML for saving anywhere: a <base> points at the bundled templates."""
        from scorecard.report.pdf import html_for_file

        return html_for_file(self.html)


def _no_steps(_step: str) -> None:
    pass


def build_report(
    inputs: Inputs,
    date: dt.date,
    options: ScoreOptions = REPORT_OPTIONS,
    *,
    signer: SignerSpec | None = None,
    progress: Steps | None = None,
    example: bool = False,
) -> Report:
    """Score ``inputs`` on ``date`` and render the PDF report with every input file,
    the results and the manifest embedded; the same inputs give the same bytes.

    The ranking is computed from the options as the manifest records them, so
    `verify` re-scores exactly.  With ``signer``, the PDF is signed right after
    rendering (needs the `sign` extra): the unsigned report stays a byte-exact prefix.
    ``example``: the inputs are example data; every page says so (and the manifest,
    so a re-render in `verify` does too)."""
    from scorecard.report.pdf import render_report

    say = progress or _no_steps
    say("scoring")
    from scorecard.audit.manifest import EXAMPLE_OPTION

    recorded = options.manifest_options() | ({EXAMPLE_OPTION: "true"} if example else {})
    ranking = score_inputs(inputs, date, ScoreOptions.from_manifest(recorded))
    built = render_report(inputs, ranking, recorded, progress=say)
    if signer is None:
        return Report(built.pdf, built.html, built.manifest)
    say("signing")
    signed = sign_report(built.pdf, signer)
    return Report(signed.pdf, built.html, built.manifest, signed.signer)


def sign_report(pdf: bytes, signer: SignerSpec) -> SignResult:
    """Sign a report now (another signature on a signed one fills the next slot)."""
    from scorecard.signing.sign import sign_pdf

    return sign_pdf(pdf, signer, dt.datetime.now(dt.UTC))
