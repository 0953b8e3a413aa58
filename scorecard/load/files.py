"""Reading one input file: size, encoding and TOML syntax problems become findings."""

from __future__ import annotations

import errno
import re
import stat
import tomllib
from pathlib import Path
from typing import Any

from scorecard.load.toml_hints import explain_value
from scorecard.model.findings import Finding, make_finding
from scorecard.model.inputs import SourceFile

MAX_FILE_BYTES = 1024 * 1024


def read_source(path: Path, display: str, name: str) -> tuple[SourceFile | None, list[Finding]]:
    """Read one file, refusing what is not a small UTF-8 text file."""
    try:
        # one stat (it follows links, and a loop raises ELOOP), not a resolve: resolving
        # checks every folder on the way, for each of 1,000 files
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            return None, [make_finding(display, "is-a-folder")]
        size = info.st_size
        if size > MAX_FILE_BYTES:
            limit = f"{MAX_FILE_BYTES:,} (1 MiB)"
            return None, [make_finding(display, "file-too-large", size=f"{size:,}", limit=limit)]
        data = path.read_bytes()
    except RuntimeError:  # Python 3.11 raises RuntimeError on a symlink loop
        return None, [make_finding(display, "symlink-loop")]
    except FileNotFoundError:
        return None, [make_finding(display, "not-found", what="file")]
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, [make_finding(display, "symlink-loop")]
        return None, [make_finding(display, "unreadable", reason=exc.strerror or str(exc))]
    return decode_source(data, display, name)


def decode_source(data: bytes, display: str, name: str) -> tuple[SourceFile | None, list[Finding]]:
    """The text of a file's bytes, when it is UTF-8 text and not empty."""
    if not data.strip():
        return None, [make_finding(display, "empty-file")]
    if b"\x00" in data:
        return None, [make_finding(display, "binary-file")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = f"0x{data[exc.start]:02x}"
        return None, [make_finding(display, "not-utf8", line=line, column=column, byte=byte)]
    return SourceFile(display=display, name=name, data=data, text=text), []


_TOML_POS = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_EOF = re.compile(r"\s*\(at end of document\)\s*$")


def parse_toml(src: SourceFile) -> tuple[dict[str, Any] | None, list[Finding]]:
    """The file's TOML, or one finding at the line and column where parsing stopped."""
    try:
        return tomllib.loads(src.text), []
    except tomllib.TOMLDecodeError as exc:
        detail = str(exc)
        line, column = 1, 1
        if m := _TOML_POS.search(detail):
            line, column = int(m[1]), int(m[2])
            detail = detail[: m.start()]
        elif m := _TOML_EOF.search(detail):
            line = src.text.count("\n") + (0 if src.text.endswith("\n") else 1)
            detail = detail[: m.start()] + " at the end of the file"
        if "overwrite" in detail.lower():
            code, detail = "duplicate-key", detail[0].lower() + detail[1:]
        else:
            code = "toml-syntax"
        if hint := explain_value(src.text, line, detail):
            detail, column = hint
        if detail == "Illegal character '\\n'":
            detail = "unterminated string (a string must close on the line it opens)"
        return None, [make_finding(src.display, code, line=line, column=column, detail=detail)]


def read_toml(
    path: Path, display: str, name: str
) -> tuple[SourceFile | None, dict[str, Any] | None, list[Finding]]:
    """Read one file and parse it as TOML, collecting the findings of both steps."""
    src, findings = read_source(path, display, name)
    if src is None:
        return None, None, findings
    data, found = parse_toml(src)
    return src, data, findings + found
