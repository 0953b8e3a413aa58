"""The report's charts as inline SVG: no plotting library, no gradients.

Each chart carries a text alternative (`<title>`, `<desc>`), prints its values
(not only colours), and uses the Okabe-Ito palette, ordered so neighbouring
segments also differ in lightness when printed in greyscale.  Every piece of
text from the inputs is XML-escaped here, once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from scorecard.report.format import format_fixed, format_share, localize_percent
from scorecard.report.i18n import _

# Okabe & Ito (2008), "Color Universal Design": safe for the common colour-vision
# deficiencies.  Order alternates dark and light so greyscale prints stay readable.
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue: dark grey in greyscale
    "#E69F00",  # orange: light grey
    "#F0E442",  # yellow: near white (segments are outlined)
    "#009E73",  # bluish green: mid-dark
    "#CC79A7",  # reddish purple: mid
    "#56B4E9",  # sky blue: light
    "#D55E00",  # vermillion: dark
    "#000000",
)
# Text colour that reads on each palette colour.
_INK = {
    "#0072B2": "#ffffff",
    "#E69F00": "#000000",
    "#009E73": "#ffffff",
    "#F0E442": "#000000",
    "#CC79A7": "#000000",
    "#56B4E9": "#000000",
    "#D55E00": "#ffffff",
    "#000000": "#ffffff",
}
# Sequential single-hue scale for the heat map (ColorBrewer "Blues", 6 classes):
# lightness falls monotonically, so it survives greyscale printing.
HEAT = ("#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
FONT = "font-family=\"'Scorecard Sans', 'Noto Sans CJK SC', 'Noto Sans CJK JP', sans-serif\""


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def ink(fill: str) -> str:
    return _INK.get(fill, "#000000")


@dataclass(frozen=True)
class Bar:
    label: str  # vendor - model
    total: float
    total_text: str
    segments: Sequence[float]  # points per criterion, in criteria order


def _num(x: float) -> str:
    """A coordinate: fixed, short, locale-free (the bytes must not vary)."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _text_width(text: str, size: float) -> float:
    """A rough width in px for DejaVu Sans: enough to decide what fits."""
    return len(text) * size * 0.58


LINE_H = 10.5  # px between the lines of a wrapped label at 9


def _wrap(text: str, size: float, width: float) -> list[str]:
    """``text`` in lines that fit ``width``: broken at spaces, a word longer than a line
    broken where it must.  Never cut: every character is on some line."""
    per_line = max(4, int(width / (size * 0.58)))
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        while len(word) > per_line:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:per_line])
            word = word[per_line:]
        candidate = f"{line} {word}" if line else word
        if len(candidate) <= per_line:
            line = candidate
        else:
            lines.append(line)
            line = word
    lines.append(line)
    return lines


def _text_block(x: float, mid: float, lines: Sequence[str], attrs: str = "") -> str:
    """Lines of text centred vertically on ``mid``, each a tspan starting at ``x``."""
    first = mid + 3.2 - LINE_H * (len(lines) - 1) / 2
    spans = "".join(
        f'<tspan x="{_num(x)}" y="{_num(first + LINE_H * n)}">{escape(line)}</tspan>'
        for n, line in enumerate(lines)
    )
    return f"<text{attrs}>{spans}</text>"


def _row_height(label: str, width: float, least: float) -> float:
    return max(least, LINE_H * len(_wrap(label, 9, width)) + 4)


def _row_label(label: str, y: float, label_w: float, cell_h: float) -> str:
    """A row label, right-aligned against the first cell, wrapped where it is long."""
    lines = _wrap(label, 9, label_w - 8)
    return _text_block(label_w - 6, y + cell_h / 2, lines, ' text-anchor="end"')


