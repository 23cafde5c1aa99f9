"""Trends: periods, rates and links worked out by hand (pure), then the numbers the real node gives for the
meetings in insights_data (see its docstring for the hand count), the CSV and the bounds."""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from search_api.params import SearchParams
from search_api.query import text_query
from search_api.trends import (
    MAX_POINTS,
    MAX_TERMS,
    Period,
    TrendParams,
    Trends,
    build_series,
    per_10k,
    periods,
    trend_searches,
    trends_csv,
)
from search_api.urls import SearchLinks
from tests.conftest import index_meetings
from tests.search_api.insights_data import HANKOOK, MINJOO, TREND_MEETINGS

# -- pure --------------------------------------------------------------------------------------------------


def test_periods_cover_whole_months_and_years_clipped_to_the_dates_asked():
    months = periods(date(2019, 11, 20), date(2020, 2, 3), "month")
    assert [p.key for p in months] == ["2019-11", "2019-12", "2020-01", "2020-02"]
    assert (months[0].start, months[0].end, months[3].end) == (date(2019, 11, 1), date(2019, 11, 30), date(2020, 2, 29))
    clipped = periods(date(2019, 6, 1), date(2021, 3, 31), "year", date(2019, 6, 1), date(2021, 3, 31))
    assert [(p.key, p.start, p.end) for p in clipped] == [("2019", date(2019, 6, 1), date(2019, 12, 31)),
                                                           ("2020", date(2020, 1, 1), date(2020, 12, 31)),
                                                           ("2021", date(2021, 1, 1), date(2021, 3, 31))]


def test_a_rate_is_per_ten_thousand_turns_and_none_where_nothing_was_said():
    assert per_10k(3, 10) == 3000.0
    assert per_10k(1, 6) == 1666.67
    assert per_10k(0, 4) == 0.0
    assert per_10k(0, 0) is None


def test_parameters_are_bounded():
    assert TrendParams(term=[" 공수처 ", "", "공수처", '"원천 무효"']).term == ["공수처", '"원천 무효"']
    with pytest.raises(ValidationError):
        TrendParams(term=[f"낱말{i}" for i in range(MAX_TERMS + 1)])
    with pytest.raises(ValidationError):
        TrendParams(term=["가" * 501])
    with pytest.raises(ValidationError):
        TrendParams(term=["공수처"], interval="week")
    with pytest.raises(ValidationError):
        TrendParams(term=["공수처"], date_from="2020-01-01", date_to="2019-01-01")
    with pytest.raises(ValidationError):
        TrendParams(term=["공수처"], date_from="1900-01-01")
    with pytest.raises(ValidationError):
        TrendParams(term=["공수처"], unknown="x")


def test_each_term_is_counted_with_the_search_box_s_own_query(analyzer):
    params = TrendParams(term=["공수처", '"원천 무효"'], committee=["법제사법위원회"], date_from="2019-01-01")
    denominator, *terms = trend_searches(params, analyzer.terms)
    for term, body in zip(params.term, terms, strict=True):
        scope = SearchParams(q=term, committee=["법제사법위원회"], date_from="2019-01-01")
        assert body["query"]["bool"]["must"] == [text_query(scope, analyzer.terms)]
        assert body["query"]["bool"]["filter"] == [{"bool": {"filter": [{"terms": {"committee": ["법제사법위원회"]}}]}}]
        assert body["aggs"]["periods"]["date_histogram"]["calendar_interval"] == "year"
    # the denominator: every turn under the same filters and dates
    assert denominator["query"]["bool"]["must"][0]["bool"]["must"] == [{"match_all": {}}]
    assert denominator["query"]["bool"]["filter"] == terms[0]["query"]["bool"]["filter"]


def test_a_series_has_a_point_per_period_linked_to_its_search():
    span = [Period("2019", date(2019, 6, 1), date(2019, 12, 31)), Period("2020", date(2020, 1, 1), date(2020, 12, 31))]
    links = SearchLinks("/search", SearchParams(q="공수처", party=[MINJOO, HANKOOK]))
    series = build_series("공수처", MINJOO, {"2019": 2}, {"2019": 5}, span, links, "party")
    assert [(p.count, p.total, p.per_10k) for p in series.points] == [(2, 5, 4000.0), (0, 0, None)]
    query = parse_qs(urlsplit(series.points[0].search_url).query)
    # the point's search is the term in that period and that party only
    assert query == {"q": ["공수처"], "party": [MINJOO], "date_from": ["2019-06-01"], "date_to": ["2019-12-31"]}
    assert series.points[1].search_url is None  # nothing was said: nothing to search
    assert (series.label, series.count, series.total, series.per_10k) == (f"공수처 · {MINJOO}", 2, 5, 4000.0)


