"""Starting a vendor file (``scorecard new``) with placeholders for the scored metrics."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from scorecard.authoring.project import ExistingFilesError
from scorecard.model.catalog import CATALOG, MetricDef
from scorecard.model.files import VENDOR_ID_RE, CriteriaFile


@dataclass(frozen=True)
class Placeholder:
    metric: str
    unit: str
    direction: str | None
    description: str


def placeholders_for(criteria: CriteriaFile | None) -> list[Placeholder]:
    """The metrics a vendor file should give: those the criteria file scores or gates
    (for a derived metric, the figures it is computed from: input and output prices for
    the blended price; prices, discounts and fee for the monthly cost), else every
    weightable catalogue metric."""
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
    from scorecard.score.prepare import DERIVED_PARTS

    out: dict[str, Placeholder] = {}
    for mid in wanted:
        for one in DERIVED_PARTS.get(mid, (mid,)):
            mdef = custom.get(one) or catalog.get(one)
            if mdef is None or one in out:
                continue  # an unknown metric: `validate` reports it in the criteria file
            if mdef.panel or mdef.derived:
                continue  # scored by the panel / computed: never in a vendor file
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
