"""A hit shows its thread partner: under an answer the question it answered, under a question its answer."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import index_meetings

pytestmark = pytest.mark.es
MEETING = {"committee": "법제사법위원회", "date": "2024-10-08", "session": 418, "meeting_number": 6, "turns": [
    {"speaker": "박지원", "role": "위원", "text": "장관님, 수사권 조정은 언제 끝납니까?"},
    {"speaker": "홍길동", "role": "법무부장관", "text": "연말까지 마무리하겠습니다."},
    {"speaker": "정성호", "role": "위원장", "text": "다음은 이은재 위원님 질의하시겠습니다."},
    {"speaker": "이은재", "role": "위원", "text": "교정시설 과밀 문제를 묻겠습니다."},
    {"speaker": "김철수", "role": "교정본부장", "text": "과밀 수용률은 120%입니다."},
]}


@pytest.fixture(scope="module")
def threads_api(settings, es_client, analyzer, tmp_path_factory):
    from web.app import create_app

    return TestClient(create_app(index_meetings(settings, es_client, analyzer, tmp_path_factory.mktemp("threads"),
                                                "test-threads-turns", [MEETING])))


def test_an_answer_shows_the_question_it_answered(threads_api):
    [hit] = threads_api.get("/api/search", params={"q": "마무리"}).json()["hits"]
    assert hit["thread_role"] == "answer"
    assert hit["partner"]["relation"] == "질문" and hit["partner"]["speaker_name"] == "박지원"
    assert "수사권 조정" in hit["partner"]["excerpt"] and hit["partner"]["url"].endswith("#turn-1")


def test_a_question_shows_its_answer_and_the_chair_is_in_no_thread(threads_api):
    # match=all: the turns with both words only, not the partial tier's turns with one of them
    [hit] = threads_api.get("/api/search", params={"q": "과밀 문제", "match": "all"}).json()["hits"]
    assert hit["partner"]["relation"] == "답변" and hit["partner"]["speaker_name"] == "김철수"
    [chair] = threads_api.get("/api/search", params={"q": "질의하시겠습니다"}).json()["hits"]
    assert chair["thread_role"] == "" and chair["partner"] is None


def test_the_page_shows_the_partner_escaped(threads_api):
    page = threads_api.get("/search", params={"q": "마무리"}, headers={"accept": "text/html"}).text
    assert 'class="partner"' in page and "장관님, 수사권 조정은 언제 끝납니까?" in page


def test_answers_to_one_member_and_the_answering_body_facet(threads_api):
    found = threads_api.get("/api/search", params={"answers_to": "박지원"}).json()
    assert [(h["speaker_name"], h["thread_role"], h["speaker_body"]) for h in found["hits"]] == [
        ("홍길동", "answer", "법무부")]
    assert [chip["label"] for chip in found["active_filters"]] == ["답변 대상 위원"]
    every = threads_api.get("/api/search").json()
    [bodies] = [facet for facet in every["facets"] if facet["name"] == "answered_by"]
    assert {(v["value"], v["count"]) for v in bodies["values"]} == {("법무부", 1), ("교정본부", 1)}
    narrowed = threads_api.get("/api/search", params={"answered_by": "교정본부"}).json()
    assert [h["speaker_name"] for h in narrowed["hits"]] == ["김철수"]
    assert threads_api.get("/api/search", params={"answers_to": "정성호"}).json()["total"] == 0


def test_a_member_page_links_to_the_answers_the_member_received(threads_api):
    profile = threads_api.get("/api/speakers/박지원").json()["profile"]
    assert profile["answers_received"] == 1 and profile["answers_url"].startswith("/search?answers_to=")
    assert threads_api.get("/api/speakers/홍길동").json()["profile"]["answers_url"] == ""
    assert "이 위원이 받은 답변 1건" in threads_api.get("/speakers/박지원").text


def test_a_speaker_or_questioner_nobody_is_filters_to_nothing(threads_api):
    for name in ("speaker", "answers_to"):
        found = threads_api.get("/api/search", params={name: "없는사람"}).json()
        assert found["total"] == 0, name
    assert threads_api.get("/api/export", params={"answers_to": "없는사람", "format": "jsonl"}).text == ""
    feed = threads_api.get("/feeds/speakers/없는사람.atom")
    assert feed.status_code == 200 and "<entry>" not in feed.text
