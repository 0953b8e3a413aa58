"""Where a TOML key is: line and column of every key path, for findings and the report."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from scorecard.model.inputs import Inputs

if TYPE_CHECKING:  # imported where used: runs without panel metrics never load it
    pass


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