def test_the_csv_has_a_row_per_point_with_a_bom_and_no_formula():
    span = [Period("2019", date(2019, 1, 1), date(2019, 12, 31))]
    links = SearchLinks("/search", SearchParams(q="=HYPERLINK(1)"))
    series = build_series("=HYPERLINK(1)", None, {"2019": 1}, {"2019": 3}, span, links, "")
    trends = Trends(terms=["=HYPERLINK(1)"], interval="year", split="", periods=["2019"], series=[series], notes=[],
                    csv_url="", page_url="")
    text = trends_csv(trends, "https://example.org")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert len(rows) == 1
    row = rows[0]
    assert row["term"] == "'=HYPERLINK(1)"  # a spreadsheet shows it as text, never runs it
    assert (row["turns_with_term"], row["all_turns"], row["per_10000_turns"]) == ("1", "3", "3333.33")
    assert row["search_url"].startswith("https://example.org/search?q=")


# -- on the real node ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def trends_api(settings, es_client, analyzer, tmp_path_factory):
    from web.app import create_app

    local = index_meetings(settings, es_client, analyzer, tmp_path_factory.mktemp("trends"), "test-trends-turns",
                           TREND_MEETINGS)
    return TestClient(create_app(local))


def _rates(series: dict) -> dict[str, tuple[int, int, float | None]]:
    return {p["period"]: (p["count"], p["total"], p["per_10k"]) for p in series["points"]}


@pytest.mark.es
def test_yearly_rates_are_turns_per_ten_thousand_turns_of_the_year(trends_api):
    found = trends_api.get("/api/trends", params={"term": ["공수처", '"원천 무효"']}).json()
    assert found["periods"] == ["2019", "2020", "2021"]
    by_term = {s["term"]: s for s in found["series"]}
    # 2019: 3 of 10 turns; 2020: 1 of 5; 2021: 0 of 4 (inflected: 공수처를, 공수처 설치는, 공수처 얘기는)
    assert _rates(by_term["공수처"]) == {"2019": (3, 10, 3000.0), "2020": (1, 5, 2000.0), "2021": (0, 4, 0.0)}
    # the quote finds 원천무효 printed without the space
    assert _rates(by_term['"원천 무효"']) == {"2019": (1, 10, 1000.0), "2020": (0, 5, 0.0), "2021": (0, 4, 0.0)}
    assert (by_term["공수처"]["count"], by_term["공수처"]["total"], by_term["공수처"]["per_10k"]) == (4, 19, 2105.26)


@pytest.mark.es
def test_monthly_rates_leave_silent_months_without_a_rate(trends_api):
    found = trends_api.get("/api/trends", params={"term": "공수처", "interval": "month",
                                                  "date_to": "2019-12-31"}).json()
    assert found["periods"][0] == "2019-03" and found["periods"][-1] == "2019-12"
    rates = _rates(found["series"][0])
    assert rates["2019-03"] == (2, 4, 5000.0)
    assert rates["2019-11"] == (1, 6, 1666.67)
    assert rates["2019-05"] == (0, 0, None)


@pytest.mark.es
def test_filters_narrow_the_denominator_too(trends_api):
    found = trends_api.get("/api/trends", params={"term": "공수처", "committee": "법제사법위원회"}).json()
    assert _rates(found["series"][0]) == {"2019": (3, 10, 3000.0), "2020": (0, 0, None), "2021": (0, 4, 0.0)}
    clipped = trends_api.get("/api/trends", params={"term": "공수처", "date_from": "2019-06-01",
                                                    "date_to": "2020-12-31"}).json()
    assert _rates(clipped["series"][0]) == {"2019": (1, 6, 1666.67), "2020": (1, 5, 2000.0)}
    assert clipped["series"][0]["points"][0]["date_from"] == "2019-06-01"


@pytest.mark.es
def test_split_by_party_divides_by_each_party_s_own_turns(trends_api):
    found = trends_api.get("/api/trends", params={"term": "공수처", "split": "party"}).json()
    by_party = {s["split_value"]: s for s in found["series"]}
    assert list(by_party) == [MINJOO, HANKOOK]  # most said first; officials (no party) are no line
    # 민주당: 2019 2 of its 5 turns, 2020 1 of 2, 2021 0 of 2; 한국당: 2019 1 of 2, 2020 0 of 1, 2021 0 of 1
    assert _rates(by_party[MINJOO]) == {"2019": (2, 5, 4000.0), "2020": (1, 2, 5000.0), "2021": (0, 2, 0.0)}
    assert _rates(by_party[HANKOOK]) == {"2019": (1, 2, 5000.0), "2020": (0, 1, 0.0), "2021": (0, 1, 0.0)}
    assert any("정당이 없는" in note for note in found["notes"])


