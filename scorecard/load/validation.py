"""Problems become findings at the right line: pydantic's validation errors translated
to registered codes, and :class:`Placer` for the checks the loader makes itself."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from scorecard.load.files import read_toml
from scorecard.load.positions import field_name, key_positions, locate
from scorecard.model.findings import CODES, Finding, make_finding
from scorecard.model.inputs import SourceFile
from scorecard.model.numbers import format_plain

M = TypeVar("M", bound=BaseModel)


def number_text(x: float) -> str:
    """A number as findings quote it: the one plain format of messages."""
    return format_plain(x)


def suggest(word: str, choices: Iterable[str]) -> str:
    """``; did you mean 'x'?`` for the nearest of ``choices``, or nothing."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


class Placer:
    """Makes the findings of one file, each at the line and column of its key path;
    builds the file's position table only on first use."""

    def __init__(self, src: SourceFile) -> None:
        self.src = src
        self._positions: dict[tuple[str | int, ...], tuple[int, int]] | None = None

    def __call__(self, loc: Sequence[str | int], code: str, /, **params: Any) -> Finding:
        if self._positions is None:
            self._positions = key_positions(self.src.text)
        line, column = locate(self.src.text, loc, self._positions)
        return make_finding(
            self.src.display,
            code,
            line=line,
            column=column,
            field=field_name(loc) or None,
            **params,
        )


# ------------------------------------------------------------ pydantic's errors


def _model_at(model: type[BaseModel], loc: Sequence[str | int]) -> type[BaseModel] | None:
    """The model class that holds the last element of ``loc``."""
    current: Any = model
    skip = False  # the next part is a dict key or list index, not a field
    for part in loc[:-1]:
        if skip:
            skip = False
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        fields = current.model_fields
        info = fields.get(str(part)) or next((f for f in fields.values() if f.alias == part), None)
        if info is None:
            return None
        origin = getattr(info.annotation, "__origin__", None)
        skip = origin in (dict, list)
        current = _inner_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    """The model inside dict[str, M], list[M], M | None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _keys_of(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


_TYPE_WORDS = {
    "float_type": "a number",
    "float_parsing": "a number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "string_type": "a string",
    "bool_type": "true or false",
    "date_type": "a TOML date",
    "dict_type": "a table",
    "model_type": "a table",
    "list_type": "an array",
}

_BOUNDS = ("greater_than", "greater_than_equal", "less_than", "less_than_equal")

_TOML_TYPES = {
    str: "string",
    bool: "boolean",
    int: "integer",
    float: "float",
    dict: "table",
    list: "array",
    dt.date: "date",
    dt.datetime: "date-time",
    dt.time: "time",
}


def _describe(value: Any) -> str:
    kind = _TOML_TYPES.get(type(value), type(value).__name__)
    if isinstance(value, dict | list):
        return kind
    return f"{kind} {value!r}" if not isinstance(value, dt.date | dt.time) else f"{kind} {value}"


def error_params(model: type[BaseModel], err: ErrorDetails) -> tuple[str, dict[str, Any]]:
    """The finding code and template parameters for one pydantic error.

    The models' own checks raise registered codes with their parameters; pydantic's
    built-in errors are mapped here.  An error type not mapped (none the formats
    can produce today) is reported as ``wrong-type`` in pydantic's own words."""
    kind, value, loc = err["type"], err.get("input"), err["loc"]
    if kind in CODES:
        return kind, dict(err.get("ctx") or {})
    if kind == "missing":
        return "missing-key", {"key": loc[-1]}
    if kind == "extra_forbidden":
        holder = _model_at(model, loc)
        return "unknown-key", {"hint": suggest(str(loc[-1]), _keys_of(holder)) if holder else ""}
    if kind == "finite_number":
        return "not-finite", {"got": value}
    if kind in _BOUNDS:
        bounds = err["msg"].removeprefix("Input should be ")
        return "value-out-of-range", {"bounds": bounds, "got": value}
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", (err.get("ctx") or {}).get("expected", ""))
        return "invalid-choice", {
            "choices": ", ".join(choices),
            "got": repr(value),
            "hint": suggest(str(value), choices),
        }
    if kind in ("string_too_short", "too_short"):
        return "empty-value", {}
    if kind in _TYPE_WORDS or kind.startswith("date_"):
        expected = _TYPE_WORDS.get(kind, "a TOML date")
    else:
        expected = err["msg"].removeprefix("Input should be ")
    return "wrong-type", {"expected": expected, "got": _describe(value), "note": ""}


def validation_findings(
    model: type[BaseModel], exc: ValidationError, src: SourceFile
) -> list[Finding]:
    """Every error of one validation, placed at its key (a field check, the field; a
    cross-field check, the key that breaks it; another model-level check, its table)."""
    place = Placer(src)
    findings = []
    for err in exc.errors(include_url=False):
        code, params = error_params(model, err)
        findings.append(place((*err["loc"], *_breaking_key(code, err)), code, **params))
    return findings


def _breaking_key(code: str, err: ErrorDetails) -> tuple[str, ...]:
    """The key a cross-field rule points at: ``worst`` when it equals ``best``, the
    bound of a log scale that is not above 0, a gate's ``max`` below its ``min``."""
    data = err.get("input")
    if not isinstance(data, dict):
        return ()
    if code == "best-equals-worst" and "worst" in data:
        return ("worst",)
    if code == "gate-bounds" and "max" in data:
        return ("max",)
    if code == "log-nonpositive":
        for key in ("best", "worst"):
            value = data.get(key)
            if isinstance(value, int | float) and value <= 0:
                return (key,)
    return ()


def validate_model(
    model: type[M], data: dict[str, Any], src: SourceFile
) -> tuple[M | None, list[Finding]]:
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, validation_findings(model, exc, src)


def load_model_file(model: type[M], path: Path) -> tuple[M | None, list[Finding]]:
    """Read, parse and validate one file on its own (used by authoring commands)."""
    src, data, findings = read_toml(path, str(path), path.name)
    if src is None or data is None:
        return None, findings
    return validate_model(model, data, src)
