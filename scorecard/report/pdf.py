"""HTML to PDF with WeasyPrint: PDF/A-3 with embedded files, reproducible bytes,
and a URL fetcher that serves the bundled template assets and nothing else.

WeasyPrint is imported inside :func:`render_pdf` only: its import alone costs
most of a second, and only the commands that render pay for it."""

from __future__ import annotations

import base64
import codecs
import contextlib
import datetime as dt
import os
import urllib.parse
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scorecard.model.errors import ScorecardError
from scorecard.report.html import templates_root

if TYPE_CHECKING:
    from scorecard.audit.manifest import Manifest
    from scorecard.model.inputs import Inputs
    from scorecard.model.results import Ranking

PDF_VARIANT = "pdf/a-3a"
EMBED_SCHEME = "scorecard-embed"


class RenderError(ScorecardError):
    """The PDF could not be rendered (a refused fetch, a layout failure)."""


@dataclass(frozen=True)
class EmbeddedFile:
    """A file carried inside the PDF, byte-for-byte."""

    name: str  # name inside the PDF (relative, never an absolute path)
    data: bytes
    mime_type: str
    description: str
    relationship: str  # PDF/A-3 AFRelationship: Source | Data | Supplement ...


class FetchRefusedError(Exception):
    """A URL outside the bundled assets: the render stops."""


def _asset_path(url: str, root: Path) -> Path | None:
    """The bundled asset a file: URL names, or None when it is outside the assets."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost") or parts.query:
        return None
    path = Path(urllib.parse.unquote(parts.path))
    try:
        resolved = path.resolve(strict=True)
    except OSError:
        return None
    if not resolved.is_relative_to(root) or not resolved.is_file():
        return None
    return resolved


_ASSET_TYPES = {
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}


def make_fetcher(
    embedded: Sequence[EmbeddedFile] = (), record: Callable[[str], None] | None = None
) -> Any:
    """A WeasyPrint URL fetcher serving bundled assets, `data:` URLs and the files to
    embed; any other URL (http, https, file: outside the assets, ...) stops the render.
    ``record`` is called with every URL asked for (tests use it)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    root = templates_root().resolve()
    files = {f.name: f for f in embedded}

    class AssetFetcher(URLFetcher):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(fail_on_errors=True, allowed_protocols=())

        def fetch(self, url: str, headers: Any = None) -> Any:
            if record is not None:
                record(url)
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return _data_response(url)
            if scheme == EMBED_SCHEME:
                name = urllib.parse.unquote(url.split(":", 1)[1])
                if name in files:
                    f = files[name]
                    return URLFetcherResponse(url, f.data, {"Content-Type": f.mime_type})
            elif scheme == "file" and (path := _asset_path(url, root)) is not None:
                content_type = _ASSET_TYPES.get(path.suffix, "application/octet-stream")
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})
            raise FetchRefusedError(f"refused to fetch {url[:200]!r}: not a bundled asset")

    return AssetFetcher()


def _data_response(url: str) -> Any:
    from weasyprint.urls import URLFetcherResponse

    header, _, payload = url[5:].partition(",")
    params = header.split(";")
    content_type = params[0] or "text/plain"
    if "base64" in params[1:]:
        body = base64.b64decode(payload)
    else:
        body = urllib.parse.unquote_to_bytes(payload)
    return URLFetcherResponse(url, body, {"Content-Type": content_type})


def html_for_file(html: str) -> str:
    """The report's HTML for writing to a file: with a <base> pointing at the bundled
    templates, so its stylesheet and fonts resolve wherever the file is saved."""
    base = templates_root().resolve().as_uri() + "/"
    return html.replace("<head>\n", f'<head>\n<base href="{base}">\n', 1)


def _write(weasyprint: Any, html: str, fetcher: Any, attachments: list[Any], variant: str) -> bytes:
    document = weasyprint.HTML(
        string=html, base_url=templates_root().resolve().as_uri() + "/", url_fetcher=fetcher
    )
    pdf = document.write_pdf(
        attachments=attachments,
        pdf_variant=variant,
        pdf_identifier=True,
        presentational_hints=False,
    )
    assert isinstance(pdf, bytes)
    return pdf


