"""Reading one input file: size, encoding and TOML syntax problems become findings."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scorecard.model.findings import Finding, make_finding
from scorecard.model.inputs import SourceFile

if TYPE_CHECKING:  # imported where used: runs without panel metrics never load it
    pass


MAX_FILE_BYTES = 1024 * 1024


def read_source(path: Path, display: str, name: str) -> tuple[SourceFile | None, list[Finding]]:
    """Read one file, refusing what is not a small UTF-8 text file."""
    try:
        resolved = path.resolve(strict=True)
    except RuntimeError:  # Python 3.11 raises RuntimeError on a symlink loop
        return None, [make_finding(display, "symlink-loop", "symbolic link loop")]
    except FileNotFoundError:
        return None, [make_finding(display, "not-found", "no such file")]
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            return None, [make_finding(display, "symlink-loop", "symbolic link loop")]
        return None, [make_finding(display, "unreadable", f"cannot read: {exc.strerror}")]
    if resolved.is_dir():
        return None, [make_finding(display, "is-a-folder", "is a folder, not a file")]
    try:
        size = resolved.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [
                make_finding(
                    display,
                    "file-too-large",
                    f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} (1 MiB)",
                )
            ]
        data = resolved.read_bytes()
    except OSError as exc:
        return None, [make_finding(display, "unreadable", f"cannot read: {exc.strerror}")]
    if not data.strip():
        return None, [make_finding(display, "empty-file", "file is empty")]
    if b"\x00" in data:
        return None, [make_finding(display, "binary-file", "file is binary, not TOML text")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            make_finding(
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
            make_finding(src.display, code, f"TOML syntax: {message}", line or 1, column or 1)
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
