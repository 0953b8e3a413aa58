"""What changed between two versions of a buyer's project, and how the ranking moved.

:func:`diff_inputs` compares two loaded projects: per vendor, each changed figure
(old -> new, with source and date), added and removed vendors and metrics; in
the criteria file, changed weights, gates and settings; and, given the two
rankings, each vendor's rank at both revisions and its movement.  Pure
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

    @property
    def empty(self) -> bool:
        moved = any(
            m.movement or m.status_a != m.status_b or m.score_a != m.score_b
            for m in self.ranking or []
        )
        return not self.vendors and not self.criteria and not moved

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
    )
