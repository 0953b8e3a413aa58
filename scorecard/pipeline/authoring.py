"""Writing the project's files: a new vendor file, and vendor figures imported from
real sources (planned first, written on request)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from scorecard.model.errors import ScorecardError

if TYPE_CHECKING:
    from scorecard.authoring.importers.editing import ImportPlan, Target
    from scorecard.authoring.importers.records import ImportSource


@dataclass(frozen=True)
class NewVendor:
    path: Path
    note: str | None  # why the placeholders are not the criteria's metrics


def new_vendor(
    vendor_id: str, vendor: str, model: str, folder: Path, criteria: Path | None
) -> NewVendor:
    """Write ``folder/<vendor_id>.toml`` with placeholders for the metrics the criteria
    file scores (``criteria``, else criteria.toml here; every catalogue metric when it
    is absent or does not validate)."""
    from scorecard.authoring import vendor as authoring
    from scorecard.load.validation import load_model_file
    from scorecard.model.files import CriteriaFile

    crit_path = criteria or Path("criteria.toml")
    parsed, note = None, None
    if crit_path.exists():
        parsed, _ = load_model_file(CriteriaFile, crit_path)
        if parsed is None:
            note = f"{crit_path} does not validate; placeholders for every catalogue metric."
    elif criteria is not None:
        raise ScorecardError(f"{criteria}: no such file")
    path = folder / f"{vendor_id}.toml"
    text = authoring.new_vendor_text(
        vendor,
        model,
        authoring.placeholders_for(parsed),
        schema=(folder.parent / "schema" / "vendor.schema.json").is_file(),
        criteria_name=str(crit_path) if parsed else None,
    )
    authoring.write_new_vendor(path, text)
    return NewVendor(path, note)


@dataclass(frozen=True)
class ImportRun:
    """An import worked out, nothing written yet: :func:`apply_import` writes it."""

    importer: str
    folder: Path
    source: ImportSource
    targets: list[Target]
    plan: ImportPlan
    hints: list[str]  # close names for records the source does not hold

    def check(self) -> None:
        """Refuse an import where --map names a record the source does not hold."""
        missing = [t.record for t in self.plan.not_found if t.via == "--map"]
        if missing:
            names = ", ".join(repr(name) for name in missing)
            raise ScorecardError(
                f"--map names {names}, not found in {self.source.label}; nothing written"
            )

    def lines(self) -> list[str]:
        from scorecard.authoring.importers.editing import describe_plan

        return describe_plan(self.plan)

    def summary(self, dry_run: bool) -> str:
        from scorecard.authoring.importers.editing import summary

        return summary(self.plan, dry_run)


def _plan(
    importer: str,
    folder: Path,
    maps: Mapping[str, str],
    source: ImportSource | None,
    on: dt.date | None = None,
) -> ImportRun:
    """Which vendor reads which record, then every edit; ``source`` None: look the
    records up in genai-prices by name, in force on ``on``."""
    from scorecard.authoring.importers import editing

    vendors = editing.scan_vendors(folder)
    targets = editing.resolve_targets(importer, vendors, maps)
    hints: list[str] = []
    if source is None:
        from scorecard.authoring.importers import prices

        source, providers = prices.load_source([t.record for t in targets], on or dt.date.today())
        for name in source.missing:
            close = prices.suggest_names(providers, name)
            if close:
                hints.append(f"{name!r}: did you mean {', '.join(close)}?")
    plan = editing.plan_import(source, folder, vendors, targets)
    return ImportRun(importer, folder, source, targets, plan, hints)


def import_prices(folder: Path, maps: Mapping[str, str], on: dt.date) -> ImportRun:
    """List prices and context windows from genai-prices, as in force on ``on``."""
    return _plan("prices", folder, maps, None, on)


def import_lm_eval(
    results: Path, folder: Path, maps: Mapping[str, str], evidence: str
) -> ImportRun:
    """Benchmark figures from an lm-eval results file."""
    from scorecard.authoring.importers import lm_eval
    from scorecard.authoring.importers.editing import read_input

    source = lm_eval.parse_results(read_input(results), origin=results.name, evidence=evidence)
    return _plan("lm-eval", folder, maps, source)


def import_vectara(
    table: Path,
    folder: Path,
    maps: Mapping[str, str],
    as_of: dt.date | str,
    hhem_version: str | None = None,
    origin: str | None = None,
) -> ImportRun:
    """Hallucination figures from Vectara's leaderboard table (Markdown or CSV)."""
    from scorecard.authoring.importers import vectara
    from scorecard.authoring.importers.editing import read_input

    text = read_input(table)
    version = hhem_version or vectara.detect_hhem_version(table.name, text)
    if version is None:
        raise ScorecardError(
            f"cannot tell the HHEM version from {table}; give it with --hhem-version (e.g. 2.1)"
        )
    source = vectara.parse_table(
        text, as_of=as_of, hhem_version=version, origin=origin or table.name
    )
    return _plan("vectara", folder, maps, source)


def apply_import(run: ImportRun) -> list[Path]:
    """Write every file the import changes (atomically)."""
    from scorecard.authoring.importers.editing import apply_plan

    run.check()
    return apply_plan(run.plan)