def score_bars(criteria: Sequence[tuple[str, float]], bars: Sequence[Bar], desc: str) -> Markup:
    """Stacked horizontal bars: each vendor's score split by criterion.

    ``criteria`` is (name, normalised weight) in criteria order."""
    width = 680.0
    label_w, total_w = 200.0, 46.0
    plot_w = width - label_w - total_w
    bar_h, gap = 18.0, 7.0
    items = [
        _wrap(f"{name} ({localize_percent(f'{weight * 100:.0f}')})", 9, plot_w / 3 - 18)
        for name, weight in criteria
    ]
    legend_rows = [
        LINE_H * max(len(lines) for lines in items[r : r + 3]) + 5.5
        for r in range(0, len(items), 3)
    ]
    legend_h = sum(legend_rows) + 6
    axis_h = 18.0
    top = legend_h + 4
    pitches = [_row_height(b.label, label_w - 8, bar_h) + gap for b in bars]
    height = top + sum(pitches) + axis_h
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{_num(width)}" '
        f'height="{_num(height)}" viewBox="0 0 {_num(width)} {_num(height)}" '
        f'aria-labelledby="bars-title bars-desc" {FONT} font-size="9">',
        '<title id="bars-title">' + str(escape(_("Score by criterion, out of 100"))) + "</title>",
        f'<desc id="bars-desc">{escape(desc)}</desc>',
    ]
    # legend
    for i, lines in enumerate(items):
        x = label_w + (i % 3) * (plot_w / 3)
        y = 2.0 + sum(legend_rows[: i // 3])
        out.append(
            f'<rect x="{_num(x)}" y="{_num(y)}" width="11" height="11" fill="{colour(i)}" '
            f'stroke="#333" stroke-width="0.5"/>'
            + _text_block(x + 15, y + 6.3 + LINE_H * (len(lines) - 1) / 2, lines)
        )
    # grid and axis
    base = top + sum(pitches)
    for tick in range(0, 101, 20):
        x = label_w + plot_w * tick / 100
        out.append(
            f'<line x1="{_num(x)}" y1="{_num(top - 2)}" x2="{_num(x)}" y2="{_num(base)}" '
            f'stroke="#bbbbbb" stroke-width="0.5"/>'
            f'<text x="{_num(x)}" y="{_num(base + 11)}" text-anchor="middle" fill="#444">{tick}</text>'
        )
    y = top
    for bar, pitch in zip(bars, pitches, strict=True):
        out += _bar(bar, y + (pitch - gap - bar_h) / 2, label_w, plot_w, bar_h)
        y += pitch
    out.append("</svg>")
    return Markup("".join(out))


def _bar(bar: Bar, y: float, label_w: float, plot_w: float, bar_h: float) -> list[str]:
    """One vendor's label, stacked segments (points printed where they fit) and total."""
    out = [_row_label(bar.label, y, label_w, bar_h)]
    x = label_w
    for i, points in enumerate(bar.segments):
        w = plot_w * max(points, 0.0) / 100
        if w <= 0:
            continue
        fill = colour(i)
        out.append(
            f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(bar_h)}" '
            f'fill="{fill}" stroke="#333333" stroke-width="0.5"/>'
        )
        label = format_fixed(points, 1)
        if _text_width(label, 8) + 4 <= w:
            out.append(
                f'<text x="{_num(x + w / 2)}" y="{_num(y + bar_h / 2 + 3)}" '
                f'text-anchor="middle" font-size="8" fill="{ink(fill)}">{label}</text>'
            )
        x += w
    out.append(
        f'<text x="{_num(x + 4)}" y="{_num(y + bar_h / 2 + 3.2)}" font-weight="bold">'
        f"{escape(bar.total_text)}</text>"
    )
    return out


def _heat_fill(score: float) -> str:
    index = min(len(HEAT) - 1, int(score * len(HEAT)))
    return HEAT[index]


def heat_map(
    metrics: Sequence[str],
    rows: Sequence[tuple[str, Sequence[float | None]]],
    desc: str,
) -> Markup:
    """Vendors x metrics, each cell the value-function score (0-100) printed in it;
    a missing figure is a white cell marked "missing"."""
    label_w = 200.0
    cell_w = max(34.0, min(60.0, (680.0 - label_w) / max(1, len(metrics))))
    cell_h = 18.0
    longest = max((_text_width(m, 8.5) for m in metrics), default=0.0)
    head_h = max(84.0, longest * 0.71 + 14)  # rotated headers are never cut: the header grows
    legend_h = 30.0
    heights = [_row_height(label, label_w - 8, cell_h) for label, _ in rows]
    width = label_w + cell_w * len(metrics) + max(40.0, longest * 0.71 + 6)
    height = head_h + sum(heights) + legend_h
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{_num(width)}" '
        f'height="{_num(height)}" viewBox="0 0 {_num(width)} {_num(height)}" '
        f'aria-labelledby="heat-title heat-desc" {FONT} font-size="9">',
        '<title id="heat-title">'
        + str(escape(_("Value-function score of each metric, 0 to 100")))
        + "</title>",
        f'<desc id="heat-desc">{escape(desc)}</desc>',
    ]
    for j, metric in enumerate(metrics):
        x = label_w + cell_w * j + cell_w / 2
        out.append(
            f'<text transform="translate({_num(x + 3)} {_num(head_h - 6)}) rotate(-45)" '
            f'font-size="8.5">{escape(metric)}</text>'
        )
    y = head_h
    for (label, scores), h in zip(rows, heights, strict=True):
        out.append(_row_label(label, y, label_w, h))
        out += [
            _heat_cell(label_w + cell_w * j, y, score, cell_w, h) for j, score in enumerate(scores)
        ]
        y += h
    out += _heat_legend(y + 10, label_w)
    out.append("</svg>")
    return Markup("".join(out))


