"""The reference parts of docs/ generated from the code, and the check that they are current.

The pages hold cog blocks (``<!-- [[[cog import docgen; ... ]]] -->``) that call the
functions below: the CLI reference from the commands' own help, the metric
catalogue and units from ``scorecard.model.catalog`` / ``units``, the file-format key
tables and the JSON contract from the JSON Schemas the models export.  This script
also writes ``schema/results.schema.json``.

    .venv/bin/python scripts/docgen.py           # regenerate the pages and the schema
    .venv/bin/python scripts/docgen.py --check   # exit 1 when anything is out of date

(The tests run the check: ``tests/test_docs.py``.)"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
RESULTS_SCHEMA = REPO / "schema" / "results.schema.json"
HELP_WIDTH = 88  # the terminal width the help text is wrapped to


# -- the CLI ------------------------------------------------------------------------------


def _help(args: list[str]) -> str:
    from typer.testing import CliRunner

    from scorecard.cli import app

    result = CliRunner().invoke(
        app, [*args, "--help"], prog_name="scorecard", terminal_width=HELP_WIDTH
    )
    if result.exit_code != 0:
        raise SystemExit(f"scorecard {' '.join(args)} --help exited {result.exit_code}")
    return result.output.rstrip() + "\n"


def _commands() -> Iterator[list[str]]:
    """Every command path, in the order `scorecard --help` lists them, groups expanded."""
    import typer

    from scorecard.cli import app

    def walk(group: Any, path: list[str]) -> Iterator[list[str]]:
        for name, command in group.commands.items():
            yield [*path, name]
            if hasattr(command, "commands"):
                yield from walk(command, [*path, name])

    yield from walk(typer.main.get_command(app), [])


def command_names() -> list[str]:
    """`validate`, ..., `import prices`, ...: every command a user can run."""
    return [" ".join(path) for path in _commands()]


def cli_reference() -> str:
    """One section per command: its `--help`, exactly as the installed command prints it."""
    out = ["### scorecard\n", "```text", _help([]).rstrip(), "```\n"]
    for path in _commands():
        level = "####" if len(path) > 1 else "###"
        out += [f"{level} scorecard {' '.join(path)}\n", "```text", _help(path).rstrip(), "```\n"]
    return "\n".join(out)


# -- the catalogue and units ----------------------------------------------------------


def _num(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else f"{x:g}"


def _valid_range(unit: str, lo: float | None, hi: float | None) -> str:
    if unit == "yes/no":
        return "true / false"
    if lo is not None and hi is not None:
        return f"{_num(lo)} to {_num(hi)}"
    if lo is not None:
        return f"≥ {_num(lo)}"
    if hi is not None:
        return f"≤ {_num(hi)}"
    return "any"


def _plausible_range(unit: str, lo: float | None, hi: float | None) -> str:
    """Outside it, `validate` warns [implausible-value]; a price of 0 is plausible."""
    if unit == "yes/no":
        return "yes / no"
    zero = " (or 0)" if unit == "usd_per_mtok" else ""
    return _valid_range(unit, lo, hi) + zero


def catalogue_table() -> str:
    from scorecard.model.catalog import CATALOG_METRICS

    rows = [
        "| metric | label in reports | unit | shown as | better | family | valid range "
        "| plausible range | vendor's claim expected | description |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for m in CATALOG_METRICS:
        better = m.direction or "— (informational)"
        derived = " Derived: never given in a vendor file." if m.derived else ""
        rows.append(
            f"| `{m.id}` | {m.title} | {m.unit} | {m.shown_unit} | {better} | {m.family} "
            f"| {_valid_range(m.unit, m.min, m.max)} "
            f"| {_plausible_range(m.unit, m.plausible_min, m.plausible_max)} "
            f"| {'yes' if m.vendor_claim_expected else '—'} "
            f"| {_cell(m.description + derived)} |"
        )
    return "\n".join(rows) + "\n"


def units_table() -> str:
    """Units grouped by dimension; the canonical (base) unit of each dimension first."""
    from scorecard.model.units import UNITS

    by_dimension: dict[str, list[Any]] = {}
    for unit in UNITS.values():
        by_dimension.setdefault(unit.dimension, []).append(unit)
    rows = ["| dimension | unit | equals | meaning |", "|---|---|---|---|"]
    for dimension, units in by_dimension.items():
        base = next(u for u in units if u.factor == 1.0)
        for unit in sorted(units, key=lambda u: (u.factor != 1.0, u.factor)):
            equals = "canonical" if unit is base else f"{_num(unit.factor)} `{base.name}`"
            rows.append(f"| {dimension} | `{unit.name}` | {equals} | {_cell(unit.description)} |")
    return "\n".join(rows) + "\n"


def unit_aliases_table() -> str:
    """The spellings read as a unit (``scorecard.model.units.UNIT_ALIASES``), then how a
    price may be spelt."""
    from scorecard.model.units import (
        CURRENCY_CODES,
        CURRENCY_SIGNS,
        PRICE_QUANTITIES,
        UNIT_ALIASES,
    )

    by_unit: dict[str, list[str]] = {}
    for alias, unit in UNIT_ALIASES.items():
        by_unit.setdefault(unit, []).append(f"`{alias}`")
    rows = ["| read as | spellings |", "|---|---|"]
    rows += [f"| `{unit}` | {', '.join(aliases)} |" for unit, aliases in by_unit.items()]
    per: dict[str, list[str]] = {}
    for spelt, quantity in PRICE_QUANTITIES.items():
        per.setdefault(quantity, []).append(f"`{spelt}`")
    signs = ", ".join(f"`{sign}` ({code.upper()})" for sign, code in CURRENCY_SIGNS.items())
    codes = ", ".join(sorted(c.upper() for c in CURRENCY_CODES))
    lines = [
        "",
        "A price is spelt `<currency>/<quantity>` or `<currency> per <quantity>`, and read "
        "as `<currency>_per_<quantity>` in the same currency: the currency one of "
        f"{codes}, or a sign: {signs}; the quantity",
        "",
        *(f"- `{q}`: {', '.join(spellings)}" for q, spellings in per.items()),
    ]
    return "\n".join(rows + lines) + "\n"


# -- JSON Schemas as key tables ---------------------------------------------------------

PLACEHOLDERS = {
    "metrics": "<metric>",
    "criteria": "<criterion>",
    "vendors": "<vendor>",
    "weight_ranges": "<criterion>",
}


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def _type(spec: dict[str, Any]) -> str:
    """A JSON Schema type in words, `null` left out (in TOML a key is simply omitted)."""
    if "$ref" in spec:
        name = spec["$ref"].rsplit("/", 1)[1]
        return f"[{name}](#{name.lower()})"
    if "anyOf" in spec:
        kinds = [_type(s) for s in spec["anyOf"] if s.get("type") != "null"]
        return " or ".join(dict.fromkeys(kinds))
    if "enum" in spec:
        return " \\| ".join(f"`{v}`" for v in spec["enum"])
    kind = spec.get("type", "any")
    if kind == "object":
        inner = spec.get("additionalProperties")
        return f"table of {_type(inner)}" if isinstance(inner, dict) else "table"
    if kind == "array":
        if "prefixItems" in spec:
            return "[" + ", ".join(_type(s) for s in spec["prefixItems"]) + "]"
        return f"array of {_type(spec.get('items', {}))}"
    if kind == "string" and spec.get("format"):
        return str(spec["format"])
    if kind == "string" and spec.get("pattern"):
        return f"string matching `{spec['pattern']}`"
    return str(kind)


def _default(spec: dict[str, Any]) -> str:
    if "default" not in spec or spec["default"] is None:
        return ""
    return f"`{json.dumps(spec['default'])}`"


def _key_table(model: dict[str, Any]) -> list[str]:
    required = set(model.get("required", []))
    rows = ["| key | type | required | default | meaning |", "|---|---|---|---|---|"]
    for key, spec in model["properties"].items():
        rows.append(
            f"| `{key}` | {_type(spec)} | {'yes' if key in required else 'no'} "
            f"| {_default(spec)} | {_cell(spec.get('description', ''))} |"
        )
    return rows


def _places(schema: dict[str, Any], toml: bool) -> dict[str, str]:
    """Where each definition sits in a file: `[metrics.<metric>]`, `[[gates]]`, ..."""
    places: dict[str, str] = {}

    def visit(spec: dict[str, Any], path: str, array: bool = False) -> None:
        if "$ref" in spec:
            name = spec["$ref"].rsplit("/", 1)[1]
            if name not in places:
                places[name] = f"[[{path}]]" if array and toml else f"[{path}]" if toml else path
                for key, sub in schema["$defs"][name]["properties"].items():
                    visit(sub, f"{path}.{key}")
        for sub in spec.get("anyOf", []):
            visit(sub, path, array)
        inner = spec.get("additionalProperties")
        if isinstance(inner, dict):
            last = path.rsplit(".", 1)[-1]
            key = "<metric>" if last.startswith("<") else PLACEHOLDERS.get(last, "<key>")
            visit(inner, f"{path}.{key}")
        if isinstance(spec.get("items"), dict):
            visit(spec["items"], path if toml else f"{path}[]", array=True)

    for key, spec in schema["properties"].items():
        visit(spec, key)
    return places


def _schema(name: str) -> dict[str, Any]:
    from scorecard.model.schema import SCHEMA_FILES, json_schema, results_schema

    if name == "results.schema.json":
        return results_schema()
    return json_schema(SCHEMA_FILES[name])


def schema_tables(name: str, toml: bool = True) -> str:
    """Every key of one schema: the top level, then each table it refers to."""
    schema = _schema(name)
    out = ["### Top level\n", *_key_table(schema), ""]
    places = _places(schema, toml)
    for defname in places:
        model = schema["$defs"][defname]
        where = f"`{places[defname]}`"
        doc = _cell(model.get("description", "").split("\n\n")[0])
        out += [f"### {defname}\n", f"{where}: {doc}\n" if doc else f"{where}\n"]
        out += [*_key_table(model), ""]
    return "\n".join(out)


# -- regenerate / check ------------------------------------------------------------------


def pages() -> list[Path]:
    return sorted(p for p in DOCS.rglob("*.md") if "[[[cog" in p.read_text(encoding="utf-8"))


def run_cog(check: bool) -> int:
    from cogapp import Cog  # type: ignore[import-untyped]

    args = ["cog", "-I", str(Path(__file__).parent), "--check" if check else "-r"]
    return int(Cog().main([*args, *map(str, pages())]))


def check_results_schema() -> bool:
    from scorecard.model.schema import results_schema_text

    return RESULTS_SCHEMA.read_text(encoding="utf-8") == results_schema_text()


def main(argv: list[str]) -> int:
    from scorecard.model.schema import results_schema_text

    if argv == ["--check"]:
        fresh = check_results_schema()
        if not fresh:
            print(f"{RESULTS_SCHEMA.relative_to(REPO)} is out of date", file=sys.stderr)
        status = run_cog(check=True)
        if status or not fresh:
            print("run: .venv/bin/python scripts/docgen.py", file=sys.stderr)
        return 1 if status or not fresh else 0
    if argv:
        print(__doc__, file=sys.stderr)
        return 2
    RESULTS_SCHEMA.write_text(results_schema_text(), encoding="utf-8")
    return run_cog(check=False)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
