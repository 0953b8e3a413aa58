"""The command line: Typer only.  Each command parses options, calls the core,
picks a writer and maps errors to exit codes; nothing else lives here.

Exit codes: 0 success, 1 bad input or a failed run (`Error: …` on stderr),
2 usage error (click's convention)."""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from scorecard import __version__
from scorecard.errors import InvalidInputError, ScorecardError
from scorecard.loading import InputPaths, Inputs, default_paths, load_inputs
from scorecard.models import Finding

if TYPE_CHECKING:
    from scorecard.importers.records import ImportSource
    from scorecard.results import Ranking

app = typer.Typer(
    name="scorecard",
    help="Auditable AI model vendor scorecards: validate vendor metric files, rank vendors "
    "against a buyer's criteria, and render a reproducible PDF report.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

# --------------------------------------------------------------------------- shared options

VendorsOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--vendors",
        help="Vendor file or folder (repeatable). Default: vendors/ here, "
        "else the bundled example.",
        show_default=False,
    ),
]
CriteriaOpt = Annotated[
    Path | None,
    typer.Option(
        "--criteria",
        help="The buyer's criteria file. Default: criteria.toml here, else the bundled example.",
        show_default=False,
    ),
]
ScoresOpt = Annotated[
    Path | None,
    typer.Option(
        "--scores",
        help="Folder of evaluation-panel score files (one per evaluator, plus "
        "moderation.toml). Default: scores/ beside the default vendors/, when present.",
        show_default=False,
    ),
]
DateOpt = Annotated[
    str | None,
    typer.Option(
        "--date",
        help="Report date YYYY-MM-DD. Default: SOURCE_DATE_EPOCH, else today.",
        show_default=False,
    ),
]


# Robustness options (issue 5), shared by `rank --sensitivity` and `report`.  The
# defaults equal scorecard.sensitivity's (a test checks it); they are repeated here
# because that module imports numpy, which plain `rank` must not load.
DEFAULT_DRAWS = 10_000
DEFAULT_SEED = 0
DEFAULT_CONCENTRATION = 30.0
SensitivityOpt = Annotated[
    bool,
    typer.Option(
        "--sensitivity",
        help="Add the robustness analysis: exact weight ranges, Monte Carlo rank shares "
        "and a verdict (table and JSON).",
    ),
]
DrawsOpt = Annotated[
    int, typer.Option("--draws", min=1, help="Monte Carlo draws of the robustness analysis.")
]
SeedOpt = Annotated[
    int, typer.Option("--seed", min=0, help="Random seed of the robustness analysis.")
]
ConcentrationOpt = Annotated[
    float,
    typer.Option(
        "--concentration",
        help="Dirichlet concentration K of the weight draws, above 0: a weight w varies "
        "with sd sqrt(w(1-w)/(K+1)); larger K keeps draws closer to the buyer's weights.",
    ),
]


class TextOrJson(StrEnum):
    text = "text"
    json = "json"


_state = {"debug": False}


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"scorecard {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version_callback,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of failures.")] = False,
) -> None:
    _state["debug"] = debug


# --------------------------------------------------------------------------- helpers


def _fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code)


@contextlib.contextmanager
def _errors() -> Iterator[None]:
    """Map the core's errors to `Error: …` and exit 1, in one place."""
    try:
        yield
    except typer.Exit:
        raise
    except InvalidInputError as exc:
        _print_findings(exc.findings, "text")
        _fail(str(exc))
    except ScorecardError as exc:
        if _state["debug"]:
            raise
        _fail(str(exc))
    except Exception as exc:
        if _state["debug"]:
            raise
        _fail(f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)")


def _print_findings(findings: list[Finding], fmt: str) -> None:
    if fmt == "json":
        import json

        typer.echo(json.dumps([f.model_dump() for f in findings], indent=2, ensure_ascii=False))
    else:
        for f in findings:
            typer.echo(str(f))


