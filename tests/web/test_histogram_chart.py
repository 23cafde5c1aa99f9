"""The hits-over-time chart: months folded into years for long spans (search_api.service) and its layout
(web.histogram_chart), both pure."""

from search_api.models import HistogramBar
from search_api.params import SearchParams
from search_api.service import MONTHS_SHOWN, _histogram
from search_api.urls import SearchLinks
from web.histogram_chart import HEIGHT, LABEL_ROW, MIN_LABELLED_WIDTH, histogram_chart


def _months(*keys_counts):
    return {"histogram": {"buckets": [{"key_as_string": f"{key}-01T00:00:00.000Z", "doc_count": count}
                                      for key, count in keys_counts]}}


def test_a_short_span_is_shown_by_month_with_each_months_own_dates():
    months = _months(("2020-01", 3), ("2020-02", 1), ("2021-12", 4))
    params = SearchParams(q="검역")
    bars = _histogram(months, SearchLinks("/search", params), params)
    assert [(b.period, b.date_from, b.date_to, b.count) for b in bars] == [
        ("2020-01", "2020-01-01", "2020-01-31", 3), ("2020-02", "2020-02-01", "2020-02-29", 1),
        ("2021-12", "2021-12-01", "2021-12-31", 4)]
    assert "date_from=2020-02-01&date_to=2020-02-29" in bars[1].url and "q=%EA%B2%80%EC%97%AD" in bars[1].url


def test_a_long_span_is_folded_into_years_with_exact_sums():
    months = [("2011-03", 2), ("2011-11", 5), ("2019-01", 7), ("2020-02", 1), ("2020-12", 9)]
    params = SearchParams(q="검역", page=3)
    bars = _histogram(_months(*months), SearchLinks("/search", params), params)
    assert [(b.period, b.date_from, b.date_to, b.count) for b in bars] == [
        ("2011", "2011-01-01", "2011-12-31", 7), ("2019", "2019-01-01", "2019-12-31", 7),
        ("2020", "2020-01-01", "2020-12-31", 10)]
    assert "page=" not in bars[0].url  # back to the first page of the narrowed search


def test_the_fold_starts_where_months_stop_fitting():
    first = [("2018-01", 1)]
    inside = first + [(f"{2018 + (MONTHS_SHOWN - 1) // 12}-{(MONTHS_SHOWN - 1) % 12 + 1:02d}", 1)]
    beyond = first + [(f"{2018 + MONTHS_SHOWN // 12}-{MONTHS_SHOWN % 12 + 1:02d}", 1)]
    params = SearchParams()
    links = SearchLinks("/search", params)
    assert len(_histogram(_months(*inside), links, params)[0].period) == 7
    assert len(_histogram(_months(*beyond), links, params)[0].period) == 4


def test_a_bar_never_widens_the_searchs_own_dates():
    params = SearchParams(q="검역", date_from="2010-06-15", date_to="2014-03-10")
    months = _months(("2010-06", 2), ("2012-01", 1), ("2014-03", 4))
    first, middle, last = _histogram(months, SearchLinks("/search", params), params)
    assert (first.period, first.date_from, first.date_to) == ("2010", "2010-06-15", "2010-12-31")
    assert (middle.date_from, middle.date_to) == ("2012-01-01", "2012-12-31")
    assert (last.date_from, last.date_to) == ("2014-01-01", "2014-03-10")
    assert "date_from=2010-06-15&date_to=2010-12-31" in first.url
    short = SearchParams(date_from="2020-02-10")
    (february,) = _histogram(_months(("2020-02", 1)), SearchLinks("/search", short), short)
    assert (february.date_from, february.date_to) == ("2020-02-10", "2020-02-29")


def test_the_chart_is_laid_out_in_python():
    bars = [HistogramBar(period=str(y), date_from=f"{y}-01-01", date_to=f"{y}-12-31", count=c, url=f"/s?y={y}")
            for y, c in ((2019, 10), (2020, 1), (2021, 0))]
    chart = histogram_chart(bars)
    assert chart.caption.startswith("연도별") and chart.name == "연도별 발언 수"
    tallest, smallest, empty = chart.bars
    assert tallest.height == 70 and tallest.y == LABEL_ROW + HEIGHT - 70
    assert smallest.height == 7 and empty.height == 0  # one hit still shows; none shows nothing
    assert [b.x for b in chart.bars] == [0, 12, 24] and chart.width == MIN_LABELLED_WIDTH and tallest.width == 10
    # The axis is labelled: the peak above the bars, the first and the last period below them.
    assert [(label.text, label.anchor) for label in chart.labels] == [
        ("최대 10건", "start"), ("2019", "start"), ("2021", "end")]
    assert chart.labels[2].x == chart.width and chart.height == LABEL_ROW + HEIGHT + LABEL_ROW
    assert tallest.label == "2019: 10건" and tallest.url == "/s?y=2019"
    assert histogram_chart([]) is None


def test_many_bars_stay_within_the_page_width():
    bars = [HistogramBar(period=f"2000-{m:02d}", date_from="", date_to="", count=1, url="") for m in range(1, 13)] * 30
    chart = histogram_chart(bars)
    assert chart.width <= 1100 and all(b.width >= 1 for b in chart.bars)
