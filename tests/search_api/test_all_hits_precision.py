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
