"""Links to member pages are made in Python (web/speaker_links.py): encoded once, in one place; the
templates print them. Pure: models built by hand."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from search_api.models import Facet, FacetValue, SearchResult
from search_api.speakers import CountedValue, SpeakerProfile
from web.speaker_links import hit_speaker_urls, speaker_links, speaker_url, top_speakers


def test_a_member_page_url_encodes_the_key_and_the_narrowing():
    assert speaker_url("M0001") == "/speakers/M0001"
    assert speaker_url("김 철/수", q="") == "/speakers/%EA%B9%80%20%EC%B2%A0%2F%EC%88%98"  # no empty q=
    url = urlsplit(speaker_url("윤한홍", q='"원천 무효" & 공수처'))
    assert parse_qs(url.query) == {"q": ['"원천 무효" & 공수처']}


def _profile() -> SpeakerProfile:
    return SpeakerProfile(
        key="M0001", name="박범계", printed_forms=[], roles=[], parties=[],
        committees=[CountedValue(value="법제사법위원회", count=13), CountedValue(value="사법개혁특별위원회", count=1)],
        committee_pages={"법제사법위원회": "/committees/a", "사법개혁특별위원회": "/committees/b"},
        terms=[], turns_by_year=[CountedValue(value="2018", count=1), CountedValue(value="2019", count=13)],
        distinctive_terms=[CountedValue(value="공수처", count=5)], total_turns=14,
        first_date="2018-01-12", last_date="2019-04-26")


def test_the_member_page_links_and_its_yearly_bars():
    links = speaker_links(_profile())
    assert links.api_url == "/api/speakers/M0001"
    assert [(c.url, c.page_url) for c in links.committees] == [
        ("/speakers/M0001?committee=%EB%B2%95%EC%A0%9C%EC%82%AC%EB%B2%95%EC%9C%84%EC%9B%90%ED%9A%8C", "/committees/a"),
        ("/speakers/M0001?committee=%EC%82%AC%EB%B2%95%EA%B0%9C%ED%98%81%ED%8A%B9%EB%B3%84%EC%9C%84%EC%9B%90%ED%9A%8C",
         "/committees/b")]
    assert [t.url for t in links.terms] == ["/speakers/M0001?q=%EA%B3%B5%EC%88%98%EC%B2%98"]
    # the chart as the template drew it: 48 px a year, bars 40 wide under an 80 px peak, the axis at 90
    assert links.chart_width == 96
    assert [(b.url, b.x, b.y, b.height, b.label_x) for b in links.years] == [
        ("/speakers/M0001?year=2018", 4, 83.0, 7.0, 24), ("/speakers/M0001?year=2019", 52, 10.0, 80.0, 72)]


def _value(value: str, count: int, label: str = "") -> FacetValue:
    return FacetValue(value=value, count=count, label=label, selected=False, toggle_url="")


def _result(values: list[FacetValue], total: int = 50) -> SearchResult:
    return SearchResult(query="q", total=total, page=1, pages=1, hits=[], histogram=[], active_filters=[],
                        clear_url="", prev_url=None, next_url=None, took_ms=1,
                        facets=[Facet(name="committee", label="위원회", values=[_value("법사위", 50)]),
                                Facet(name="speaker", label="화자", values=values)])


def test_who_said_it_most_is_ranked_in_python():
    values = [_value(f"M{n:04d}", count, label=f"의원{n}") for n, count in
              enumerate([3, 9, 0, 9, 1, 2, 2, 2, 2, 2, 2, 2])]
    top = top_speakers(_result(values), "원천 무효")
    # by count, ties in facet order, the first ten
    assert [(t.label, t.count) for t in top] == [("의원1", 9), ("의원3", 9), ("의원0", 3), *((f"의원{n}", 2)
                                                                                      for n in range(5, 12))]
    assert top[0].url == "/speakers/M0001?q=%EC%9B%90%EC%B2%9C+%EB%AC%B4%ED%9A%A8"
    # never one who did not say it (a selected speaker stays in the facet at zero); a value without a label
    assert [(t.label, t.url) for t in top_speakers(_result([_value("M0009", 0, "의원9"), _value("홍길동", 4)]), "")
            ] == [("홍길동", "/speakers/%ED%99%8D%EA%B8%B8%EB%8F%99")]
    assert top_speakers(_result(values, total=0), "x") == [] and top_speakers(None, "x") == []
    # One person's page (a member page, chosen speakers) ranks no one: the facet counts everyone else.
    assert top_speakers(_result(values), "x", one_speaker=True) == []
    assert hit_speaker_urls(None) == {}
