"""Pydantic validation errors turned into findings at the right line, with suggestions."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from scorecard.load.files import read_toml
from scorecard.load.positions import _BARE_KEY, key_positions, locate
from scorecard.model.files import VendorFile
from scorecard.model.findings import Finding, make_finding
from scorecard.model.inputs import SourceFile

if TYPE_CHECKING:  # imported where used: runs without panel metrics never load it
    pass


def _field_name(loc: Sequence[str | int]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            key = part if _BARE_KEY.fullmatch(part) else f'"{part}"'
            out += f".{key}" if out else key
    return out


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


def suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


_TYPE_WORDS = {
    "float_type": "a number",
    "float_parsing": "a number",
    "int_type": "a whole number",
    "string_type": "a string",
    "bool_type": "true or false",
    "date_type": "a TOML date",
    "dict_type": "a table",
    "model_type": "a table",
    "list_type": "an array",
    "int_from_float": "a whole number",
}


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


def validation_findings(
    model: type[BaseModel],
    exc: ValidationError,
    src: SourceFile,
    prefix: tuple[str | int, ...] = (),
) -> list[Finding]:
    findings = []
    positions = key_positions(src.text)
    for err in exc.errors(include_url=False):
        loc = (*prefix, *err["loc"])
        kind = err["type"]
        value = err.get("input")
        message = err["msg"]
        if kind == "missing":
            code, message = "missing-key", f"required key `{loc[-1]}` is missing"
        elif kind == "extra_forbidden":
            holder = _model_at(model, err["loc"])
            hint = suggest(str(loc[-1]), _keys_of(holder)) if holder else ""
            code, message = "unknown-key", f"unknown key{hint}"
        elif kind in _TYPE_WORDS:
            code, message = "wrong-type", f"must be {_TYPE_WORDS[kind]} (got {_describe(value)})"
        elif kind == "finite_number":
            code, message = "not-finite", f"must be a finite number (got {value})"
        elif kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
            code = "value-out-of-range"
            message = message.replace("Input should be", "must be") + f" (got {value})"
        elif kind == "literal_error":
            expected = err.get("ctx", {}).get("expected", "")
            choices = re.findall(r"'([^']*)'", expected)
            code = "invalid-choice"
            message = (
                f"must be one of {', '.join(choices)} (got {value!r}){suggest(str(value), choices)}"
            )
        elif kind == "string_too_short":
            code, message = "empty-value", "must not be empty"
        elif kind == "string_pattern_mismatch":
            code, message = "invalid-format", f"has the wrong form (got {value!r})"
        elif kind == "too_short":
            code, message = "empty-value", "must not be empty"
        else:
            code = kind if re.fullmatch(r"[a-z0-9-]+", kind) else kind.replace("_", "-")
        line, column = locate(src.text, loc, positions)
        # loc of a model-level check names the table; of a field, the field
        findings.append(
            make_finding(src.display, code, message, line, column, _field_name(loc) or None)
        )
    return findings


def validate_model(
    model: type[M], data: dict[str, Any], src: SourceFile
) -> tuple[M | None, list[Finding]]:
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, validation_findings(model, exc, src)


class _Placer:
    """Places findings on lines; builds the position table only on first use."""

    def __init__(self, src: SourceFile) -> None:
        self.src = src
        self._positions: dict[tuple[str | int, ...], tuple[int, int]] | None = None

    def __call__(self, loc: tuple[str | int, ...], code: str, message: str) -> Finding:
        if self._positions is None:
            self._positions = key_positions(self.src.text)
        line, column = locate(self.src.text, loc, self._positions)
        return make_finding(self.src.display, code, message, line, column, _field_name(loc) or None)


M = TypeVar("M", bound=BaseModel)


def load_model_file(model: type[M], path: Path) -> tuple[M | None, list[Finding]]:
    """Read, parse and validate one file on its own (used by authoring commands)."""
    src, data, findings = read_toml(path, str(path), path.name)
    if src is None or data is None:
        return None, findings
    return validate_model(model, data, src)


def load_vendor_file(path: Path) -> tuple[VendorFile | None, list[Finding]]:
    """Read and validate one vendor file on its own (used by authoring commands)."""
    return load_model_file(VendorFile, path)
