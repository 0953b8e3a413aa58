"""``report`` and ``verify``."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated

import typer

from scorecard import pipeline
from scorecard.cli.common import (
    AllowUnapprovedOpt,
    ConcentrationOpt,
    CriteriaOpt,
    DateOpt,
    DrawsOpt,
    ExampleOpt,
    MethodOpt,
    ScoresOpt,
    SeedOpt,
    TextOrJson,
    VendorsOpt,
    _approval_warnings,
    _errors,
    _input_paths,
    app,
    resolve_date,
)
from scorecard.cli.signing import (
    PassphraseEnvOpt,
    ReasonOpt,
    SignCertOpt,
    SignChainOpt,
    SignerNameOpt,
    SignerRoleOpt,
    SignKeyOpt,
    TimestampUrlOpt,
    TrustOpt,
    _signer_spec,
    _trust_certificates,
)
from scorecard.cli.spreadsheet import WeightOpt, weights_option
from scorecard.model.constants import DEFAULT_CONCENTRATION, DEFAULT_DRAWS, DEFAULT_SEED


@app.command(name="report")
def report_cmd(
    vendors: VendorsOpt = None,
    criteria: CriteriaOpt = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="The PDF to write.")] = Path(
        "scorecard.pdf"
    ),
    html: Annotated[
        Path | None,
        typer.Option("--html", help="Also write the report's HTML here.", show_default=False),
    ] = None,
    date: DateOpt = None,
    method: MethodOpt = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress on the terminal.")
    ] = False,
    draws: DrawsOpt = DEFAULT_DRAWS,
    seed: SeedOpt = DEFAULT_SEED,
    concentration: ConcentrationOpt = DEFAULT_CONCENTRATION,
    scores: ScoresOpt = None,
    sign_key: SignKeyOpt = None,
    sign_cert: SignCertOpt = None,
    sign_chain: SignChainOpt = None,
    signer_name: SignerNameOpt = None,
    signer_role: SignerRoleOpt = None,
    reason: ReasonOpt = None,
    timestamp_url: TimestampUrlOpt = None,
    passphrase_env: PassphraseEnvOpt = None,
    weight: WeightOpt = None,
    what_if_mark: Annotated[
        bool,
        typer.Option(
            "--what-if",
            help="Allow --weight: every page is marked 'What-if — not the approved weighting'.",
        ),
    ] = False,
    example: ExampleOpt = False,
    allow_unapproved: AllowUnapprovedOpt = False,
) -> None:
    """Render the ranked PDF report, with its inputs embedded and reproducible bytes.

    With --sign-key/--sign-cert, sign it right after rendering (see `scorecard sign`)."""
    from scorecard.outputs import write_atomic

    day = resolve_date(date)
    signer = _signer_spec(  # before rendering: usage errors and the passphrase come first
        *(sign_key, sign_cert, sign_chain, signer_name, signer_role, reason, timestamp_url),
        passphrase_env,
        required=False,
    )
    _check_what_if(weight, what_if_mark)
    robustness = pipeline.Robustness(draws, seed, concentration)
    with _errors():
        paths = _input_paths(vendors, criteria, scores, example)  # a note before the progress
        with _report_progress(quiet) as show:
            show("loading inputs")
            inputs = pipeline.load_project(paths)
            _approval_warnings(
                pipeline.check_approval(
                    inputs.criteria, inputs.criteria_source, paths.criteria_path, allow_unapproved
                )
            )
            options = pipeline.ScoreOptions(
                method.value if method else None, robustness, weights_option(inputs, weight)
            )
            built = pipeline.build_report(
                inputs, day, options, signer=signer, progress=show, example=paths.example
            )
            show("writing")
            write_atomic(output, built.pdf)
            if html is not None:
                write_atomic(html, built.html_file())
        signed = f", signed by {built.signer}" if built.signer else ""
        typer.echo(f"wrote {output} (report id {built.report_id}){signed}", err=True)


def _check_what_if(weight: list[str] | None, what_if_mark: bool) -> None:
    """--weight changes the approved weighting: only with --what-if, and vice versa."""
    if weight and not what_if_mark:
        raise typer.BadParameter(
            "a report with other weights than the criteria file's needs --what-if "
            "(every page is then marked 'What-if — not the approved weighting')",
            param_hint="--weight",
        )
    if what_if_mark and not weight:
        raise typer.BadParameter("give the what-if weights with --weight", param_hint="--what-if")


@app.command(name="verify")
def verify_cmd(
    report: Annotated[Path, typer.Argument(help="The report PDF to check.", show_default=False)],
    vendors: VendorsOpt = None,
    criteria: CriteriaOpt = None,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Fail when the byte-for-byte check had to be skipped."),
    ] = False,
    scores: ScoresOpt = None,
    trust: TrustOpt = None,
    full_report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            help="For a debrief: the full report, to check every number against.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        TextOrJson, typer.Option("--format", help="Output format (json: reports only).")
    ] = TextOrJson.text,
) -> None:
    """Check a report against the inputs it carries: hashes, results, and the PDF's bytes.

    A debrief is checked against its own files and arithmetic (and, with --report,
    against the full report).  Proves consistency, not authorship: not who made the
    report, nor that its figures are true."""
    from scorecard.pipeline import debrief_verify

    trusted = _trust_certificates(trust)
    with _errors():
        if debrief_verify.is_debrief(report):
            checked = debrief_verify.verify_debrief(report, full_report, trusted)
            for line in checked.report_lines():
                typer.echo(line)
            if not checked.ok:
                raise typer.Exit(1)
            return
    given = vendors or criteria or scores  # then list how today's files drifted from the report's
    current = pipeline.find_inputs(vendors, criteria, scores) if given else None
    with _errors():
        result = pipeline.verify_report(report, current=current, strict=strict, trust=trusted)
        if fmt is TextOrJson.json:
            typer.echo(result.to_json(), nl=False)
        else:
            for line in result.report_lines():
                typer.echo(line)
    if not result.ok:
        raise typer.Exit(1)


@contextlib.contextmanager
def _report_progress(quiet: bool) -> Iterator[Callable[[str], None]]:
    """A one-line progress indication on stderr, only on a terminal; cleared at the end."""
    if quiet or not sys.stderr.isatty():
        yield lambda _step: None
        return

    def show(step: str) -> None:
        typer.echo(f"\r\x1b[2Kscorecard: {step}\u2026", err=True, nl=False)

    try:
        yield show
    finally:
        typer.echo("\r\x1b[2K", err=True, nl=False)
