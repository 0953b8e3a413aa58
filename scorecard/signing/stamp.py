"""The visible signature stamp: its text and font, and where the report's sign-off
slots are."""

from __future__ import annotations

import contextlib
import functools
import io
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scorecard.signing.keys import SigningError
from scorecard.signing.pdf import quiet_logs

#: Slot size when the template gives only the top-left corner: 80 mm x 20 mm.
DEFAULT_SLOT_SIZE = (226.77, 56.69)


STAMP_FONT_NAME = "DejaVuSans.ttf"


SYSTEM_STAMP_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def stamp_font_path() -> Path:
    """The font drawn in the signature appearance: the report's bundled DejaVu Sans,
    else the system's copy (fonts-dejavu-core)."""
    here = Path(__file__).resolve().parent.parent  # the package
    for candidate in (
        here / "templates" / "fonts" / STAMP_FONT_NAME,  # installed wheel
        here.parent / "templates" / "fonts" / STAMP_FONT_NAME,  # source tree
        SYSTEM_STAMP_FONT,
    ):
        if candidate.is_file():
            return candidate
    raise SigningError(
        f"no {STAMP_FONT_NAME} for the signature appearance (install fonts-dejavu-core)"
    )


@functools.cache
def _stamp_font_bytes(path: Path, text: str) -> bytes:
    """The stamp font, cut down to printable ASCII and the characters of ``text``
    and rescaled to 1000 units per em.

    pyHanko writes glyph widths (/W) in font units, which a PDF reader takes as
    thousandths of an em: with DejaVu's 2048 units per em the letters would be
    spaced twice too wide and the widths would disagree with the font program,
    which PDF/A forbids.  Rescaling the font itself makes both agree; cutting it
    down first makes that fast (pyHanko subsets it again when it embeds it)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    font = TTFont(str(path))
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.glyph_names = True
    options.drop_tables += ["FFTM"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes={*range(0x20, 0x7F), *(ord(c) for c in text)})
    subsetter.subset(font)
    if font["head"].unitsPerEm != 1000:
        scale_upem(font, 1000)
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


def stamp_lines(name: str, role: str | None, reason: str | None) -> list[str]:
    """The stamp's text, a line each: who (and their role), when, why.  The time is
    pyHanko's ``%(ts)s``: the stamp text is a %-format string."""

    def literal(text: str) -> str:
        return text.replace("%", "%%")

    lines = [literal(f"{name}, {role}" if role else name), "Digitally signed %(ts)s"]
    if reason:
        lines.append(literal(f"Reason: {reason}"))
    return lines


def stamp_style(lines: list[str]) -> Any:
    """A pyHanko text stamp of ``lines`` in 9-point DejaVu Sans, left-aligned and
    vertically centred in the slot, without border or background."""
    from pyhanko.pdf_utils.layout import AxisAlignment, Margins, SimpleBoxLayoutRule
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    text = "\n".join(lines)
    return TextStampStyle(
        stamp_text=text,
        text_box_style=TextBoxStyle(font=_font_factory(9, text), font_size=9, leading=11),
        border_width=0,
        background=None,
        timestamp_format="%Y-%m-%d %H:%M %Z",
        inner_content_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MIN,
            y_align=AxisAlignment.ALIGN_MID,
            margins=Margins(4, 4, 2, 2),
        ),
    )


def _font_factory(font_size: int, text: str) -> Any:
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory

    path = stamp_font_path()
    with quiet_logs():
        data = _stamp_font_bytes(path, "".join(sorted(set(text))))

    class _Factory(GlyphAccumulatorFactory):
        def create_font_engine(self, writer: Any, obj_stream: Any = None) -> Any:
            if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
                obj_stream = writer.prepare_object_stream()
            return GlyphAccumulator(
                writer=writer,
                font_handle=io.BytesIO(data),
                font_size=self.font_size,
                obj_stream=obj_stream,
            )

    return _Factory(str(path), font_size=font_size)


@dataclass(frozen=True)
class SlotBox:
    """A sign-off slot: its page (from 0) and rectangle (x1, y1, x2, y2) in points."""

    page: int
    box: tuple[int, int, int, int]


def _page_refs(reader: Any) -> list[tuple[int, int]]:
    """(object number, generation) of every page, in order."""
    refs: list[tuple[int, int]] = []

    def walk(node_ref: Any, depth: int) -> None:
        if depth > 64:
            return
        node = node_ref.get_object()
        if node.get("/Type") == "/Pages" or "/Kids" in node:
            for kid in node.raw_get("/Kids"):
                walk(kid, depth + 1)
        else:
            refs.append((node_ref.idnum, node_ref.generation))

    walk(reader.root.raw_get("/Pages"), 0)
    return refs


def _named_destinations(reader: Any) -> dict[str, Any]:
    """Named destinations: the /Dests name tree (and the PDF 1.1 /Dests dictionary)."""
    found: dict[str, Any] = {}

    def walk(node: Any, depth: int) -> None:
        if depth > 32:
            return
        node = node.get_object() if hasattr(node, "get_object") else node
        names = node.get("/Names")
        if names is not None:
            items = list(names)
            for i in range(0, len(items) - 1, 2):
                found[str(items[i])] = items[i + 1]
        for kid in node.get("/Kids", ()):
            walk(kid, depth + 1)

    root = reader.root
    with contextlib.suppress(KeyError, TypeError, AttributeError):
        walk(root["/Names"]["/Dests"], 0)
    with contextlib.suppress(KeyError, TypeError, AttributeError):
        for key, value in root["/Dests"].items():
            found.setdefault(str(key).lstrip("/"), value)
    return found


def _destination(reader: Any, dests: dict[str, Any], name: str) -> tuple[int, float, float] | None:
    """(page index, x, y) of a named /XYZ destination."""
    dest = dests.get(name)
    if dest is None:
        return None
    dest = dest.get_object() if hasattr(dest, "get_object") else dest
    with contextlib.suppress(KeyError, TypeError, AttributeError):
        dest = dest["/D"]
    try:
        page_ref = dest.raw_get(0)
        kind = str(dest[1])
        x, y = float(dest[2]), float(dest[3])
        page = _page_refs(reader).index((page_ref.idnum, page_ref.generation))
    except (ValueError, TypeError, IndexError, AttributeError):
        return None
    if kind != "/XYZ":
        return None
    return page, x, y


def slot_box(reader: Any, anchor: str) -> SlotBox | None:
    """Where the template put a sign-off slot: page and (x1, y1, x2, y2)."""
    dests = _named_destinations(reader)
    top_left = _destination(reader, dests, anchor)
    if top_left is None:
        return None
    page, x1, y1 = top_left
    end = _destination(reader, dests, f"{anchor}-end")
    if end is not None and end[0] == page and end[1] > x1 + 20 and end[2] < y1 - 10:
        _, x2, y2 = end
    else:
        x2, y2 = x1 + DEFAULT_SLOT_SIZE[0], y1 - DEFAULT_SLOT_SIZE[1]
    return SlotBox(page, (math.floor(x1), math.floor(y2), math.ceil(x2), math.ceil(y1)))