def resolve_date(option: str | None) -> dt.date:
    """--date, else SOURCE_DATE_EPOCH (UTC), else today: one rule for every command."""
    if option is not None:
        try:
            return dt.date.fromisoformat(option)
        except ValueError:
            raise typer.BadParameter(
                f"{option!r} is not a date YYYY-MM-DD", param_hint="--date"
            ) from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            _fail(f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds")
    return dt.date.today()


def _input_paths(
    vendors: list[Path] | None,
    criteria: Path | None,
    extra: list[Path] | None = None,
    scores: Path | None = None,
) -> InputPaths:
    paths = default_paths(Path.cwd(), [*(extra or []), *(vendors or [])], criteria, scores)
    if paths.bundled:
        typer.echo("Note: no vendors/ or criteria.toml here; using the bundled example.", err=True)
    return paths


def _load(paths: InputPaths) -> Inputs:
    result = load_inputs(paths)
    if result.inputs is None:
        raise InvalidInputError(result.findings)
    return result.inputs


# --------------------------------------------------------------------------- commands


@app.command(name="validate")
def validate_cmd(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Vendor files or folders. Default: vendors/.", show_default=False),
    ] = None,
    criteria: CriteriaOpt = None,
    fmt: Annotated[TextOrJson, typer.Option("--format", help="Output format.")] = TextOrJson.text,
    scores: ScoresOpt = None,
) -> None:
    """Check vendor files, score files and the criteria file; report every problem with
    file, line and field."""
    with _errors():
        result = load_inputs(_input_paths(paths, criteria, scores=scores))
        _print_findings(result.findings, fmt.value)
        if result.findings:
            n = len(result.findings)
            files = len({f.path for f in result.findings})
            typer.echo(
                f"{n} problem{'s' if n != 1 else ''} in {files} file{'s' if files != 1 else ''}",
                err=True,
            )
            raise typer.Exit(1)
        assert result.inputs is not None
        if fmt is TextOrJson.text:
            n = len(result.inputs.vendors)
            k = len(result.inputs.score_sources)
            scored = f", {k} score file{'s' if k != 1 else ''}" if k else ""
            typer.echo(
                f"OK: {n} vendor file{'s' if n != 1 else ''}{scored} and "
                f"{result.inputs.criteria_source.display} are valid",
                err=True,
            )


@app.command(name="schema")
def schema_cmd(
    out: Annotated[
        Path, typer.Option("--out", help="Folder to write the JSON Schema files to.")
    ] = Path("schema"),
) -> None:
    """Write the JSON Schema (draft 2020-12) of the vendor and criteria file formats."""
    from scorecard.outputs import write_atomic
    from scorecard.schema import schema_texts

    with _errors():
        for name, text in schema_texts().items():
            write_atomic(out / name, text)
            typer.echo(f"wrote {out / name}", err=True)


class RankMethod(StrEnum):
    weighted_sum = "weighted-sum"
    topsis = "topsis"


class RankFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


