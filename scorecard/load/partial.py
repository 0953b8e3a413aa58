"""Every problem in one run: when a file fails validation, the checks that need the
validated model still run on what is left of it.

:func:`validate_partial` takes out each value validation rejected (and gives a
required key that is missing or rejected a neutral placeholder), then validates
again; the fields it touched are returned so the caller drops any later finding at
them (a check that cannot run because its input is broken is skipped, not the rest).
"""

from __future__ import annotations

import copy
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from scorecard.load.positions import field_name
from scorecard.model.findings import Finding

M = TypeVar("M", bound=BaseModel)

#: How many rounds of taking out and filling in before giving up.
ROUNDS = 6


def validate_partial(
    model: type[M], data: dict[str, Any]
) -> tuple[M | None, list[tuple[str | int, ...]]]:
    """The model validated from ``data`` with every rejected value taken out or
    replaced, and the locations touched; None when that does not converge."""
    patched = copy.deepcopy(data)
    touched: list[tuple[str | int, ...]] = []
    for _ in range(ROUNDS):
        try:
            return model.model_validate(patched), touched
        except ValidationError as exc:
            errors = exc.errors()
        progress = False
        for err in errors:
            loc = tuple(err["loc"])
            if not loc:
                continue
            if _patch(model, patched, loc, missing=err["type"] == "missing"):
                progress = True
                touched.append(loc)
            elif len(loc) > 1 and _remove(patched, loc[:-1]):  # the whole table, then
                progress = True
                touched.append(loc[:-1])
        if not progress:
            return None, touched
    return None, touched


def _parent(data: Any, loc: tuple[str | int, ...]) -> Any:
    for part in loc[:-1]:
        in_dict = isinstance(data, dict) and part in data
        in_list = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if not (in_dict or in_list):
            return None
        data = data[part]
    return data


def _remove(data: dict[str, Any], loc: tuple[str | int, ...]) -> bool:
    parent = _parent(data, loc)
    if isinstance(parent, dict) and loc[-1] in parent:
        del parent[loc[-1]]
        return True
    return False


def _patch(
    model: type[BaseModel], data: dict[str, Any], loc: tuple[str | int, ...], *, missing: bool
) -> bool:
    """Fill a missing or rejected required value with a placeholder of its type, or take
    out a rejected optional (or unknown) one."""
    parent = _parent(data, loc)
    if not isinstance(parent, dict):
        return False
    placeholder = _placeholder(model, loc)
    if placeholder is not None and (missing or loc[-1] in parent):
        if parent.get(loc[-1]) == placeholder:
            return False  # already tried: the placeholder itself is rejected
        parent[loc[-1]] = placeholder
        return True
    if not missing and loc[-1] in parent:
        del parent[loc[-1]]
        return True
    return False


def _placeholder(model: type[BaseModel], loc: tuple[str | int, ...]) -> Any:
    """A neutral valid value for a required field at ``loc``, or None."""
    from scorecard.load.validation import _model_at

    owner = _model_at(model, loc)
    if owner is None:
        return None
    name = str(loc[-1])
    info = owner.model_fields.get(name) or next(
        (f for f in owner.model_fields.values() if f.alias == name), None
    )
    if info is None or not info.is_required():
        return None
    text = str(info.annotation)
    if "str" in text:
        return "placeholder"
    if "float" in text:
        return 1.0
    if "int" in text:
        return 1
    return None


def drop_touched(findings: list[Finding], touched: list[tuple[str | int, ...]]) -> list[Finding]:
    """The findings not at (or under) a key :func:`validate_partial` took out or filled."""
    fields = [field_name(loc) for loc in touched]

    def clean(f: Finding) -> bool:
        name = f.field or ""
        return not any(name == t or name.startswith((t + ".", t + "[")) for t in fields)

    return [f for f in findings if clean(f)]
