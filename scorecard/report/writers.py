"""Text writers for a :class:`~scorecard.results.Ranking`: table, JSON, CSV, Markdown.

Pure functions from the result model to a string; no jinja2, no weasyprint (the
`rank` command imports this module and must stay fast).  JSON is exactly
:meth:`Ranking.to_json`, the stable contract."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from scorecard.model.results import Ranking, VendorScore
from scorecard.report.decision import recommendation_text, runner_up_text
from scorecard.report.format import format_date, format_fixed, format_share, score_decimals
from scorecard.report.i18n import _, use_language
from scorecard.report.labels import Labels
from scorecard.score.notices import group_warnings


def _win(v: VendorScore) -> str:
    return "-" if v.win_rate is None else format_share(v.win_rate)


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


def _decision(ranking: Ranking, labels: Labels) -> list[str]:
    """The recommendation with why the first beats the second."""
    return [recommendation_text(ranking, labels)]


def write_table(ranking: Ranking, labels: Labels | None = None) -> str:
    """A plain-text table for the terminal: labels for names, a reader's precision."""
    labels = labels or Labels()
    d = score_decimals([v.score for v in ranking.ranking])
    names = _criteria_names(ranking)
    lines = [
        _('Ranking by {method}, {date} (missing = "{missing}")').format(
            method=ranking.method, date=format_date(ranking.date), missing=ranking.missing
        ),
        *_what_if_lines(ranking),
        *_approval_lines(ranking),
        "",
    ]
    if ranking.ranking:
        header = [_("Rank"), _("Vendor"), _("Model"), _("Id"), _("Score")]
        header += [*(labels.criterion(c) for c in names), _("Win rate")]
        rows = [header]
        for v in ranking.ranking:
            rows.append(
                [
                    str(v.rank),
                    v.vendor,
                    v.model,
                    v.id,
                    format_fixed(v.score, d),
                    *(format_fixed(v.criteria[c].points, 1) for c in names),
                    _win(v),
                ]
            )
        lines += grid(rows, right={0, 4, *range(5, 6 + len(names))})
        if ranking.method == "topsis":
            label = _(
                "Criterion columns: points contributed (weighted value functions; not a "
                "decomposition of the TOPSIS score); win rate: share of the others beaten, "
                "metric by metric."
            )
        else:
            label = _(
                "Criterion columns: points contributed (weighted value functions); win rate: "
                "share of the others beaten, metric by metric."
            )
        lines += ["", label]
    else:
        lines.append(_("No vendor ranked."))
    lines += ["", *_decision(ranking, labels)]
    for note in ranking.notes:
        lines.append(_("Note: {note}").format(note=note))
    if ranking.disqualified:
        lines += ["", _("Disqualified:")]
        for dq in ranking.disqualified:
            lines.append(f"  {dq.id} ({dq.vendor} {dq.model}):")
            lines += [f"    - {labels.words(r)}" for r in dq.reasons]
    if ranking.warnings:
        grouped = group_warnings(ranking.warnings)
        lines += [
            "",
            _("Warnings ({count}, one line per kind and metric, most serious first):").format(
                count=len(ranking.warnings)
            ),
        ]
        lines += [f"  [{g.code}] {labels.words(g.message)}" for g in grouped]
    return "\n".join(lines) + "\n"


#: How the table and Markdown list warnings (the full list is in the JSON).


def _what_if_lines(ranking: Ranking) -> list[str]:
    """The what-if line (`rank --weight`): none when the weights are the file's."""
    if ranking.what_if is None:
        return []
    from scorecard.score.what_if import describe_what_if

    return [describe_what_if(ranking.what_if)]


def _approval_lines(ranking: Ranking) -> list[str]:
    """The notice of criteria changed after approval (`--allow-unapproved`); else none."""
    approval = ranking.approval
    if approval is None or approval.status != "changed":
        return []
    on = format_date(approval.approved_on) if approval.approved_on else _("(date not stated)")
    return [
        _("Criteria changed after approval on {date} (run with --allow-unapproved).").format(
            date=on
        )
    ]


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


def write_markdown(ranking: Ranking, labels: Labels | None = None) -> str:
    """A Markdown section: recommendation, ranking table, disqualified, warnings."""
    labels = labels or Labels()
    d = score_decimals([v.score for v in ranking.ranking])
    names = _criteria_names(ranking)
    out = [
        "## "
        + _("Ranking ({method}, {date})").format(
            method=ranking.method, date=format_date(ranking.date)
        ),
        "",
        *(f"> **{_md(line)}**\n" for line in _what_if_lines(ranking)),
        *(f"> **{_md(line)}**\n" for line in _approval_lines(ranking)),
        *(line for text in _decision(ranking, labels) for line in (_md(text), "")),
    ]
    if ranking.ranking:
        header = [_("Rank"), _("Vendor"), _("Model"), _("Id"), _("Score")]
        header += [*(labels.criterion(c) for c in names), _("Win rate")]
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
                format_fixed(v.score, d),
                *(format_fixed(v.criteria[c].points, 1) for c in names),
                _win(v),
            ]
            out.append("| " + " | ".join(_md(c) for c in cells) + " |")
        out.append("")
    for note in ranking.notes:
        out += [f"> {_md(note)}", ""]
    if ranking.disqualified:
        out += ["### " + _("Disqualified"), ""]
        for dq in ranking.disqualified:
            out.append(
                f"- `{dq.id}` ({_md(dq.vendor)} {_md(dq.model)}): "
                + "; ".join(_md(labels.words(r)) for r in dq.reasons)
            )
        out.append("")
    if ranking.warnings:
        out += [
            "### " + _("Warnings"),
            "",
            _("{count} warnings, one line per kind and metric, most serious first:").format(
                count=len(ranking.warnings)
            ),
            "",
        ]
        grouped = group_warnings(ranking.warnings)
        out += [f"- `{g.code}`: {_md(labels.words(g.message))}" for g in grouped]
        out.append("")
    return "\n".join(out)


WRITERS: dict[str, Callable[[Ranking], str]] = {
    "table": write_table,
    "json": write_json,
    "csv": write_csv,
    "markdown": write_markdown,
}


def write_ranking(
    ranking: Ranking, fmt: str, labels: Labels | None = None, language: str = "en"
) -> str:
    """``ranking`` in format ``fmt`` (table, json, csv, markdown); the table and
    Markdown end with the robustness section when the ranking carries one.  ``labels``
    names metrics and criteria in the table and Markdown (default: the catalogue's);
    they are written in ``language`` (JSON and CSV are language-neutral)."""
    if fmt not in ("table", "markdown"):
        return WRITERS[fmt](ranking)
    with use_language(language):
        return _write_text(ranking, fmt, labels)


def _write_text(ranking: Ranking, fmt: str, labels: Labels | None) -> str:
    if fmt == "table":
        text = write_table(ranking, labels)
    elif fmt == "markdown":
        text = write_markdown(ranking, labels)
    else:
        text = WRITERS[fmt](ranking)
    if ranking.sensitivity is None or fmt not in ("table", "markdown"):
        return text
    from scorecard.report.sensitivity_text import (
        format_sensitivity_markdown,
        format_sensitivity_text,
    )

    write = format_sensitivity_text if fmt == "table" else format_sensitivity_markdown
    runner_up = runner_up_text(ranking)  # from the shares: it closes the robustness section
    second = f"\n{runner_up}\n" if runner_up else ""
    return text + "\n" + write(ranking.sensitivity, ranking, labels) + second
