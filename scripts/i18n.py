"""The report's translations: extract, update and compile the gettext catalogues.

    python scripts/i18n.py           # extract -> scorecard/locale/scorecard.pot,
                                     # update every <lang>/LC_MESSAGES/scorecard.po,
                                     # compile each to scorecard.mo
    python scripts/i18n.py --check   # change nothing; exit 1 when a file is stale or a
                                     # message lacks a translation (each one is listed)

Messages come from three places (Babel's extractors):
- the templates (``templates/**.j2``): ``{% trans %}`` blocks and ``_()`` calls, read
  with the environment's settings (jinja2's i18n extension, trimmed blocks);
- the Python code (``scorecard/**.py``): ``_()``, ``N_()``, ``gettext()`` and
  ``ngettext()`` calls;
- the metric catalogue's labels and display units (``scorecard/model/catalog.py``),
  which the report translates (a custom metric's label is the buyer's and is not).

The compiled ``.mo`` files are committed (the wheel ships them as package data, no
build step): a test checks that each equals a fresh compile of its ``.po``.
Files are written without dates or line numbers, so the same sources give the same
bytes and a merge only touches the messages that changed."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parent.parent
LOCALE = REPO / "scorecard" / "locale"
DOMAIN = "scorecard"
POT = LOCALE / f"{DOMAIN}.pot"
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
# a fixed date: the files' bytes depend on the messages only
EPOCH = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
JINJA_OPTIONS = {
    "extensions": "jinja2.ext.i18n",
    "trimmed": "true",
    "trim_blocks": "true",
    "lstrip_blocks": "true",
    "newstyle_gettext": "true",
}


def languages() -> tuple[str, ...]:
    sys.path.insert(0, str(REPO))
    from scorecard.model.constants import LANGUAGES

    return tuple(code for code in LANGUAGES if code != "en")


def _messages() -> Iterator[tuple[str | tuple[str, str], str]]:
    """(message, where) of every translatable message."""
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        str(REPO / "templates"),
        method_map=[("**.j2", "jinja2.ext:babel_extract")],
        options_map={"**.j2": JINJA_OPTIONS},
        keywords=KEYWORDS,
    ):
        yield message, f"templates/{filename}"
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        str(REPO / "scorecard"),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
    ):
        yield message, f"scorecard/{filename}"
    sys.path.insert(0, str(REPO))
    from scorecard.model.catalog import DISPLAY_UNITS, LABELS

    for text in [*LABELS.values(), *DISPLAY_UNITS.values()]:
        yield text, "scorecard/model/catalog.py"


def template() -> Catalog:
    """The message template (.pot) from the sources."""
    pot = Catalog(
        project="scorecard",
        domain=DOMAIN,
        creation_date=EPOCH,
        revision_date=EPOCH,
        fuzzy=False,
        msgid_bugs_address="",
        copyright_holder="scorecard",
    )
    for message, where in _messages():
        if message in ("", ()):
            continue
        pot.add(message, locations=[(where, None)])
    return pot


def _po_bytes(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_po(buf, catalog, width=88, sort_output=True, include_lineno=False)
    return buf.getvalue()


def _mo_bytes(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def po_path(code: str) -> Path:
    return LOCALE / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def updated(code: str, pot: Catalog) -> Catalog:
    """The language's catalogue merged with the template: new messages added empty,
    removed ones dropped (no fuzzy guesses: a translator writes each one)."""
    path = po_path(code)
    if path.exists():
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=code, domain=DOMAIN)
    else:
        catalog = Catalog(locale=code, domain=DOMAIN, project="scorecard")
    catalog.creation_date = EPOCH
    catalog.revision_date = EPOCH
    catalog.update(pot, no_fuzzy_matching=True, update_creation_date=False)
    catalog.obsolete.clear()
    return catalog


def untranslated(catalog: Catalog) -> list[str]:
    """The messages of ``catalog`` that have no translation (or only a fuzzy one)."""
    out = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            out.append(message.id if isinstance(message.id, str) else message.id[0])
    return out


def planned() -> dict[Path, bytes]:
    """Every file this script writes, with its bytes."""
    pot = template()
    files = {POT: _po_bytes(pot)}
    for code in languages():
        catalog = updated(code, pot)
        files[po_path(code)] = _po_bytes(catalog)
        files[po_path(code).with_suffix(".mo")] = _mo_bytes(catalog)
    return files


def missing_translations() -> dict[str, list[str]]:
    """Language -> the messages it lacks (empty lists: complete)."""
    pot = template()
    return {code: untranslated(updated(code, pot)) for code in languages()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; report")
    args = parser.parse_args(argv)
    files = planned()
    stale = [p for p, data in files.items() if not p.exists() or p.read_bytes() != data]
    if not args.check:
        for path in stale:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(files[path])
            print(f"wrote {path.relative_to(REPO)}")
    missing = missing_translations()
    for code, ids in missing.items():
        for msgid in ids:
            print(f"{code}: no translation: {msgid!r}")
    if args.check and stale:
        for path in stale:
            print(f"stale: {path.relative_to(REPO)} (run python scripts/i18n.py)")
    failed = any(missing.values()) or (args.check and bool(stale))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
