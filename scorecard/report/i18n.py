"""The language a report, a debrief or `rank`'s table/Markdown is written in.

English is the source language: every message is written in English in the code and
the templates, marked for translation (``_("...")`` in Python, ``{% trans %}`` in the
templates), and looked up at render time in a gettext catalogue managed with Babel
(``scorecard/locale/<lang>/LC_MESSAGES/scorecard.po``, compiled to ``.mo``;
``python scripts/i18n.py`` extracts, updates and compiles them).

One render runs in one language: :func:`use_language` sets it for the duration of a
``with`` block (a context variable, so concurrent renders in threads or tasks do not
mix), and :func:`gettext` and the formatting functions of
:mod:`scorecard.report.format` read it.  Outside such a block everything is English,
exactly as the source strings say.  CLI messages and findings are not translated."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

from scorecard.model.constants import LANGUAGES

DOMAIN = "scorecard"
SOURCE_LANGUAGE = "en"


class _Catalogue(Protocol):
    def gettext(self, message: str, /) -> str: ...
    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...


@dataclass(frozen=True)
class Language:
    """A language code with its compiled catalogue (None for English: the source)."""

    code: str
    catalogue: _Catalogue | None


_ENGLISH = Language(SOURCE_LANGUAGE, None)
_active: ContextVar[Language] = ContextVar("scorecard_language", default=_ENGLISH)


def locale_dir() -> Path:
    """The compiled catalogues, inside the package (the wheel ships them)."""
    return Path(__file__).resolve().parent.parent / "locale"


@cache
def load_language(code: str) -> Language:
    """The catalogue of ``code`` (one of :data:`LANGUAGES`), read once per process."""
    if code == SOURCE_LANGUAGE:
        return _ENGLISH
    if code not in LANGUAGES:
        raise ValueError(f"unsupported language {code!r}; supported: {', '.join(LANGUAGES)}")
    import gettext as _gettext

    path = locale_dir() / code / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with path.open("rb") as fh:
        return Language(code, _gettext.GNUTranslations(fh))


@contextmanager
def use_language(code: str) -> Iterator[Language]:
    """Render in ``code`` inside the block."""
    token = _active.set(load_language(code))
    try:
        yield _active.get()
    finally:
        _active.reset(token)


def current_language() -> str:
    return _active.get().code


def gettext(message: str) -> str:
    """``message`` in the active language (as written, in English)."""
    catalogue = _active.get().catalogue
    return message if catalogue is None else catalogue.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form of a message for ``n``, in the active language."""
    catalogue = _active.get().catalogue
    if catalogue is None:
        return singular if n == 1 else plural
    return catalogue.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks ``message`` for extraction without translating it (translated where shown)."""
    return message


_ = gettext
