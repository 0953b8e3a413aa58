"""The "Cost at your volume" charts as inline SVG: monthly cost against volume (log
axes) and score without the cost criterion against annual cost, Pareto-optimal
vendors marked.  Values are printed, not only drawn; every input text is escaped."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from scorecard.report.charts import FONT, _num, colour
from scorecard.report.format import localize_number
from scorecard.report.i18n import _


@dataclass(frozen=True)
class CostLine:
    label: str
    points: Sequence[tuple[float, float]]  # (scale, monthly cost), scale ascending


@dataclass(frozen=True)
class ValuePoint:
    label: str
    annual: float
    score: float  # 0-100, without the cost criterion
    pareto: bool


def _money(x: float) -> str:
    for limit, suffix in ((1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if abs(x) >= limit:
            return localize_number(f"{x / limit:.3g}") + suffix
    return localize_number(f"{x:.3g}")


def _head(title: str, desc: str, key: str, width: float, height: float) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{_num(width)}" '
        f'height="{_num(height)}" viewBox="0 0 {_num(width)} {_num(height)}" '
        f'aria-labelledby="{key}-title {key}-desc" {FONT} font-size="9">',
        f'<title id="{key}-title">{escape(title)}</title>',
        f'<desc id="{key}-desc">{escape(desc)}</desc>',
    ]


def _decades(lo: float, hi: float) -> list[float]:
    return [10.0**e for e in range(math.floor(math.log10(lo)), math.ceil(math.log10(hi)) + 1)]


def cost_by_volume(lines: Sequence[CostLine], currency: str, desc: str) -> Markup:
    """One line per vendor: monthly cost at 0.1x to 10x today's volume, log-log."""
    width, left, right, top = 680.0, 60.0, 200.0, 10.0
    plot_w, plot_h = width - left - right, 220.0
    height = top + plot_h + 34
    costs = [c for line in lines for _, c in line.points if c > 0]
    if not costs:
        return Markup("")
    ticks = _decades(min(costs), max(costs))
    y_lo, y_hi = math.log10(ticks[0]), math.log10(ticks[-1])
    y_hi = y_hi if y_hi > y_lo else y_lo + 1

    def x(scale: float) -> float:
        return left + plot_w * (math.log10(scale) + 1) / 2

    def y(cost: float) -> float:
        return top + plot_h * (1 - (math.log10(cost) - y_lo) / (y_hi - y_lo))

    title = _("Monthly cost against volume, {currency}").format(currency=currency)
    out = _head(title, desc, "costvol", width, height)
    for t in ticks:
        out.append(
            f'<line x1="{_num(left)}" y1="{_num(y(t))}" x2="{_num(left + plot_w)}" '
            f'y2="{_num(y(t))}" stroke="#cccccc" stroke-width="0.5"/>'
            f'<text x="{_num(left - 4)}" y="{_num(y(t) + 3)}" text-anchor="end" fill="#444">'
            f"{_money(t)}</text>"
        )
    scales = ((0.1, localize_number("0.1") + "x"), (1.0, _("1x (today)")), (10.0, "10x"))
    for s, text in scales:
        out.append(
            f'<line x1="{_num(x(s))}" y1="{_num(top)}" x2="{_num(x(s))}" '
            f'y2="{_num(top + plot_h)}" stroke="#cccccc" stroke-width="0.5"/>'
            f'<text x="{_num(x(s))}" y="{_num(top + plot_h + 12)}" text-anchor="middle" '
            f'fill="#444">{text}</text>'
        )
    out.append(
        f'<text x="{_num(left + plot_w / 2)}" y="{_num(top + plot_h + 26)}" '
        'text-anchor="middle">'
        + str(escape(_("requests per month, relative to the [usage] volume")))
        + "</text>"
    )
    for i, line in enumerate(lines):
        pts = " ".join(f"{_num(x(s))},{_num(y(c))}" for s, c in line.points if c > 0)
        dash = "" if i < 8 else ' stroke-dasharray="4 2"'
        out.append(
            f'<polyline points="{pts}" fill="none" stroke="{colour(i)}" stroke-width="1.6"{dash}/>'
        )
        today = dict(line.points).get(1.0)
        ly = top + 4 + 13 * i
        out.append(
            f'<line x1="{_num(width - right + 8)}" y1="{_num(ly)}" x2="{_num(width - right + 22)}" '
            f'y2="{_num(ly)}" stroke="{colour(i)}" stroke-width="2.5"/>'
            f'<text x="{_num(width - right + 26)}" y="{_num(ly + 3)}">'
            f"{escape(line.label)}"
            f"{'' if today is None else ' ' + _money(today)}</text>"
        )
    out.append("</svg>")
    return Markup("".join(out))


