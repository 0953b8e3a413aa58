"""What changed between two versions of a buyer's project, and how the ranking moved.

:func:`diff_inputs` compares two loaded projects: per vendor, each changed figure
(old -> new, with source and date), added and removed vendors and metrics; in
the criteria file, changed weights, gates and settings; in the evaluation
panel, each evaluator's changed score (old -> new, and whether the justification
changed) and declaration; and, given the two rankings, each vendor's rank at both revisions and its movement.  Pure
functions; the writers (table, Markdown, JSON) return text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from scorecard.model.files import Figure
from scorecard.model.inputs import Inputs
from scorecard.model.results import Ranking

_FIGURE_FIELDS = ("value", "unit", "source", "as_of", "evidence", "method", "stderr", "note")


class _Diff(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FigureSide(_Diff):
    value: float
    unit: str
    source: str
    as_of: str
    evidence: str
    method: str | None = None
    stderr: float | None = None


class FigureChange(_Diff):
    metric: str
    change: Literal["added", "removed", "changed"]
    old: FigureSide | None
    new: FigureSide | None
    fields: list[str]  # the keys that differ (for "changed")


class VendorChange(_Diff):
    id: str
    change: Literal["added", "removed", "changed"]
    vendor: str
    model: str
    renamed: dict[str, list[str]] = {}  # "vendor"/"model" -> [old, new]
    figures: list[FigureChange] = []


class SettingChange(_Diff):
    section: Literal["weights", "gates", "settings"]
    key: str  # dotted path, e.g. criteria.cost.weight, gates.hallucination_rate.max
    old: Any
    new: Any


class ScoreChange(_Diff):
    """One evaluator's score of one vendor on one panel metric, at both revisions."""

    evaluator: str
    vendor: str
    metric: str
    change: Literal["added", "removed", "changed"]
    old: float | None
    new: float | None
    justification_changed: bool
    old_justification: str | None = None
    new_justification: str | None = None
    moderated: bool = False  # the moderator's agreed score (moderation.toml)
    recused_old: bool = False  # left out of the aggregate: a declared conflict
    recused_new: bool = False


class EvaluatorChange(_Diff):
    """A change to an evaluator's declaration (role, conflicts, dates), or an
    evaluator added or removed (key "evaluator")."""

    evaluator: str
    key: str
    old: Any
    new: Any


Status = Literal["ranked", "disqualified", "absent"]


class RankMove(_Diff):
    id: str
    vendor: str
    model: str
    rank_a: int | None  # None: absent or disqualified at A
    rank_b: int | None
    score_a: float | None
    score_b: float | None
    status_a: Status
    status_b: Status
    movement: int | None  # places gained from A to B (positive = up); None unless ranked at both
    reasons_a: list[str] = []  # why disqualified at A
    reasons_b: list[str] = []


class ProjectDiff(_Diff):
    rev_a: str
    rev_b: str
    date: dt.date
    vendors: list[VendorChange]
    criteria: list[SettingChange]
    ranking: list[RankMove] | None  # None when the ranking could not be computed
    scores: list[ScoreChange] = []  # the evaluation panel's scores, evaluator by evaluator
    evaluators: list[EvaluatorChange] = []
    # what the change does to the criteria's approval lock (None: nothing)
    approval: str | None = None

    @property
    def empty(self) -> bool:
        moved = any(
            m.movement or m.status_a != m.status_b or m.score_a != m.score_b
            for m in self.ranking or []
        )
        panel = self.scores or self.evaluators
        return (
            not self.vendors and not self.criteria and not moved and not panel and not self.approval
        )

    def to_json(self) -> str:
        return self.model_dump_json(indent=2) + "\n"


def _side(fig: Figure) -> FigureSide:
    as_of = fig.as_of.isoformat() if isinstance(fig.as_of, dt.date) else fig.as_of
    return FigureSide(
        value=fig.value,
        unit=fig.unit,
        source=fig.source,
        as_of=as_of,
        evidence=fig.evidence,
        method=fig.method,
        stderr=fig.stderr,
    )


def _figure_changes(a: Mapping[str, Figure], b: Mapping[str, Figure]) -> list[FigureChange]:
    out: list[FigureChange] = []
    for metric in [*a, *(m for m in b if m not in a)]:
        fa, fb = a.get(metric), b.get(metric)
        if fa is None and fb is not None:
            out.append(
                FigureChange(metric=metric, change="added", old=None, new=_side(fb), fields=[])
            )
        elif fb is None and fa is not None:
            out.append(
                FigureChange(metric=metric, change="removed", old=_side(fa), new=None, fields=[])
            )
        elif fa is not None and fb is not None:
            fields = [k for k in _FIGURE_FIELDS if getattr(fa, k) != getattr(fb, k)]
            if fields:
                out.append(
                    FigureChange(
                        metric=metric, change="changed", old=_side(fa), new=_side(fb), fields=fields
                    )
                )
    return out