@pytest.mark.es
def test_a_point_s_search_finds_exactly_the_turns_it_counted(trends_api):
    found = trends_api.get("/api/trends", params={"term": "공수처", "split": "party", "interval": "month"}).json()
    counted = [p for s in found["series"] for p in s["points"] if p["search_url"] and p["count"]]
    assert sum(p["count"] for p in counted) == 4
    for point in counted:
        url = urlsplit(point["search_url"])
        assert url.path == "/search"
        assert trends_api.get("/api/search", params=parse_qs(url.query)).json()["total"] == point["count"], point


@pytest.mark.es
def test_the_csv_holds_the_same_numbers(trends_api):
    response = trends_api.get("/api/trends.csv", params={"term": ["공수처", '"원천 무효"']})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert [(r["term"], r["period"], r["turns_with_term"], r["all_turns"], r["per_10000_turns"]) for r in rows] == [
        ("공수처", "2019", "3", "10", "3000.0"), ("공수처", "2020", "1", "5", "2000.0"),
        ("공수처", "2021", "0", "4", "0.0"),
        ('"원천 무효"', "2019", "1", "10", "1000.0"), ('"원천 무효"', "2020", "0", "5", "0.0"),
        ('"원천 무효"', "2021", "0", "4", "0.0")]


@pytest.mark.es
def test_bounds_and_bad_terms_are_refused_with_the_error_shape(trends_api):
    too_many = trends_api.get("/api/trends", params={"term": ["가", "나", "다", "라", "마"]})
    assert too_many.status_code == 422 and too_many.json()["ok"] is False
    span = trends_api.get("/api/trends", params={"term": "공수처", "interval": "month", "date_from": "1990-01-01",
                                                 "date_to": "2019-12-31"})
    assert span.status_code == 400 and str(MAX_POINTS) in span.json()["error"]
    syntax = trends_api.get("/api/trends", params={"term": "(공수처"})
    assert syntax.status_code == 400 and syntax.json() == {"ok": False, "status": 400,
                                                            "error": syntax.json()["error"]}
    assert trends_api.get("/api/trends", params={"term": "공수처", "split": "speaker"}).status_code == 422


@pytest.mark.es
def test_nothing_to_count_gives_no_series(trends_api):
    assert trends_api.get("/api/trends").json()["series"] == []
    empty = trends_api.get("/api/trends", params={"term": "공수처", "committee": "없는위원회"}).json()
    assert empty["series"] == [] and empty["periods"] == []


@pytest.mark.es
def test_the_json_twin_is_in_the_openapi_document(trends_api):
    paths = trends_api.get("/openapi.json").json()["paths"]
    assert {"/api/trends", "/api/trends.csv", "/api/committees/{name}"} <= set(paths)
    names = {p["name"] for p in paths["/api/trends"]["get"]["parameters"]}
    assert {"term", "interval", "split", "date_from", "date_to", "committee", "party"} <= names


@pytest.mark.es
@pytest.mark.parametrize("path", ["/api/trends?term=공수처", "/api/trends.csv?term=공수처", "/trends?term=공수처",
                                  "/api/trends?term=공수처&split=party", "/api/committees/법제사법위원회",
                                  "/committees/법제사법위원회"])
def test_an_unreachable_engine_is_503(settings, path):
    from tests.conftest import free_port
    from web.app import create_app

    down = TestClient(create_app(settings.model_copy(update={"es_url": f"http://127.0.0.1:{free_port()}"})))
    response = down.get(path, headers={"accept": "application/json"})
    assert response.status_code == 503 and "retry-after" in response.headers
    assert response.json() == {"ok": False, "error": response.json()["error"], "status": 503}


# -- a phrase as a line: what distinctive phrases count ---------------------------------------------------------