def _heat_cell(x: float, y: float, score: float | None, cell_w: float, cell_h: float) -> str:
    if score is None:
        return (
            f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(cell_w)}" '
            f'height="{_num(cell_h)}" fill="#ffffff" stroke="#888888" '
            f'stroke-width="0.6" stroke-dasharray="2 1.5"/>'
            f'<text x="{_num(x + cell_w / 2)}" y="{_num(y + cell_h / 2 + 2.8)}" '
            f'text-anchor="middle" font-size="7" font-style="italic" fill="#555555">'
            + str(escape(_("missing")))
            + "</text>"
        )
    text_fill = "#ffffff" if score >= 4 / len(HEAT) else "#000000"
    return (
        f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(cell_w)}" height="{_num(cell_h)}" '
        f'fill="{_heat_fill(score)}" stroke="#ffffff" stroke-width="1"/>'
        f'<text x="{_num(x + cell_w / 2)}" y="{_num(y + cell_h / 2 + 3)}" '
        f'text-anchor="middle" fill="{text_fill}">{score * 100:.0f}</text>'
    )


def _heat_legend(y: float, label_w: float) -> list[str]:
    """The colour classes with their ranges."""
    word = escape(_("score"))
    out = [f'<text x="{_num(label_w - 6)}" y="{_num(y + 9)}" text-anchor="end">{word}</text>']
    step = 100 / len(HEAT)
    for k, fill in enumerate(HEAT):
        x = label_w + k * 44
        out.append(
            f'<rect x="{_num(x)}" y="{_num(y)}" width="44" height="12" fill="{fill}" '
            f'stroke="#888888" stroke-width="0.4"/>'
            f'<text x="{_num(x + 22)}" y="{_num(y + 9)}" text-anchor="middle" font-size="7.5" '
            f'fill="{"#ffffff" if k >= 4 else "#000000"}">'
            f"{k * step:.0f}\u2013{(k + 1) * step:.0f}</text>"
        )
    return out


