"""Mapping source records to vendor files, and editing those files.

Records map to vendor ids explicitly, never by guessing: ``--map "NAME=vendor-id"``
or the vendor file's ``[import]`` table (``vectara = "OpenAI GPT-4o"``).  An
existing vendor file is edited with tomlkit, which keeps the user's comments,
key order and other metrics; only the imported ``[metrics.<id>]`` tables change.
A vendor id with no file yet gets a new file.  :func:`plan_import` computes
everything without writing; :func:`apply_plan` writes atomically.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import tomli_w

from scorecard.authoring.importers.records import (
    FIGURE_KEYS,
    ImportSource,
    SourceRecord,
    fmt_number,
)
from scorecard.load.files import read_toml
from scorecard.model.errors import InvalidInputError, ScorecardError
from scorecard.model.files import VENDOR_ID_RE

SHOW_UNMATCHED = 5  # how many unmatched records are named
MAX_SOURCE_BYTES = 64 * 1024 * 1024  # a source file (lm-eval results, a table), not a vendor file


def read_input(path: Path) -> str:
    """A source file's text (UTF-8, a BOM from a spreadsheet export dropped)."""
    from scorecard.model.findings import make_finding

    def problem(code: str, **params: Any) -> InvalidInputError:
        return InvalidInputError([make_finding(str(path), code, **params)])

    try:
        if path.is_dir():
            raise problem("is-a-folder")
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            limit = f"{MAX_SOURCE_BYTES:,} ({MAX_SOURCE_BYTES // 2**20} MiB)"
            raise problem("file-too-large", size=f"{size:,}", limit=limit)
        data = path.read_bytes()
    except FileNotFoundError:
        raise problem("not-found", what="file") from None
    except OSError as exc:
        raise problem("unreadable", reason=exc.strerror or str(exc)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise problem("not-utf8", byte=f"0x{data[exc.start]:02x}") from None


class MapError(ScorecardError):
    """A malformed --map entry: the CLI reports it as a usage error of ``--map``."""


def parse_maps(entries: Sequence[str]) -> dict[str, str]:
    """``["OpenAI GPT-4o=gpt-4o", ...]`` -> {vendor id: source record name}."""
    out: dict[str, str] = {}
    for entry in entries:
        name, sep, vendor_id = entry.rpartition("=")
        name, vendor_id = name.strip(), vendor_id.strip()
        if not sep or not name or not vendor_id:
            raise MapError(f"{entry!r} is not SOURCE NAME=vendor-id")
        if not VENDOR_ID_RE.match(vendor_id):
            raise MapError(
                f"{vendor_id!r} is not a valid vendor id: use lower-case letters, digits, "
                "'.', '_' and '-', starting with a letter or digit"
            )
        if vendor_id in out and out[vendor_id] != name:
            raise MapError(
                f"vendor {vendor_id!r} is mapped twice ({out[vendor_id]!r} and {name!r})"
            )
        out[vendor_id] = name
    return out


@dataclass(frozen=True)
class VendorDoc:
    id: str
    path: Path
    text: str
    import_names: dict[str, str]  # importer -> record name, from the [import] table


def scan_vendors(folder: Path) -> dict[str, VendorDoc]:
    """Every vendor file in ``folder`` (none if it does not exist yet).

    A file that is not readable TOML stops the import: editing it could lose data."""
    if not folder.is_dir():
        return {}
    docs: dict[str, VendorDoc] = {}
    findings = []
    for path in sorted(p for p in folder.iterdir() if p.suffix == ".toml"):
        src, data, found = read_toml(path, str(path), path.name)
        findings += found
        if src is None or data is None:
            continue
        table = data.get("import")
        names = (
            {k: v for k, v in table.items() if isinstance(v, str)}
            if isinstance(table, dict)
            else {}
        )
        docs[path.stem] = VendorDoc(path.stem, path, src.text, names)
    if findings:
        raise InvalidInputError(findings)
    return docs


@dataclass(frozen=True)
class Target:
    vendor_id: str
    record: str
    via: str  # "--map" or "[import]"


def resolve_targets(
    importer: str, vendors: Mapping[str, VendorDoc], maps: Mapping[str, str]
) -> list[Target]:
    """Which record each vendor reads: --map first, else the file's [import] table."""
    targets = {vid: Target(vid, name, "--map") for vid, name in maps.items()}
    for vid, doc in vendors.items():
        if vid not in targets and importer in doc.import_names:
            targets[vid] = Target(vid, doc.import_names[importer], "[import]")
    return [targets[vid] for vid in sorted(targets)]


FigureKind = Literal["added", "changed", "unchanged"]


@dataclass(frozen=True)
class FigureChange:
    metric: str
    kind: FigureKind
    old: dict[str, Any] | None
    new: dict[str, Any]

    def changed_keys(self) -> list[str]:
        if self.old is None:
            return []
        return [k for k in FIGURE_KEYS if not _same(self.old.get(k), self.new.get(k))]


@dataclass
class VendorPlan:
    vendor_id: str
    path: Path
    record: SourceRecord
    via: str
    new_file: bool
    before: str | None
    after: str
    changes: list[FigureChange]

    @property
    def writes(self) -> bool:
        return self.before != self.after


@dataclass
class ImportPlan:
    source: ImportSource
    vendors: list[VendorPlan] = field(default_factory=list)
    not_found: list[Target] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    needs_vendor: list[VendorPlan] = field(default_factory=list)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return not isinstance(a, bool) and not isinstance(b, bool) and float(a) == float(b)
    if isinstance(a, dt.date) and isinstance(b, dt.date):
        return a == b
    return type(a) is type(b) and a == b


def _plain(value: Any) -> Any:
    """A tomlkit item as a plain Python value."""
    unwrap = getattr(value, "unwrap", None)
    return unwrap() if callable(unwrap) else value


def _item(value: Any) -> Any:
    """A list of tables (price tiers) as one inline array, as a person writes it."""
    if not isinstance(value, list):
        return value
    import tomlkit

    array = tomlkit.array()
    for entry in value:
        inline = tomlkit.inline_table()
        inline.update(entry)
        array.append(inline)
    return array


def _new_file_text(vendor_id: str, record: SourceRecord, importer: str, schema: bool) -> str:
    head = "#:schema ../schema/vendor.schema.json\n" if schema else ""
    vendor = record.vendor
    if vendor is None:
        head += (
            f"# TODO: set `vendor`: {record.vendor_note or 'the source names no vendor'}.\n"
            f"# `scorecard import {importer}` created this file for the record {record.name!r}.\n"
        )
    body = tomli_w.dumps(
        {"schema_version": 1, "vendor": vendor or "unknown", "model": record.model}
    )
    imports = tomli_w.dumps({"import": {importer: record.name}})
    return f"{head}{body}\n{imports}"


def _apply_figures(
    text: str, figures: Mapping[str, dict[str, Any]], path: Path
) -> tuple[str, list[FigureChange]]:
    import tomlkit

    doc = tomlkit.parse(text)
    changes: list[FigureChange] = []
    if "metrics" not in doc:
        doc.add(tomlkit.nl())
        doc["metrics"] = tomlkit.table(is_super_table=True)
    metrics: Any = doc["metrics"]
    if not isinstance(metrics, dict):
        raise ScorecardError(f"{path}: `metrics` is not a table; fix the file, then import again")
    for metric, fig in figures.items():
        existing = metrics.get(metric)
        if existing is not None and not isinstance(existing, dict):
            raise ScorecardError(
                f"{path}: `metrics.{metric}` is not a table; fix the file, then import again"
            )
        if existing is None:
            table = tomlkit.table()
            for key in FIGURE_KEYS:
                if key in fig:
                    table[key] = _item(fig[key])
            metrics[metric] = table
            changes.append(FigureChange(metric, "added", None, dict(fig)))
            continue
        old = {k: _plain(existing[k]) for k in existing}
        for key in FIGURE_KEYS:
            if key in fig:
                if not _same(old.get(key), fig[key]):
                    existing[key] = _item(fig[key])
            elif key in existing and (key != "assessed_by" or fig.get("evidence") != "in-house"):
                # a key the source does not give describes the old figure: drop it
                del existing[key]
        new = {k: _plain(existing[k]) for k in existing}
        kind: FigureKind = (
            "unchanged" if all(_same(old.get(k), new.get(k)) for k in {*old, *new}) else "changed"
        )
        changes.append(FigureChange(metric, kind, old, dict(fig)))
    out = tomlkit.dumps(doc)
    return (out if out.endswith("\n") else out + "\n"), changes


def plan_import(
    source: ImportSource,
    folder: Path,
    vendors: Mapping[str, VendorDoc],
    targets: Sequence[Target],
) -> ImportPlan:
    """Work out every edit the import makes, without writing anything."""
    plan = ImportPlan(source)
    schema = (folder.parent / "schema" / "vendor.schema.json").is_file()
    for target in targets:
        record = source.records.get(target.record)
        if record is None:
            plan.not_found.append(target)
            continue
        doc = vendors.get(target.vendor_id)
        before = doc.text if doc is not None else None
        path = doc.path if doc is not None else folder / f"{target.vendor_id}.toml"
        start = (
            before
            if before is not None
            else _new_file_text(target.vendor_id, record, source.importer, schema)
        )
        after, changes = _apply_figures(start, record.figures, path)
        vp = VendorPlan(
            target.vendor_id, path, record, target.via, doc is None, before, after, changes
        )
        plan.vendors.append(vp)
        if doc is None and record.vendor is None:
            plan.needs_vendor.append(vp)
    if source.complete:
        used = {t.record for t in targets}
        plan.unmatched = [name for name in source.records if name not in used]
    return plan


def apply_plan(plan: ImportPlan) -> list[Path]:
    """Write every file the plan changes (atomically); return their paths."""
    from scorecard.outputs import write_atomic

    written = []
    for vp in plan.vendors:
        if vp.writes:
            write_atomic(vp.path, vp.after)
            written.append(vp.path)
    return written


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return fmt_number(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return repr(value) if value is not None else "(none)"


def describe_plan(plan: ImportPlan) -> list[str]:
    """The lines the CLI prints: added, changed (old -> new), unchanged, skipped, unmatched."""
    lines: list[str] = []
    src = plan.source
    for vp in plan.vendors:
        what = "new file" if vp.new_file else vp.via
        lines.append(f"{vp.path}: {src.importer} record {vp.record.name!r} ({what})")
        for ch in vp.changes:
            unit = ch.new.get("unit", "")
            if ch.kind == "added":
                lines.append(f"  added     {ch.metric} = {_show(ch.new['value'])} {unit}")
            elif ch.kind == "unchanged":
                lines.append(f"  unchanged {ch.metric} = {_show(ch.new['value'])} {unit}")
            else:
                assert ch.old is not None
                keys = ch.changed_keys()
                if "value" in keys or "unit" in keys:
                    lines.append(
                        f"  changed   {ch.metric}: {_show(ch.old.get('value'))} {ch.old.get('unit', '')} "
                        f"-> {_show(ch.new['value'])} {unit}"
                    )
                else:
                    shown = ", ".join(
                        f"{k} {_show(ch.old.get(k))} -> {_show(ch.new.get(k))}"
                        for k in keys
                        if k in ("as_of", "evidence", "stderr")
                    )
                    others = [k for k in keys if k not in ("as_of", "evidence", "stderr")]
                    if others:
                        shown += (", " if shown else "") + ", ".join(others) + " updated"
                    lines.append(f"  changed   {ch.metric}: value unchanged; {shown}")
        for reason in vp.record.skipped:
            lines.append(f"  skipped   {reason}")
    for reason in src.skipped:
        lines.append(f"skipped: {reason}")
    for target in plan.not_found:
        lines.append(
            f"not found: {target.vendor_id} ({target.via}) asks for {target.record!r}, "
            f"which {src.label} does not hold"
        )
    for warning in src.warnings:
        lines.append(f"warning: {warning}")
    for vp in plan.needs_vendor:
        lines.append(
            f'fix: {vp.path} has vendor = "unknown" ({vp.record.vendor_note}); set it by hand'
        )
    if plan.unmatched:
        n = len(plan.unmatched)
        shown = ", ".join(repr(x) for x in plan.unmatched[:SHOW_UNMATCHED])
        more = f" and {n - SHOW_UNMATCHED} more" if n > SHOW_UNMATCHED else ""
        lines.append(
            f"unmatched: {n} record{'s' if n != 1 else ''} of {src.label} map to no vendor: "
            f'{shown}{more} (map one with --map "NAME=vendor-id" or an [import] table)'
        )
    return lines


def summary(plan: ImportPlan, dry_run: bool) -> str:
    counts = {"added": 0, "changed": 0, "unchanged": 0}
    for vp in plan.vendors:
        for ch in vp.changes:
            counts[ch.kind] += 1
    files = sum(vp.writes for vp in plan.vendors)
    new = sum(vp.new_file for vp in plan.vendors)
    verb = "would write" if dry_run else "wrote"
    return (
        f"{counts['added']} added, {counts['changed']} changed, {counts['unchanged']} unchanged; "
        f"{verb} {files} file{'s' if files != 1 else ''} ({new} new)"
        + ("; dry run, nothing written" if dry_run else "")
    )
