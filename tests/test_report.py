"""`scorecard report` and `scorecard verify`: the PDF's content, attachments,
reproducible bytes, safety of the rendering, atomic output, and every kind of
tampering verify must catch.

Rendering is slow (a few seconds per PDF on two cores), so the renders are shared
through module-scoped fixtures: the bundled report, one re-render in a separate
process, one verify re-render, one tampered re-render, one hostile-input render."""

from __future__ import annotations

import datetime as dt
import http.server
import io
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pikepdf
import pytest
from typer.testing import CliRunner

from scorecard.cli import app

REPO = Path(__file__).resolve().parent.parent
DATE = "2026-11-24"
RANKED = ["OpenAI GPT-5.4", "Anthropic Claude 3 Opus", "OpenAI GPT-4 Turbo"]


def _copy_bundled(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "criteria.toml", dest / "criteria.toml")
    shutil.copytree(REPO / "vendors", dest / "vendors")
    return dest


def _invoke(args: list[str], cwd: Path) -> Any:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(app, args, catch_exceptions=False)
    finally:
        os.chdir(old)


def _text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _attachments(data: bytes) -> dict[str, bytes]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return {name: spec.get_file().read_bytes() for name, spec in pdf.attachments.items()}


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The bundled example rendered once, in this process, from a copy in a temp folder."""
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    root = _copy_bundled(tmp_path_factory.mktemp("bundled"))
    result = _invoke(["report", "--date", DATE, "--html", "report.html"], root)
    assert result.exit_code == 0, result.output
    pdf = root / "scorecard.pdf"
    return {"root": root, "pdf": pdf, "data": pdf.read_bytes(), "result": result}


# --------------------------------------------------------------------------- content


@pytest.mark.slow
def test_report_messages(bundled: dict[str, Any]) -> None:
    manifest = json.loads(_attachments(bundled["data"])["manifest.json"])
    assert bundled["result"].stderr == f"wrote scorecard.pdf (report id {manifest['report_id']})\n"
    assert bundled["result"].stdout == ""


@pytest.mark.slow
def test_text_has_every_vendor_the_order_and_the_recommendation(bundled: dict[str, Any]) -> None:
    text = _text(bundled["pdf"])
    summary = text.split("\f")[0]
    for name in ("OpenAI", "Anthropic", "GPT-5.4", "Claude 3 Opus", "GPT-4 Turbo", "GPT-4"):
        assert name in summary
    rows = [line.split() for line in summary.splitlines()]
    ranked = [" ".join(r[1:]) for r in rows if r and r[0] in {"1", "2", "3"}]
    assert [
        r.startswith(("OpenAI GPT-5.4", "Anthropic Claude 3 Opus", "OpenAI GPT-4 Turbo"))
        for r in ranked
    ] == [True] * 3
    assert [next(v for v in RANKED if r.startswith(v)) for r in ranked] == RANKED
    results = json.loads(_attachments(bundled["data"])["results.json"])
    from scorecard.model.results import Ranking
    from scorecard.report.decision import recommendation_text
    from scorecard.report.labels import Labels

    # page 1 gives the recommendation in words, at one decimal (the JSON keeps full precision)
    reader = recommendation_text(Ranking.model_validate(results), Labels())
    assert reader in " ".join(summary.split())
    assert "Context window 8192 tokens" in summary  # GPT-4's disqualification reason
    for heading in ("Charts", "Method", "Evidence gaps and warnings", "Vendors", "Audit appendix"):
        assert heading in text
    pages = text.count("\f")
    assert f"page 1 of {pages}" in text and f"page {pages} of {pages}" in text
    assert manifest_id(bundled) in text
    assert "Example data - not a real tender" in text  # the criteria's classification


def manifest_id(bundled: dict[str, Any]) -> str:
    return str(json.loads(_attachments(bundled["data"])["manifest.json"])["report_id"])


@pytest.mark.slow
def test_attachments_come_back_byte_identical(bundled: dict[str, Any]) -> None:
    files = _attachments(bundled["data"])
    root = bundled["root"]
    assert sorted(files) == [
        "criteria.toml",
        "manifest.json",
        "results.json",
        *sorted(f"vendors/{p.name}" for p in (root / "vendors").glob("*.toml")),
    ]
    assert files["criteria.toml"] == (root / "criteria.toml").read_bytes()
    for p in (root / "vendors").glob("*.toml"):
        assert files[f"vendors/{p.name}"] == p.read_bytes()


@pytest.mark.slow
def test_results_json_is_rank_format_json(bundled: dict[str, Any]) -> None:
    """results.json is exactly `scorecard rank --format json --sensitivity` for the same
    inputs, date and robustness settings."""
    rank = _invoke(["rank", "--format", "json", "--sensitivity", "--date", DATE], bundled["root"])
    assert rank.exit_code == 0, rank.output
    assert _attachments(bundled["data"])["results.json"].decode() == rank.stdout


@pytest.mark.slow
def test_method_option_reaches_results_and_manifest(tmp_path: Path) -> None:
    root = _copy_bundled(tmp_path / "topsis")
    result = _invoke(
        [
            "report",
            "--date",
            DATE,
            "--method",
            "topsis",
            "--draws",
            "500",
            "--seed",
            "7",
            "-o",
            "t.pdf",
        ],
        root,
    )
    assert result.exit_code == 0, result.output
    files = _attachments((root / "t.pdf").read_bytes())
    rank = _invoke(
        [
            "rank",
            "--format",
            "json",
            "--date",
            DATE,
            "--method",
            "topsis",
            "--sensitivity",
            "--draws",
            "500",
            "--seed",
            "7",
        ],
        root,
    )
    assert files["results.json"].decode() == rank.stdout
    manifest = json.loads(files["manifest.json"])
    assert manifest["options"] == {
        "concentration": "30",
        "draws": "500",
        "method": "topsis",
        "seed": "7",
    }
    assert manifest["reproduce"].endswith(
        f"--date {DATE} --concentration 30 --draws 500 --method topsis --seed 7"
    )
    assert json.loads(files["results.json"])["sensitivity"]["draws"] == 500
    assert "TOPSIS has no per-criterion split" in " ".join(_text(root / "t.pdf").split())


@pytest.mark.slow
def test_manifest_names_are_relative_and_no_local_path_leaks(bundled: dict[str, Any]) -> None:
    import hashlib

    files = _attachments(bundled["data"])
    manifest = json.loads(files["manifest.json"])
    assert manifest["date"] == DATE
    assert manifest["options"] == {
        "concentration": "30",
        "draws": "10000",
        "method": None,
        "seed": "0",
    }
    for entry in manifest["files"]:
        assert not entry["name"].startswith("/") and ".." not in entry["name"]
        assert hashlib.sha256(files[entry["name"]]).hexdigest() == entry["sha256"]
    root = str(bundled["root"])
    assert root.encode() not in bundled["data"]
    assert root not in json.dumps(manifest)
    assert manifest["reproduce"] == (
        "scorecard report --criteria criteria.toml --vendors vendors "
        f"--date {DATE} --concentration 30 --draws 10000 --seed 0"
    )


@pytest.mark.slow
def test_pdf_is_pdfa3_tagged_with_lang_and_dates_from_the_report_date(
    bundled: dict[str, Any],
) -> None:
    with pikepdf.open(io.BytesIO(bundled["data"])) as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "3"
        assert meta["pdfaid:conformance"] in {"A", "B"}
        assert str(pdf.Root.Lang) == "en"
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20261124000000")
        for spec in pdf.attachments.values():
            params = spec.obj.EF.F.Params
            assert str(params.CreationDate).startswith("D:20261124000000")
            assert str(params.ModDate).startswith("D:20261124000000")
        rels = {name: str(spec.obj.AFRelationship) for name, spec in pdf.attachments.items()}
        assert rels["criteria.toml"] == "/Source" and rels["manifest.json"] == "/Data"


@pytest.mark.slow
def test_only_bundled_fonts_for_latin_text(bundled: dict[str, Any]) -> None:
    from scorecard.audit.verify import pdf_fonts

    fonts = pdf_fonts(bundled["data"])
    assert fonts and all(f.startswith("Scorecard-") for f in fonts), fonts


@pytest.mark.slow
def test_two_renders_in_separate_processes_are_byte_identical(
    bundled: dict[str, Any], tmp_path: Path
) -> None:
    root = _copy_bundled(tmp_path / "again")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["SOURCE_DATE_EPOCH"] = str(int(dt.datetime(2026, 11, 24, 15, tzinfo=dt.UTC).timestamp()))
    run = subprocess.run(
        [sys.executable, "-m", "scorecard", "report", "-o", "other.pdf"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    # no progress: stderr is not a terminal
    assert run.stderr == f"wrote other.pdf (report id {manifest_id(bundled)})\n"
    assert (root / "other.pdf").read_bytes() == bundled["data"]


# --------------------------------------------------------------------------- verify


def _verify(args: list[str], cwd: Path) -> Any:
    return _invoke(["verify", *args], cwd)


@pytest.mark.slow
def test_verify_untouched_report(bundled: dict[str, Any]) -> None:
    result = _verify(["scorecard.pdf"], bundled["root"])
    assert result.exit_code == 0, result.output
    size = len(bundled["data"])
    assert result.stdout.splitlines() == [
        f"scorecard.pdf: scorecard report {manifest_id(bundled)}, dated {DATE}",
        "OK      attachments: the 6 files manifest.json lists are embedded, with matching SHA-256s",
        "OK      results: re-scoring the embedded inputs gives results.json exactly",
        f"OK      pages: re-rendering gives the same {size:,} bytes",
        "OK      signatures: unsigned",
        "Approval: locked: the embedded criteria are as approved by Example Corp sourcing "
        "committee on 2026-02-01",
        "Verdict: CONSISTENT: the report matches the inputs it carries and scorecard's arithmetic.",
        "This checks consistency only: it does not prove who made the report, nor that the "
        "figures in its inputs are true.",
    ]


def _tamper(src: bytes, dest: Path, edit: Any) -> Path:
    with pikepdf.open(io.BytesIO(src)) as pdf:
        edit(pdf)
        pdf.save(dest)
    return dest


def _replace(pdf: pikepdf.Pdf, name: str, data: bytes) -> None:
    del pdf.attachments[name]
    pdf.attachments[name] = pikepdf.AttachedFileSpec(pdf, data, filename=name)


@pytest.fixture
def other_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend the running WeasyPrint differs from the report's: no byte check."""
    import scorecard.report.pdf as pdfmod

    real = pdfmod.rendering_environment
    monkeypatch.setattr(
        pdfmod, "rendering_environment", lambda: {**real(), "weasyprint": "0.0-other"}
    )


