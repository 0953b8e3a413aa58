"""``report`` and ``verify``."""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from scorecard.cli.common import (
    ConcentrationOpt,
    CriteriaOpt,
    DateOpt,
    DrawsOpt,
    ScoresOpt,
    SeedOpt,
    VendorsOpt,
    _errors,
    _input_paths,
    _load,
    app,
    resolve_date,
)
from scorecard.cli.rank import RankMethod, _check_concentration, _with_sensitivity
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
    _sign_bytes,
    _signature_check,
    _signer_spec,
    _trust_certificates,
    _unsigned_revision_of,
)
from scorecard.cli.spreadsheet import WeightOpt, what_if
from scorecard.load.project import InputPaths, default_paths
from scorecard.model.constants import DEFAULT_CONCENTRATION, DEFAULT_DRAWS, DEFAULT_SEED
from scorecard.model.inputs import Inputs

if TYPE_CHECKING:
    from scorecard.model.results import Ranking


def _report_progress(quiet: bool) -> Callable[[str], None]:
    """A one-line progress indication on stderr, only on a terminal."""
    if quiet or not sys.stderr.isatty():
        return lambda _step: None

    def show(step: str) -> None:
        typer.echo(f"\r\x1b[2Kscorecard: {step}\u2026", err=True, nl=False)

    return show


@contextlib.contextmanager
def _layout_gc() -> Iterator[None]:
    """Fewer garbage-collector passes while WeasyPrint lays out pages.

    Layout allocates millions of objects and the default thresholds spend ~18% of
    the render in the collector (bench/bench_report.py).  Freezing what exists
    (modules, inputs, results) and collecting gen 0 every 50,000 allocations instead
    of every 700 cuts that to ~5%, with the same peak memory (measured: 303 MB for
    50 vendors either way).  Cycles are still collected; thresholds are restored."""
    import gc

    old = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*old)
        gc.unfreeze()


def _end_progress(quiet: bool) -> None:
    if not quiet and sys.stderr.isatty():
        typer.echo("\r\x1b[2K", err=True, nl=False)


def _report_options(
    method: str | None, draws: int, seed: int, concentration: float
) -> dict[str, str | None]:
    """The options that change a report's results: they go into its manifest and id."""
    return {
        "method": method,
        "draws": str(draws),
        "seed": str(seed),
        "concentration": f"{concentration:g}",
    }


def _score_with_options(inputs: Inputs, day: dt.date, options: Mapping[str, str | None]) -> Ranking:
    """Score and analyse robustness exactly as `rank --format json --sensitivity` does
    with the same options (a report's results.json is that output)."""
    from scorecard.score.ranking import score_vendors
    from scorecard.score.what_if import apply_weights, mark_what_if, overrides_from_option

    overrides = (
        overrides_from_option(inputs, options["weights"] or "{}") if "weights" in options else []
    )
    inputs = apply_weights(inputs, overrides)
    ranking = mark_what_if(score_vendors(inputs, day, options.get("method")), overrides)
    if options.get("draws") is None:
        return ranking
    return _with_sensitivity(
        inputs,
        ranking,
        int(options["draws"] or DEFAULT_DRAWS),
        int(options["seed"] or DEFAULT_SEED),
        float(options["concentration"] or DEFAULT_CONCENTRATION),
    )


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
    method: Annotated[
        RankMethod | None,
        typer.Option(
            "--method", help="Scoring method. Default: the criteria file's.", show_default=False
        ),
    ] = None,
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
) -> None:
    """Render the ranked PDF report, with its inputs embedded and reproducible bytes.

    With --sign-key/--sign-cert, sign it right after rendering (see `scorecard sign`)."""
    from scorecard.outputs import write_atomic
    from scorecard.report.pdf import build_report, html_for_file

    day = resolve_date(date)
    spec = _signer_spec(  # before rendering: usage errors and the passphrase come first
        sign_key,
        sign_cert,
        sign_chain,
        signer_name,
        signer_role,
        reason,
        timestamp_url,
        passphrase_env,
        required=False,
    )
    _check_concentration(concentration)
    _check_what_if(weight, what_if_mark)
    options = _report_options(
        method.value if method is not None else None, draws, seed, concentration
    )
    with _errors():
        paths = _input_paths(
            vendors, criteria, scores=scores
        )  # may print a note: before the progress line
        show = _report_progress(quiet)
        try:
            show("loading inputs")
            inputs = _load(paths)
            if weight:  # the what-if weights go into the manifest: verify re-applies them
                from scorecard.score.what_if import overrides_option

                options["weights"] = overrides_option(what_if(inputs, weight)[1])
            show("scoring")
            ranking = _score_with_options(inputs, day, options)
            with _layout_gc():
                built = build_report(inputs, ranking, options, progress=show)
            pdf, signed = built.pdf, ""
            if spec is not None:
                show("signing")
                result = _sign_bytes(pdf, spec)
                pdf, signed = result.pdf, f", signed by {result.signer}"
            show("writing")
            write_atomic(output, pdf)
            if html is not None:
                write_atomic(html, html_for_file(built.html))
        finally:
            _end_progress(quiet)
        typer.echo(f"wrote {output} (report id {built.manifest.report_id}){signed}", err=True)


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
) -> None:
    """Check a report against the inputs it carries: hashes, results, and the PDF's bytes.

    Proves consistency, not authorship: not who made the report, nor that its figures are true."""
    from scorecard.audit.verify import verify_report
    from scorecard.load.project import collect_vendor_files
    from scorecard.report.pdf import build_report, rendering_environment

    def load(vendor_dir: Path, criteria_file: Path) -> Inputs:
        panel = vendor_dir.parent / "scores"  # embedded score files unpack beside vendors/
        return _load(
            InputPaths((vendor_dir,), criteria_file, scores_path=panel if panel.is_dir() else None)
        )

    def current() -> list[tuple[str, bytes]]:
        paths = default_paths(Path.cwd(), vendors, criteria, scores)
        files = [(paths.criteria_path.name, paths.criteria_path)]
        found, _ = collect_vendor_files(paths)
        files += [(f"vendors/{name}", path) for path, _display, name in found]
        if paths.scores_path is not None and paths.scores_path.is_dir():
            files += [(f"scores/{p.name}", p) for p in sorted(paths.scores_path.glob("*.toml"))]
        return [(name, path.read_bytes()) for name, path in files if path.is_file()]

    trusted = _trust_certificates(trust)
    with _errors(), _layout_gc():
        result = verify_report(
            report,
            load=load,
            score=_score_with_options,
            rebuild=lambda inputs, ranking, options: build_report(inputs, ranking, options).pdf,
            environment=rendering_environment,
            current=current if (vendors or criteria or scores) else None,
            strict=strict,
            unsigned=_unsigned_revision_of,
            signatures=lambda data: _signature_check(data, trusted),
        )
        for line in result.report_lines():
            typer.echo(line)
        if not result.ok:
            raise typer.Exit(1)