@contextlib.contextmanager
def layout_gc() -> Iterator[None]:
    """Fewer garbage-collector passes while a report is rendered (HTML, then layout).

    Layout allocates millions of objects and the default thresholds spend ~18% of
    the render in the collector (bench/bench_report.py).  Freezing what exists
    (modules, inputs, results) and collecting gen 0 every 50,000 allocations
    instead of every 700 cuts that to ~5%, with the same peak memory (measured:
    303 MB for 50 vendors either way).  Cycles are still collected; the thresholds
    are restored."""
    import gc

    old = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*old)
        gc.unfreeze()


def pdf_string_key(text: str) -> bytes:
    """The bytes pydyf writes for a PDF text string: by which name trees are sorted
    (ASCII as is, anything else UTF-16BE with a byte-order mark)."""
    try:
        return text.encode("ascii")
    except UnicodeEncodeError:
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")


SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"


@contextlib.contextmanager
def pinned_clock(date: dt.date) -> Iterator[None]:
    """``SOURCE_DATE_EPOCH`` set to ``date`` at midnight UTC for the block, then restored.

    WeasyPrint subsets fonts with HarfBuzz when libharfbuzz-subset is installed and
    with fontTools otherwise; fontTools stamps each subset font's ``head.modified``
    with the wall clock unless ``SOURCE_DATE_EPOCH`` is set, so without this two
    renders a second apart differ.  Nothing else on the render path reads the clock
    for PDF/A (WeasyPrint's random XMP ids and local time are PDF/X only)."""
    stamp = dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)
    previous = os.environ.get(SOURCE_DATE_EPOCH)
    os.environ[SOURCE_DATE_EPOCH] = str(int(stamp.timestamp()))
    try:
        yield
    finally:
        if previous is None:
            del os.environ[SOURCE_DATE_EPOCH]
        else:
            os.environ[SOURCE_DATE_EPOCH] = previous


def render_pdf(
    html: str,
    embedded: Sequence[EmbeddedFile],
    date: dt.date,
    variant: str = PDF_VARIANT,
    record: Callable[[str], None] | None = None,
) -> bytes:
    """Lay out ``html`` and write the PDF with ``embedded`` attached.

    Every date written (document metadata comes from the HTML's dcterms meta
    tags; attachment dates from here; subset fonts' ``head.modified`` through
    :func:`pinned_clock`) is ``date`` at midnight UTC, so the same inputs give the
    same bytes on either font subsetter."""
    import weasyprint
    from weasyprint.urls import FatalURLFetchingError

    fetcher = make_fetcher(embedded, record)
    stamp = dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)
    # WeasyPrint writes the EmbeddedFiles name tree in the order given; ISO 32000
    # wants its keys sorted (readers binary-search it, qpdf --check complains).
    embedded = sorted(embedded, key=lambda f: pdf_string_key(f.name))
    attachments = [
        weasyprint.Attachment(
            url=f"{EMBED_SCHEME}:{urllib.parse.quote(f.name)}",
            url_fetcher=fetcher,
            name=f.name,
            description=f.description,
            created=stamp,
            modified=stamp,
            relationship=f.relationship,
        )
        for f in embedded
    ]
    # WeasyPrint opens its sRGB output-intent profile without closing it (the file
    # is dropped, unclosed, as soon as it is read): silence that one ResourceWarning.
    with warnings.catch_warnings(), layout_gc(), pinned_clock(date):
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            pdf = _write(weasyprint, html, fetcher, attachments, variant)
        except FatalURLFetchingError as exc:
            cause = exc.__cause__
            raise RenderError(str(cause) if cause else str(exc)) from None
    assert isinstance(pdf, bytes)
    return pdf


# --------------------------------------------------------------------------- the whole report


def font_hashes() -> dict[str, str]:
    """SHA-256 of each bundled font file, by file name."""
    import hashlib

    from scorecard.report.html import font_files

    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in font_files()}


_HARFBUZZ_LIBRARIES = ("libharfbuzz.so.0", "libharfbuzz.0.dylib", "libharfbuzz-0.dll")


def harfbuzz_version() -> str:
    """The version of the HarfBuzz library WeasyPrint shapes (and may subset) with."""
    import ctypes
    import ctypes.util

    names = [*_HARFBUZZ_LIBRARIES, ctypes.util.find_library("harfbuzz")]
    for name in filter(None, names):
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        lib.hb_version_string.restype = ctypes.c_char_p
        return str(lib.hb_version_string().decode("ascii"))
    return "unknown"