@app.command(name="rank")
def rank_cmd(
    vendors: VendorsOpt = None,
    criteria: CriteriaOpt = None,
    method: Annotated[
        RankMethod | None,
        typer.Option(
            "--method",
            help="Scoring method. Default: the criteria file's method.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[RankFormat, typer.Option("--format", help="Output format.")] = RankFormat.table,
    date: DateOpt = None,
    sensitivity: SensitivityOpt = False,
    draws: DrawsOpt = DEFAULT_DRAWS,
    seed: SeedOpt = DEFAULT_SEED,
    concentration: ConcentrationOpt = DEFAULT_CONCENTRATION,
    scores: ScoresOpt = None,
) -> None:
    """Score and rank the vendors against the criteria: gates, weights, ties, warnings."""
    from scorecard.report.writers import WRITERS
    from scorecard.scoring import score_vendors

    report_date = resolve_date(date)
    _check_concentration(concentration)
    with _errors(), _no_gc():
        inputs = _load(_input_paths(vendors, criteria, scores=scores))
        ranking = score_vendors(inputs, report_date, method.value if method else None)
        if sensitivity and fmt is RankFormat.csv:
            typer.echo(CSV_SENSITIVITY_NOTE, err=True)
        elif sensitivity:
            ranking = _with_sensitivity(inputs, ranking, draws, seed, concentration)
        typer.echo(WRITERS[fmt.value](ranking) + _sensitivity_section(ranking, fmt), nl=False)


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector during one short run: parsing 1,000 vendor
    files allocates ~10^6 acyclic objects and the collector's passes cost ~10% of
    `rank` (measured by bench/bench_rank.py); nothing here builds cycles to collect."""
    import gc

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# --------------------------------------------------------------------------- robustness (issue 5)

#: Show a progress bar when a robustness run draws at least this many values
#: (draws x vendors x metrics: about a tenth of a second of work).
PROGRESS_MIN_VALUES = 5_000_000


def _check_concentration(concentration: float) -> None:
    if not (math.isfinite(concentration) and concentration > 0):
        raise typer.BadParameter(
            f"must be a number above 0 (got {concentration:g})", param_hint="--concentration"
        )


@contextlib.contextmanager
def _progress(work: int, label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A transient progress bar on stderr for long runs; nothing when stderr is not a TTY."""
    if work < PROGRESS_MIN_VALUES or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


CSV_SENSITIVITY_NOTE = (
    "Note: --sensitivity adds nothing to CSV (one row per vendor); "
    "use --format json, table or markdown."
)


def _sensitivity_section(ranking: Ranking, fmt: RankFormat) -> str:
    """The robustness section appended to table and Markdown output ('' without one)."""
    if ranking.sensitivity is None or fmt not in (RankFormat.table, RankFormat.markdown):
        return ""
    from scorecard.sensitivity_view import format_sensitivity_markdown, format_sensitivity_text

    write = format_sensitivity_text if fmt is RankFormat.table else format_sensitivity_markdown
    return "\n" + write(ranking.sensitivity, ranking)


def _with_sensitivity(
    inputs: Inputs, ranking: Ranking, draws: int, seed: int, concentration: float
) -> Ranking:
    """The ranking with its robustness analysis attached (numpy is imported here)."""
    from scorecard.sensitivity import analyse_sensitivity

    columns = len(inputs.metrics) + len(inputs.gates)
    with _progress(draws * len(inputs.vendors) * columns, "Robustness") as progress:
        result = analyse_sensitivity(
            inputs,
            ranking,
            draws=draws,
            seed=seed,
            concentration=concentration,
            progress=progress,
        )
    return ranking.model_copy(update={"sensitivity": result})


# --------------------------------------------------------------------------- report, verify


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
    from scorecard.scoring import score_vendors

    ranking = score_vendors(inputs, day, options.get("method"))
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
    from scorecard.audit import verify_report
    from scorecard.loading import collect_vendor_files
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


# --------------------------------------------------------------------------- import (issue 6)

import_app = typer.Typer(
    name="import",
    help="Import vendor figures from real sources, with full provenance.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(import_app, name="import")

VendorsDirOpt = Annotated[
    Path,
    typer.Option("--vendors", help="The vendor folder.", file_okay=False),
]
MapOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--map",
        help='"SOURCE NAME=vendor-id" (repeatable): which source record a vendor reads. '
        "Default: the vendor file's [import] table.",
        show_default=False,
        metavar="NAME=ID",
    ),
]
DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", help="Print what would change; write nothing.")
]


class EvidenceChoice(StrEnum):
    vendor_claim = "vendor-claim"
    third_party = "third-party"
    in_house = "in-house"
    estimate = "estimate"


def _parse_as_of(value: str) -> dt.date | str:
    import re

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    m = re.fullmatch(r"([0-9]{4})(?:-([0-9]{2}))?", value)
    if m and (m[2] is None or 1 <= int(m[2]) <= 12):
        return value
    raise typer.BadParameter(
        f"{value!r} is not a date YYYY-MM-DD, a month YYYY-MM or a year YYYY",
        param_hint="--as-of",
    )


def _parse_maps(entries: list[str] | None) -> dict[str, str]:
    from scorecard.importers import editing

    try:
        return editing.parse_maps(entries or [])
    except editing.MapError as exc:
        raise typer.BadParameter(str(exc), param_hint="--map") from None


