"""``import prices|lm-eval|vectara``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from scorecard.cli.common import DateOpt, _errors, _fail, app, resolve_date
from scorecard.model.errors import ScorecardError

if TYPE_CHECKING:
    from scorecard.authoring.importers.records import ImportSource


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


def _run_import(
    importer: str,
    folder: Path,
    maps: dict[str, str],
    dry_run: bool,
    load: Callable[[list[str]], ImportSource],
) -> None:
    """The shared flow of every importer: map, read, plan, print, write."""
    from scorecard.authoring.importers import editing

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
            from scorecard.authoring.importers import prices

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
        from scorecard.authoring.importers import lm_eval
        from scorecard.authoring.importers.editing import read_input

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
        from scorecard.authoring.importers import vectara
        from scorecard.authoring.importers.editing import read_input

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
