"""Precision over every hit, not only the first page (issue 25, item 5): a noun is never found inside an
inflection (사드 in 감사드립니다) nor inside a word that is no compound of nouns (조건 in 무조건), while a
compound still holds its parts (소송법 in 형사소송법). Checked on `total`, which counts every hit."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import index_meetings

pytestmark = pytest.mark.es

MEETING = {"committee": "외교통일위원회", "date": "2017-03-08", "session": 350, "meeting_number": 2, "turns": [
    {"speaker": "김철수", "role": "위원", "text": "장관님 답변 감사드립니다. 먼저 인사드립니다."},
    {"speaker": "김철수", "role": "위원", "text": "사드 배치 문제를 묻겠습니다. 사드가 언제 들어옵니까?"},
    {"speaker": "홍길동", "role": "외교부장관", "text": "무조건 따르라는 말씀은 아닙니다."},
    {"speaker": "홍길동", "role": "외교부장관", "text": "조건을 붙여서 협의하겠습니다."},
    {"speaker": "김철수", "role": "위원", "text": "관련 자료를 제출해 주도록 요청드립니다."},
    {"speaker": "김철수", "role": "위원", "text": "형사소송법 개정안은 어떻게 됩니까?"},
]}


@pytest.fixture(scope="module")
def api(settings, es_client, analyzer, tmp_path_factory):
    from web.app import create_app

    local = index_meetings(settings, es_client, analyzer, tmp_path_factory.mktemp("inflection"),
                           f"{settings.index_alias}-inflection", [MEETING])
    return TestClient(create_app(local))


def _texts(api, q: str) -> tuple[int, list[str]]:
    result = api.get("/api/search", params={"q": q, "match": "all"}).json()
    return result["total"], [api.get(f"/api/turns/{hit['turn_id']}").json()["text"] for hit in result["hits"]]


def test_a_noun_is_not_found_inside_an_inflected_verb(api):
    total, texts = _texts(api, "사드")
    assert total == 1 and texts[0].startswith("사드 배치")  # not 감사드립니다, 인사드립니다


def test_a_noun_is_not_found_inside_a_word_that_is_no_compound(api):
    total, texts = _texts(api, "조건")
    assert total == 1 and texts[0].startswith("조건을")  # not 무조건
    assert _texts(api, "주도")[0] == 0  # not 주도록
    assert _texts(api, "무조건")[0] == 1  # the word itself is found whole


def test_a_compound_still_holds_its_parts(api):
    total, texts = _texts(api, "소송법")
    assert total == 1 and "형사소송법" in texts[0]


NUMBERS = {"committee": "과학기술정보방송통신위원회", "date": "2024-10-08", "session": 418, "meeting_number": 3,
           "turns": [
    {"speaker": "최민희", "role": "위원", "text": "R&D 예산이 24.8조 원으로 줄었습니다."},
    {"speaker": "최민희", "role": "위원", "text": "경찰 조직 13만 명이 움직입니다."},
    {"speaker": "최민희", "role": "위원", "text": "제13항에 따라 의안번호 13483을 9월 13일에 상정했습니다."},
    {"speaker": "이준석", "role": "위원", "text": "텔레그램 가입자가 22만 명입니다. 위원 2인이 반대했습니다."},
    {"speaker": "이준석", "role": "위원", "text": "5G 28㎓ 대역은 제4이동통신사에 주었습니다."},
    {"speaker": "이준석", "role": "위원", "text": "텔레그램봇으로 딥페이크를 만듭니다."},
]}


@pytest.fixture(scope="module")
def numbers_api(settings, es_client, analyzer, tmp_path_factory):
    from web.app import create_app

    local = index_meetings(settings, es_client, analyzer, tmp_path_factory.mktemp("numbers"),
                           f"{settings.index_alias}-numbers", [NUMBERS])
    return TestClient(create_app(local))


@pytest.mark.parametrize(("q", "holding"), [("24.8조", "24.8조"), ("13만", "13만"), ("22만 명", "22만 명"),
                                            ("두 명", "2인"), ("2인", "2인"), ("5G", "5G"), ("28㎓", "28㎓"),
                                            ("제4이통", "제4이동통신"), ("텔레그램", "텔레그램")])
def test_numbers_with_units_and_compounds_are_found_as_values(numbers_api, q, holding):
    total, texts = _texts(numbers_api, q)
    assert total >= 1 and all(holding in text for text in texts[:1]), (q, texts)
    if q == "텔레그램":
        assert total == 2  # 텔레그램봇 holds 텔레그램


def test_a_number_never_matches_another_number_or_a_paragraph(numbers_api):
    total, texts = _texts(numbers_api, "13만")
    assert total == 1 and "13만" in texts[0]  # not 제13항, 13483, 9월 13일
    total, texts = _texts(numbers_api, "13")
    assert total == 1 and "9월 13일" in texts[0]  # the date's 13; 13만 is another number, 제13항 a paragraph