def font_subsetter() -> str:
    """Which library WeasyPrint subsets fonts with here: ``harfbuzz`` (when
    libharfbuzz-subset >= 4.1 is installed) or ``fonttools``, WeasyPrint's fallback.
    They write different font bytes, so a report records which one ran."""
    from weasyprint.pdf import fonts

    if fonts.harfbuzz_subset and fonts.harfbuzz.hb_version_atleast(4, 1, 0):
        return "harfbuzz"
    return "fonttools"


def rendering_environment() -> dict[str, str]:
    """The versions that decide the PDF's bytes: scorecard and its rendering stack
    (and the bundled fonts, by hash).  `verify` compares bytes only when they match."""
    import platform
    import zlib
    from importlib.metadata import PackageNotFoundError, version

    from weasyprint.text.ffi import pango

    def ver(dist: str) -> str:
        try:
            return version(dist)
        except PackageNotFoundError:
            return "not installed"

    pango_version = int(pango.pango_version())
    env = {
        "scorecard": ver("scorecard"),
        "python": platform.python_version(),
        "weasyprint": ver("weasyprint"),
        "pydyf": ver("pydyf"),
        "fonttools": ver("fonttools"),
        "pydantic": ver("pydantic"),
        "jinja2": ver("jinja2"),
        "numpy": ver("numpy"),
        "pango": f"{pango_version // 10000}.{pango_version // 100 % 100}.{pango_version % 100}",
        "harfbuzz": harfbuzz_version(),
        "font subsetter": font_subsetter(),
        "zlib": zlib.ZLIB_RUNTIME_VERSION,
    }
    for name, digest in font_hashes().items():
        env[f"font:{name}"] = digest
    return env


@dataclass(frozen=True)
class BuiltReport:
    html: str
    pdf: bytes
    manifest: Manifest
    results_json: bytes


def render_report(
    inputs: Inputs,
    ranking: Ranking,
    options: Mapping[str, str | None],
    progress: Callable[[str], None] | None = None,
    record: Callable[[str], None] | None = None,
) -> BuiltReport:
    """Inputs and their ranking -> manifest, HTML and PDF with every file embedded.

    ``options`` are the options that changed the result, as strings (``method``:
    None when taken from the criteria file); they go into the manifest and the
    report id.  :func:`scorecard.pipeline.build_report` scores and calls this."""
    from scorecard.audit.manifest import build_manifest
    from scorecard.report.html import render_html

    say = progress or (lambda _msg: None)
    date = ranking.date
    results_json = ranking.to_json().encode("utf-8")
    with layout_gc():
        say("collecting versions")
        environment = rendering_environment()
        manifest = build_manifest(inputs, results_json, date, options, environment, PDF_VARIANT)
        say("writing HTML")
        fonts = {
            k.removeprefix("font:"): v for k, v in environment.items() if k.startswith("font:")
        }
        html = render_html(ranking, inputs, manifest, fonts)
        embedded = embedded_files(inputs, results_json, manifest)
        say("laying out pages")
        pdf = render_pdf(html, embedded, date, PDF_VARIANT, record)
    return BuiltReport(html, pdf, manifest, results_json)


def embedded_files(inputs: Inputs, results_json: bytes, manifest: Manifest) -> list[EmbeddedFile]:
    """What a report carries: every input file, the results and the manifest."""
    from scorecard.audit.manifest import MANIFEST_NAME, RESULTS_NAME, input_files

    described = {
        "criteria": "criteria file (input)",
        "scores": "evaluation panel score file (input)",
        "vendor": "vendor file (input)",
    }
    return [
        *(
            EmbeddedFile(name, data, "application/toml", described[role], "Source")
            for name, role, data in input_files(inputs)
        ),
        EmbeddedFile(
            RESULTS_NAME,
            results_json,
            "application/json",
            "ranking (scorecard rank --format json)",
            "Data",
        ),
        EmbeddedFile(
            MANIFEST_NAME,
            manifest.to_json(),
            "application/json",
            "manifest: names, SHA-256s, versions, options",
            "Data",
        ),
    ]