@pytest.mark.slow
def test_verify_edited_attachment_fails(bundled: dict[str, Any], tmp_path: Path) -> None:
    data = (
        (bundled["root"] / "vendors" / "gpt-4.toml")
        .read_bytes()
        .replace(b"value = 8192", b"value = 128000")
    )
    bad = _tamper(
        bundled["data"], tmp_path / "bad.pdf", lambda p: _replace(p, "vendors/gpt-4.toml", data)
    )
    result = _verify([str(bad)], tmp_path)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[1] == (
        "FAIL    attachments: vendors/gpt-4.toml: SHA-256 differs from manifest.json (the file was changed)"
    )
    assert (
        "FAIL    results: results.json differs from re-scoring the embedded inputs; first differences:"
        in lines
    )
    assert "SKIPPED pages: the checks above failed; nothing to compare against" in lines
    assert lines[-2] == "Verdict: NOT CONSISTENT."


@pytest.mark.slow
def test_verify_edited_results_fails(bundled: dict[str, Any], tmp_path: Path) -> None:
    import hashlib

    files = _attachments(bundled["data"])
    results = files["results.json"].replace(b'"rank": 2', b'"rank": 1', 1)
    assert results != files["results.json"]
    manifest = json.loads(files["manifest.json"])
    for f in manifest["files"]:
        if f["name"] == "results.json":
            f["sha256"] = hashlib.sha256(results).hexdigest()
    forged = (json.dumps(manifest, indent=2) + "\n").encode()

    def edit(pdf: pikepdf.Pdf) -> None:
        _replace(pdf, "results.json", results)
        _replace(pdf, "manifest.json", forged)

    bad = _tamper(bundled["data"], tmp_path / "bad.pdf", edit)
    result = _verify([str(bad)], tmp_path)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[1].startswith("OK      attachments:")
    assert (
        lines[2]
        == "FAIL    results: results.json differs from re-scoring the embedded inputs; first differences:"
    )
    assert '-      "rank": 2,' in [line.strip() and line[8:] for line in lines]
    assert lines[-2] == "Verdict: NOT CONSISTENT."


