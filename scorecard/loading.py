"""Reading input files into validated models.

Only this module knows TOML.  Every problem with the *data* becomes a
:class:`~scorecard.models.Finding` (file, line, column, field, stable code,
message); all of them are collected, none is raised, so one run reports every
problem in every file.  :func:`load_inputs` returns the findings, or an
:class:`Inputs` the scoring core can trust (canonical units, derived metrics).
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import math
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from scorecard.catalog import BLENDED_PRICE, CATALOG, Catalog, MetricDef
from scorecard.models import (
    VENDOR_ID_RE,
    CriteriaFile,
    Figure,
    Finding,
    MetricWeight,
    ScoreFile,
    VendorFile,
)
from scorecard.units import UNITS, compatible, convert

MAX_FILE_BYTES = 1024 * 1024
REL_TOL = 1e-9

if TYPE_CHECKING:  # imported where used: runs without panel metrics never load it
    from scorecard.panel import Evaluator, Panel, PanelMetric, PanelResult

M = TypeVar("M", bound=BaseModel)


# --------------------------------------------------------------------------- files


@dataclass(frozen=True)
class SourceFile:
    """One input file, exactly as read."""

    display: str  # how messages name it (the path as the user gave it)
    name: str  # relative to the folder given (manifest name; never an absolute path)
    data: bytes
    text: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class VendorRecord:
    """A validated vendor file with its figures in canonical units.

    Panel metrics (criteria ``unit = "panel"``) come from the score files, not the
    vendor file: their aggregate is in ``values`` (its standard error, sd / sqrt(n),
    in ``stderrs``), and ``file.metrics`` holds a synthesised in-house figure for
    each (method "panel of N"); the detail is in :attr:`Inputs.panel`.  Yes/no
    metrics are 1.0 (true) or 0.0 (false) in ``values``."""

    id: str
    file: VendorFile
    source: SourceFile
    values: dict[str, float]  # metric id -> canonical value (derived metrics included)
    stderrs: dict[str, float]  # metric id -> canonical standard error, where given

    @property
    def vendor(self) -> str:
        return self.file.vendor

    @property
    def model(self) -> str:
        return self.file.model


@dataclass(frozen=True)
class ResolvedMetric:
    """A scored metric of the criteria file, with best/worst in the canonical unit."""

    metric: str
    criterion: str
    weight: float  # as given
    best: float | None
    worst: float | None
    scale: str
    direction: str
    unit: str  # canonical


@dataclass(frozen=True)
class ResolvedGate:
    metric: str
    min: float | None  # canonical unit
    max: float | None
    unit: str
    reason: str | None  # for a `require` gate without a reason: the requirement's description
    require: bool = False  # a yes/no requirement: min is 1.0 (yes), so bound arithmetic holds


@dataclass(frozen=True)
class Inputs:
    """Everything one run scores: trusted, canonical, sorted by vendor id."""

    criteria: CriteriaFile
    criteria_source: SourceFile
    catalog: Catalog
    vendors: tuple[VendorRecord, ...]
    metrics: tuple[ResolvedMetric, ...]  # in criteria-file order
    gates: tuple[ResolvedGate, ...]
    score_sources: tuple[SourceFile, ...] = ()  # scores/*.toml, by file name
    panel: Panel | None = None  # None when the criteria declare no panel metric

    @property
    def sources(self) -> list[SourceFile]:
        return [self.criteria_source, *(v.source for v in self.vendors), *self.score_sources]


@dataclass
class LoadResult:
    inputs: Inputs | None
    findings: list[Finding] = field(default_factory=list)


def _finding(
    src: str,
    code: str,
    message: str,
    line: int | None = None,
    column: int | None = None,
    field: str | None = None,
) -> Finding:
    return Finding(path=src, line=line, column=column, field=field, code=code, message=message)


def read_source(path: Path, display: str, name: str) -> tuple[SourceFile | None, list[Finding]]:
    """Read one file, refusing what is not a small UTF-8 text file."""
    try:
        resolved = path.resolve(strict=True)
    except RuntimeError:  # Python 3.11 raises RuntimeError on a symlink loop
        return None, [_finding(display, "symlink-loop", "symbolic link loop")]
    except FileNotFoundError:
        return None, [_finding(display, "not-found", "no such file")]
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            return None, [_finding(display, "symlink-loop", "symbolic link loop")]
        return None, [_finding(display, "unreadable", f"cannot read: {exc.strerror}")]
    if resolved.is_dir():
        return None, [_finding(display, "is-a-folder", "is a folder, not a file")]
    try:
        size = resolved.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [
                _finding(
                    display,
                    "file-too-large",
                    f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} (1 MiB)",
                )
            ]
        data = resolved.read_bytes()
    except OSError as exc:
        return None, [_finding(display, "unreadable", f"cannot read: {exc.strerror}")]
    if not data.strip():
        return None, [_finding(display, "empty-file", "file is empty")]
    if b"\x00" in data:
        return None, [_finding(display, "binary-file", "file is binary, not TOML text")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            _finding(
                display,
                "not-utf8",
                f"file is not UTF-8 (byte 0x{data[exc.start]:02x})",
                line,
                column,
            )
        ]
    return SourceFile(display=display, name=name, data=data, text=text), []


_TOML_POS = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_EOF = re.compile(r"\s*\(at end of document\)\s*$")


def parse_toml(src: SourceFile) -> tuple[dict[str, Any] | None, list[Finding]]:
    try:
        return tomllib.loads(src.text), []
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        line: int | None = None
        column: int | None = None
        if m := _TOML_POS.search(message):
            line, column = int(m[1]), int(m[2])
            message = message[: m.start()]
        elif m := _TOML_EOF.search(message):
            line = src.text.count("\n") + (0 if src.text.endswith("\n") else 1)
            column = 1
            message = message[: m.start()] + " at the end of the file"
        code = "duplicate-key" if "overwrite" in message.lower() else "toml-syntax"
        if message == "Illegal character '\\n'":
            message = "unterminated string (a string must close on the line it opens)"
        if code == "duplicate-key":
            message = "key defined twice (" + message[0].lower() + message[1:] + ")"
        return None, [
            _finding(src.display, code, f"TOML syntax: {message}", line or 1, column or 1)
        ]


def read_toml(
    path: Path, display: str, name: str
) -> tuple[SourceFile | None, dict[str, Any] | None, list[Finding]]:
    """Read one file and parse it as TOML, collecting the findings of both steps."""
    src, findings = read_source(path, display, name)
    if src is None:
        return None, None, findings
    data, found = parse_toml(src)
    return src, data, findings + found


def load_model_file(model: type[M], path: Path) -> tuple[M | None, list[Finding]]:
    """Read, parse and validate one file on its own (used by authoring commands)."""
    src, data, findings = read_toml(path, str(path), path.name)
    if src is None or data is None:
        return None, findings
    return validate_model(model, data, src)


# --------------------------------------------------------------------------- positions


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _parse_key(text: str, pos: int) -> tuple[list[str], int]:
    """Parse a dotted TOML key starting at ``pos``; return its parts and the end."""
    parts: list[str] = []
    n = len(text)
    while True:
        while pos < n and text[pos] in " \t":
            pos += 1
        if pos < n and text[pos] in "\"'":
            quote = text[pos]
            end = pos + 1
            buf = []
            while end < n and text[end] != quote:
                if quote == '"' and text[end] == "\\" and end + 1 < n:
                    buf.append(text[end + 1])
                    end += 2
                    continue
                buf.append(text[end])
                end += 1
            parts.append("".join(buf))
            pos = end + 1
        else:
            m = _BARE_KEY.match(text, pos)
            if not m:
                return parts, pos
            parts.append(m.group())
            pos = m.end()
        while pos < n and text[pos] in " \t":
            pos += 1
        if pos < n and text[pos] == ".":
            pos += 1
            continue
        return parts, pos


def key_positions(text: str) -> dict[tuple[str | int, ...], tuple[int, int]]:
    """Map every key path in a TOML text to the (line, column) where it is written.

    A small line scanner, enough for the files scorecard reads: table headers,
    arrays of tables (indexed like pydantic's locations), dotted keys and the
    first level of inline tables.  Used only when there are findings to place.
    """
    positions: dict[tuple[str | int, ...], tuple[int, int]] = {(): (1, 1)}
    current: tuple[str | int, ...] = ()
    array_counts: dict[tuple[str | int, ...], int] = {}
    closing: str | None = None
    for lineno, line in enumerate(text.splitlines(), 1):
        if closing is not None:
            if closing in line:
                closing = None
            continue
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("[["):
            keys, _ = _parse_key(stripped, 2)
            base = tuple(keys)
            index = array_counts.get(base, 0)
            array_counts[base] = index + 1
            current = (*base, index)
            positions.setdefault(base, (lineno, indent + 1))
            positions[current] = (lineno, indent + 1)
            continue
        if stripped.startswith("["):
            keys, _ = _parse_key(stripped, 1)
            current = tuple(keys)
            for i in range(1, len(current) + 1):
                positions.setdefault(current[:i], (lineno, indent + 1))
            continue
        keys, end = _parse_key(stripped, 0)
        if not keys or end >= len(stripped) or stripped[end] != "=":
            continue
        full = (*current, *keys)
        positions[full] = (lineno, indent + 1)
        rest = stripped[end + 1 :].lstrip()
        value_col = indent + 1 + len(stripped) - len(rest)
        for delim in ('"""', "'''"):
            if rest.startswith(delim) and rest.count(delim) == 1:
                closing = delim
        if rest.startswith("{"):
            # first level of an inline table: `k = v, k2 = v2`
            for m in re.finditer(r"(?:^\{|,)\s*([A-Za-z0-9_\"'.-]+)\s*=", rest):
                sub, _ = _parse_key(rest, m.start(1))
                positions[(*full, *sub)] = (lineno, value_col + m.start(1))
    return positions


def locate(
    text: str,
    loc: Sequence[str | int],
    positions: Mapping[tuple[str | int, ...], tuple[int, int]] | None = None,
) -> tuple[int, int]:
    """The line and column of a key path, or of its nearest enclosing table."""
    table = positions if positions is not None else key_positions(text)
    path = tuple(loc)
    while path not in table:
        path = path[:-1]
    return table[path]


# --------------------------------------------------------------------------- pydantic


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
            _finding(src.display, code, message, line, column, _field_name(loc) or None)
        )
    return findings


