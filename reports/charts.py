"""Bar charts for the reports, drawn on the server as inline SVG.

The charts are plain markup rather than a JavaScript library so that the same figure shows on the
reports page, prints, and goes into the PDF (WeasyPrint draws inline SVG but runs no scripts), and
so that nothing is fetched from a CDN. Series differ in lightness, not only in hue, and every
value is also written as a number, so a chart still reads when printed in black and white.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import uuid4

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.pdf import FONT_FAMILY

WIDTH = 640
FONT_SIZE = 12
# Dark, light (with a dark outline) and mid grey: told apart by lightness alone.
COLOURS = ("#1f4e79", "#9ecae1", "#6c757d")
OUTLINE = "#1f4e79"
TEXT = "#000"
GRID = "#dee2e6"
BASELINE = "#6c757d"
LABEL_CHARS = 30
LEGEND_HEIGHT = 24


@dataclass(frozen=True)
class Bar:
    label: str  # e.g. "Turkey", "Antalya Bilim University", "2022-2023"
    values: tuple[int, ...]  # one per series, e.g. (outgoing, incoming)
    urls: tuple[str, ...] = ()  # a link per value, to the list behind the figure; "" = no link


def _shorten(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _fit(content: str, room: float) -> float:
    """A font size at which the text fits the room, if it can be read at all (8 at the least)."""
    return round(max(8.0, min(FONT_SIZE, room / (0.62 * max(len(content), 1)))), 1)


def _text(x: float, y: float, content: str, anchor: str = "start", size: float = FONT_SIZE) -> str:
    return (
        f'<text x="{x:g}" y="{y:g}" font-size="{size:g}" fill="{TEXT}" '
        f'text-anchor="{anchor}">{escape(content)}</text>'
    )


def _rect(x: float, y: float, width: float, height: float, series: int) -> str:
    colour = COLOURS[series % len(COLOURS)]
    return (
        f'<rect x="{x:g}" y="{y:g}" width="{width:g}" height="{height:g}" fill="{colour}" '
        f'stroke="{OUTLINE}" stroke-width="0.75"/>'
    )


def _value(bar: Bar, series: int, name: str, rect: str, text: str) -> str:
    """The drawn bar (if any) and its number, inside a link when the bar has a url for it; the
    link is named in words ("Turkey, Outgoing: 3"), not by its lone number."""
    url = bar.urls[series] if series < len(bar.urls) else ""
    if not url:
        return rect + text
    label = (
        f"{bar.label}, {name}: {bar.values[series]}"
        if name
        else f"{bar.label}: {bar.values[series]}"
    )
    return f'<a href="{escape(url)}" aria-label="{escape(label)}">{rect}{text}</a>'


def _legend(series: Sequence[str]) -> str:
    if len(series) < 2:
        return ""
    items, x = [], 0.0
    for index, name in enumerate(series):
        items.append(_rect(x, 4, 12, 12, index) + _text(x + 17, 14, name))
        x += 17 + len(name) * FONT_SIZE * 0.6 + 20
    return f'<g class="legend">{"".join(items)}</g>'


def _svg(title: str, height: float, body: str) -> SafeString:
    title_id = f"chart-{uuid4().hex[:12]}"
    # A picture is one image to a screen reader, its contents hidden; a chart whose figures are
    # links is a group of them instead (links inside an image cannot be reached).
    role = "group" if "<a " in body else "img"
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:g}" '
        # WeasyPrint does not pass the page's font into an SVG: name the shipped one, so Kazakh
        # and Russian labels have their glyphs in the PDF. A web page's CSS overrides it.
        f'width="100%" role="{role}" aria-labelledby="{title_id}" '
        f'font-family="&quot;{FONT_FAMILY}&quot;, sans-serif">'
        f'<title id="{title_id}">{escape(title)}</title>{body}</svg>'
    )


def _empty(text: str) -> SafeString:
    return mark_safe(f'<p class="text-body-secondary">{escape(text)}</p>')


def _check(series: Sequence[str], bars: Sequence[Bar]) -> int:
    """The largest value, after checking every bar has one value per series."""
    for bar in bars:
        if len(bar.values) != len(series):
            raise ValueError(
                f"{bar.label!r} has {len(bar.values)} values for {len(series)} series."
            )
    return max((value for bar in bars for value in bar.values), default=0)


def bar_chart(
    *, title: str, series: Sequence[str], bars: Sequence[Bar], empty_text: str
) -> SafeString:
    """Horizontal bars, one row per Bar with a thin bar per series, its label on the left."""
    if not bars:
        return _empty(empty_text)
    largest = _check(series, bars)
    label_width, thickness, gap, padding = 240, 12, 2, 8
    left, room = label_width + 8, WIDTH - label_width - 8 - 48  # 48 keeps the values in view
    row_height = len(series) * (thickness + gap) - gap + 2 * padding
    top = LEGEND_HEIGHT if len(series) > 1 else 0
    rows = []
    for row, bar in enumerate(bars):
        y = top + row * row_height
        middle = y + row_height / 2
        parts = [f"<title>{escape(bar.label)}</title>"]
        parts.append(_text(label_width, middle + 4, _shorten(bar.label, LABEL_CHARS), "end"))
        for index, value in enumerate(bar.values):
            bar_y = y + padding + index * (thickness + gap)
            length = room * value / largest if largest else 0
            rect = _rect(left, bar_y, length, thickness, index) if value else ""
            text = _text(left + length + 4, bar_y + thickness - 2, str(value))
            parts.append(_value(bar, index, series[index], rect, text))
        rows.append(f'<g class="row">{"".join(parts)}</g>')
    height = top + len(bars) * row_height
    return _svg(title, height, _legend(series) + "".join(rows))


def _tick_step(largest: int) -> int:
    """A round step (1, 2 or 5 times a power of ten) giving about four gridlines."""
    if largest <= 4:
        return 1
    rough = largest / 4
    power = 10 ** math.floor(math.log10(rough))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= rough)


def trend_chart(
    *, title: str, series: Sequence[str], bars: Sequence[Bar], empty_text: str
) -> SafeString:
    """Vertical columns, one group per Bar (an academic year), the series side by side."""
    if not bars:
        return _empty(empty_text)
    largest = _check(series, bars)
    step = _tick_step(largest)
    scale_top = math.ceil(largest / step) * step if largest else 0
    top = (LEGEND_HEIGHT if len(series) > 1 else 0) + 20  # room for the values above the columns
    left, plot_height, bottom = 40, 200, 24
    baseline = top + plot_height
    group_width = (WIDTH - left) / len(bars)
    column = min(28, group_width * 0.7 / len(series))
    parts = []
    for tick in range(0, scale_top + 1, step):
        y = baseline - plot_height * tick / scale_top if scale_top else baseline
        colour = BASELINE if tick == 0 else GRID
        parts.append(f'<line x1="{left}" y1="{y:g}" x2="{WIDTH}" y2="{y:g}" stroke="{colour}"/>')
        parts.append(_text(left - 6, y + 4, str(tick), "end"))
    for position, bar in enumerate(bars):
        centre = left + group_width * (position + 0.5)
        start = centre - column * len(series) / 2
        group = [
            f"<title>{escape(bar.label)}</title>",
            _text(centre, baseline + 16, bar.label, "middle", _fit(bar.label, group_width - 4)),
        ]
        for index, value in enumerate(bar.values):
            x = start + index * column
            height = plot_height * value / scale_top if scale_top else 0
            rect = _rect(x + 1, baseline - height, column - 2, height, index) if value else ""
            size = _fit(str(value), column)
            text = _text(x + column / 2, baseline - height - 4, str(value), "middle", size)
            group.append(_value(bar, index, series[index], rect, text))
        parts.append(f'<g class="group">{"".join(group)}</g>')
    return _svg(title, baseline + bottom, _legend(series) + "".join(parts))