def value_for_money(points: Sequence[ValuePoint], currency: str, desc: str) -> Markup:
    """Score without the cost criterion (up) against annual cost (log, right)."""
    width, left, right, top = 680.0, 44.0, 20.0, 10.0
    plot_w, plot_h = width - left - right, 230.0
    height = top + plot_h + 34
    costs = [p.annual for p in points if p.annual > 0]
    if not costs:
        return Markup("")
    ticks = _decades(min(costs), max(costs))
    x_lo, x_hi = math.log10(ticks[0]), math.log10(ticks[-1])
    x_hi = x_hi if x_hi > x_lo else x_lo + 1

    def x(cost: float) -> float:
        return left + plot_w * (math.log10(cost) - x_lo) / (x_hi - x_lo)

    def y(score: float) -> float:
        return top + plot_h * (1 - score / 100)

    title = _("Score without cost against annual cost, {currency}").format(currency=currency)
    out = _head(title, desc, "vfm", width, height)
    for t in ticks:
        out.append(
            f'<line x1="{_num(x(t))}" y1="{_num(top)}" x2="{_num(x(t))}" '
            f'y2="{_num(top + plot_h)}" stroke="#cccccc" stroke-width="0.5"/>'
            f'<text x="{_num(x(t))}" y="{_num(top + plot_h + 12)}" text-anchor="middle" '
            f'fill="#444">{_money(t)}</text>'
        )
    for s in range(0, 101, 25):
        out.append(
            f'<line x1="{_num(left)}" y1="{_num(y(s))}" x2="{_num(left + plot_w)}" '
            f'y2="{_num(y(s))}" stroke="#cccccc" stroke-width="0.5"/>'
            f'<text x="{_num(left - 4)}" y="{_num(y(s) + 3)}" text-anchor="end" fill="#444">'
            f"{s}</text>"
        )
    out.append(
        f'<text x="{_num(left + plot_w / 2)}" y="{_num(top + plot_h + 26)}" '
        f'text-anchor="middle">'
        + str(
            escape(
                _("annual cost, {currency} (log scale); filled: Pareto-optimal").format(
                    currency=currency
                )
            )
        )
        + "</text>"
    )
    for i, p in enumerate(points):
        if p.annual <= 0:
            continue
        px, py = x(p.annual), y(p.score)
        fill = colour(i) if p.pareto else "#ffffff"
        anchor = "end" if px > left + plot_w * 0.7 else "start"
        dx = -7 if anchor == "end" else 7
        out.append(
            f'<circle cx="{_num(px)}" cy="{_num(py)}" r="4.5" fill="{fill}" '
            f'stroke="{colour(i)}" stroke-width="1.5"/>'
            f'<text x="{_num(px + dx)}" y="{_num(py + 3)}" text-anchor="{anchor}">'
            f"{escape(p.label)}</text>"
        )
    out.append("</svg>")
    return Markup("".join(out))


def pareto(points: Sequence[tuple[float, float]]) -> list[bool]:
    """For (annual cost, score) pairs: True where no other pair is as cheap and as
    good, and strictly better in one."""
    return [
        not any(
            (c2 <= c and s2 >= s) and (c2 < c or s2 > s)
            for j, (c2, s2) in enumerate(points)
            if j != i
        )
        for i, (c, s) in enumerate(points)
    ]