def validate_model(
    model: type[M], data: dict[str, Any], src: SourceFile
) -> tuple[M | None, list[Finding]]:
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, validation_findings(model, exc, src)


# --------------------------------------------------------------------------- checks


class _Placer:
    """Places findings on lines; builds the position table only on first use."""

    def __init__(self, src: SourceFile) -> None:
        self.src = src
        self._positions: dict[tuple[str | int, ...], tuple[int, int]] | None = None

    def __call__(self, loc: tuple[str | int, ...], code: str, message: str) -> Finding:
        if self._positions is None:
            self._positions = key_positions(self.src.text)
        line, column = locate(self.src.text, loc, self._positions)
        return _finding(self.src.display, code, message, line, column, _field_name(loc) or None)


def _fmt(x: float) -> str:
    return f"{x:g}"


def check_unit(
    place: _Placer, loc: tuple[str | int, ...], unit: str, canonical: str
) -> list[Finding]:
    if unit not in UNITS:
        return [place(loc, "unknown-unit", f"unknown unit {unit!r}{suggest(unit, UNITS)}")]
    if not compatible(unit, canonical):
        like = ", ".join(u for u in UNITS if compatible(u, canonical))
        return [
            place(
                loc,
                "incompatible-unit",
                f"unit {unit!r} cannot convert to {canonical!r} (use one of: {like})",
            )
        ]
    return []