def _run_import(
    importer: str,
    folder: Path,
    maps: dict[str, str],
    dry_run: bool,
    load: Callable[[list[str]], ImportSource],
) -> None:
    """The shared flow of every importer: map, read, plan, print, write."""
    from scorecard.importers import editing

    vendors = editing.scan_vendors(folder)
    targets = editing.resolve_targets(importer, vendors, maps)
    source = load([t.record for t in targets])
    plan = editing.plan_import(source, folder, vendors, targets)
    for line in editing.describe_plan(plan):
        typer.echo(line)
    if not targets:
        typer.echo(
            f"Note: no vendor in {folder} names a {importer} record; use "
            f'--map "SOURCE NAME=vendor-id" or an [import] table with {importer} = "..."',
            err=True,
        )
    missing = [t for t in plan.not_found if t.via == "--map"]
    if missing:
        names = ", ".join(repr(t.record) for t in missing)
        _fail(f"--map names {names}, not found in {source.label}; nothing written")
    if not dry_run:
        editing.apply_plan(plan)
    typer.echo(editing.summary(plan, dry_run), err=True)


@import_app.command(name="prices")
def import_prices_cmd(
    vendors: VendorsDirOpt = Path("vendors"),
    map_: MapOpt = None,
    date: DateOpt = None,
    dry_run: DryRunOpt = False,
) -> None:
    """List prices (USD per million tokens) and context windows from genai-prices.

    Records are named provider:model (openai:gpt-4o).  The price in force on
    --date is used; a tiered price records its base tier and says so in `note`.
    Needs the optional extra: pip install 'scorecard[prices]'."""
    on = resolve_date(date)
    maps = _parse_maps(map_)
    with _errors():

        def load(names: list[str]) -> ImportSource:
            from scorecard.importers import prices

            source, providers = prices.load_source(names, on)
            for name in source.missing:
                close = prices.suggest_names(providers, name)
                if close:
                    typer.echo(f"hint: {name!r}: did you mean {', '.join(close)}?", err=True)
            return source

        _run_import("prices", vendors, maps, dry_run, load)


@import_app.command(name="lm-eval")
def import_lm_eval_cmd(
    results: Annotated[
        Path,
        typer.Argument(
            help="A results JSON file written by lm_eval --output_path.", metavar="RESULTS"
        ),
    ],
    vendors: VendorsDirOpt = Path("vendors"),
    map_: MapOpt = None,
    evidence: Annotated[
        EvidenceChoice,
        typer.Option("--evidence", help="Evidence level of the figures (you ran it: in-house)."),
    ] = EvidenceChoice.in_house,
    dry_run: DryRunOpt = False,
) -> None:
    """MMLU, GPQA, IFEval (strict) and HumanEval figures from an lm-eval results file.

    The record is the model the file evaluated (its model_name, e.g. acme/acme-7b)."""
    maps = _parse_maps(map_)
    with _errors():
        from scorecard.importers import lm_eval
        from scorecard.importers.editing import read_input

        text = read_input(results)
        source = lm_eval.parse_results(text, origin=results.name, evidence=evidence.value)
        _run_import("lm-eval", vendors, maps, dry_run, lambda _names: source)


