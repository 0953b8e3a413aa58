"""Reading a PDF with pyHanko: a reader that parses each object stream's table of
contents once, quiet logs, and the signature fields of the PDF's form.

pyHanko's reader finds an object inside an object stream by parsing the stream's
header (the object numbers and offsets of all its objects) from the start, for
every object it reads.  WeasyPrint puts the ~2,400 objects of the bundled report
into one object stream, and pyHanko's check of what changed after the first
signature reads them all: 6 million numbers parsed, most of the time `verify
--trust` took (bench/bench_sign.py).  :func:`open_pdf` returns a reader that
keeps each stream's header once parsed and reads the same objects."""

from __future__ import annotations

import contextlib
import decimal
import functools
import io
import logging
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from scorecard.signing.keys import SigningError


@contextlib.contextmanager
def quiet_logs() -> Iterator[None]:
    """fontTools logs a warning for every font table it cannot subset, pyHanko a
    traceback for every certificate it cannot trust: what matters comes back in
    the results, and core code never prints."""
    loggers = [logging.getLogger(n) for n in ("fontTools", "pyhanko", "pyhanko_certvalidator")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def unreadable_errors() -> tuple[type[Exception], ...]:
    """The exceptions that mean "this PDF, or this signature, cannot be read".

    Found by flipping, overwriting, deleting and cutting bytes of signed reports
    (tests/signing/test_damage.py keeps a sample of that): pyHanko's PdfError
    family; ValueError, which pyHanko's CMS and validation errors and asn1crypto's
    parsing errors are; zlib.error from a damaged compressed stream;
    NotImplementedError for a filter name with a changed letter; decimal's
    InvalidOperation for a damaged number; and KeyError, IndexError, TypeError,
    AttributeError and AssertionError, which pyHanko raises where a dictionary
    entry is missing or an object is of another kind than it expects."""
    from pyhanko.pdf_utils.misc import PdfError

    return (
        PdfError,
        ValueError,
        zlib.error,
        NotImplementedError,
        decimal.InvalidOperation,
        KeyError,
        IndexError,
        TypeError,
        AttributeError,
        AssertionError,
    )


@dataclass(frozen=True)
class _StreamIndex:
    """An object stream's header, parsed: where each object starts in the
    decoded data.  ``offsets`` holds the objects before any damage in the header."""

    data: bytes
    first: int
    count: int
    offsets: dict[int, int]


def _index_object_stream(stream: Any) -> _StreamIndex | None:
    """The header of an object stream, read once, as pyHanko's reader reads it:
    pairs of object number and offset; the first pair for a number wins.  None for
    anything unusual: the reader itself then handles (or raises on) it."""
    from pyhanko.pdf_utils import generic, misc
    from pyhanko.pdf_utils.decode_limits import DecodePurpose

    if not isinstance(stream, generic.StreamObject) or stream.get("/Type") != "/ObjStm":
        return None
    count, first = stream.get("/N"), stream.get("/First")
    if not isinstance(count, int) or not isinstance(first, int):
        return None
    try:
        data = stream.read_data(DecodePurpose.OBJECT_STREAM)
    except unreadable_errors():
        return None
    skip: Any = misc.read_non_whitespace  # untyped in pyHanko
    number: Any = generic.NumberObject.read_from_stream
    header = io.BytesIO(data)
    offsets: dict[int, int] = {}
    for _ in range(count):
        try:
            skip(header, seek_back=True)
            idnum = number(header)
            skip(header, seek_back=True)
            offset = number(header)
            skip(header, seek_back=True)
        except unreadable_errors():
            break  # the objects after the damage: the reader decides
        offsets.setdefault(int(idnum), int(offset))
    return _StreamIndex(data, int(first), int(count), offsets)


@functools.cache
def _reader_class() -> type:
    from pyhanko.pdf_utils import generic, misc
    from pyhanko.pdf_utils.reader import PdfFileReader

    class IndexedObjectStreamReader(PdfFileReader):
        """pyHanko's lenient reader, reading each object stream's header once."""

        def _get_object_from_stream(self, idnum: int, stmnum: int, idx: int) -> Any:
            index = None if self.strict else self._object_stream_index(stmnum)
            start = None if index is None else index.offsets.get(idnum)
            if index is None or start is None or not 0 <= idx < index.count:
                return self._read_from_stream(idnum, stmnum, idx)
            data = io.BytesIO(index.data)
            data.seek(index.first + start)
            try:
                obj = generic.read_object(data, generic.Reference(idnum, 0, self))
            except misc.PdfReadError:  # pyHanko logs it and reads a null
                return self._read_from_stream(idnum, stmnum, idx)
            if not isinstance(obj, generic.StreamObject | generic.IndirectObject):
                skip: Any = misc.read_non_whitespace  # untyped in pyHanko
                skip(data, seek_back=True, allow_eof=True)
            return obj

        def _read_from_stream(self, idnum: int, stmnum: int, idx: int) -> Any:
            """pyHanko's own way, for what the index does not cover."""
            read: Any = super()._get_object_from_stream  # untyped in pyHanko
            return read(idnum, stmnum, idx)

        def _object_stream_index(self, stmnum: int) -> _StreamIndex | None:
            stream = generic.Reference(stmnum, 0, self).get_object()
            cache: dict[int, tuple[Any, _StreamIndex | None]] = self.__dict__.setdefault(
                "_scorecard_object_streams", {}
            )
            cached = cache.get(stmnum)
            if cached is None or cached[0] is not stream:
                cached = cache[stmnum] = (stream, _index_object_stream(stream))
            return cached[1]

    return IndexedObjectStreamReader


def open_pdf(pdf: bytes) -> Any:
    """A lenient pyHanko reader for ``pdf`` (as viewers read it); SigningError when
    it cannot be read as a PDF at all."""
    try:
        return _reader_class()(io.BytesIO(pdf), strict=False)
    except unreadable_errors() as exc:
        raise SigningError(f"cannot read the PDF: {type(exc).__name__}: {exc}") from None


def embedded_signatures(reader: Any) -> list[Any]:
    """The signatures in the PDF, in signing order (pyHanko's EmbeddedPdfSignature)."""
    try:
        return sorted(reader.embedded_signatures, key=lambda s: s.signed_revision)
    except unreadable_errors() as exc:
        raise SigningError(f"cannot read the signatures: {type(exc).__name__}: {exc}") from None


def signature_fields(reader: Any) -> tuple[set[str], set[str]]:
    """(names of all signature fields, names of the signed ones)."""
    from pyhanko.sign.fields import enumerate_sig_fields

    names: set[str] = set()
    signed: set[str] = set()
    for name, value, _ref in enumerate_sig_fields(reader, filled_status=None):
        names.add(name)
        if value is not None:
            signed.add(name)
    return names, signed