def _range_text(mdef: MetricDef, unit: str) -> str:
    lo = None if mdef.min is None else convert(mdef.min, mdef.unit, unit)
    hi = None if mdef.max is None else convert(mdef.max, mdef.unit, unit)
    if lo is not None and hi is not None:
        return f"between {_fmt(lo)} and {_fmt(hi)} {unit}"
    if lo is not None:
        return f"at least {_fmt(lo)} {unit}"
    return f"at most {_fmt(hi)} {unit}" if hi is not None else "any value"


def _in_range(mdef: MetricDef, canonical: float) -> bool:
    lo_ok = mdef.min is None or canonical >= mdef.min - REL_TOL * max(1.0, abs(mdef.min))
    hi_ok = mdef.max is None or canonical <= mdef.max + REL_TOL * max(1.0, abs(mdef.max))
    return lo_ok and hi_ok


def check_figures(
    figures: Mapping[str, Figure | None], src: SourceFile, catalog: Catalog
) -> tuple[dict[str, float], dict[str, float], list[Finding]]:
    """Check each figure against the catalogue: known metric, convertible unit, valid range.

    ``figures`` maps every metric id in the file to its validated figure, or None
    where the figure itself has structural findings (its id is still checked)."""
    place = _Placer(src)
    findings: list[Finding] = []
    values: dict[str, float] = {}
    stderrs: dict[str, float] = {}
    for metric_id, fig in figures.items():
        loc: tuple[str | int, ...] = ("metrics", metric_id)
        mdef = catalog.get(metric_id)
        if mdef is None:
            findings.append(
                place(
                    loc,
                    "unknown-metric",
                    f"unknown metric {metric_id!r}{suggest(metric_id, catalog)}"
                    " (declare custom metrics under [metrics] in the criteria file)",
                )
            )
            continue
        if mdef.derived:
            findings.append(
                place(
                    loc,
                    "derived-metric",
                    f"{metric_id} is derived by scorecard from the input and output "
                    "prices and the criteria's token_mix; do not give it",
                )
            )
            continue
        if mdef.panel:
            findings.append(
                place(
                    loc,
                    "panel-metric-in-vendor-file",
                    f"{metric_id} is a panel metric: its value comes from the evaluators' "
                    "score files (scores/), not from the vendor file",
                )
            )
            continue
        if fig is None:
            continue
        if isinstance(fig.value, bool) and not mdef.yes_no:
            findings.append(
                place(
                    (*loc, "value"),
                    "wrong-type",
                    f"must be a number (got boolean {str(fig.value).lower()}): only yes/no "
                    "metrics take true or false",
                )
            )
            continue
        if mdef.yes_no and not isinstance(fig.value, bool):
            findings.append(
                place(
                    (*loc, "value"),
                    "wrong-type",
                    f"must be true or false: {metric_id} is a yes/no metric "
                    f"(got {_fmt(fig.value)})",
                )
            )
            continue
        unit_findings = check_unit(place, (*loc, "unit"), fig.unit, mdef.unit)
        if unit_findings:
            findings += unit_findings
            continue
        value = float(convert(fig.value, fig.unit, mdef.unit))
        if not _in_range(mdef, value):
            findings.append(
                place(
                    (*loc, "value"),
                    "value-out-of-range",
                    f"must be {_range_text(mdef, fig.unit)} (got {_fmt(fig.value)})",
                )
            )
            continue
        values[metric_id] = value
        if fig.stderr is not None:
            stderrs[metric_id] = convert(fig.stderr, fig.unit, mdef.unit)
    return values, stderrs, findings