@import_app.command(name="vectara")
def import_vectara_cmd(
    table: Annotated[
        Path, typer.Argument(help="The leaderboard table, Markdown or CSV.", metavar="TABLE")
    ],
    as_of: Annotated[
        str,
        typer.Option(
            "--as-of",
            help="When the table was published: YYYY-MM-DD, YYYY-MM or YYYY (the table has no date).",
            show_default=False,
        ),
    ],
    vendors: VendorsDirOpt = Path("vendors"),
    map_: MapOpt = None,
    hhem_version: Annotated[
        str | None,
        typer.Option(
            "--hhem-version",
            help="HHEM version the table was judged with. Default: read from the table or its file name.",
            show_default=False,
        ),
    ] = None,
    origin: Annotated[
        str | None,
        typer.Option(
            "--origin",
            help="How `source` names the table (URL, commit). Default: the file name.",
            show_default=False,
        ),
    ] = None,
    dry_run: DryRunOpt = False,
) -> None:
    """Hallucination, factual consistency and answer rates from Vectara's leaderboard table.

    Records are the table's model names (OpenAI GPT-4o)."""
    when = _parse_as_of(as_of)
    maps = _parse_maps(map_)
    with _errors():
        from scorecard.importers import vectara
        from scorecard.importers.editing import read_input

        text = read_input(table)
        version = hhem_version or vectara.detect_hhem_version(table.name, text)
        if version is None:
            raise ScorecardError(
                f"cannot tell the HHEM version from {table}; give it with --hhem-version (e.g. 2.1)"
            )
        source = vectara.parse_table(
            text, as_of=when, hhem_version=version, origin=origin or table.name
        )
        _run_import("vectara", vendors, maps, dry_run, lambda _names: source)


# --------------------------------------------------------------------------- init, new (issue 6)


@app.command(name="init")
def init_cmd(
    directory: Annotated[
        Path,
        typer.Argument(help="Folder to create the project in. Default: here.", metavar="[DIR]"),
    ] = Path("."),
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite files that already exist.")
    ] = False,
) -> None:
    """Start a buyer's project: criteria.toml, an example vendor file, JSON Schemas,
    a pre-commit configuration and a README for the team."""
    from scorecard.authoring import init_project

    with _errors():
        for path in init_project(directory, force):
            typer.echo(f"wrote {path}", err=True)
        typer.echo(
            f"Next: edit {directory / 'criteria.toml'}, replace the example vendor, "
            "run `scorecard validate`, then `scorecard report`.",
            err=True,
        )


@app.command(name="new")
def new_cmd(
    vendor_id: Annotated[
        str,
        typer.Argument(help="The vendor id: the file name, e.g. acme-large.", metavar="VENDOR_ID"),
    ],
    vendor: Annotated[
        str, typer.Option("--vendor", help="The vendor (company) name.", show_default=False)
    ],
    model: Annotated[str, typer.Option("--model", help="The model's name.", show_default=False)],
    vendors: VendorsDirOpt = Path("vendors"),
    criteria: CriteriaOpt = None,
) -> None:
    """Write a new vendor file, with placeholders for the metrics the criteria file scores."""
    from scorecard import authoring
    from scorecard.loading import load_model_file
    from scorecard.models import CriteriaFile

    problem = authoring.check_vendor_id(vendor_id)
    if problem:
        raise typer.BadParameter(problem, param_hint="VENDOR_ID")
    for name, value in (("--vendor", vendor), ("--model", model)):
        if not value.strip():
            raise typer.BadParameter("must not be empty", param_hint=name)
    with _errors():
        crit_path = criteria or Path("criteria.toml")
        parsed: CriteriaFile | None = None
        if crit_path.exists():
            parsed, _ = load_model_file(CriteriaFile, crit_path)
            if parsed is None:
                typer.echo(
                    f"Note: {crit_path} does not validate; placeholders for every catalogue metric.",
                    err=True,
                )
        elif criteria is not None:
            raise ScorecardError(f"{criteria}: no such file")
        path = vendors / f"{vendor_id}.toml"
        text = authoring.new_vendor_text(
            vendor,
            model,
            authoring.placeholders_for(parsed),
            schema=(vendors.parent / "schema" / "vendor.schema.json").is_file(),
            criteria_name=str(crit_path) if parsed else None,
        )
        authoring.write_new_vendor(path, text)
        typer.echo(f"wrote {path}", err=True)


# --------------------------------------------------------------------------- diff (issue 6)


class DiffFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


