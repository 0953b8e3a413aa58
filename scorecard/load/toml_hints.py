"""TOML syntax errors people can act on: the offending text and why, not only the
parser's wording (``as_of = 2025-13-10`` -> "`2025-13-10` is not a valid date
(month 13)")."""

from __future__ import annotations

import calendar
import re

# `key = value` with the value up to a comment or the end of the line
_ASSIGNMENT = re.compile(r"^\s*[A-Za-z0-9_.\"'-]+\s*=\s*(?P<value>[^#]*?)\s*(?:#.*)?$")
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_TIME = re.compile(r"^(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?$")
_NUMBERISH = re.compile(r"^[+-]?[0-9][0-9._eE+-]*$")
_WORDS = {"yes", "no", "on", "off", "True", "False", "TRUE", "FALSE", "none", "null", "None"}

# the parser's messages this module can explain
_EXPLAINED = ("Expected newline or end of document", "Invalid value", "Invalid date")


def explain_value(text: str, line: int, detail: str) -> tuple[str, int] | None:
    """Why the value on ``line`` (1-based) is not TOML, and its column; None when the
    line is not a plain ``key = value`` or the parser's message is another kind."""
    if not detail.startswith(_EXPLAINED):
        return None
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return None
    m = _ASSIGNMENT.match(lines[line - 1])
    if m is None or not m["value"]:
        return None
    value, column = m["value"], m.start("value") + 1
    why = _why(value)
    return (f"`{value}` {why}", column) if why else None


def _why(value: str) -> str | None:
    if d := _DATE.match(value):
        return _date_problem(int(d[1]), int(d[2]), int(d[3]), d[2], d[3])
    if t := _TIME.match(value):
        hour, minute, second = int(t[1]), int(t[2]), int(t[3] or 0)
        if hour > 23 or minute > 59 or second > 59:
            return "is not a valid time (hours 0-23, minutes and seconds 0-59)"
        return "is not a valid time: write it as HH:MM:SS, or quote it as text"
    if value in _WORDS:
        return 'is not a TOML value: write true or false, or quote text ("...")'
    if _NUMBERISH.match(value):
        return "is not a number (one decimal point; an exponent needs digits: 1e-3)"
    if not value.startswith(('"', "'", "[", "{")):
        return 'is not a TOML value: quote text ("..."); numbers, dates and true/false are bare'
    return None


def _date_problem(year: int, month: int, day: int, raw_month: str, raw_day: str) -> str:
    if not 1 <= month <= 12:
        return f"is not a valid date (month {month})"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        name = calendar.month_name[month]
        return f"is not a valid date (day {day}: {name} {year} has {days} days)"
    if len(raw_month) != 2 or len(raw_day) != 2:
        return f"is not a TOML date: write it as {year:04d}-{month:02d}-{day:02d}"
    return "is not a valid TOML date"