def _partial_figures(data: dict[str, Any]) -> dict[str, Figure | None]:
    """The figures of a file that failed validation, each validated on its own."""
    metrics = data.get("metrics")
    if not isinstance(metrics, dict):
        return {}
    out: dict[str, Figure | None] = {}
    for metric_id, raw in metrics.items():
        try:
            out[metric_id] = Figure.model_validate(raw)
        except ValidationError:
            out[metric_id] = None
            # still check the value's range where value and unit are usable
            value = raw.get("value") if isinstance(raw, dict) else None
            unit = raw.get("unit") if isinstance(raw, dict) else None
            if isinstance(value, bool) != (unit == "yes/no"):
                pass  # the model already said true/false go with unit "yes/no" only
            elif isinstance(value, bool) and isinstance(unit, str):
                out[metric_id] = Figure.model_construct(value=value, unit=unit)  # type: ignore[call-arg]
            elif isinstance(value, int | float) and math.isfinite(value) and isinstance(unit, str):
                out[metric_id] = Figure.model_construct(value=float(value), unit=unit)  # type: ignore[call-arg]
    return out


def _direction_ok(direction: str, best: float, worst: float) -> bool:
    return best > worst if direction == "higher" else best < worst


def build_catalog(cf: CriteriaFile, src: SourceFile) -> tuple[Catalog, list[Finding]]:
    place = _Placer(src)
    findings: list[Finding] = []
    custom: list[MetricDef] = []
    for metric_id, decl in cf.metrics.items():
        loc: tuple[str | int, ...] = ("metrics", metric_id)
        if metric_id in CATALOG:
            findings.append(
                place(
                    loc,
                    "custom-shadows-catalog",
                    f"{metric_id!r} is a catalogue metric; a custom metric needs its own id",
                )
            )
            continue
        if decl.unit not in UNITS:
            findings.append(
                place(
                    (*loc, "unit"),
                    "unknown-unit",
                    f"unknown unit {decl.unit!r}{suggest(decl.unit, UNITS)}",
                )
            )
            continue
        if decl.min is not None and decl.max is not None and decl.min > decl.max:
            findings.append(place(loc, "range-bounds", "`min` is above `max`"))
            continue
        low, high = decl.scale if decl.scale is not None else (decl.min, decl.max)
        if decl.unit == "yes/no":
            low, high = 0.0, 1.0
        custom.append(
            MetricDef(
                metric_id,
                decl.unit,
                decl.direction,
                "panel" if decl.unit == "panel" else "custom",
                decl.description or "",
                low,
                high,
                custom=True,
            )
        )
    return CATALOG.with_custom(custom), findings


def check_criteria(
    cf: CriteriaFile, src: SourceFile, catalog: Catalog
) -> tuple[list[ResolvedMetric], list[ResolvedGate], list[Finding]]:
    place = _Placer(src)
    findings: list[Finding] = []
    resolved: list[ResolvedMetric] = []
    seen: dict[str, str] = {}
    for crit_name, crit in cf.criteria.items():
        for metric_id, mw in crit.metrics.items():
            loc: tuple[str | int, ...] = ("criteria", crit_name, "metrics", metric_id)
            if metric_id in seen:
                findings.append(
                    place(
                        loc,
                        "metric-in-two-criteria",
                        f"{metric_id} is already scored in criterion {seen[metric_id]!r};"
                        " a metric may sit in one criterion only",
                    )
                )
                continue
            seen[metric_id] = crit_name
            mdef = catalog.get(metric_id)
            if mdef is None:
                findings.append(
                    place(
                        loc,
                        "unknown-metric",
                        f"unknown metric {metric_id!r}{suggest(metric_id, catalog)}"
                        " (declare it under [metrics.<id>] with unit and direction)",
                    )
                )
                continue
            if not mdef.weightable or mdef.direction is None:
                findings.append(
                    place(
                        loc,
                        "not-weightable",
                        f"{metric_id} is informational (no direction) and cannot be weighted",
                    )
                )
                continue
            if metric_id == BLENDED_PRICE and cf.token_mix is None:
                findings.append(
                    place(
                        loc,
                        "needs-token-mix",
                        f"{BLENDED_PRICE} is derived from `token_mix`, which is not set",
                    )
                )
                continue
            r = _resolve_metric(place, loc, crit_name, metric_id, mw, mdef)
            if isinstance(r, ResolvedMetric):
                resolved.append(r)
            else:
                findings += r
    findings += method_policy_findings(src, cf.method, cf.missing)
    gates: list[ResolvedGate] = []
    for i, gate in enumerate(cf.gates):
        loc = ("gates", i)
        mdef = catalog.get(gate.metric)
        if mdef is None:
            findings.append(
                place(
                    (*loc, "metric"),
                    "unknown-metric",
                    f"gate on unknown metric {gate.metric!r}{suggest(gate.metric, catalog)}",
                )
            )
            continue
        if gate.require and not mdef.yes_no:
            findings.append(
                place(
                    (*loc, "require"),
                    "require-not-yes-no",
                    f"`require` needs a yes/no metric; {gate.metric} is in {mdef.unit} "
                    "(give `min` or `max` instead)",
                )
            )
            continue
        unit = gate.unit or mdef.unit
        if gate.unit is not None:
            unit_findings = check_unit(place, (*loc, "unit"), gate.unit, mdef.unit)
            if unit_findings:
                findings += unit_findings
                continue
        if gate.require:
            reason = gate.reason or mdef.description or None
            gates.append(ResolvedGate(gate.metric, 1.0, None, mdef.unit, reason, require=True))
            continue
        lo = None if gate.min is None else convert(gate.min, unit, mdef.unit)
        hi = None if gate.max is None else convert(gate.max, unit, mdef.unit)
        gates.append(ResolvedGate(gate.metric, lo, hi, mdef.unit, gate.reason))
    return resolved, gates, findings