def _load_revision(
    rev: str | None, vendors: Path, criteria: Path, scores: Path, tmp: Path, on: dt.date
) -> tuple[Inputs, Ranking]:
    """The project at ``rev`` (None: the working tree) and its ranking on ``on``;
    invalid input names the revision."""
    from scorecard import revisions
    from scorecard.scoring import score_vendors

    names: dict[str, str] = {}
    if rev is None:
        scores_path = scores if scores.is_dir() else None
        result = load_inputs(InputPaths((vendors,), criteria, scores_path=scores_path))
        label = f"in the {revisions.WORKING_TREE}"
    else:
        snapshot = revisions.extract_revision(Path.cwd(), rev, vendors, criteria, tmp, scores)
        result = revisions.load_snapshot(snapshot)
        names = snapshot.names
        label = f"at revision {rev}"
    findings = result.findings
    if result.inputs is not None:
        try:
            return result.inputs, score_vendors(result.inputs, on)
        except InvalidInputError as exc:  # e.g. topsis with a neutral policy
            findings = [revisions.rename_finding(f, names) for f in exc.findings]
    _print_findings(findings, "text")
    n = len(findings)
    raise ScorecardError(f"the project is invalid {label}: {n} problem{'s' if n != 1 else ''}")


@app.command(name="diff")
def diff_cmd(
    rev_a: Annotated[
        str, typer.Argument(help="The revision to compare from (any git revision).")
    ] = "HEAD",
    rev_b: Annotated[
        str | None,
        typer.Argument(
            help="The revision to compare to. Default: the working tree.", show_default=False
        ),
    ] = None,
    vendors: VendorsDirOpt = Path("vendors"),
    criteria: Annotated[
        Path, typer.Option("--criteria", help="The criteria file, relative to here.")
    ] = Path("criteria.toml"),
    fmt: Annotated[
        DiffFormat, typer.Option("--format", help="Output format (markdown suits a pull request).")
    ] = DiffFormat.table,
    date: DateOpt = None,
    scores: Annotated[
        Path,
        typer.Option(
            "--scores", help="The evaluation panel's score folder, relative to here (if present)."
        ),
    ] = Path("scores"),
) -> None:
    """Compare the project at two git revisions: changed figures, vendors, weights and
    gates, and the ranking at both with each vendor's movement."""
    import tempfile

    from scorecard import diffing, revisions

    on = resolve_date(date)
    with _errors(), tempfile.TemporaryDirectory(prefix="scorecard-diff-") as tmp:
        revisions.repo_prefix(Path.cwd())  # outside a repository: a clear error first
        a, ranking_a = _load_revision(rev_a, vendors, criteria, scores, Path(tmp) / "a", on)
        b, ranking_b = _load_revision(rev_b, vendors, criteria, scores, Path(tmp) / "b", on)
        diff = diffing.diff_inputs(
            a,
            b,
            rev_a=rev_a,
            rev_b=rev_b or revisions.WORKING_TREE,
            date=on,
            ranking_a=ranking_a,
            ranking_b=ranking_b,
        )
        if fmt is DiffFormat.json:
            typer.echo(diff.to_json(), nl=False)
        elif fmt is DiffFormat.markdown:
            typer.echo(diffing.render_markdown(diff), nl=False)
        else:
            typer.echo(diffing.render_table(diff), nl=False)


# --------------------------------------------------------------------------- signing
# Signed reports (issue 7): `sign`, `keys new`, and the signing options `report`
# shares.  pyHanko is the optional extra `sign`; without it these options say how
# to install it and exit 2.

SignKeyOpt = Annotated[
    Path | None,
    typer.Option(
        "--sign-key",
        help="PEM private key to sign with (needs the 'sign' extra). "
        "An encrypted key asks for its passphrase, or see --passphrase-env.",
        show_default=False,
    ),
]
SignCertOpt = Annotated[
    Path | None,
    typer.Option("--sign-cert", help="PEM certificate of --sign-key.", show_default=False),
]
SignChainOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--sign-chain",
        help="PEM file of intermediate certificates to embed (repeatable).",
        show_default=False,
    ),
]
SignerNameOpt = Annotated[
    str | None,
    typer.Option(
        "--signer-name",
        help="Signer's name as shown. Default: the certificate's common name.",
        show_default=False,
    ),
]
SignerRoleOpt = Annotated[
    str | None,
    typer.Option(
        "--signer-role",
        help="Signer's role, e.g. evaluator or approver (a PAdES claimed role).",
        show_default=False,
    ),
]
ReasonOpt = Annotated[
    str | None,
    typer.Option(
        "--reason", help="Reason for signing, shown with the signature.", show_default=False
    ),
]
TimestampUrlOpt = Annotated[
    str | None,
    typer.Option(
        "--timestamp-url",
        help="RFC 3161 timestamp authority URL: makes the signature PAdES B-T.",
        show_default=False,
    ),
]
PassphraseEnvOpt = Annotated[
    str | None,
    typer.Option(
        "--passphrase-env",
        help="Name of an environment variable holding the key's passphrase "
        "(never the passphrase itself). Default: ask.",
        show_default=False,
    ),
]