def weight_ranges(
    rows: Sequence[tuple[str, float, float, float, str]], leader: str, desc: str
) -> Markup:
    """One bar per criterion from weight 0 to 1: the interval over which ``leader``
    stays first shaded, the buyer's weight marked and printed.

    ``rows`` is (criterion, buyer's weight, low, high, note on who overtakes)."""
    label_w, plot_w, note_w = 130.0, 330.0, 220.0
    top = 6.0
    names = [_wrap(r[0], 9, label_w - 8) for r in rows]
    notes = [_wrap(r[4], 8.5, note_w - 32) for r in rows]
    pitches = [
        max(26.0, LINE_H * max(len(a), len(b)) + 8) for a, b in zip(names, notes, strict=True)
    ]
    height = top + sum(pitches) + 22
    width = label_w + plot_w + note_w
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{_num(width)}" '
        f'height="{_num(height)}" viewBox="0 0 {_num(width)} {_num(height)}" '
        f'aria-labelledby="ranges-title ranges-desc" {FONT} font-size="9">',
        '<title id="ranges-title">'
        + str(escape(_("Weight ranges over which {leader} stays first").format(leader=leader)))
        + "</title>",
        f'<desc id="ranges-desc">{escape(desc)}</desc>',
    ]
    y = top
    for i, (_name, weight, low, high, _note) in enumerate(rows):
        out.append(
            _text_block(label_w - 6, y + 9, names[i], ' text-anchor="end"')
            + f'<rect x="{_num(label_w)}" y="{_num(y + 4)}" width="{_num(plot_w)}" height="11" '
            f'fill="#ffffff" stroke="#888888" stroke-width="0.5"/>'
            f'<rect x="{_num(label_w + plot_w * low)}" y="{_num(y + 4)}" '
            f'width="{_num(max(plot_w * (high - low), 0.8))}" height="11" fill="{HEAT[2]}" '
            f'stroke="#08519c" stroke-width="0.6"/>'
        )
        x = label_w + plot_w * weight
        out.append(
            f'<line x1="{_num(x)}" y1="{_num(y + 1)}" x2="{_num(x)}" y2="{_num(y + 18)}" '
            f'stroke="#000000" stroke-width="1.6"/>'
            f'<text x="{_num(x)}" y="{_num(y + 25)}" text-anchor="middle" font-size="7.5">'
            f"{format_fixed(weight, 2)}</text>"
        )
        # the interval's ends, printed inside it (left end, right end) where there is room
        if plot_w * (high - low) > 64:
            out.append(
                f'<text x="{_num(label_w + plot_w * low + 3)}" y="{_num(y + 12.5)}" '
                f'font-size="7.5">{format_fixed(low, 2)}</text>'
                f'<text x="{_num(label_w + plot_w * high - 3)}" y="{_num(y + 12.5)}" '
                f'text-anchor="end" font-size="7.5">{format_fixed(high, 2)}</text>'
            )
        out.append(
            _text_block(label_w + plot_w + 30, y + 9, notes[i], ' font-size="8.5" fill="#333333"')
        )
        y += pitches[i]
    y = top + sum(pitches) + 4
    for tick in (0, 0.25, 0.5, 0.75, 1):
        x = label_w + plot_w * tick
        out.append(
            f'<text x="{_num(x)}" y="{_num(y + 9)}" text-anchor="middle" fill="#444">'
            f"{tick:g}</text>"
        )
    out.append("</svg>")
    return Markup("".join(out))


def acceptability(
    columns: Sequence[str], rows: Sequence[tuple[str, Sequence[float]]], desc: str
) -> Markup:
    """The share of Monte Carlo draws placing each vendor at each rank, printed in
    the cells; an empty cell is a share of zero."""
    label_w = 200.0
    cell_w = max(30.0, min(48.0, (680.0 - label_w) / max(1, len(columns))))
    cell_h, head_h = 18.0, 16.0
    heights = [_row_height(label, label_w - 8, cell_h) for label, _ in rows]
    width = label_w + cell_w * len(columns) + 4
    height = head_h + sum(heights) + 4
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{_num(width)}" '
        f'height="{_num(height)}" viewBox="0 0 {_num(width)} {_num(height)}" '
        f'aria-labelledby="acc-title acc-desc" {FONT} font-size="9">',
        '<title id="acc-title">'
        + str(escape(_("Share of weight draws placing each vendor at each rank")))
        + "</title>",
        f'<desc id="acc-desc">{escape(desc)}</desc>',
    ]
    for j, col in enumerate(columns):
        out.append(
            f'<text x="{_num(label_w + cell_w * j + cell_w / 2)}" y="11" text-anchor="middle" '
            f'font-weight="bold" font-size="8.5">{escape(col)}</text>'
        )
    y = head_h
    for i, (label, shares) in enumerate(rows):
        cell_h = heights[i]
        y += heights[i - 1] if i else 0.0
        out.append(_row_label(label, y, label_w, cell_h))
        for j, share in enumerate(shares):
            x = label_w + cell_w * j
            fill = "#ffffff" if share == 0 else _heat_fill(share)
            ink_ = "#ffffff" if share >= 4 / len(HEAT) else "#000000"
            out.append(
                f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(cell_w)}" height="{_num(cell_h)}" '
                f'fill="{fill}" stroke="#bbbbbb" stroke-width="0.5"/>'
            )
            if share > 0:
                out.append(
                    f'<text x="{_num(x + cell_w / 2)}" y="{_num(y + cell_h / 2 + 3)}" '
                    f'text-anchor="middle" fill="{ink_}">{escape(format_share(share))}</text>'
                )
    out.append("</svg>")
    return Markup("".join(out))
