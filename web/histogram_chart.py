"""The results page's bar chart of hits over time, laid out in Python (pure): the template only prints it."""

from __future__ import annotations

from dataclasses import dataclass

from search_api.models import HistogramBar

HEIGHT = 80
BAR_HEIGHT_MAX = 70  # leaves room above the tallest bar
LABEL_ROW = 14  # below the bars: the first and the last period; above them, the peak
WIDTH_MAX = 640
BAR_WIDTH_MAX = 12
GAP = 2


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    url: str
    label: str  # tooltip and screen-reader text: period and count


@dataclass(frozen=True)
class AxisLabel:
    x: int
    y: int
    text: str
    anchor: str  # SVG text-anchor: start, end


@dataclass(frozen=True)
class HistogramChart:
    caption: str
    name: str  # the chart's accessible name
    width: int
    height: int
    bars: list[Bar]
    labels: list[AxisLabel]  # the time axis's ends and the peak count, so the bars can be read


def histogram_chart(bars: list[HistogramBar]) -> HistogramChart | None:
    if not bars:
        return None
    yearly = len(bars[0].period) == 4
    name = "연도별 발언 수" if yearly else "월별 발언 수"
    caption = f"{name} (막대를 누르면 그 {'해' if yearly else '달'}로 좁힙니다)"
    step = max(GAP + 1, min(BAR_WIDTH_MAX, WIDTH_MAX // len(bars)))
    peak = max(bar.count for bar in bars) or 1
    laid = []
    for i, bar in enumerate(bars):
        height = -(-bar.count * BAR_HEIGHT_MAX // peak)  # rounded up: a single hit still shows
        laid.append(Bar(x=i * step, y=LABEL_ROW + HEIGHT - height, width=step - GAP, height=height, url=bar.url,
                        label=f"{bar.period}: {bar.count:,}건"))
    width = max(step * len(bars), MIN_LABELLED_WIDTH)
    bottom = LABEL_ROW + HEIGHT + LABEL_ROW - 3
    labels = [AxisLabel(0, LABEL_ROW - 3, f"최대 {peak:,}건", "start"), AxisLabel(0, bottom, bars[0].period, "start")]
    if len(bars) > 1:
        labels.append(AxisLabel(width, bottom, bars[-1].period, "end"))
    return HistogramChart(caption=caption, name=name, width=width, height=LABEL_ROW + HEIGHT + LABEL_ROW, bars=laid,
                          labels=labels)


MIN_LABELLED_WIDTH = 160  # room for both end labels when there are few bars
