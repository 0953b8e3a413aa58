"""Text writers for a :class:`~scorecard.results.Ranking`: table, JSON, CSV, Markdown.

Pure functions from the result model to a string; no jinja2, no weasyprint (the
`rank` command imports this module and must stay fast).  JSON is exactly
:meth:`Ranking.to_json`, the stable contract."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from scorecard.model.results import Ranking, VendorScore
from scorecard.report.format import score_decimals
from scorecard.score.notices import group_warnings


def _win(v: VendorScore) -> str:
    return "-" if v.win_rate is None else f"{v.win_rate:.3f}"


def grid(rows: list[list[str]], right: set[int], indent: str = "") -> list[str]:
    """Columns padded to their widest cell, a rule under the header; the columns in
    ``right`` are right-aligned."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for n, row in enumerate(rows):
        cells = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        out.append(indent + "  ".join(cells).rstrip())
        if n == 0:
            out.append(indent + "  ".join("-" * w for w in widths))
    return out


def _criteria_names(ranking: Ranking) -> list[str]:
    return [c.name for c in ranking.criteria]


def write_table(ranking: Ranking) -> str:
    """A plain-text table for the terminal."""
    d = score_decimals([v.score for v in ranking.ranking])
    names = _criteria_names(ranking)
    lines = [
        f'Ranking by {ranking.method}, {ranking.date.isoformat()} (missing = "{ranking.missing}")',
        *_what_if_lines(ranking),
        "",
    ]
    if ranking.ranking:
        header = ["Rank", "Vendor", "Model", "Id", "Score", *names, "Win rate"]
        rows = [header]
        for v in ranking.ranking:
            rows.append(
                [
                    str(v.rank),
                    v.vendor,
                    v.model,
                    v.id,
                    f"{v.score:.{d}f}",
                    *(f"{v.criteria[c].points:.{d}f}" for c in names),
                    _win(v),
                ]
            )
        lines += grid(rows, right={0, 4, *range(5, 6 + len(names))})
        label = "Criterion columns: points contributed (weighted value functions" + (
            "; not a decomposition of the TOPSIS score)" if ranking.method == "topsis" else ")"
        )
        lines += ["", label + "; win rate: HELM mean win rate over the scored metrics."]
    else:
        lines.append("No vendor ranked.")
    lines += ["", ranking.recommendation]
    for note in ranking.notes:
        lines.append(f"Note: {note}")
    if ranking.disqualified:
        lines += ["", "Disqualified:"]
        for dq in ranking.disqualified:
            lines.append(f"  {dq.id} ({dq.vendor} {dq.model}):")
            lines += [f"    - {r}" for r in dq.reasons]
    if ranking.warnings:
        grouped = group_warnings(ranking.warnings)
        lines += ["", f"Warnings ({len(ranking.warnings)}, one line per kind):"]
        lines += [f"  [{w.code}] {w.message}" for w in grouped]
    return "\n".join(lines) + "\n"


def _what_if_lines(ranking: Ranking) -> list[str]:
    """The what-if line (`rank --weight`): none when the weights are the file's."""
    if ranking.what_if is None:
        return []
    from scorecard.score.what_if import describe_what_if

    return [describe_what_if(ranking.what_if)]


def write_json(ranking: Ranking) -> str:
    """The stable `--format json` contract."""
    return ranking.to_json()


def write_csv(ranking: Ranking) -> str:
    """One row per vendor (ranked first, then disqualified), full float precision."""
    names = _criteria_names(ranking)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    # what-if weights: a last column in every row says so (the file stays one table)
    what_if = ["; ".join(_what_if_lines(ranking))] if ranking.what_if else []
    w.writerow(
        [
            "rank",
            "id",
            "vendor",
            "model",
            "score",
            "win_rate",
            *(f"points_{c}" for c in names),
            "status",
            "reasons",
            *(["what_if"] if what_if else []),
        ]
    )
    for v in ranking.ranking:
        w.writerow(
            [
                v.rank,
                v.id,
                v.vendor,
                v.model,
                repr(v.score),
                "" if v.win_rate is None else repr(v.win_rate),
                *(repr(v.criteria[c].points) for c in names),
                "ranked",
                "",
                *what_if,
            ]
        )
    for dq in ranking.disqualified:
        w.writerow(
            [
                "",
                dq.id,
                dq.vendor,
                dq.model,
                "",
                "",
                *([""] * len(names)),
                "disqualified",
                "; ".join(dq.reasons),
                *what_if,
            ]
        )
    return buf.getvalue()


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def write_markdown(ranking: Ranking) -> str:
    """A Markdown section: recommendation, ranking table, disqualified, warnings."""
    d = score_decimals([v.score for v in ranking.ranking])
    names = _criteria_names(ranking)
    out = [
        f"## Ranking ({ranking.method}, {ranking.date.isoformat()})",
        "",
        *(f"> **{_md(line)}**\n" for line in _what_if_lines(ranking)),
        _md(ranking.recommendation),
        "",
    ]
    if ranking.ranking:
        header = ["Rank", "Vendor", "Model", "Id", "Score", *names, "Win rate"]
        out.append("| " + " | ".join(_md(h) for h in header) + " |")
        out.append(
            "|"
            + "|".join(["---:", "---", "---", "---", "---:"] + ["---:"] * (len(names) + 1))
            + "|"
        )
        for v in ranking.ranking:
            cells = [
                str(v.rank),
                v.vendor,
                v.model,
                f"`{v.id}`",
                f"{v.score:.{d}f}",
                *(f"{v.criteria[c].points:.{d}f}" for c in names),
                _win(v),
            ]
            out.append("| " + " | ".join(_md(c) for c in cells) + " |")
        out.append("")
    for note in ranking.notes:
        out += [f"> {_md(note)}", ""]
    if ranking.disqualified:
        out += ["### Disqualified", ""]
        for dq in ranking.disqualified:
            out.append(
                f"- `{dq.id}` ({_md(dq.vendor)} {_md(dq.model)}): "
                + "; ".join(_md(r) for r in dq.reasons)
            )
        out.append("")
    if ranking.warnings:
        out += ["### Warnings", ""]
        out += [f"- `{w.code}`: {_md(w.message)}" for w in group_warnings(ranking.warnings)]
        out.append("")
    return "\n".join(out)


WRITERS: dict[str, Callable[[Ranking], str]] = {
    "table": write_table,
    "json": write_json,
    "csv": write_csv,
    "markdown": write_markdown,
}


def write_ranking(ranking: Ranking, fmt: str) -> str:
    """``ranking`` in format ``fmt`` (table, json, csv, markdown); the table and
    Markdown end with the robustness section when the ranking carries one."""
    text = WRITERS[fmt](ranking)
    if ranking.sensitivity is None or fmt not in ("table", "markdown"):
        return text
    from scorecard.report.sensitivity_text import (
        format_sensitivity_markdown,
        format_sensitivity_text,
    )

    write = format_sensitivity_text if fmt == "table" else format_sensitivity_markdown
    return text + "\n" + write(ranking.sensitivity, ranking)
