"""The trends chart and its table, laid out in Python (pure): the template only loops over the shapes.

Without a split, one panel holds a line per term; split by party or committee, each term gets a panel with a
line per party or committee, so that no panel holds more than five lines. Lines differ in colour (the
Okabe–Ito palette, told apart with colour-blindness) and in dash pattern (told apart in grey print).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from search_api.trends import Trends, TrendSeries

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 12, 36
MAX_X_LABELS = 12
Y_TICKS = 4
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 3"]
INTERVAL_NAMES = {"month": "월별", "year": "연도별"}


@dataclass
class Marker:
    x: float
    y: float
    url: str | None
    label: str  # what a screen reader and the tooltip say: series, period, rate and counts


@dataclass
class Line:
    label: str
    color: str
    dash: str
    segments: list[str]  # SVG polyline points; a period with no turns at all breaks the line
    markers: list[Marker]


@dataclass
class Tick:
    label: str
    position: float  # y of a value tick, x of a period label
    text_x: float = 0.0  # where its label is written
    text_y: float = 0.0


@dataclass
class Panel:
    key: str  # unique within the page: ids for <title> and <desc>
    title: str
    description: str
    lines: list[Line]
    y_ticks: list[Tick]
    x_labels: list[Tick]
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    plot_top: int = TOP
    plot_bottom: int = HEIGHT - BOTTOM

    def __post_init__(self) -> None:
        # Labels sit beside their ticks: value labels left of the plot, period labels under it.
        for tick in self.y_ticks:
            tick.text_x, tick.text_y = self.plot_left - 6, tick.position + 4
        for tick in self.x_labels:
            tick.text_x, tick.text_y = tick.position, self.plot_bottom + 20


@dataclass
class Cell:
    text: str
    url: str | None = None


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[tuple[str, list[Cell]]] = field(default_factory=list)


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5 or 5 × 10ⁿ at or above the value: round tick steps."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value - 1e-9)


def rate_text(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def x_positions(count: int) -> list[float]:
    if count == 1:
        return [(LEFT + WIDTH - RIGHT) / 2]
    step = (WIDTH - RIGHT - LEFT) / (count - 1)
    return [round(LEFT + i * step, 1) for i in range(count)]


def y_position(value: float, top_value: float) -> float:
    return round(TOP + (HEIGHT - BOTTOM - TOP) * (1 - value / top_value), 1)


def _line(series: TrendSeries, label: str, index: int, xs: list[float], top_value: float) -> Line:
    segments, current, markers = [], [], []
    for x, point in zip(xs, series.points, strict=True):
        if point.per_10k is None:
            segments, current = segments + ([" ".join(current)] if current else []), []
            continue
        y = y_position(point.per_10k, top_value)
        current.append(f"{x},{y}")
        markers.append(Marker(x, y, point.search_url, f"{series.label} · {point.period}: 1만 건당 "
                                                      f"{rate_text(point.per_10k)} ({point.count:,}/{point.total:,})"))
    if current:
        segments.append(" ".join(current))
    return Line(label, PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)], segments, markers)


def _x_labels(periods: list[str], xs: list[float]) -> list[Tick]:
    step = math.ceil(len(periods) / MAX_X_LABELS)
    return [Tick(period, x) for i, (period, x) in enumerate(zip(periods, xs, strict=True)) if i % step == 0]


def _description(trends: Trends, group: list[TrendSeries]) -> str:
    span = f"{trends.periods[0]}~{trends.periods[-1]}" if len(trends.periods) > 1 else trends.periods[0]
    parts = []
    for series in group:
        rated = [p for p in series.points if p.per_10k is not None]
        peak = max(rated, key=lambda p: p.per_10k or 0.0, default=None)
        overall = rate_text(series.per_10k) if series.per_10k is not None else "—"
        peak_text = f", 가장 높은 때 {peak.period} ({rate_text(peak.per_10k or 0.0)})" if peak and peak.count else ""
        parts.append(f"{series.label}: 전체 1만 건당 {overall}{peak_text}")
    return f"{INTERVAL_NAMES[trends.interval]} 발언 1만 건당 발언 수, {span}. " + "; ".join(parts)


def _panel(trends: Trends, key: str, title: str, group: list[TrendSeries], labels: list[str]) -> Panel:
    xs = x_positions(len(trends.periods))
    highest = max((p.per_10k for s in group for p in s.points if p.per_10k is not None), default=0.0)
    top_value = nice_ceiling(highest)
    ticks = [Tick(rate_text(top_value * i / Y_TICKS), y_position(top_value * i / Y_TICKS, top_value))
             for i in range(Y_TICKS + 1)]
    lines = [_line(series, label, i, xs, top_value) for i, (series, label) in enumerate(zip(group, labels,
                                                                                             strict=True))]
    return Panel(key, title, _description(trends, group), lines, ticks, _x_labels(trends.periods, xs))


def chart(trends: Trends) -> list[Panel]:
    """One panel for the terms, or one per term when split."""
    if not trends.series or not trends.periods:
        return []
    if not trends.split:
        return [_panel(trends, "trend-all", " · ".join(trends.terms), trends.series, trends.terms)]
    panels = []
    for number, term in enumerate(trends.terms):
        group = [s for s in trends.series if s.term == term]
        if group:
            panels.append(_panel(trends, f"trend-{number}", term, group, [s.split_value or "" for s in group]))
    return panels


def table(trends: Trends) -> Table:
    """The same numbers as a table, a row per period and a column per line, each cell linked to its search."""
    result = Table(f"{INTERVAL_NAMES[trends.interval]} 발언 1만 건당 발언 수 (해당 발언 수/전체 발언 수)",
                   ["기간", *(s.label for s in trends.series)])
    for row, period in enumerate(trends.periods):
        cells = []
        for series in trends.series:
            point = series.points[row]
            text = "—" if point.per_10k is None else f"{rate_text(point.per_10k)} ({point.count:,}/{point.total:,})"
            cells.append(Cell(text, point.search_url))
        result.rows.append((period, cells))
    return result
