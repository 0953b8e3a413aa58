"""The app, its shared options, and the one place errors become exit codes."""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import os
from collections.abc import Iterator, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from scorecard import __version__, pipeline
from scorecard.model.errors import InvalidInputError, ScorecardError

if TYPE_CHECKING:
    from scorecard.load.project import InputPaths
    from scorecard.model.findings import Finding


app = typer.Typer(
    name="scorecard",
    help="Auditable AI model vendor scorecards: validate vendor metric files, rank vendors "
    "against a buyer's criteria, and render a reproducible PDF report.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


VendorsOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--vendors",
        help="Vendor file or folder (repeatable). Default: the project's vendors/ "
        "(the project: the nearest folder up from here with criteria.toml), "
        "else the bundled example.",
        show_default=False,
    ),
]


ExampleOpt = Annotated[
    bool,
    typer.Option(
        "--example",
        help="Use the bundled example data (marked as example data in every output), "
        "even inside a project.",
    ),
]


CriteriaOpt = Annotated[
    Path | None,
    typer.Option(
        "--criteria",
        help="The buyer's criteria file. Default: criteria.toml here or in the nearest "
        "parent folder, else the bundled example.",
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


AllowUnapprovedOpt = Annotated[
    bool,
    typer.Option(
        "--allow-unapproved",
        help="Run even though the criteria changed after `scorecard approve`; the output "
        'then says so (a notice on the report\'s first page, "approval" in JSON).',
    ),
]


def _approval_warnings(findings: Sequence[Finding]) -> None:
    """The approval's findings a run goes on with, on stderr."""
    for f in findings:
        typer.echo(f"Warning: {f}", err=True)


DateOpt = Annotated[
    str | None,
    typer.Option(
        "--date",
        help="Report date YYYY-MM-DD. Default: SOURCE_DATE_EPOCH, else today.",
        show_default=False,
    ),
]


# Robustness options, shared by `rank --sensitivity` and `report`.
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


def _above_zero(value: float) -> float:
    if not (math.isfinite(value) and value > 0):
        raise typer.BadParameter(f"must be a number above 0 (got {value:g})")
    return value


ConcentrationOpt = Annotated[
    float,
    typer.Option(
        "--concentration",
        callback=_above_zero,
        help="Dirichlet concentration K of the weight draws, above 0: a weight w varies "
        "with sd sqrt(w(1-w)/(K+1)); larger K keeps draws closer to the buyer's weights.",
    ),
]


class Method(StrEnum):
    weighted_sum = "weighted-sum"
    topsis = "topsis"


MethodOpt = Annotated[
    Method | None,
    typer.Option(
        "--method",
        help="Scoring method. Default: the criteria file's method.",
        show_default=False,
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


def _fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code)


@contextlib.contextmanager
def _errors(fmt: str = "text") -> Iterator[None]:
    """Map the core's errors to `Error: …` on stderr and exit 1, in one place.  Findings
    of invalid input go to stdout first, as JSON when the command prints ``fmt`` json."""
    try:
        yield
    except typer.Exit:
        raise
    except InvalidInputError as exc:
        _print_findings(exc.findings, fmt)
        _fail(str(exc))
    except ScorecardError as exc:
        if _state["debug"]:
            raise
        _fail(str(exc))
    except Exception as exc:
        if _state["debug"]:
            raise
        _fail(f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)")


def _print_findings(findings: Sequence[Finding], fmt: str) -> None:
    """Findings on stdout: one line each, or a JSON list of objects with ``fmt`` json."""
    if fmt == "json":
        import json

        typer.echo(json.dumps([f.model_dump() for f in findings], indent=2, ensure_ascii=False))
    else:
        for f in findings:
            typer.echo(str(f))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


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
    vendors: Sequence[Path] | None,
    criteria: Path | None,
    scores: Path | None = None,
    example: bool = False,
) -> InputPaths:
    """Where the inputs are; says so when that is the bundled example."""
    paths = pipeline.find_inputs(vendors, criteria, scores, example=example)
    if paths.bundled:
        note = pipeline.EXAMPLE_NOTE if example else pipeline.BUNDLED_NOTE
        typer.echo(f"Note: {note}", err=True)
    return paths


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