def method_policy_findings(src: SourceFile, method: str, missing: str) -> list[Finding]:
    """TOPSIS needs a value in every cell, so ``neutral`` and ``exclude`` cannot apply."""
    if method != "topsis" or missing not in ("neutral", "exclude"):
        return []
    line, column = locate(src.text, ("missing",))
    return [
        _finding(
            src.display,
            "missing-policy-topsis",
            f'missing = "{missing}" cannot be used with method "topsis", which needs a '
            'value in every cell (use "worst" or "fail")',
            line,
            column,
            "missing",
        )
    ]


def _resolve_metric(
    place: _Placer,
    loc: tuple[str | int, ...],
    crit_name: str,
    metric_id: str,
    mw: MetricWeight,
    mdef: MetricDef,
) -> ResolvedMetric | list[Finding]:
    assert mdef.direction is not None
    best, worst = mw.best, mw.worst
    if (
        best is None
        and worst is None
        and (mdef.panel or mdef.yes_no)
        and mdef.min is not None
        and mdef.max is not None
    ):
        # a panel metric scores on its scale, a yes/no metric yes = 1, no = 0
        top, bottom = mdef.max, mdef.min
        best, worst = (top, bottom) if mdef.direction == "higher" else (bottom, top)
        if mw.scale == "log" and bottom <= 0:
            return [
                place(
                    (*loc, "scale"),
                    "log-nonpositive",
                    f"{metric_id} runs from {_fmt(bottom)} to {_fmt(top)}: a log scale needs "
                    "best and worst above 0 (give them)",
                )
            ]
        return ResolvedMetric(
            metric_id, crit_name, mw.weight, best, worst, mw.scale, mdef.direction, mdef.unit
        )
    if mw.unit is not None:
        unit_findings = check_unit(place, (*loc, "unit"), mw.unit, mdef.unit)
        if unit_findings:
            return unit_findings
        if best is not None and worst is not None:
            best, worst = convert(best, mw.unit, mdef.unit), convert(worst, mw.unit, mdef.unit)
    if best is not None and worst is not None and not _direction_ok(mdef.direction, best, worst):
        order = "above" if mdef.direction == "higher" else "below"
        return [
            place(
                loc,
                "best-worst-direction",
                f"{metric_id} is {mdef.direction}-is-better, so `best` must be {order} `worst` "
                f"(got best = {_fmt(mw.best or 0)}, worst = {_fmt(mw.worst or 0)})",
            )
        ]
    return ResolvedMetric(
        metric_id, crit_name, mw.weight, best, worst, mw.scale, mdef.direction, mdef.unit
    )


def derive_metrics(vendor: VendorRecord, cf: CriteriaFile) -> VendorRecord:
    """Add price_blended_usd_per_mtok where the buyer's token mix and both prices are known."""
    mix = cf.token_mix
    vin = vendor.values.get("price_input_usd_per_mtok")
    vout = vendor.values.get("price_output_usd_per_mtok")
    if mix is None or vin is None or vout is None:
        return vendor
    blended = (mix.input * vin + mix.output * vout) / (mix.input + mix.output)
    return VendorRecord(
        vendor.id,
        vendor.file,
        vendor.source,
        {**vendor.values, BLENDED_PRICE: blended},
        vendor.stderrs,
    )


# --------------------------------------------------------------------------- entry points


@dataclass(frozen=True)
class InputPaths:
    """Where the inputs are, and how to name them in messages and manifests."""

    vendor_paths: tuple[Path, ...]
    criteria_path: Path
    bundled: bool = False
    scores_path: Path | None = None  # the evaluators' score files; None: no panel scores