LAW, HEALTH = "법제사법위원회", "보건복지위원회"
# 공수처 설치 as a phrase (the `phrases` field, hearings/phrases.py) in 5 turns: P. Unquoted, 공수처 and 설치
# anywhere in a turn: 8 (P and U). Quoted, the wording 공수처설치 whatever the spacing: 4 (Q).
PHRASE_TREND_MEETINGS = [
    {"committee": LAW, "date": "2019-03-05", "session": 367, "meeting_number": 1, "turns": [
        {"speaker": "박범계", "role": "위원", "text": "공수처를 설치해야 합니다."},  # P U
        {"speaker": "곽상도", "role": "위원", "text": "공수처 설치는 원천무효입니다."},  # P U Q
        {"speaker": "박범계", "role": "위원", "text": "공수처 설치 법안을 처리합시다."},  # P U Q
        {"speaker": "곽상도", "role": "위원", "text": "공수처 문제와 별개로 위원회 설치를 논의합시다."},  # U
        {"speaker": "박범계", "role": "위원", "text": "설치 예산이 부족합니다. 공수처는 나중 일입니다."},  # U
        {"speaker": "곽상도", "role": "위원", "text": "공수처설치에 반대합니다."},  # P U Q
        {"speaker": "박범계", "role": "위원", "text": "공수처가 설치되면 달라집니다."},  # U
        {"speaker": "정성호", "role": "위원장", "text": "회의를 시작하겠습니다."}]},
    {"committee": LAW, "date": "2020-06-01", "session": 378, "meeting_number": 2, "turns": [
        {"speaker": "박범계", "role": "위원", "text": "공수처 설치가 시급합니다."},  # P U Q
        {"speaker": "정성호", "role": "위원장", "text": "개의합니다."},
        {"speaker": "홍길동", "role": "법무부장관", "text": "네."},
        {"speaker": "곽상도", "role": "위원", "text": "감사합니다."}]},
    {"committee": HEALTH, "date": "2020-02-04", "session": 373, "meeting_number": 1, "turns": [
        {"speaker": "남인순", "role": "위원", "text": f"질의 {n}번째입니다."} for n in range(30)]},
]
PHRASE = "공수처 설치"


@pytest.fixture(scope="module")
def phrase_trends_api(settings, es_client, analyzer, tmp_path_factory):
    from web.app import create_app

    local = index_meetings(settings, es_client, analyzer, tmp_path_factory.mktemp("phrase-trends"),
                           "test-phrase-trends-turns", PHRASE_TREND_MEETINGS)
    return TestClient(create_app(local))


def test_a_phrase_line_is_counted_on_the_phrases_field(analyzer):
    params = TrendParams(term=["공수처"], phrase=[f" {PHRASE} "], committee=[LAW])
    assert [line.name for line in params.lines()] == ["공수처", f"표현: {PHRASE}"]
    _, word, phrase = trend_searches(params, analyzer.terms)
    scope = SearchParams(phrase=[PHRASE], committee=[LAW])
    assert phrase["query"]["bool"]["must"] == [text_query(scope, analyzer.terms)]
    assert {"terms": {"phrases": [PHRASE]}} in phrase["query"]["bool"]["must"][0]["bool"]["filter"]
    assert word["query"]["bool"]["filter"] == phrase["query"]["bool"]["filter"]  # same filters, same denominator
    with pytest.raises(ValidationError):  # four lines at most, words and phrases together
        TrendParams(term=["가", "나", "다"], phrase=["라 마", "바 사"])


@pytest.mark.es
def test_a_phrase_s_trend_counts_the_turns_its_search_finds(phrase_trends_api):
    found = phrase_trends_api.get("/api/trends", params={"phrase": PHRASE, "term": [PHRASE, f'"{PHRASE}"']}).json()
    by_term = {s["term"]: s for s in found["series"]}
    phrase = by_term[f"표현: {PHRASE}"]
    # 2019: 4 of the 38 turns (law 8, health 30 in 2020), 2020: 1 of 34
    assert _rates(phrase) == {"2019": (4, 8, 5000.0), "2020": (1, 34, 294.12)}
    searched = phrase_trends_api.get("/api/search", params={"phrase": PHRASE}).json()["total"]
    assert phrase["count"] == searched == 5
    for point in phrase["points"]:
        query = parse_qs(urlsplit(point["search_url"]).query)
        assert query["phrase"] == [PHRASE] and "q" not in query
        assert phrase_trends_api.get("/api/search", params=query).json()["total"] == point["count"]
    # its words as a term would have counted other turns: why a phrase link must not pass them as terms
    assert (by_term[PHRASE]["count"], by_term[f'"{PHRASE}"']["count"]) == (8, 4)


@pytest.mark.es
def test_the_committee_page_s_phrases_over_time_count_what_made_them_distinctive(phrase_trends_api):
    committee = phrase_trends_api.get(f"/api/committees/{LAW}").json()
    counted = {p["phrase"]: p["count"] for p in committee["distinctive_phrases"]}
    assert counted[PHRASE] == 5
    page = phrase_trends_api.get(f"/committees/{LAW}").text
    link = html.unescape(re.search(r'href="(/trends\?[^"]+)"', page).group(1))
    query = parse_qs(urlsplit(link).query)
    assert query["committee"] == [LAW] and PHRASE in query["phrase"] and "term" not in query
    trends = phrase_trends_api.get("/api/trends", params=query).json()
    lines = {s["term"]: s["count"] for s in trends["series"]}
    assert lines == {f"표현: {phrase}": counted[phrase] for phrase in query["phrase"]}
