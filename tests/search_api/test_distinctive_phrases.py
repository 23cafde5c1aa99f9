"""Distinctive phrases: the ranking rule by hand (pure), then member and committee pages on the real node
(meetings in insights_data: 박정현 says 부다페스트 협약, everyone says 예산 심사)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from search_api.distinctive import CRITICAL_G2, MIN_TURNS, candidates_aggregation, log_likelihood, rank
from tests.conftest import index_meetings
from tests.search_api.insights_data import OTHERS, PHRASE_MEETINGS

# -- pure --------------------------------------------------------------------------------------------------


def test_log_likelihood_is_dunnings_g2():
    # no difference: nothing to explain
    assert log_likelihood(10, 100, 90, 900) == pytest.approx(0.0, abs=1e-9)
    # 5 of 8 turns against 0 of 40: 2·(5·ln(5/(8·5/48)) + 3·ln(3/(8·43/48)) + 40·ln(40/(40·43/48))) by hand
    assert log_likelihood(5, 8, 0, 40) == pytest.approx(21.49, abs=0.01)


def test_rank_keeps_what_the_scope_says_more_than_everyone_else_significantly():
    counts = {"부다페스트 협약": 5, "예산 심사": 3, "한두 번": MIN_TURNS - 1, "조금 더": 4}
    everyone = {"부다페스트 협약": 5, "예산 심사": 20, "한두 번": MIN_TURNS - 1, "조금 더": 10}
    ranked = rank(counts, 8, everyone, 48)
    assert [phrase for phrase, *_ in ranked] == ["부다페스트 협약"]
    assert ranked[0][:3] == ("부다페스트 협약", 5, 0) and ranked[0][3] >= CRITICAL_G2
    # 조금 더: 4 of 8 against 6 of 40 is over twice the rate, but not at p < 0.001
    assert log_likelihood(4, 8, 6, 40) < CRITICAL_G2


def test_a_scope_that_is_the_whole_index_has_no_one_to_differ_from():
    assert rank({"사법 개혁": 85}, 100, {"사법 개혁": 85}, 100) == []


def test_candidates_come_from_significant_terms_on_the_phrases_field():
    aggregation = candidates_aggregation()["significant_terms"]
    assert aggregation["field"] == "phrases" and aggregation["min_doc_count"] == MIN_TURNS
    assert "chi_square" in aggregation


# -- on the real node ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def phrases_api(settings, es_client, analyzer, tmp_path_factory):
    from web.app import create_app

    local = index_meetings(settings, es_client, analyzer, tmp_path_factory.mktemp("phrases"), "test-phrases-turns",
                           PHRASE_MEETINGS)
    return TestClient(create_app(local))


@pytest.mark.es
def test_a_member_who_says_a_phrase_far_more_than_others_gets_it(phrases_api):
    profile = phrases_api.get("/api/speakers/박정현").json()["profile"]
    phrases = {p["phrase"]: p for p in profile["distinctive_phrases"]}
    # spacing and particles do not split it: 부다페스트 협약에, 부다페스트협약, 부다페스트 협약을
    assert (phrases["부다페스트 협약"]["count"], phrases["부다페스트 협약"]["others"]) == (5, 0)
    assert {"협약 가입", "부다페스트 협약 가입"} <= set(phrases)
    # 박정현 says 예산 심사 in 3 turns too, but no more often than everyone else
    assert "예산 심사" not in phrases
    link = urlsplit(phrases["부다페스트 협약"]["url"])
    # the link asks for the phrase as it was counted, so the search finds exactly the counted turns
    assert parse_qs(link.query) == {"speaker": ["박정현"], "phrase": ["부다페스트 협약"]}
    assert phrases_api.get("/api/search", params=parse_qs(link.query)).json()["total"] == 5


@pytest.mark.es
def test_a_phrase_everyone_uses_is_no_one_s_distinctive_phrase(phrases_api):
    for name in OTHERS:
        profile = phrases_api.get(f"/api/speakers/{name}").json()["profile"]
        assert "예산 심사" not in {p["phrase"] for p in profile["distinctive_phrases"]}, name


@pytest.mark.es
def test_the_member_page_shows_the_phrases_with_counts(phrases_api):
    html = phrases_api.get("/speakers/박정현").text
    assert "특징적 표현" in html and "부다페스트 협약" in html
    assert "&amp;phrase=%EB%B6%80%EB%8B%A4%ED%8E%98%EC%8A%A4%ED%8A%B8+%ED%98%91%EC%95%BD" in html


@pytest.mark.es
def test_the_committee_page_and_its_json_twin(phrases_api):
    committee = phrases_api.get("/api/committees/행정안전위원회").json()
    assert (committee["name"], committee["total_turns"], committee["meetings"]) == ("행정안전위원회", 24, 1)
    phrases = {p["phrase"]: (p["count"], p["others"]) for p in committee["distinctive_phrases"]}
    assert phrases["지방 재정 확충"] == (9, 0) and "예산 심사" not in phrases
    assert [(s["name"], s["turns"]) for s in committee["speakers"]] == [(name, 8) for name in sorted(OTHERS[2:])]
    assert parse_qs(urlsplit(committee["search_url"]).query) == {"committee": ["행정안전위원회"]}
    assert committee["speakers"][0]["url"].startswith("/speakers/")
    html = phrases_api.get("/committees/행정안전위원회")
    assert html.status_code == 200 and "지방 재정 확충" in html.text
    assert html.headers["link"].startswith("</api/committees/")
    assert "/trends?phrase=" in html.text  # its phrases over time, each counted as it was found distinctive


@pytest.mark.es
def test_an_unknown_committee_is_404_and_its_name_escaped(phrases_api):
    missing = phrases_api.get("/api/committees/없는위원회")
    assert missing.status_code == 404 and missing.json()["ok"] is False
    page = phrases_api.get("/committees/<b>없는</b>", headers={"accept": "text/html"})
    assert page.status_code == 404 and "<b>없는</b>" not in page.text
    assert phrases_api.get("/api/committees/" + "가" * 101).status_code == 422
