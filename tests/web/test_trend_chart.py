"""The trends chart's geometry and its table, computed in Python (pure)."""

from __future__ import annotations

from datetime import date

from search_api.params import SearchParams
from search_api.trends import Period, Trends, build_series
from search_api.urls import SearchLinks
from web.trend_chart import (
    BOTTOM,
    HEIGHT,
    LEFT,
    MAX_X_LABELS,
    RIGHT,
    TOP,
    WIDTH,
    chart,
    nice_ceiling,
    table,
    x_positions,
    y_position,
)


def _trends(counts: dict[str, dict[str, int]], totals: dict[str, int], split: str = "",
            values: dict[str, str | None] | None = None) -> Trends:
    keys = sorted(totals)
    span = [Period(k, date(int(k), 1, 1), date(int(k), 12, 31)) for k in keys]
    series = []
    for name, per_period in counts.items():
        term = name.split("|")[0]
        value = (values or {}).get(name)
        links = SearchLinks("/search", SearchParams(q=term))
        series.append(build_series(term, value, per_period, totals, span, links, split))
    terms = list(dict.fromkeys(s.term for s in series))
    return Trends(terms=terms, interval="year", split=split, periods=keys, series=series, notes=[], csv_url="",
                  page_url="")


def test_nice_ceiling_rounds_up_to_a_readable_top():
    assert [nice_ceiling(v) for v in (0, 0.3, 1, 1.2, 2.2, 3.3, 7, 45.2, 3000, 5001)] == [
        1.0, 0.5, 1, 2, 2.5, 5, 10, 50, 5000, 10000]


def test_points_spread_over_the_plot_and_rates_scale_from_the_bottom():
    xs = x_positions(5)
    assert xs[0] == LEFT and xs[-1] == WIDTH - RIGHT
    assert len({round(b - a, 1) for a, b in zip(xs, xs[1:], strict=False)}) == 1  # evenly spaced
    assert x_positions(1) == [(LEFT + WIDTH - RIGHT) / 2]
    assert y_position(0, 50) == HEIGHT - BOTTOM and y_position(50, 50) == TOP
    assert y_position(25, 50) == (TOP + HEIGHT - BOTTOM) / 2


def test_one_panel_for_the_terms_with_a_line_each_broken_where_nothing_was_said():
    trends = _trends({"공수처": {"2019": 3, "2021": 0}, "원천 무효": {"2019": 1}},
                     {"2019": 10, "2020": 0, "2021": 4})
    [panel] = chart(trends)
    assert [line.label for line in panel.lines] == ["공수처", "원천 무효"]
    first = panel.lines[0]
    assert len(first.segments) == 2  # 2020 had no turns at all: no rate, so the line breaks
    assert len(first.markers) == 2
    # 3000 per 10,000 is the highest rate: the axis tops at 5000 and the point sits at 3/5 of the height
    assert panel.y_ticks[-1].label == "5,000" and panel.y_ticks[0].label == "0"
    assert first.markers[0].y == y_position(3000, 5000)
    assert first.markers[0].url.startswith("/search?q=") and "date_from=2019-01-01" in first.markers[0].url
    assert first.markers[0].label == "공수처 · 2019: 1만 건당 3,000 (3/10)"
    assert first.color != panel.lines[1].color and first.dash != panel.lines[1].dash
    assert "공수처: 전체 1만 건당 2,142.86, 가장 높은 때 2019 (3,000)" in panel.description


def test_a_split_gives_each_term_its_panel_with_a_line_per_party():
    trends = _trends({"공수처|a": {"2019": 2}, "공수처|b": {"2019": 1}, "검찰|a": {"2019": 1}}, {"2019": 5},
                     split="party", values={"공수처|a": "민주당", "공수처|b": "한국당", "검찰|a": "민주당"})
    panels = chart(trends)
    assert [(p.title, [line.label for line in p.lines]) for p in panels] == [
        ("공수처", ["민주당", "한국당"]), ("검찰", ["민주당"])]
    assert len({p.key for p in panels}) == 2  # ids of <title> and <desc> stay unique


def test_period_labels_are_thinned_to_stay_readable():
    totals = {str(year): 10 for year in range(1990, 2030)}
    [panel] = chart(_trends({"공수처": {}}, totals))
    assert len(panel.x_labels) <= MAX_X_LABELS and panel.x_labels[0].label == "1990"


def test_the_table_has_a_row_per_period_and_a_linked_cell_per_line():
    trends = _trends({"공수처": {"2019": 3}}, {"2019": 10, "2020": 0})
    result = table(trends)
    assert result.headers == ["기간", "공수처"]
    assert [(period, [cell.text for cell in cells]) for period, cells in result.rows] == [
        ("2019", ["3,000 (3/10)"]), ("2020", ["—"])]
    assert result.rows[0][1][0].url.startswith("/search?") and result.rows[1][1][0].url is None