@pytest.mark.slow
def test_verify_missing_attachment_fails(bundled: dict[str, Any], tmp_path: Path) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        del pdf.attachments["vendors/gpt-4.toml"]

    bad = _tamper(bundled["data"], tmp_path / "bad.pdf", edit)
    result = _verify([str(bad)], tmp_path)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert (
        lines[1]
        == "FAIL    attachments: vendors/gpt-4.toml: listed in manifest.json but not embedded"
    )
    assert lines[2] == "SKIPPED results: embedded files are missing"


@pytest.mark.slow
def test_verify_pdf_bytes_differ_from_rerender(bundled: dict[str, Any], tmp_path: Path) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        pdf.docinfo["/Title"] = "A doctored title"

    bad = _tamper(bundled["data"], tmp_path / "bad.pdf", edit)
    result = _verify([str(bad)], tmp_path)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[1].startswith("OK      attachments:")
    assert lines[2].startswith("OK      results:")
    assert lines[3].startswith(
        "FAIL    pages: the PDF differs from a re-render of its embedded inputs (first difference at byte "
    )
    assert lines[3].endswith("): the PDF was changed after rendering")


def test_verify_not_a_scorecard_pdf(tmp_path: Path) -> None:
    plain = tmp_path / "plain.pdf"
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(plain)
    result = _verify([str(plain)], tmp_path)
    assert result.exit_code == 1
    assert (
        result.stderr == f"Error: {plain} is not a scorecard report: it carries no manifest.json\n"
    )
    text = tmp_path / "notes.pdf"
    text.write_text("hello")
    result = _verify([str(text)], tmp_path)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {text} is not a PDF\n"
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n garbage")
    result = _verify([str(broken)], tmp_path)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {broken} is not a PDF (")


def test_verify_missing_file(tmp_path: Path) -> None:
    result = _verify(["nope.pdf"], tmp_path)
    assert result.exit_code == 1
    assert result.stderr == "Error: nope.pdf: no such file\n"
    assert result.stdout == ""


def test_verify_usage_error_without_report(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["verify"])
    assert result.exit_code == 2


@pytest.mark.slow
def test_verify_skips_byte_check_in_another_environment_and_strict_fails(
    bundled: dict[str, Any], other_env: None
) -> None:
    result = _verify(["scorecard.pdf"], bundled["root"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert (
        lines[3]
        == "SKIPPED pages: byte comparison skipped: this environment differs from the report's"
    )
    assert lines[4].startswith("        weasyprint ") and lines[4].endswith(
        " in the report, 0.0-other here"
    )
    assert lines[-2] == (
        "Verdict: CONSISTENT: the report matches the inputs it carries and scorecard's arithmetic "
        "(pages not checked)."
    )
    strict = _verify(["scorecard.pdf", "--strict"], bundled["root"])
    assert strict.exit_code == 1
    assert (
        strict.stdout.splitlines()[-2]
        == "Verdict: NOT CONSISTENT (--strict: a skipped check fails)."
    )


@pytest.mark.slow
def test_verify_reports_drift_against_current_files(
    bundled: dict[str, Any], tmp_path: Path, other_env: None
) -> None:
    now = _copy_bundled(tmp_path / "now")
    (now / "vendors" / "gpt-4.toml").write_bytes(
        (now / "vendors" / "gpt-4.toml").read_bytes() + b"\n# revised\n"
    )
    (now / "vendors" / "claude-3-opus.toml").unlink()
    shutil.copy(now / "vendors" / "gpt-4.toml", now / "vendors" / "gpt-4o.toml")
    result = _verify(
        [str(bundled["pdf"]), "--vendors", "vendors", "--criteria", "criteria.toml"], now
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    start = lines.index("Drift since the report (current files against the embedded ones):")
    assert lines[start + 1 : start + 4] == [
        "  vendors/claude-3-opus.toml: in the report, not among the current files",
        "  vendors/gpt-4.toml: changed since the report",
        "  vendors/gpt-4o.toml: new since the report",
    ]
    same = _verify([str(bundled["pdf"]), "--criteria", "criteria.toml"], bundled["root"])
    assert (
        "  none: the 5 current files are the ones the report was made from"
        in same.stdout.splitlines()
    )


# --------------------------------------------------------------------------- safety


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:  # pragma: no cover - must never run
        type(self).hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:  # pragma: no cover
        pass


@pytest.fixture(scope="module")
def http_server() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server on 127.0.0.1 that records every request it receives."""
    _Recorder.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", _Recorder.hits
    finally:
        server.shutdown()
        server.server_close()


HOSTILE_VENDOR = '深度求索 <img src="file:///etc/passwd">'


@pytest.fixture(scope="module")
def hostile(
    tmp_path_factory: pytest.TempPathFactory, http_server: tuple[str, list[str]]
) -> dict[str, Any]:
    """A report whose vendor file carries markup and URLs in every free-text field."""
    from scorecard.load.inputs import load_inputs
    from scorecard.load.project import InputPaths
    from scorecard.report.pdf import render_report
    from scorecard.score.ranking import score_vendors

    url, _hits = http_server
    root = _copy_bundled(tmp_path_factory.mktemp("hostile"))
    path = root / "vendors" / "claude-3-opus.toml"
    text = path.read_text()
    text = text.replace('vendor = "Anthropic"', f"vendor = {json.dumps(HOSTILE_VENDOR)}")
    text = text.replace(
        'model = "Claude 3 Opus"',
        'model = "<link rel=\\"attachment\\" href=\\"file:///etc/hostname\\">"',
    )
    text = text.replace(
        "description = ",
        f'url = "{url}"\ndescription = "<style>body {{ background: url({url}) }}</style> url({url}x) " + ',
        1,
    ).replace('" + "Seed', " Seed")
    path.write_text(text)
    inputs = load_inputs(InputPaths((root / "vendors",), root / "criteria.toml"))
    assert inputs.inputs is not None, inputs.findings
    fetched: list[str] = []
    ranking = score_vendors(inputs.inputs, dt.date.fromisoformat(DATE), None)
    built = render_report(inputs.inputs, ranking, {"method": None}, record=fetched.append)
    pdf = root / "hostile.pdf"
    pdf.write_bytes(built.pdf)
    return {"pdf": pdf, "html": built.html, "fetched": fetched, "url": url}


@pytest.mark.slow
def test_hostile_text_is_literal_and_fetches_nothing(
    hostile: dict[str, Any], http_server: tuple[str, list[str]]
) -> None:
    from scorecard.report.html import templates_root

    assets = templates_root().resolve().as_uri() + "/"
    assert hostile["fetched"], "the fetcher was not used at all"
    assert all(u.startswith((assets, "data:", "scorecard-embed:")) for u in hostile["fetched"]), (
        hostile["fetched"]
    )
    assert http_server[1] == []
    text = "".join(_text(hostile["pdf"]).split())  # pdftotext breaks long lines anywhere
    for literal in (
        '<img src="file:///etc/passwd">',
        '<link rel="attachment" href="file:///etc/hostname">',
        f"url({hostile['url']}x)",
        f"<style>body {{ background: url({hostile['url']}) }}</style>",
    ):
        assert "".join(literal.split()) in text, literal
    assert "<img" not in hostile["html"].replace("&lt;img", "")
    assert "root:" not in text  # /etc/passwd was not inlined
    names = sorted(_attachments(hostile["pdf"].read_bytes()))
    assert all(not n.startswith("/") and "hostname" not in n for n in names)


@pytest.mark.slow
def test_cjk_vendor_name_renders_with_a_cjk_font(hostile: dict[str, Any]) -> None:
    """A Chinese vendor name must not render as boxes when a CJK font is installed."""
    if shutil.which("fc-list") is None:
        pytest.skip("fc-list not installed")
    listed = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False)
    if not listed.stdout.strip():
        pytest.skip("no CJK font installed")
    from scorecard.audit.verify import pdf_fonts

    fonts = pdf_fonts(hostile["pdf"].read_bytes())
    assert any("CJK" in f or "Han" in f or "Hei" in f or "Ming" in f for f in fonts), fonts
    assert "深度求索" in _text(hostile["pdf"])


def test_fetcher_refuses_everything_but_assets_and_data(
    http_server: tuple[str, list[str]],
) -> None:
    from scorecard.report.html import templates_root
    from scorecard.report.pdf import FetchRefusedError, make_fetcher

    calls: list[str] = []
    fetch = make_fetcher(record=calls.append)
    css = (templates_root() / "report.css").resolve()
    assert fetch(css.as_uri()).read() == css.read_bytes()
    assert fetch("data:text/plain;base64,aGk=").read() == b"hi"
    url, hits = http_server
    for bad in (
        "file:///etc/passwd",
        url,
        "https://example.com/x.png",
        css.as_uri() + "/../../../../etc/passwd",
        (templates_root() / ".." / "criteria.toml").as_uri(),
        "ftp://127.0.0.1/x",
    ):
        with pytest.raises(FetchRefusedError):
            fetch(bad)
    assert hits == []
    assert len(calls) == 8


def test_render_stops_on_a_refused_fetch(http_server: tuple[str, list[str]]) -> None:
    from scorecard.report.pdf import RenderError, render_pdf

    url, hits = http_server
    for html in (
        f'<html><body><img src="{url}a.png"></body></html>',
        '<html><body><img src="file:///etc/passwd"></body></html>',
        f'<html><head><link rel="stylesheet" href="{url}x.css"></head><body>x</body></html>',
    ):
        with pytest.raises(RenderError, match="refused to fetch"):
            render_pdf(html, [], dt.date(2026, 1, 1))
    assert hits == []


# --------------------------------------------------------------------------- atomic output


def test_failed_render_leaves_the_old_pdf_and_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import scorecard.report.pdf as pdfmod

    root = _copy_bundled(tmp_path / "atomic")
    old = root / "scorecard.pdf"
    old.write_bytes(b"%PDF- the previous report")

    def fail(*_args: object, **_kwargs: object) -> bytes:
        raise pdfmod.RenderError("layout failed")

    monkeypatch.setattr(pdfmod, "render_pdf", fail)
    result = _invoke(["report", "--date", DATE], root)
    assert result.exit_code == 1
    assert result.stderr == "Error: layout failed\n"
    assert old.read_bytes() == b"%PDF- the previous report"
    assert sorted(p.name for p in root.iterdir()) == ["criteria.toml", "scorecard.pdf", "vendors"]


def test_interrupted_write_leaves_no_partial_file(tmp_path: Path) -> None:
    from scorecard import outputs

    target = tmp_path / "scorecard.pdf"
    target.write_bytes(b"old")
    with pytest.raises(KeyboardInterrupt), outputs.atomic_writer(target) as fh:
        fh.write(b"%PDF- half a new report")
        raise KeyboardInterrupt
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["scorecard.pdf"]


def test_report_invalid_inputs_exit_1(tmp_path: Path) -> None:
    root = _copy_bundled(tmp_path / "bad")
    (root / "vendors" / "gpt-4.toml").write_text("schema_version = 1\nvendor = 3\n")
    result = _invoke(["report", "--date", DATE], root)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "Error: 2 problems in the input files"
    assert not (root / "scorecard.pdf").exists()


def test_report_bad_date_is_a_usage_error(tmp_path: Path) -> None:
    result = _invoke(["report", "--date", "2026-02-30"], _copy_bundled(tmp_path / "d"))
    assert result.exit_code == 2


@pytest.mark.slow
def test_verify_forged_inputs_that_do_not_load(bundled: dict[str, Any], tmp_path: Path) -> None:
    """A consistent manifest over an embedded vendor file that is not valid: the
    findings are shown with the embedded names, never a temporary path."""
    import hashlib

    files = _attachments(bundled["data"])
    broken = b"schema_version = 1\nvendor = 3\n"
    manifest = json.loads(files["manifest.json"])
    for f in manifest["files"]:
        if f["name"] == "vendors/gpt-4.toml":
            f["sha256"], f["bytes"] = hashlib.sha256(broken).hexdigest(), len(broken)

    def edit(pdf: pikepdf.Pdf) -> None:
        _replace(pdf, "vendors/gpt-4.toml", broken)
        _replace(pdf, "manifest.json", (json.dumps(manifest, indent=2) + "\n").encode())

    bad = _tamper(bundled["data"], tmp_path / "bad.pdf", edit)
    result = _verify([str(bad)], tmp_path)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[1].startswith("OK      attachments:")
    assert (
        lines[2]
        == "FAIL    results: the embedded inputs do not score: 2 problems in the input files"
    )
    assert lines[3].startswith("        vendors/gpt-4.toml:")
    assert "scorecard-verify-" not in result.stdout


@pytest.mark.slow
def test_verify_refuses_a_manifest_naming_unsafe_paths(
    bundled: dict[str, Any], tmp_path: Path
) -> None:
    """verify unpacks embedded files into a temporary folder: a name that could
    escape it makes the file not a scorecard report, before anything is written."""
    files = _attachments(bundled["data"])
    manifest = json.loads(files["manifest.json"])
    for f in manifest["files"]:
        if f["name"] == "vendors/gpt-4.toml":
            f["name"] = "vendors/../../evil.toml"

    def edit(pdf: pikepdf.Pdf) -> None:
        _replace(pdf, "manifest.json", (json.dumps(manifest, indent=2) + "\n").encode())

    bad = _tamper(bundled["data"], tmp_path / "bad.pdf", edit)
    result = _verify([str(bad)], tmp_path)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {bad}: manifest.json names an unsafe file 'vendors/../../evil.toml'\n"
    )
    assert not (tmp_path.parent / "evil.toml").exists()
