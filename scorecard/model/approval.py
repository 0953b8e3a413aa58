"""The approval lock of a criteria file: what scores, in a canonical form, its SHA-256,
and the approval status.  Pure: no files, no git.

`scorecard approve` writes ``approved_sha256``, the hash of :func:`scoring_form`.
The form is the validated :class:`~scorecard.model.files.CriteriaFile` dumped with
every key it has -- so a key a later version adds to the model is covered by
default -- less :data:`EXCLUDED`, the keys that cannot change a score or a
disqualification (names, wording, the approval itself, debrief options).  Keys
left at their default are left out, so ``missing = "worst"`` written or omitted,
``30`` or ``30.0``, comments, key order and formatting all give the same hash, and
a new model key leaves the hashes of files that do not set it as they were."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from scorecard.model.files import CriteriaFile

#: Keys outside the hash: dotted paths into the criteria file, ``*`` standing for any
#: table key.  Everything else the model holds is hashed.
EXCLUDED: tuple[str, ...] = (
    # what the tender is called, and who says so
    "title",
    "buyer",
    "reference",
    "classification",
    "version",
    # the approval itself
    "approved_by",
    "approved_role",
    "approved_on",
    "approved_sha256",
    # presentation: the report's language, names and wording
    "language",
    "criteria.*.label",
    "criteria.*.description",
    "metrics.*.label",
    "metrics.*.description",
    # the debriefs' options
    "standstill_days",
    "debrief_show_evaluator_names",
)

#: Bumped only if the canonical form itself ever changes (every hash would).
FORM_VERSION = "scorecard-criteria-scoring/1"

ApprovalStatus = Literal["locked", "changed", "not-locked", "unapproved"]


class Approval(BaseModel):
    """A criteria file's approval as results carry it: ``locked`` (approved, and what
    scores is unchanged), ``changed`` (changed since), ``not-locked`` (an approval
    without ``approved_sha256``), ``unapproved`` (none)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    status: ApprovalStatus
    approved_by: str | None = None
    approved_role: str | None = None
    approved_on: dt.date | None = None


def _drop(data: Any, path: list[str]) -> None:
    """Remove the key at ``path`` (``*``: every key of that table) from ``data``."""
    if not isinstance(data, dict) or not path:
        return
    head, rest = path[0], path[1:]
    keys = list(data) if head == "*" else [head] if head in data else []
    for key in keys:
        if rest:
            _drop(data[key], rest)
        else:
            del data[key]


def scoring_form(cf: CriteriaFile, *, defaults: bool = False) -> dict[str, Any]:
    """What scores, as plain JSON values: the model's keys less :data:`EXCLUDED`.
    Without ``defaults`` (the hashed form) keys at their default value are left out."""
    data = cf.model_dump(mode="json", by_alias=True, exclude_defaults=not defaults)
    for excluded in EXCLUDED:
        _drop(data, excluded.split("."))
    return data


def canonical_text(cf: CriteriaFile) -> str:
    """The hashed form as one JSON text: sorted keys, no spaces."""
    return json.dumps(
        scoring_form(cf), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def scoring_sha256(cf: CriteriaFile) -> str:
    """The SHA-256 `scorecard approve` writes as ``approved_sha256``."""
    text = f"{FORM_VERSION}\n{canonical_text(cf)}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def approval_of(cf: CriteriaFile) -> Approval:
    """The criteria file's approval status."""
    if cf.approved_sha256 is not None:
        status: ApprovalStatus = "locked" if scoring_sha256(cf) == cf.approved_sha256 else "changed"
    elif cf.approved_on is not None or cf.approved_by is not None:
        status = "not-locked"
    else:
        status = "unapproved"
    return Approval(
        status=status,
        approved_by=cf.approved_by,
        approved_role=cf.approved_role,
        approved_on=cf.approved_on,
    )


def approval_breaks(old: CriteriaFile, new: CriteriaFile) -> bool:
    """``old`` is locked and ``new`` scores differently from it."""
    return approval_of(old).status == "locked" and scoring_sha256(new) != old.approved_sha256


_ABSENT = object()


def _flat(value: Any, prefix: str, out: dict[str, Any]) -> dict[str, Any]:
    if isinstance(value, dict) and value:
        for key, item in value.items():
            _flat(item, f"{prefix}.{key}" if prefix else str(key), out)
    elif isinstance(value, list) and value and prefix:
        for i, item in enumerate(value):
            _flat(item, f"{prefix}[{i}]", out)
    else:
        out[prefix] = value
    return out


def _shown(value: Any) -> str:
    if value is _ABSENT:
        return "(not set)"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return f"{value:g}"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def scoring_changes(old: CriteriaFile, new: CriteriaFile) -> list[str]:
    """What scores differently in ``new``, one ``key old → new`` per changed key, in
    the order of the keys (e.g. ``criteria.cost.weight 30 → 35``)."""
    a = _flat(scoring_form(old, defaults=True), "", {})
    b = _flat(scoring_form(new, defaults=True), "", {})
    keys = sorted(a.keys() | b.keys())
    return [
        f"{key} {_shown(a.get(key, _ABSENT))} \u2192 {_shown(b.get(key, _ABSENT))}"
        for key in keys
        if a.get(key, _ABSENT) != b.get(key, _ABSENT)
    ]
