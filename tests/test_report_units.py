"""The report's pieces without a PDF: escaping, formatting, charts, templates,
and the promise that nothing heavy is imported until a command renders."""

from __future__ import annotations

import io
import subprocess
import sys

import jinja2
import pytest

from scorecard.model.numbers import format_plain
from scorecard.report import charts
from scorecard.report.format import (
    format_number,
    format_share,
    format_short,
    score_decimals,
)
from scorecard.report.html import BUNDLED_FONTS, css_string, make_environment, templates_root


def test_css_string_escapes_everything_that_could_end_the_string_or_the_style() -> None:
    assert (
        str(css_string('a"b</style>\\')) == '"a\\000022 b\\00003c \\00002f style\\00003e \\00005c "'
    )
    assert str(css_string("report 1 · 2026")) == '"report 1 \\0000b7  2026"'


def test_format_number() -> None:
    assert format_number(1234567) == "1,234,567"
    assert format_number(1760.0) == "1,760"
    assert format_number(86.4) == "86.4"
    assert format_number(0.123456) == "0.1235"
    assert format_number(5.625) == "5.625"
    assert format_number(None) == "\u2014"


def test_plain_numbers_are_whole_or_a_few_significant_digits() -> None:
    assert format_plain(1_000_000.0) == "1000000"  # never 1e+06 in a message
    assert format_plain(16.25) == "16.25"
    assert format_plain(0.1 + 0.2) == "0.3"
    assert format_plain(2 / 3, digits=10) == "0.6666666667"
    assert format_plain(float("inf")) == "inf"
    assert format_short(3.25) == "3.25" and format_short(4.0) == "4"
    assert format_short(None) == "-"


def test_shares_never_round_to_a_misleading_0_or_100_percent() -> None:
    assert [format_share(x) for x in (0, 0.004, 0.5, 0.996, 1)] == [
        "0%",
        "<1%",
        "50%",
        ">99%",
        "100%",
    ]
    assert format_share(0, zero="-") == "-"


def test_score_decimals_keep_different_ranks_apart() -> None:
    """One rule for the table, Markdown, diff and PDF: at least one decimal, and as
    many (up to 6) as keep scores that rank differently (differ at 6 decimals) apart."""
    assert score_decimals([61.2, 59.1]) == 1
    assert score_decimals([50.04, 50.03]) == 2
    assert score_decimals([50.0, 50.0, 40.0]) == 1
    assert score_decimals([50.0000004, 50.0000001]) == 1  # equal at 6 decimals: a tie
    assert score_decimals([50.000001, 50.000002]) == 6
    assert score_decimals([]) == 1


def test_charts_escape_text_and_print_values() -> None:
    bars = charts.score_bars(
        [("cost <b>", 0.5), ("reliability", 0.5)],
        [charts.Bar("<script>alert(1)</script>", 61.0, "61.0", [30.5, 30.5])],
        "desc & <more>",
    )
    assert "<script" not in bars and "&lt;script&gt;" in bars
    assert "cost &lt;b&gt;" in bars and "desc &amp; &lt;more&gt;" in bars
    assert ">30.5<" in bars and ">61.0<" in bars
    assert "<title" in bars and "<desc" in bars
    assert "Gradient" not in bars and "gradient" not in bars
    heat = charts.heat_map(["mmlu", "latency_ms"], [("A <i>", [0.87, None])], "d")
    assert ">87<" in heat and ">missing<" in heat and "A &lt;i&gt;" in heat


def test_palette_is_okabe_ito() -> None:
    """Okabe & Ito (2008), Color Universal Design: the eight colours."""
    assert set(charts.PALETTE) == {
        "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000",
    }  # fmt: skip


def test_templates_and_fonts_ship_together() -> None:
    root = templates_root()
    for name in ("report.html.j2", "report.css", "fonts/LICENSE-DejaVu.txt"):
        assert (root / name).is_file(), name
    for font in BUNDLED_FONTS:
        assert (root / "fonts" / font).read_bytes()[:4] == b"\x00\x01\x00\x00", font
    css = (root / "report.css").read_text()
    for font in BUNDLED_FONTS:
        assert f'url("fonts/{font}")' in css, font


def test_environment_escapes_and_is_strict() -> None:
    env = make_environment()
    assert env.from_string("{{ x }}").render(x="<img src=x>") == "&lt;img src=x&gt;"
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ nope }}").render()


def test_nothing_heavy_is_imported_until_rendering() -> None:
    code = (
        "import sys, scorecard.cli, scorecard.audit.verify, scorecard.report.pdf, scorecard.report.html\n"
        "heavy = {'weasyprint', 'pikepdf', 'jinja2', 'fontTools'} & {m.split('.')[0] for m in sys.modules}\n"
        "print(sorted(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "[]\n"


def test_progress_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from scorecard.cli.report import _report_progress as _progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty = Terminal()
    monkeypatch.setattr(sys, "stderr", tty)
    with _progress(quiet=True) as show:
        show("laying out pages")
    assert tty.getvalue() == ""
    with _progress(quiet=False) as show:
        show("laying out pages")
        assert tty.getvalue() == "\r\x1b[2Kscorecard: laying out pages\u2026"
    assert tty.getvalue().endswith("\u2026\r\x1b[2K")  # the line is cleared at the end
    pipe = io.StringIO()
    monkeypatch.setattr(sys, "stderr", pipe)
    with _progress(quiet=False) as show:
        show("laying out pages")
    assert pipe.getvalue() == ""


def test_templates_read_only_the_view() -> None:
    """The typed view is the report templates' whole contract: every variable a
    template reads is a field of ReportView, and every field is read somewhere.
    (Debrief letters have templates and a view of their own.)"""
    import dataclasses

    from jinja2 import meta, nodes

    from scorecard.report.view import ReportView

    env = make_environment()
    assert env.loader is not None
    read: set[str] = set()
    for name in env.loader.list_templates():
        if name.endswith(".j2") and not name.startswith("debrief"):
            tree = env.parse(env.loader.get_source(env, name)[0])
            targets = [a.target for a in tree.find_all(nodes.Assign)]
            local = {
                n.name
                for t in targets
                for n in [t, *t.find_all(nodes.Name)]
                if isinstance(n, nodes.Name)
            }
            read |= meta.find_undeclared_variables(tree) - local
    # `labels` feeds the templates' filters (metric, criterion, quantity, words)
    fields = {f.name for f in dataclasses.fields(ReportView)} - {"labels"}
    assert read <= fields, read - fields
    assert fields <= read, fields - read
