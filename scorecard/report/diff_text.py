"""A :class:`~scorecard.analyse.diff.ProjectDiff` as a table or Markdown."""

from __future__ import annotations

from typing import Any

from scorecard.analyse.diff import FigureChange, FigureSide, ProjectDiff, RankMove, ScoreChange
from scorecard.report.format import format_short, score_decimals


def _num(x: float | None) -> str:
    return format_short(x, digits=10)


def _val(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return _num(value)
    if isinstance(value, str):
        return repr(value)
    return str(value)


def _fig(side: FigureSide) -> str:
    return f"{_num(side.value)} {side.unit}"


def _prov(side: FigureSide) -> str:
    return f"{side.source}, as of {side.as_of}, {side.evidence}"


def _figure_lines(fc: FigureChange) -> list[str]:
    if fc.change == "added":
        assert fc.new is not None
        return [f"added    {fc.metric} = {_fig(fc.new)} ({_prov(fc.new)})"]
    if fc.change == "removed":
        assert fc.old is not None
        return [f"removed  {fc.metric} (was {_fig(fc.old)}, {_prov(fc.old)})"]
    assert fc.old is not None and fc.new is not None
    if "value" in fc.fields or "unit" in fc.fields:
        head = f"changed  {fc.metric}: {_fig(fc.old)} -> {_fig(fc.new)}"
    else:
        head = f"changed  {fc.metric}: {_fig(fc.new)}, {', '.join(fc.fields)} changed"
    if _prov(fc.old) == _prov(fc.new):
        return [head, f"           ({_prov(fc.new)})"]
    return [head, f"           was: {_prov(fc.old)}", f"           now: {_prov(fc.new)}"]


def _score_side(value: float | None, recused: bool) -> str:
    if value is None:
        return "(none)"
    return _num(value) + (" (recused)" if recused else "")


def _score_words(sc: ScoreChange) -> tuple[str, str, str]:
    """Who and what (evaluator, vendor, metric), old -> new, and the justification."""
    who = f"{sc.evaluator}{' (moderator)' if sc.moderated else ''}: {sc.vendor} {sc.metric}"
    change = f"{_score_side(sc.old, sc.recused_old)} -> {_score_side(sc.new, sc.recused_new)}"
    if sc.change == "added":
        why = "new score"
    elif sc.change == "removed":
        why = "score withdrawn"
    else:
        why = "justification changed" if sc.justification_changed else "justification unchanged"
    return who, change, why


def _panel_lines(diff: ProjectDiff) -> list[str]:
    lines: list[str] = []
    if diff.scores:
        lines += ["", "Panel scores (evaluator: vendor metric: old -> new)"]
        for sc in diff.scores:
            who, change, why = _score_words(sc)
            lines.append(f"  {who}: {change}, {why}")
    if diff.evaluators:
        lines += ["", "Evaluators"]
        for ec in diff.evaluators:
            lines.append(f"  {ec.evaluator}: {ec.key}: {_val(ec.old)} -> {_val(ec.new)}")
    return lines


def _movement(m: RankMove) -> str:
    if m.status_a == "absent":
        return "new"
    if m.status_b == "absent":
        return "removed"
    if m.status_b == "disqualified" and m.status_a != "disqualified":
        return "disqualified"
    if m.status_a == "disqualified" and m.status_b == "ranked":
        return "qualified"
    if m.movement is None or m.movement == 0:
        return "="
    return f"up {m.movement}" if m.movement > 0 else f"down {-m.movement}"


def _place(rank: int | None, score: float | None, status: str, decimals: int = 2) -> str:
    if status == "absent":
        return "-"
    if status == "disqualified":
        return "disqualified"
    return f"{rank} ({score:.{decimals}f})" if score is not None else str(rank)


def _decimals(moves: list[RankMove]) -> int:
    """Enough decimals that scores ranking differently never look equal (as `rank` shows)."""
    return score_decimals(s for m in moves for s in (m.score_a, m.score_b) if s is not None)


def render_table(diff: ProjectDiff) -> str:
    lines = [f"Comparing {diff.rev_a} with {diff.rev_b} (report date {diff.date.isoformat()})"]
    if diff.empty:
        lines.append("No changes.")
        return "\n".join(lines) + "\n"
    if diff.vendors:
        lines += ["", "Vendors"]
        for vc in diff.vendors:
            label = f"{vc.id} ({vc.vendor} {vc.model})"
            if vc.change == "removed":
                lines.append(f"  removed  {label}")
                continue
            lines.append(f"  {'added    ' if vc.change == 'added' else ''}{label}")
            for key, (old, new) in vc.renamed.items():
                lines.append(f"    {key}: {old!r} -> {new!r}")
            for fc in vc.figures:
                lines += [f"    {line}" for line in _figure_lines(fc)]
    if diff.criteria:
        lines += ["", "Criteria"]
        for sc in diff.criteria:
            lines.append(f"  {sc.key}: {_val(sc.old)} -> {_val(sc.new)}")
    if diff.approval:
        lines += ["", f"Approval: {diff.approval}"]
    lines += _panel_lines(diff)
    if diff.ranking is not None:
        lines += ["", f"Ranking ({diff.rev_a} -> {diff.rev_b})"]
        d = _decimals(diff.ranking)
        rows = [("vendor", diff.rev_a, diff.rev_b, "movement")]
        rows += [
            (
                m.id,
                _place(m.rank_a, m.score_a, m.status_a, d),
                _place(m.rank_b, m.score_b, m.status_b, d),
                _movement(m),
            )
            for m in diff.ranking
        ]
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        for r in rows:
            lines.append(
                "  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
            )
        lines += _reason_lines(diff, "  ")
    return "\n".join(lines) + "\n"


def _reason_lines(diff: ProjectDiff, indent: str) -> list[str]:
    """Why each vendor is disqualified, at the revision(s) where it is."""
    out: list[str] = []
    for m in diff.ranking or []:
        if m.reasons_b:
            out.append(f"{indent}{m.id} disqualified at {diff.rev_b}: {'; '.join(m.reasons_b)}")
        if m.reasons_a and m.reasons_a != m.reasons_b:
            out.append(f"{indent}{m.id} disqualified at {diff.rev_a}: {'; '.join(m.reasons_a)}")
    return out


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(diff: ProjectDiff) -> str:
    """For a pull-request comment."""
    out = [f"### scorecard: `{diff.rev_a}` → `{diff.rev_b}`", ""]
    if diff.empty:
        return "\n".join([*out, "No changes.", ""])
    if diff.vendors:
        out += [
            "#### Vendors",
            "",
            "| vendor | metric | change | old | new |",
            "|---|---|---|---|---|",
        ]
        for vc in diff.vendors:
            who = f"`{vc.id}` ({_md(vc.vendor)} {_md(vc.model)})"
            if vc.change in ("added", "removed") and not vc.figures:
                out.append(f"| {who} | | vendor {vc.change} | | |")
            if vc.change == "added" and vc.figures:
                out.append(f"| {who} | | vendor added | | |")
            for key, (old, new) in vc.renamed.items():
                out.append(f"| {who} | | {key} renamed | {_md(old)} | {_md(new)} |")
            for fc in vc.figures:
                old = f"{_fig(fc.old)}<br>{_md(_prov(fc.old))}" if fc.old else ""
                new = f"{_fig(fc.new)}<br>{_md(_prov(fc.new))}" if fc.new else ""
                what = fc.change if fc.change != "changed" else f"changed ({', '.join(fc.fields)})"
                out.append(f"| {who} | `{fc.metric}` | {what} | {old} | {new} |")
        out.append("")
    if diff.criteria:
        out += ["#### Criteria", "", "| setting | old | new |", "|---|---|---|"]
        for sc in diff.criteria:
            out.append(f"| `{sc.key}` | {_md(_val(sc.old))} | {_md(_val(sc.new))} |")
        out.append("")
    if diff.approval:
        out += [f"**Approval:** {_md(diff.approval)}", ""]
    if diff.scores:
        out += [
            "#### Panel scores",
            "",
            "| evaluator | vendor | metric | old | new | justification |",
            "|---|---|---|---|---|---|",
        ]
        for ch in diff.scores:
            _, _, why = _score_words(ch)
            who = _md(ch.evaluator) + (" (moderator)" if ch.moderated else "")
            out.append(
                f"| {who} | `{ch.vendor}` | `{ch.metric}` | "
                f"{_score_side(ch.old, ch.recused_old)} | {_score_side(ch.new, ch.recused_new)} | "
                f"{why} |"
            )
        out.append("")
    if diff.evaluators:
        out += ["#### Evaluators", "", "| evaluator | key | old | new |", "|---|---|---|---|"]
        for ec in diff.evaluators:
            out.append(
                f"| {_md(ec.evaluator)} | `{ec.key}` | {_md(_val(ec.old))} | {_md(_val(ec.new))} |"
            )
        out.append("")
    if diff.ranking is not None:
        out += [
            "#### Ranking",
            "",
            f"| vendor | `{diff.rev_a}` | `{diff.rev_b}` | movement |",
            "|---|---|---|---|",
        ]
        d = _decimals(diff.ranking)
        for m in diff.ranking:
            out.append(
                f"| `{m.id}` | {_place(m.rank_a, m.score_a, m.status_a, d)} | "
                f"{_place(m.rank_b, m.score_b, m.status_b, d)} | {_movement(m)} |"
            )
        reasons = _reason_lines(diff, "- ")
        if reasons:
            out += ["", *(_md(r) for r in reasons)]
        out.append("")
    return "\n".join(out)
