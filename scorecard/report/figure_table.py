"""The long format: one row per figure, with its provenance.  The Figures sheet of
the workbook and `export csv` share these columns."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scorecard.model.catalog import BLENDED_PRICE

if TYPE_CHECKING:
    from scorecard.model.inputs import Inputs, VendorRecord

# Acronyms and names a title-cased metric id would spell wrong.
_WORDS = {
    "mmlu": "MMLU",
    "gpqa": "GPQA",
    "humaneval": "HumanEval",
    "ifeval": "IFEval",
    "eu": "EU",
    "ai": "AI",
    "gpai": "GPAI",
    "soc2": "SOC 2",
    "iso": "ISO",
    "sso": "SSO",
    "saml": "SAML",
    "usd": "USD",
    "mtok": "Mtok",
    "ms": "(ms)",
    "s": "(s)",
    "1": "1",
}


def metric_label(metric: str) -> str:
    """A metric id as a heading: ``humaneval_pass_at_1`` -> "HumanEval pass at 1"."""
    words = [_WORDS.get(w, w) for w in metric.split("_")]
    first = words[0]
    words[0] = first if first != first.lower() else first.capitalize()
    return " ".join(words)


FIGURE_COLUMNS: tuple[str, ...] = (
    "vendor_id",
    "vendor",
    "model",
    "metric",
    "label",
    "value",
    "unit",
    "canonical_value",
    "canonical_unit",
    "source",
    "as_of",
    "evidence",
    "method",
    "stderr",
    "note",
    "file_line",
)

NUMERIC_COLUMNS = frozenset({"value", "canonical_value", "stderr"})

Cell = str | float | None


@dataclass(frozen=True)
class FigureRow:
    """One figure: ``value`` is a number, or "yes"/"no" for a yes/no figure."""

    cells: tuple[Cell, ...]  # in FIGURE_COLUMNS order

    def get(self, column: str) -> Cell:
        return self.cells[FIGURE_COLUMNS.index(column)]


def figure_rows(inputs: Inputs) -> list[FigureRow]:
    """Every figure of every vendor (by id), in file order; derived figures (the
    blended price) after the figures they come from; panel figures name the score files."""
    from scorecard.audit.manifest import embedded_name

    lines = inputs.figure_lines()
    mix = inputs.criteria.token_mix
    rows: list[FigureRow] = []
    for rec in inputs.vendors:
        file = embedded_name(rec.source, "vendor")
        for metric, fig in rec.file.metrics.items():
            mdef = inputs.catalog.get(metric)
            canonical_unit = mdef.unit if mdef else fig.unit
            line = lines.get((rec.id, metric))
            value: str | float = (
                ("yes" if fig.value else "no") if fig.unit == "yes/no" else float(fig.value)
            )
            as_of = fig.as_of.isoformat() if isinstance(fig.as_of, dt.date) else fig.as_of
            rows.append(
                FigureRow(
                    (
                        rec.id,
                        rec.vendor,
                        rec.model,
                        metric,
                        metric_label(metric),
                        value,
                        fig.unit,
                        rec.values.get(metric),
                        canonical_unit,
                        fig.source,
                        as_of,
                        fig.evidence,
                        fig.method,
                        fig.stderr,
                        fig.note,
                        f"{file}:{line}" if line is not None else "score files (scores/)",
                    )
                )
            )
        if BLENDED_PRICE in rec.values and BLENDED_PRICE not in rec.file.metrics and mix:
            rows.append(_derived_row(rec, mix.input, mix.output))
    return rows


def _derived_row(rec: VendorRecord, mix_in: float, mix_out: float) -> FigureRow:
    """The blended price scorecard derives from the two list prices."""
    x = rec.values[BLENDED_PRICE]
    return FigureRow(
        (
            rec.id,
            rec.vendor,
            rec.model,
            BLENDED_PRICE,
            metric_label(BLENDED_PRICE),
            x,
            "usd_per_mtok",
            x,
            "usd_per_mtok",
            "derived by scorecard from the input and output prices",
            None,
            None,
            f"token mix input:output = {mix_in:g}:{mix_out:g}",
            None,
            None,
            None,
        )
    )


def write_figures_csv(inputs: Inputs) -> str:
    """The long format as plain CSV (comma, dot, full float precision)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(FIGURE_COLUMNS)
    for row in figure_rows(inputs):
        w.writerow([_text(c) for c in row.cells])
    return buf.getvalue()


def _text(cell: Cell) -> str:
    """A cell as CSV text: whole numbers without ".0", others at full precision."""
    if cell is None:
        return ""
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() and abs(cell) < 1e15 else repr(cell)
    return cell