def vendor_changes(a: Inputs, b: Inputs) -> list[VendorChange]:
    va = {v.id: v for v in a.vendors}
    vb = {v.id: v for v in b.vendors}
    out: list[VendorChange] = []
    for vid in sorted({*va, *vb}):
        ra, rb = va.get(vid), vb.get(vid)
        if ra is None and rb is not None:
            figs = _figure_changes({}, rb.file.metrics)
            out.append(
                VendorChange(id=vid, change="added", vendor=rb.vendor, model=rb.model, figures=figs)
            )
        elif rb is None and ra is not None:
            out.append(VendorChange(id=vid, change="removed", vendor=ra.vendor, model=ra.model))
        elif ra is not None and rb is not None:
            figs = _figure_changes(ra.file.metrics, rb.file.metrics)
            renamed = {
                k: [getattr(ra.file, k), getattr(rb.file, k)]
                for k in ("vendor", "model")
                if getattr(ra.file, k) != getattr(rb.file, k)
            }
            if figs or renamed:
                out.append(
                    VendorChange(
                        id=vid,
                        change="changed",
                        vendor=rb.vendor,
                        model=rb.model,
                        renamed=renamed,
                        figures=figs,
                    )
                )
    return out


def _flatten(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _flatten(v, f"{path}.{k}" if path else str(k))
    else:
        yield path, value


def _criteria_leaves(inputs: Inputs) -> dict[str, Any]:
    data = inputs.criteria.model_dump(mode="json", exclude_none=True)
    gates = data.pop("gates", [])
    keyed: dict[str, Any] = {}
    seen: dict[str, int] = {}
    for gate in gates:
        metric = gate.pop("metric")
        n = seen[metric] = seen.get(metric, 0) + 1
        keyed[metric if n == 1 else f"{metric}#{n}"] = gate
    leaves = dict(_flatten(data, ""))
    leaves.update(_flatten(keyed, "gates"))
    return leaves


def _section(key: str) -> Literal["weights", "gates", "settings"]:
    if key.startswith("gates."):
        return "gates"
    if key.startswith("criteria.") and key.rsplit(".", 1)[-1] in (
        "weight",
        "best",
        "worst",
        "scale",
        "unit",
    ):
        return "weights"
    return "settings"


def criteria_changes(a: Inputs, b: Inputs) -> list[SettingChange]:
    la, lb = _criteria_leaves(a), _criteria_leaves(b)
    out = [
        SettingChange(section=_section(k), key=k, old=la.get(k), new=lb.get(k))
        for k in [*la, *(k for k in lb if k not in la)]
        if la.get(k) != lb.get(k)
    ]
    order = {"weights": 0, "gates": 1, "settings": 2}
    return sorted(out, key=lambda c: order[c.section])


# (evaluator, vendor, metric) -> (score, justification, moderated, recused)
_Given = dict[tuple[str, str, str], tuple[float, str, bool, bool]]


def _given_scores(inputs: Inputs) -> _Given:
    out: _Given = {}
    if inputs.panel is None:
        return out
    for r in inputs.panel.results:
        for s in r.scores:
            out[(s.evaluator, r.vendor, r.metric)] = (s.score, s.justification, False, False)
        if r.moderated is not None:
            m = r.moderated
            out[(m.evaluator, r.vendor, r.metric)] = (m.score, m.justification, True, False)
        moderator = inputs.panel.moderator
        for s in r.recused:
            is_mod = moderator is not None and s.source == moderator.source
            out[(s.evaluator, r.vendor, r.metric)] = (s.score, s.justification, is_mod, True)
    return out


def score_changes(a: Inputs, b: Inputs) -> list[ScoreChange]:
    """Each evaluator's score that was added, removed or changed (the score, its
    justification, or whether it is recused), by evaluator, vendor and metric."""
    ga, gb = _given_scores(a), _given_scores(b)
    out: list[ScoreChange] = []
    for key in sorted({*ga, *gb}):
        sa, sb = ga.get(key), gb.get(key)
        if sa == sb:
            continue
        evaluator, vendor, metric = key
        change: Literal["added", "removed", "changed"] = (
            "added" if sa is None else "removed" if sb is None else "changed"
        )
        out.append(
            ScoreChange(
                evaluator=evaluator,
                vendor=vendor,
                metric=metric,
                change=change,
                old=None if sa is None else sa[0],
                new=None if sb is None else sb[0],
                justification_changed=sa is not None and sb is not None and sa[1] != sb[1],
                old_justification=None if sa is None else sa[1],
                new_justification=None if sb is None else sb[1],
                moderated=(sb or sa or (0.0, "", False, False))[2],
                recused_old=sa is not None and sa[3],
                recused_new=sb is not None and sb[3],
            )
        )
    return out


_DECLARATION = ("role", "conflicts", "conflicted_vendors", "declared_on", "date", "source")


def _people(inputs: Inputs) -> dict[str, dict[str, Any]]:
    if inputs.panel is None:
        return {}
    moderator = inputs.panel.moderator
    people = [*inputs.panel.evaluators, *([moderator] if moderator else [])]
    out: dict[str, dict[str, Any]] = {}
    for e in people:
        row = {k: getattr(e, k) for k in _DECLARATION}
        row["conflicted_vendors"] = list(e.conflicted_vendors)
        for k in ("declared_on", "date"):
            row[k] = None if row[k] is None else row[k].isoformat()
        out[e.name] = row
    return out


def evaluator_changes(a: Inputs, b: Inputs) -> list[EvaluatorChange]:
    """Evaluators added or removed, and changed declarations (old -> new)."""
    pa, pb = _people(a), _people(b)
    out: list[EvaluatorChange] = []
    for name in sorted({*pa, *pb}):
        ea, eb = pa.get(name), pb.get(name)
        if ea is None or eb is None:
            old, new = (None, name) if ea is None else (name, None)
            out.append(EvaluatorChange(evaluator=name, key="evaluator", old=old, new=new))
            continue
        out += [
            EvaluatorChange(evaluator=name, key=k, old=ea[k], new=eb[k])
            for k in _DECLARATION
            if ea[k] != eb[k]
        ]
    return out


def rank_moves(a: Ranking, b: Ranking) -> list[RankMove]:
    """Each vendor's place at both revisions, in B's order (then A's, then disqualified)."""

    Row = tuple[str, str, int | None, float | None, Status, list[str]]

    def index(r: Ranking) -> dict[str, Row]:
        out: dict[str, Row] = {
            v.id: (v.vendor, v.model, v.rank, v.score, "ranked", []) for v in r.ranking
        }
        for d in r.disqualified:
            out[d.id] = (d.vendor, d.model, None, None, "disqualified", list(d.reasons))
        return out

    ia, ib = index(a), index(b)
    moves: list[RankMove] = []
    for vid in {*ia, *ib}:
        xa, xb = ia.get(vid), ib.get(vid)
        name = xb or xa
        assert name is not None
        rank_a = xa[2] if xa else None
        rank_b = xb[2] if xb else None
        moves.append(
            RankMove(
                id=vid,
                vendor=name[0],
                model=name[1],
                rank_a=rank_a,
                rank_b=rank_b,
                score_a=xa[3] if xa else None,
                score_b=xb[3] if xb else None,
                status_a=xa[4] if xa else "absent",
                status_b=xb[4] if xb else "absent",
                movement=rank_a - rank_b if rank_a is not None and rank_b is not None else None,
                reasons_a=xa[5] if xa else [],
                reasons_b=xb[5] if xb else [],
            )
        )
    big = 10**9
    moves.sort(key=lambda m: (m.rank_b or big, m.rank_a or big, m.id))
    return moves


def diff_inputs(
    a: Inputs,
    b: Inputs,
    *,
    rev_a: str,
    rev_b: str,
    date: dt.date,
    ranking_a: Ranking | None = None,
    ranking_b: Ranking | None = None,
) -> ProjectDiff:
    ranking = (
        rank_moves(ranking_a, ranking_b)
        if ranking_a is not None and ranking_b is not None
        else None
    )
    return ProjectDiff(
        rev_a=rev_a,
        rev_b=rev_b,
        date=date,
        vendors=vendor_changes(a, b),
        criteria=criteria_changes(a, b),
        ranking=ranking,
        scores=score_changes(a, b),
        evaluators=evaluator_changes(a, b),
        approval=approval_change(a, b),
    )


def approval_change(a: Inputs, b: Inputs) -> str | None:
    """What the change does to the criteria's approval: breaks it (``a`` locked, ``b``
    scoring differently without a new approval) or replaces it; None otherwise."""
    from scorecard.model.approval import approval_breaks, approval_of

    if not approval_breaks(a.criteria, b.criteria):
        return None
    old = approval_of(a.criteria)
    on = old.approved_on.isoformat() if old.approved_on else "(date not stated)"
    who = old.approved_by or "(approver not stated)"
    new = approval_of(b.criteria)
    if new.status == "locked":
        version = b.criteria.version or "(no version)"
        new_on = new.approved_on.isoformat() if new.approved_on else "(date not stated)"
        return (
            f"the criteria approved on {on} by {who} were approved again: version {version}, "
            f"on {new_on}"
        )
    return (
        f"this change breaks the approval of the criteria on {on} by {who}: what scores "
        "differs from the approved criteria, so validate, rank and report fail until "
        "they are approved again with a new version"
    )