def _require_signing_extra(option: str) -> None:
    from scorecard.signing import INSTALL_HINT, signing_available

    if not signing_available():
        _fail(f"{option}: {INSTALL_HINT}", 2)


def _passphrase_from(env: str | None, prompt: str, confirm: bool = False) -> bytes:
    if env is not None:
        value = os.environ.get(env)
        if value is None:
            _fail(f"--passphrase-env: the environment variable {env} is not set", 2)
        if not value:
            _fail(f"--passphrase-env: the environment variable {env} is empty", 2)
        return value.encode("utf-8")
    value = typer.prompt(prompt, hide_input=True, confirmation_prompt=confirm, err=True)
    if not value:
        _fail("the passphrase is empty", 2)
    return str(value).encode("utf-8")


def _signer_spec(
    key: Path | None,
    cert: Path | None,
    chain: list[Path] | None,
    name: str | None,
    role: str | None,
    reason: str | None,
    timestamp_url: str | None,
    passphrase_env: str | None,
    required: bool,
) -> Any:
    """The signing options as a SignerSpec; None when no signing was asked for.
    Usage problems (a missing half, no pyHanko) exit 2."""
    from scorecard.signing import SignerSpec, key_is_encrypted

    extras = {
        "--sign-chain": chain,
        "--signer-name": name,
        "--signer-role": role,
        "--reason": reason,
        "--timestamp-url": timestamp_url,
        "--passphrase-env": passphrase_env,
    }
    if key is None and cert is None:
        if required:
            _fail("--sign-key and --sign-cert are required", 2)
        given = [opt for opt, value in extras.items() if value]
        if given:
            _fail(f"{given[0]} needs --sign-key and --sign-cert", 2)
        return None
    if key is None or cert is None:
        _fail("--sign-key and --sign-cert go together", 2)
    _require_signing_extra("--sign-key")
    with _errors():
        passphrase = (
            _passphrase_from(passphrase_env, f"Passphrase for {key}")
            if key_is_encrypted(key)
            else None
        )
    return SignerSpec(
        key=key,
        cert=cert,
        chain=tuple(chain or ()),
        passphrase=passphrase,
        name=name,
        role=role,
        reason=reason,
        timestamp_url=timestamp_url,
    )


TrustOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--trust",
        help="Certificate (PEM or DER) of a signer or CA you trust (repeatable); "
        "a signature that does not chain to one fails. Needs the 'sign' extra.",
        show_default=False,
    ),
]


def _trust_certificates(paths: list[Path] | None) -> list[bytes]:
    """The --trust files' bytes, each checked to hold certificates (else exit 2)."""
    if not paths:
        return []
    _require_signing_extra("--trust")
    from scorecard.signing import load_trust

    out = []
    for path in paths:
        try:
            data = path.read_bytes()
            load_trust([data])
        except OSError as exc:
            _fail(f"--trust: cannot read {path}: {exc.strerror or exc}", 2)
        except ScorecardError as exc:
            _fail(f"--trust: {path}: {exc}", 2)
        out.append(data)
    return out


def _unsigned_revision_of(data: bytes) -> bytes | None:
    """The report before its first signature; None when it is signed but that cannot
    be read here (no pyHanko, or damaged signatures: the signature check says which)."""
    from scorecard.signing import count_signatures, signing_available, unsigned_revision

    if signing_available():
        try:
            return unsigned_revision(data)
        except ScorecardError:
            return None
    return data if count_signatures(data) == 0 else None