def bundled_root() -> Path:
    """The bundled example: inside the package when installed, the repo root in a checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "bundled"
    return installed if installed.is_dir() else here.parent


def default_paths(
    cwd: Path,
    vendors: Sequence[Path] | None,
    criteria: Path | None,
    scores: Path | None = None,
) -> InputPaths:
    """The defaults every command shares: vendors/ and criteria.toml in the working
    directory; the bundled example where neither exists there.  Score files: the
    folder given, else scores/ beside the default vendors/ when it exists."""
    if (
        not vendors
        and criteria is None
        and scores is None
        and not (cwd / "vendors").exists()
        and not (cwd / "criteria.toml").exists()
    ):
        root = bundled_root()
        bundled_scores = root / "scores"
        return InputPaths(
            (root / "vendors",),
            root / "criteria.toml",
            bundled=True,
            scores_path=bundled_scores if bundled_scores.is_dir() else None,
        )
    if scores is None and not vendors and (cwd / "scores").is_dir():
        scores = Path("scores")
    return InputPaths(
        tuple(vendors) if vendors else (Path("vendors"),),
        criteria or Path("criteria.toml"),
        scores_path=scores,
    )


def _display(path: Path, paths: InputPaths) -> str:
    if paths.bundled:
        return str(path.relative_to(bundled_root()))
    return str(path)


def collect_vendor_files(paths: InputPaths) -> tuple[list[tuple[Path, str, str]], list[Finding]]:
    """Expand folders into their *.toml files: (path, display, manifest name)."""
    out: list[tuple[Path, str, str]] = []
    findings: list[Finding] = []
    for given in paths.vendor_paths:
        display = _display(given, paths)
        if given.is_dir():
            files = sorted(p for p in given.iterdir() if p.suffix == ".toml")
            if not files:
                findings.append(_finding(display, "no-toml-files", "folder holds no .toml files"))
            out += [(p, _display(p, paths), p.name) for p in files]
        elif given.exists() or given.is_symlink():
            out.append((given, display, given.name))
        else:
            findings.append(_finding(display, "not-found", "no such file or folder"))
    return out, findings


def load_inputs(paths: InputPaths) -> LoadResult:
    """Load and check the criteria file and every vendor file; collect every finding."""
    findings: list[Finding] = []
    criteria: CriteriaFile | None = None
    crit_src: SourceFile | None = None
    catalog = CATALOG
    metrics: list[ResolvedMetric] = []
    gates: list[ResolvedGate] = []

    crit_src, data, found = read_toml(
        paths.criteria_path, _display(paths.criteria_path, paths), paths.criteria_path.name
    )
    findings += found
    if crit_src is not None and data is not None:
        criteria, found = validate_model(CriteriaFile, data, crit_src)
        findings += found
    if criteria is not None and crit_src is not None:
        catalog, found = build_catalog(criteria, crit_src)
        findings += found
        metrics, gates, found = check_criteria(criteria, crit_src, catalog)
        findings += found

    files, found = collect_vendor_files(paths)
    findings += found
    records: list[VendorRecord] = []
    ids: dict[str, str] = {}
    for path, display, name in files:
        vendor_id = path.stem
        if not VENDOR_ID_RE.match(vendor_id):
            findings.append(
                _finding(
                    display,
                    "invalid-id",
                    f"file name {path.name!r} is not a valid vendor id: use lower-case "
                    "letters, digits, '.', '_' and '-', starting with a letter or digit",
                )
            )
        elif vendor_id in ids:
            findings.append(
                _finding(
                    display,
                    "duplicate-id",
                    f"vendor id {vendor_id!r} is also used by {ids[vendor_id]}",
                )
            )
        else:
            ids[vendor_id] = display
        src, data, found = read_toml(path, display, name)
        findings += found
        if src is None or data is None:
            continue
        vf, found = validate_model(VendorFile, data, src)
        findings += found
        figures = dict(vf.metrics) if vf is not None else _partial_figures(data)
        values, stderrs, found = check_figures(figures, src, catalog)
        findings += found
        if vf is not None and not found and criteria is not None:
            records.append(
                derive_metrics(VendorRecord(vendor_id, vf, src, values, stderrs), criteria)
            )

    findings += _cross_file_checks(records, metrics, crit_src)
    panel_metrics = panel_metrics_of(criteria, catalog) if criteria is not None else None
    panel, score_sources, found = load_panel(paths, panel_metrics, catalog, set(ids), records)
    findings += found
    if panel is not None:
        records = [with_panel(rec, panel) for rec in records]
    if not files and not findings:
        findings.append(
            _finding(
                ", ".join(str(p) for p in paths.vendor_paths),
                "no-vendors",
                "no vendor files to score",
            )
        )
    findings.sort(key=Finding.sort_key)
    if findings or criteria is None or crit_src is None:
        return LoadResult(None, findings)
    records.sort(key=lambda r: r.id)
    return LoadResult(
        Inputs(
            criteria,
            crit_src,
            catalog,
            tuple(records),
            tuple(metrics),
            tuple(gates),
            score_sources=tuple(score_sources),
            panel=panel,
        ),
        [],
    )


def _cross_file_checks(
    records: list[VendorRecord], metrics: list[ResolvedMetric], crit_src: SourceFile | None
) -> list[Finding]:
    findings: list[Finding] = []
    for rm in metrics:
        if rm.scale != "log":
            continue
        for rec in records:
            value = rec.values.get(rm.metric)
            if value is not None and value <= 0:
                fig: Figure | None = rec.file.metrics.get(rm.metric)
                raw = fig.value if fig else value
                findings.append(
                    _Placer(rec.source)(
                        ("metrics", rm.metric, "value"),
                        "log-nonpositive",
                        f"{rm.metric} is scored on a log scale in the criteria file, which needs values "
                        f"above 0 (got {_fmt(raw)})",
                    )
                )
    return findings


# --------------------------------------------------------------------------- panel scores


def panel_metrics_of(cf: CriteriaFile, catalog: Catalog) -> list[PanelMetric]:
    """The panel metrics the criteria file declares (and the catalogue accepted)."""
    if not any(decl.unit == "panel" for decl in cf.metrics.values()):
        return []
    from scorecard.panel import PanelMetric

    out: list[PanelMetric] = []
    for metric_id, decl in cf.metrics.items():
        mdef = catalog.get(metric_id)
        if mdef is None or not mdef.panel or not mdef.custom or decl.scale is None:
            continue
        descriptors = sorted(
            ((float(level), text) for level, text in (decl.descriptors or {}).items()),
            key=lambda d: d[0],
        )
        out.append(
            PanelMetric(
                metric=metric_id,
                low=decl.scale[0],
                high=decl.scale[1],
                direction=decl.direction,
                aggregate=decl.aggregate or "median",
                descriptors=tuple(descriptors),
                description=decl.description,
            )
        )
    return out


def _normalised_name(name: str) -> str:
    return " ".join(name.split()).casefold()


def _collect_score_files(
    paths: InputPaths,
) -> tuple[list[tuple[Path, str, str]], list[Finding]]:
    folder = paths.scores_path
    if folder is None:
        return [], []
    display = _display(folder, paths)
    if not folder.exists():
        return [], [_finding(display, "not-found", "no such folder (--scores)")]
    if not folder.is_dir():
        return [], [_finding(display, "not-a-folder", "--scores needs the folder of score files")]
    files = sorted(p for p in folder.iterdir() if p.suffix == ".toml")
    if not files:
        return [], [_finding(display, "no-toml-files", "folder holds no .toml files")]
    return [(p, _display(p, paths), f"scores/{p.name}") for p in files], []


def _check_score_file(
    sf: ScoreFile,
    src: SourceFile,
    moderation: bool,
    panel_metrics: Sequence[PanelMetric] | None,
    catalog: Catalog,
    vendor_ids: set[str],
) -> list[Finding]:
    """Unknown vendors and metrics, scores off the scale, moderation of a metric
    that is not moderated."""
    place = _Placer(src)
    findings: list[Finding] = []
    by_id = {pm.metric: pm for pm in panel_metrics or ()}
    for vendor_id, scores in sf.vendors.items():
        loc: tuple[str | int, ...] = ("vendors", vendor_id)
        if vendor_id not in vendor_ids:
            findings.append(
                place(
                    loc,
                    "unknown-vendor",
                    f"unknown vendor {vendor_id!r}{suggest(vendor_id, vendor_ids)}"
                    " (a vendor id is its vendor file's name without .toml)",
                )
            )
        if panel_metrics is None:  # the criteria file did not load: metrics unknown
            continue
        for metric_id, ps in scores.items():
            mloc = (*loc, metric_id)
            pm = by_id.get(metric_id)
            if pm is None:
                if metric_id in catalog:
                    message = (
                        f"{metric_id} is not a panel metric (declare a panel metric in the "
                        'criteria file with unit = "panel")'
                    )
                    findings.append(place(mloc, "not-panel-metric", message))
                else:
                    findings.append(
                        place(
                            mloc,
                            "unknown-metric",
                            f"unknown panel metric {metric_id!r}{suggest(metric_id, by_id)}"
                            ' (declare it in the criteria file with unit = "panel")',
                        )
                    )
                continue
            if moderation and pm.aggregate != "moderated":
                findings.append(
                    place(
                        mloc,
                        "moderation-not-used",
                        f"{metric_id} is aggregated by its {pm.aggregate}, so a moderated score "
                        'is not used (set aggregate = "moderated" in the criteria file)',
                    )
                )
                continue
            lo_ok = ps.score >= pm.low - REL_TOL * max(1.0, abs(pm.low))
            hi_ok = ps.score <= pm.high + REL_TOL * max(1.0, abs(pm.high))
            if not (lo_ok and hi_ok):
                findings.append(
                    place(
                        (*mloc, "score"),
                        "value-out-of-range",
                        f"must be between {_fmt(pm.low)} and {_fmt(pm.high)}, the scale of "
                        f"{metric_id} (got {_fmt(ps.score)})",
                    )
                )
    return findings


def load_panel(
    paths: InputPaths,
    panel_metrics: Sequence[PanelMetric] | None,
    catalog: Catalog,
    vendor_ids: set[str],
    records: Sequence[VendorRecord],
) -> tuple[Panel | None, list[SourceFile], list[Finding]]:
    """Read and check the score files; aggregate each vendor's panel metrics.

    ``panel_metrics`` is None when the criteria file did not load (metric checks are
    then skipped).  Returns no panel when the criteria declare no panel metric."""
    files, findings = _collect_score_files(paths)
    if not files and not panel_metrics:
        return None, [], findings
    from scorecard.panel import MODERATION_FILE

    sources: list[SourceFile] = []
    evaluators: list[tuple[ScoreFile, SourceFile]] = []
    moderation: tuple[ScoreFile, SourceFile] | None = None
    seen: dict[str, str] = {}
    for path, display, name in files:
        src, data, found = read_toml(path, display, name)
        findings += found
        if src is None:
            continue
        sources.append(src)
        if data is None:
            continue
        sf, found = validate_model(ScoreFile, data, src)
        findings += found
        if sf is None:
            continue
        is_moderation = path.name == MODERATION_FILE
        found = _check_score_file(sf, src, is_moderation, panel_metrics, catalog, vendor_ids)
        findings += found
        if is_moderation:
            moderation = (sf, src)
            continue
        key = _normalised_name(sf.evaluator)
        if key in seen:
            findings.append(
                _Placer(src)(
                    ("evaluator",),
                    "duplicate-evaluator",
                    f"evaluator {sf.evaluator!r} also has the score file {seen[key]}; "
                    "one file per evaluator",
                )
            )
            continue
        seen[key] = src.display
        evaluators.append((sf, src))
    if findings or not panel_metrics:
        return None, sources, findings
    return aggregate_panel(panel_metrics, evaluators, moderation, records), sources, []


def _evaluator(sf: ScoreFile, src: SourceFile) -> Evaluator:
    from scorecard.panel import Evaluator

    return Evaluator(sf.evaluator, sf.role, sf.conflicts, sf.date, src.name)


def aggregate_panel(
    panel_metrics: Sequence[PanelMetric],
    evaluators: Sequence[tuple[ScoreFile, SourceFile]],
    moderation: tuple[ScoreFile, SourceFile] | None,
    records: Sequence[VendorRecord],
) -> Panel:
    """Each vendor's aggregate on each panel metric.  An evaluator is on a metric's
    panel when they scored it for at least one vendor; the panel members who did not
    score a vendor are named in its result."""
    from scorecard.panel import EvaluatorScore, Panel, aggregate_scores

    results: list[PanelResult] = []
    for pm in panel_metrics:
        members = sorted(sf.evaluator for sf, _ in evaluators if _scored(sf, pm.metric))
        for rec in records:
            scores = [
                EvaluatorScore(sf.evaluator, ps.score, ps.justification, src.name)
                for sf, src in evaluators
                if (ps := sf.vendors.get(rec.id, {}).get(pm.metric)) is not None
            ]
            moderated = None
            if moderation is not None:
                msf, msrc = moderation
                mps = msf.vendors.get(rec.id, {}).get(pm.metric)
                if mps is not None:
                    moderated = EvaluatorScore(
                        msf.evaluator, mps.score, mps.justification, msrc.name
                    )
            results.append(aggregate_scores(rec.id, pm, scores, members, moderated))
    order = {pm.metric: i for i, pm in enumerate(panel_metrics)}
    results.sort(key=lambda r: (r.vendor, order[r.metric]))
    return Panel(
        metrics=tuple(panel_metrics),
        evaluators=tuple(
            sorted((_evaluator(sf, src) for sf, src in evaluators), key=lambda e: e.name)
        ),
        moderator=None if moderation is None else _evaluator(*moderation),
        results=tuple(results),
    )


def _scored(sf: ScoreFile, metric: str) -> bool:
    return any(metric in scores for scores in sf.vendors.values())


def with_panel(rec: VendorRecord, panel: Panel) -> VendorRecord:
    """The record with its panel aggregates as values, and a synthesised in-house
    figure per aggregated panel metric (so provenance tables show it)."""
    values = dict(rec.values)
    stderrs = dict(rec.stderrs)
    figures = dict(rec.file.metrics)
    for result in panel.for_vendor(rec.id):
        if result.value is None:
            continue
        values[result.metric] = result.value
        if result.stderr is not None:
            stderrs[result.metric] = result.stderr
        figures[result.metric] = panel_figure(result, panel)
    if len(figures) == len(rec.file.metrics):
        return rec
    return VendorRecord(
        rec.id, rec.file.model_copy(update={"metrics": figures}), rec.source, values, stderrs
    )


def panel_figure(result: PanelResult, panel: Panel) -> Figure:
    """The figure a panel aggregate stands for: in-house, method "panel of N"."""
    assert result.value is not None
    given = [*result.scores, *([result.moderated] if result.moderated else [])]
    people = [*panel.evaluators, *([panel.moderator] if panel.moderator else [])]
    dates = {e.source: e.date for e in people}
    as_of = max(dates[s.source] for s in given)
    scores = ", ".join(_fmt(s.score) for s in result.scores)
    how = {
        "median": "median",
        "mean": "mean",
        "moderated": "moderated score",
    }[result.aggregate]
    note = f"{how} of an evaluation panel of {result.n}"
    if result.n:
        note += f" (scores {scores}"
        if result.sd is not None:
            note += f"; sd {result.sd:.3g}"
        note += ")"
    return Figure(
        value=result.value,
        unit="panel",
        source="evaluation panel: " + ", ".join(sorted({s.source for s in given})),
        as_of=as_of,
        evidence="in-house",
        method=result.method,
        stderr=result.stderr,
        note=note,
        assessed_by=", ".join(s.evaluator for s in given),
    )


def load_vendor_file(path: Path) -> tuple[VendorFile | None, list[Finding]]:
    """Read and validate one vendor file on its own (used by authoring commands)."""
    return load_model_file(VendorFile, path)


def figure_lines(inputs: Inputs) -> dict[tuple[str, str], int]:
    """(vendor id, metric) -> the line its table starts on, for the report's provenance."""
    out: dict[tuple[str, str], int] = {}
    panel = {pm.metric for pm in inputs.panel.metrics} if inputs.panel else set()
    for rec in inputs.vendors:
        positions = key_positions(rec.source.text)
        for metric_id in rec.file.metrics:
            if metric_id in panel:  # synthesised from the score files: no line here
                continue
            out[(rec.id, metric_id)] = locate(rec.source.text, ("metrics", metric_id), positions)[0]
    return out
