"""The precision cases of the search issue, each against the real node: a word matches as a word."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from bench.sweep import holds_as_word
from hearings.analysis import MIDDLE_DOTS, compact
from tests.conftest import index_meetings

pytestmark = pytest.mark.es


def _texts(api, q: str, **params) -> tuple[dict, list[str]]:
    result = api.get("/api/search", params={"q": q, **params}).json()
    return result, [api.get(f"/api/turns/{hit['turn_id']}").json()["text"] for hit in result["hits"]]


@pytest.mark.parametrize("word", ["금지", "위임", "자가", "소송법", "검역", "조사관"])
def test_every_hit_holds_the_word_inside_one_printed_word(api, word):
    result, texts = _texts(api, word)
    assert result["total"] > 0
    for text in texts:
        assert holds_as_word(text, compact(word)), text[:200]


def test_no_hit_whose_only_geumji_crosses_a_space(api):
    result, texts = _texts(api, "금지")
    assert not any("지금 지" in text and not holds_as_word(text, "금지") for text in texts)
    assert result["total"] == len(texts) or result["total"] > 0


@pytest.mark.parametrize("word", ["농업인", "입국금지"])
def test_a_word_the_minutes_do_not_hold_is_not_found_by_its_pieces(api, word):
    result, _ = _texts(api, word)
    assert result["total"] == 0  # not 농업 alone, not 입국 here and 금지 there


def test_an_abbreviation_finds_the_full_name_and_says_so(api):
    result, texts = _texts(api, "형소법")
    assert result["total"] > 0 and all("형사소송법" in compact(text) for text in texts)
    assert result["expansion_note"] == "형사소송법도 함께 찾았습니다"
    assert result["unexpanded_url"].startswith("/api/search?") and "expand=False" in result["unexpanded_url"]
    plain = api.get(result["unexpanded_url"]).json()
    assert plain["total"] == 0 and plain["expansion_note"] is None  # no 법 alone, no 형 or 소


def test_quotes_never_expand(api):
    assert api.get("/api/search", params={"q": '"형소법"'}).json()["total"] == 0


@pytest.mark.parametrize("dot", list(MIDDLE_DOTS))
def test_every_middle_dot_finds_the_same_turns(api, dot):
    reference = api.get("/api/search", params={"q": "사·보임"}).json()
    assert reference["total"] > 0
    assert api.get("/api/search", params={"q": f"사{dot}보임"}).json()["total"] == reference["total"]
    assert api.get("/api/search", params={"q": "사보임"}).json()["total"] == reference["total"]


def test_quotes_stay_spacing_insensitive_both_ways(api):
    quoted = api.get("/api/search", params={"q": '"원천 무효"'}).json()["total"]
    assert quoted > 0
    assert api.get("/api/search", params={"q": '"원천무효"'}).json()["total"] == quoted
    assert api.get("/api/search", params={"q": "원천무효"}).json()["total"] >= quoted


HANJA_MEETING = {
    "committee": "건설교통위원회", "date": "2001-10-05", "session": 224, "meeting_number": 3,
    "turns": [
        {"speaker": "홍길동", "role": "위원",
         "text": "오늘 國政監査에서 姜東錫 사장, 李弼元 부사장 두 분께 묻겠습니다."},
        {"speaker": "강동석", "role": "한국공항공사사장", "text": "예, 답변드리겠습니다."},
    ],
}


@pytest.fixture(scope="module")
def hanja_api(settings, es_client, analyzer, tmp_path_factory):
    from web.app import create_app

    return TestClient(create_app(index_meetings(settings, es_client, analyzer, tmp_path_factory.mktemp("hanja"),
                                                "test-hanja-turns", [HANJA_MEETING])))


@pytest.mark.parametrize(("q", "marked"), [("강동석 사장", "姜東錫"), ("국정감사", "國政監査"), ("이필원", "李弼元"),
                                           ('"강동석 사장"', "姜東錫 사장")])
def test_hanja_in_the_text_is_found_by_its_reading_and_marked_as_printed(hanja_api, q, marked):
    result = hanja_api.get("/api/search", params={"q": q}).json()
    asked = [hit for hit in result["hits"] if hit["seq"] == 1]
    assert asked, result
    assert re.search(f"<mark>[^<]*{marked}[^<]*</mark>", asked[0]["snippet_html"]), asked[0]["snippet_html"]


def test_the_page_says_what_was_searched_too_and_links_the_search_without_it(api):
    page = api.get("/search", params={"q": "형소법"}, headers={"accept": "text/html"}).text
    assert "형사소송법도 함께 찾았습니다" in page
    assert 'href="/search?q=%ED%98%95%EC%86%8C%EB%B2%95&amp;expand=False"' in page
