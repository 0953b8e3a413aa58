"""Starting a buyer's project (`scorecard init`) and a vendor file (`scorecard new`).

The project skeleton is package data (``scorecard/skeleton/``) plus the bundled
example criteria and the JSON Schemas generated from the models, so what
`init` writes always matches the formats this version reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from scorecard.catalog import BLENDED_PRICE, CATALOG, MetricDef
from scorecard.errors import ScorecardError
from scorecard.loading import bundled_root
from scorecard.models import VENDOR_ID_RE, CriteriaFile

SKELETON = Path(__file__).resolve().parent / "skeleton"
EXAMPLE_VENDOR = "vendors/example-vendor.toml"

_CRITERIA_INTRO = """\
# criteria.toml: what your team buys on, made by `scorecard init` from the bundled
# example.  Change the title, buyer and reference to your tender's; set the weights
# (any positive numbers: they are normalised), the best and worst value of each
# metric, the knock-out gates and the missing-data policy; run `scorecard validate`.
"""


class ExistingFilesError(ScorecardError):
    """`init` or `new` would overwrite files."""


def init_files() -> dict[str, str]:
    """Relative path -> text of every file `scorecard init` writes."""
    from scorecard.schema import schema_texts

    criteria = (bundled_root() / "criteria.toml").read_text(encoding="utf-8")
    first, _, rest = criteria.partition("\n")
    if first.startswith("#:schema"):
        criteria = f"{first}\n{_CRITERIA_INTRO}{rest}"
    else:
        criteria = _CRITERIA_INTRO + criteria
    files = {
        "criteria.toml": criteria,
        EXAMPLE_VENDOR: (SKELETON / "example-vendor.toml").read_text(encoding="utf-8"),
        ".pre-commit-config.yaml": (SKELETON / "pre-commit-config.yaml").read_text(
            encoding="utf-8"
        ),
        "README.md": (SKELETON / "README.md").read_text(encoding="utf-8"),
    }
    files.update({f"schema/{name}": text for name, text in schema_texts().items()})
    return files


def init_project(root: Path, force: bool = False) -> list[Path]:
    """Write the project skeleton into ``root``; refuse to overwrite unless ``force``."""
    from scorecard.outputs import write_atomic

    if root.exists() and not root.is_dir():
        raise ScorecardError(f"{root} is a file, not a folder")
    files = init_files()
    if not force:
        existing = [rel for rel in files if (root / rel).exists()]
        if existing:
            raise ExistingFilesError(
                f"{root} already has {', '.join(existing)}; "
                "nothing written (use --force to overwrite)"
            )
    written = []
    for rel, text in files.items():
        write_atomic(root / rel, text)
        written.append(root / rel)
    return written


# --------------------------------------------------------------------------- new


@dataclass(frozen=True)
class Placeholder:
    metric: str
    unit: str
    direction: str | None
    description: str


def placeholders_for(criteria: CriteriaFile | None) -> list[Placeholder]:
    """The metrics a vendor file should give: those the criteria file scores or gates
    (input and output prices for the derived blended price), else every weightable
    catalogue metric."""
    catalog = CATALOG
    custom = {
        mid: MetricDef(mid, m.unit, m.direction, "custom", m.description or "", custom=True)
        for mid, m in (criteria.metrics.items() if criteria else ())
    }
    wanted: Iterable[str]
    if criteria is None:
        wanted = [m.id for m in catalog.values() if m.weightable and not m.derived]
    else:
        scored = [mid for crit in criteria.criteria.values() for mid in crit.metrics]
        wanted = [*scored, *(g.metric for g in criteria.gates)]
    out: dict[str, Placeholder] = {}
    for mid in wanted:
        ids = (
            ["price_input_usd_per_mtok", "price_output_usd_per_mtok"]
            if mid == BLENDED_PRICE
            else [mid]
        )
        for one in ids:
            mdef = custom.get(one) or catalog.get(one)
            if mdef is None or one in out:
                continue  # an unknown metric: `validate` reports it in the criteria file
            out[one] = Placeholder(one, mdef.unit, mdef.direction, mdef.description)
    return list(out.values())


def check_vendor_id(vendor_id: str) -> str | None:
    """None when valid, else why not."""
    if VENDOR_ID_RE.match(vendor_id):
        return None
    return (
        f"{vendor_id!r} is not a valid vendor id: use lower-case letters, digits, "
        "'.', '_' and '-', starting with a letter or digit"
    )


def new_vendor_text(
    vendor: str,
    model: str,
    placeholders: list[Placeholder],
    *,
    schema: bool,
    criteria_name: str | None,
) -> str:
    """A vendor file: the data written by tomli-w, the metric placeholders as comments."""
    import tomli_w

    head = "#:schema ../schema/vendor.schema.json\n" if schema else ""
    body = tomli_w.dumps({"schema_version": 1, "vendor": vendor, "model": model})
    lines = ["", ""]
    why = f"the metrics {criteria_name} scores" if criteria_name else "the catalogue's metrics"
    lines.append(f"# Figures for {why}: uncomment a table and fill it in.")
    lines.append(
        "# evidence: vendor-claim | third-party | in-house (add a `note`) | estimate;"
        ' as_of: a date, or "YYYY-MM" / "YYYY".'
    )
    for p in placeholders:
        better = f", {p.direction} is better" if p.direction else ""
        lines += [
            "#",
            f"# [metrics.{p.metric}]  # {p.unit}{better}: {p.description}".rstrip(": "),
            "# value =",
            f'# unit = "{p.unit}"',
            '# source = ""',
            '# as_of = ""',
            '# evidence = ""',
        ]
    return head + body + "\n".join(lines) + "\n"


def write_new_vendor(path: Path, text: str) -> None:
    from scorecard.outputs import write_atomic

    if path.exists():
        raise ExistingFilesError(f"{path} already exists; nothing written")
    write_atomic(path, text)
