"""The PDF reader signatures are checked with reads exactly what pyHanko's own
reader reads, object stream headers that are damaged included."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest

from scorecard.signing.pdf import open_pdf

pytestmark = pytest.mark.slow


def _read_all(reader: Any, revisions: bool = True) -> list[object]:
    """Every object of every revision, serialised, or the exception reading it raised."""
    from pyhanko.pdf_utils import generic

    found: list[object] = []
    xrefs = reader.xrefs
    for revision in range(xrefs.total_revisions) if revisions else [None]:
        refs = xrefs.get_xref_data(revision or 0).explicit_refs_in_revision
        for idnum, generation in sorted(refs):
            ref = generic.Reference(idnum, generation)
            try:
                obj = reader.get_object(ref, revision=revision)
            except Exception as exc:  # compared with what pyHanko's reader raises
                found.append((ref, type(exc).__name__, str(exc)))
                continue
            out = io.BytesIO()
            obj.write_to_stream(out)
            found.append((ref, out.getvalue()))
    return found


def _pyhanko_reader(pdf: bytes) -> Any:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return PdfFileReader(io.BytesIO(pdf), strict=False)


def test_every_object_of_every_revision_reads_as_pyhanko_reads_it(
    signed_twice: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader

    theirs = _read_all(_pyhanko_reader(signed_twice))
    scans = []
    scan = PdfFileReader._get_object_from_stream
    monkeypatch.setattr(
        PdfFileReader,
        "_get_object_from_stream",
        lambda self, *args: scans.append(args) or scan(self, *args),
    )
    ours = _read_all(open_pdf(signed_twice))
    assert len(ours) > 30
    assert ours == theirs
    assert scans == []  # no object stream header scanned again for each object


def _plain_object_stream(pdf: bytes) -> tuple[bytes, int]:
    """The report with its objects in one uncompressed object stream, and where
    that stream's header (object number, offset, ...) starts."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        out = io.BytesIO()
        doc.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=False)
    data = out.getvalue()
    match = re.search(rb"/Type /ObjStm[^>]*>>\s*stream\r?\n", data)
    assert match is not None
    return data, match.end()


def _replace_header_number(data: bytes, start: int, index: int, new: bytes) -> bytes:
    """``data`` with the ``index``th number of the object stream header at ``start``
    replaced by ``new`` of the same length (no offset in the file moves)."""
    numbers = list(re.finditer(rb"\d+", data[start : start + 400]))
    old = numbers[index]
    assert len(new) == old.end() - old.start()
    a, b = start + old.start(), start + old.end()
    return data[:a] + new + data[b:]


@pytest.mark.parametrize(
    "damage",
    [
        "none",
        "a letter for an object number",  # the header stops parsing there
        "an object number repeated",  # the first entry for a number wins
        "an offset beyond the stream",
    ],
)
def test_damaged_object_stream_headers_read_as_pyhanko_reads_them(
    unsigned_pdf: bytes, damage: str
) -> None:
    data, start = _plain_object_stream(unsigned_pdf)
    numbers = [int(m) for m in re.findall(rb"\d+", data[start : start + 400])]
    if damage == "a letter for an object number":
        data = _replace_header_number(data, start, 10, b"x" * len(str(numbers[10])))
    elif damage == "an object number repeated":
        data = _replace_header_number(
            data, start, 12, str(numbers[10]).encode().zfill(len(str(numbers[12])))
        )
    elif damage == "an offset beyond the stream":
        data = _replace_header_number(data, start, 9, b"9" * len(str(numbers[9])))
    ours = _read_all(open_pdf(data), revisions=False)
    theirs = _read_all(_pyhanko_reader(data), revisions=False)
    assert ours == theirs
    if damage == "none":
        assert all(len(item) == 2 for item in ours)  # everything read
