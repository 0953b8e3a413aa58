"""``import prices|lm-eval|vectara``."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from scorecard import pipeline
from scorecard.cli.common import DateOpt, _errors, app, resolve_date

if TYPE_CHECKING:
    from scorecard.pipeline import ImportRun


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
    from scorecard.authoring.importers import editing

    try:
        return editing.parse_maps(entries or [])
    except editing.MapError as exc:
        raise typer.BadParameter(str(exc), param_hint="--map") from None


def _finish(run: ImportRun, dry_run: bool) -> None:
    """Print the plan; write it unless ``dry_run``; say what was (or would be) written."""
    for hint in run.hints:
        typer.echo(f"hint: {hint}", err=True)
    for line in run.lines():
        typer.echo(line)
    if not run.targets:
        typer.echo(
            f"Note: no vendor in {run.folder} names a {run.importer} record; use "
            f'--map "SOURCE NAME=vendor-id" or an [import] table with {run.importer} = "..."',
            err=True,
        )
    run.check()
    if not dry_run:
        pipeline.apply_import(run)
    typer.echo(run.summary(dry_run), err=True)


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
        _finish(pipeline.import_prices(vendors, maps, on), dry_run)


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
        _finish(pipeline.import_lm_eval(results, vendors, maps, evidence.value), dry_run)


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
        run = pipeline.import_vectara(table, vendors, maps, when, hhem_version, origin)
        _finish(run, dry_run)
