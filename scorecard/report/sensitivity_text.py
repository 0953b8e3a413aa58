"""Views of a :class:`~scorecard.results.Sensitivity` for writers: the acceptability
matrix cut to the vendors worth showing, and the plain-text section of `rank`'s table.

Pure and numpy-free (it reads result models only), so the report and the table
writer can use it without importing the analysis itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from scorecard.model.results import Ranking, Sensitivity, WeightRange
from scorecard.report.format import format_fixed, format_number, format_share
from scorecard.report.i18n import _
from scorecard.report.labels import Labels
from scorecard.report.writers import grid as _grid

#: The acceptability matrix shows this many vendors; the rest are one row.
TOP_VENDORS = 10


@dataclass(frozen=True)
class AcceptabilityRow:
    """One row of the acceptability heat map.

    ``ranks[r]`` is the share of draws at rank r + 1 (for the "rest" row: the share of
    draws in which *one of* those vendors holds that rank, so it is still at most 1);
    ``lower`` the share ranked below the ranks shown and ``disqualified`` the share
    disqualified (for the "rest" row: their average over those vendors)."""

    id: str | None  # None for the "rest" row
    label: str
    ranks: list[float]
    lower: float
    disqualified: float
    first: float


def shown_vendors(ranking: Ranking) -> list[tuple[str, str]]:
    """(id, label) of every vendor in report order: ranked ones by rank, then the
    disqualified by id."""
    out = [(vs.id, vs.model) for vs in ranking.ranking]
    out += [(d.id, d.model) for d in sorted(ranking.disqualified, key=lambda d: d.id)]
    return out


def acceptability_rows(
    sensitivity: Sensitivity, ranking: Ranking, top: int = TOP_VENDORS
) -> list[AcceptabilityRow]:
    """The first ``top`` vendors (in report order) with their shares at ranks 1..top,
    and the other vendors as one "rest" row."""
    vendors = shown_vendors(ranking)
    # no rank columns beyond the vendors that can be ranked in some draw
    rankable = sum(1 for vid, _ in vendors if sensitivity.disqualified_share[vid] < 1)
    n_ranks = min(top, max(1, rankable))
    rows: list[AcceptabilityRow] = []
    for vid, label in vendors[:top]:
        shares = sensitivity.acceptability[vid]
        rows.append(
            AcceptabilityRow(
                id=vid,
                label=label,
                ranks=list(shares[:n_ranks]),
                lower=sum(shares[n_ranks:]),
                disqualified=sensitivity.disqualified_share[vid],
                first=sensitivity.first_probability[vid],
            )
        )
    rest = vendors[top:]
    if rest:
        n = len(rest)
        cols = [sensitivity.acceptability[vid] for vid, _ in rest]
        rows.append(
            AcceptabilityRow(
                id=None,
                label=_("the other {n} vendors").format(n=n),
                ranks=[sum(c[r] for c in cols) for r in range(n_ranks)],
                lower=sum(sum(c[n_ranks:]) for c in cols) / n,
                disqualified=sum(sensitivity.disqualified_share[vid] for vid, _ in rest) / n,
                first=sum(sensitivity.first_probability[vid] for vid, _ in rest),
            )
        )
    return rows


def _share(share: float) -> str:
    return format_share(share, zero="-")


def _heading(s: Sensitivity) -> str:
    return _("Robustness ({draws} draws, seed {seed}, concentration {concentration})").format(
        draws=format_number(s.draws), seed=s.seed, concentration=format_number(s.concentration)
    )


def _head(n_ranks: int, show_lower: bool) -> list[str]:
    head = [_("Share of draws"), *(f"#{r + 1}" for r in range(n_ranks))]
    return head + [_("lower")] * show_lower + [_("disq.")]


def _range_cells(wr: WeightRange) -> list[str]:
    return [format_fixed(wr.weight, 2), format_fixed(wr.low, 2), format_fixed(wr.high, 2)]


def _range_head() -> list[str]:
    return [
        _("Criterion"),
        _("Weight"),
        _("From"),
        _("To"),
        _("Overtaken below by"),
        _("Overtaken above by"),
    ]


def format_sensitivity_text(
    sensitivity: Sensitivity, ranking: Ranking, labels: Labels | None = None
) -> str:
    """The robustness section of `scorecard rank`'s table output."""
    from scorecard.report.verdict_text import notes_text, verdict_text

    s = sensitivity
    labels = labels or Labels()
    lines = [_heading(s), "", verdict_text(s, ranking, labels)]
    rows = acceptability_rows(s, ranking)
    if rows:
        show_lower = any(r.lower > 0 for r in rows)
        head = _head(len(rows[0].ranks), show_lower)
        table = [head]
        for r in rows:
            cells = [_share(x) for x in r.ranks] + [_share(r.lower)] * show_lower
            table.append([r.label, *cells, _share(r.disqualified)])
        lines += ["", *_grid(table, right=set(range(1, len(head))), indent="  ")]
    if s.weight_ranges:
        names = dict(shown_vendors(ranking))
        leader = names.get(s.leader or "", s.leader or "")
        lines += [
            "",
            _(
                "Weight ranges over which {leader} stays first (other criteria in proportion):"
            ).format(leader=leader),
        ]
        table = [_range_head()]
        for c, wr in s.weight_ranges.items():
            below = wr.overtaken_by_below
            above = wr.overtaken_by_above
            table.append(
                [
                    labels.criterion(c),
                    *_range_cells(wr),
                    names.get(below, below) if below else "-",
                    names.get(above, above) if above else "-",
                ]
            )
        lines += _grid(table, right={1, 2, 3}, indent="  ")
    notes = notes_text(s, ranking)
    if notes:
        lines.append("")
        lines += [_("Note: {note}").format(note=n) for n in notes]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def format_sensitivity_markdown(
    sensitivity: Sensitivity, ranking: Ranking, labels: Labels | None = None
) -> str:
    """The robustness section of `scorecard rank --format markdown`."""
    from scorecard.report.verdict_text import notes_text, verdict_text

    s = sensitivity
    labels = labels or Labels()
    lines = ["### " + _heading(s), "", _md(verdict_text(s, ranking, labels))]
    rows = acceptability_rows(s, ranking)
    if rows:
        show_lower = any(r.lower > 0 for r in rows)
        head = _head(len(rows[0].ranks), show_lower)
        lines += ["", "| " + " | ".join(head) + " |", "|---" + "|---:" * (len(head) - 1) + "|"]
        for r in rows:
            cells = [_share(x) for x in r.ranks] + [_share(r.lower)] * show_lower
            cells.append(_share(r.disqualified))
            lines.append("| " + " | ".join([_md(r.label), *cells]) + " |")
    if s.weight_ranges:
        names = dict(shown_vendors(ranking))
        leader = names.get(s.leader or "", s.leader or "")
        lines += [
            "",
            _(
                "Weight ranges over which {leader} stays first (other criteria in proportion):"
            ).format(leader=_md(leader)),
            "",
            "| " + " | ".join(_range_head()) + " |",
            "|---|---:|---:|---:|---|---|",
        ]
        for c, wr in s.weight_ranges.items():
            below, above = wr.overtaken_by_below, wr.overtaken_by_above
            cells = [
                _md(labels.criterion(c)),
                *_range_cells(wr),
                _md(names.get(below, below)) if below else "-",
                _md(names.get(above, above)) if above else "-",
            ]
            lines.append("| " + " | ".join(cells) + " |")
    notes = notes_text(s, ranking)
    if notes:
        lines.append("")
        lines += ["- " + _("Note: {note}").format(note=_md(n)) for n in notes]
    return "\n".join(lines) + "\n"