def _signature_check(data: bytes, trust: list[bytes]) -> Any:
    from scorecard.audit import Check
    from scorecard.signing import check_signatures

    try:
        status, lines = check_signatures(data, trust)
    except ScorecardError as exc:
        return Check("signatures", "fail", [str(exc)])
    return Check("signatures", status, lines)


def _sign_bytes(pdf: bytes, spec: Any) -> Any:
    from scorecard.signing import sign_pdf

    return sign_pdf(pdf, spec, dt.datetime.now(dt.UTC))


def _sign_file(pdf: bytes, spec: Any, target: Path) -> None:
    """Sign ``pdf`` and write it to ``target`` atomically; say who signed where."""
    from scorecard.outputs import write_atomic

    result = _sign_bytes(pdf, spec)
    write_atomic(target, result.pdf)
    where = f"in the sign-off block ({result.slot})" if result.slot else "(invisible signature)"
    typer.echo(f"signed {target} as {result.signer} {where}, field {result.field}", err=True)


@app.command(name="sign")
def sign_cmd(
    report: Annotated[Path, typer.Argument(help="The PDF report to sign.", show_default=False)],
    sign_key: SignKeyOpt = None,
    sign_cert: SignCertOpt = None,
    sign_chain: SignChainOpt = None,
    signer_name: SignerNameOpt = None,
    signer_role: SignerRoleOpt = None,
    reason: ReasonOpt = None,
    timestamp_url: TimestampUrlOpt = None,
    passphrase_env: PassphraseEnvOpt = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--out",
            help="Write the signed PDF here. Default: sign in place.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Sign a report (again, for a second signer): a PAdES signature added as an
    incremental update, so the unsigned report stays a byte-exact prefix."""
    spec = _signer_spec(
        sign_key,
        sign_cert,
        sign_chain,
        signer_name,
        signer_role,
        reason,
        timestamp_url,
        passphrase_env,
        required=True,
    )
    with _errors():
        try:
            pdf = report.read_bytes()
        except OSError as exc:
            raise ScorecardError(f"cannot read {report}: {exc.strerror or exc}") from None
        _sign_file(pdf, spec, out or report)


keys_app = typer.Typer(
    help="Keys for signing reports: make a key and a self-signed certificate.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(keys_app, name="keys")


@keys_app.command(name="new")
def keys_new_cmd(
    name: Annotated[
        str, typer.Option("--name", help="The signer's name (the certificate's common name).")
    ],
    out: Annotated[Path, typer.Option("--out", help="Folder to write key.pem and cert.pem to.")],
    passphrase_env: PassphraseEnvOpt = None,
    no_passphrase: Annotated[
        bool,
        typer.Option("--no-passphrase", help="Leave the key unencrypted (not recommended)."),
    ] = False,
) -> None:
    """Make an EC P-256 key and a self-signed certificate for internal use."""
    from scorecard.signing import SELF_SIGNED_NOTE, new_key

    _require_signing_extra("keys new")
    if no_passphrase and passphrase_env:
        _fail("--no-passphrase and --passphrase-env exclude each other", 2)
    passphrase = (
        None
        if no_passphrase
        else _passphrase_from(passphrase_env, "Passphrase for the new key", confirm=True)
    )
    with _errors():
        made = new_key(name, out, passphrase, dt.datetime.now(dt.UTC))
    if not made.encrypted:
        typer.echo(
            f"Warning: {made.key} is not encrypted: anyone who can read it can sign as {name}.",
            err=True,
        )
    typer.echo(f"wrote {made.key} (private key: keep it secret)", err=True)
    typer.echo(
        f"wrote {made.cert} ({made.subject}, valid until {made.not_after:%Y-%m-%d})", err=True
    )
    typer.echo(f"certificate SHA-256: {made.fingerprint}", err=True)
    typer.echo(f"Note: {SELF_SIGNED_NOTE}", err=True)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover
        typer.echo("Interrupted.", err=True)
        sys.exit(130)
