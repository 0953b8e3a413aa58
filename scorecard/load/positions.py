"""Where a TOML key is written: the line and column of every key path.

Findings are placed with :func:`key_positions` (built only when a file has
findings).  The line of each figure's table is recorded at load time with
:func:`figure_lines`, so no later stage re-reads the raw TOML."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

Positions = Mapping[tuple[str | int, ...], tuple[int, int]]

BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


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
            m = BARE_KEY.match(text, pos)
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
    first level of inline tables.
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
        for i in range(len(current) + 1, len(full)):  # a dotted key opens its tables
            positions.setdefault(full[:i], (lineno, indent + 1))
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
    text: str, loc: Sequence[str | int], positions: Positions | None = None
) -> tuple[int, int]:
    """The line and column of a key path, or of its nearest enclosing table."""
    table = positions if positions is not None else key_positions(text)
    path = tuple(loc)
    while path not in table:
        path = path[:-1]
    return table[path]


def field_name(loc: Sequence[str | int]) -> str:
    """A key path as a finding names it: ``metrics.mmlu.value``, ``gates[0].metric``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            key = part if BARE_KEY.fullmatch(part) else f'"{part}"'
            out += f".{key}" if out else key
    return out


# `[metrics.<id>]` on a line of its own: how nearly every vendor file gives a figure
_FIGURE_HEADER = re.compile(
    r"""^[ \t]*\[[ \t]*metrics[ \t]*\.[ \t]*([A-Za-z0-9_-]+|"[^"\\\n]*"|'[^'\n]*')[ \t]*\]""",
    re.M,
)


def figure_lines(text: str, metric_ids: Iterable[str]) -> dict[str, int]:
    """The line each figure's ``[metrics.<id>]`` table starts on (of its nearest
    enclosing table where it is written otherwise), for the report's provenance.

    Runs on every vendor file at load, so the common layout is found with one
    regular expression; other layouts (dotted keys, inline tables, multi-line
    strings that could hide a header) take the full scanner."""
    wanted = list(metric_ids)
    if '"""' not in text and "'''" not in text:
        found: dict[str, int] = {}
        for m in _FIGURE_HEADER.finditer(text):
            key = m[1].strip("\"'")
            found.setdefault(key, text.count("\n", 0, m.start()) + 1)
        if all(metric in found for metric in wanted):
            return {metric: found[metric] for metric in wanted}
    positions = key_positions(text)
    return {metric: locate(text, ("metrics", metric), positions)[0] for metric in wanted}
