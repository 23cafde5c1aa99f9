"""Members by identity: two members of one name have separate facet entries and member pages; an old
/speakers/{name} link lists them; a name of one member still leads to that member."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from ingest.roster import Roster
from tests.conftest import index_meetings

pytestmark = pytest.mark.es

ROSTER = """name,hanja,party,term,district,from,to,member_id
박지원,朴智元,더불어민주당,22,전남 해남군완도군진도군,,,M0001
박지원,朴志源,국민의힘,22,비례대표,,,M0002
이은재,李恩宰,국민의힘,22,서울 강남구병,,,M0003
"""
MEETING = {"committee": "법제사법위원회", "date": "2024-10-08", "session": 418, "meeting_number": 5, "turns": [
    {"speaker": "朴智元", "role": "위원", "text": "검찰 개혁에 대해 묻겠습니다. 수사권 조정은 어떻게 됩니까?"},
    {"speaker": "홍길동", "role": "법무부장관", "text": "검찰 수사권 조정은 차질 없이 진행하고 있습니다."},
    {"speaker": "朴志源", "role": "위원", "text": "저는 검찰 예산에 대해 묻겠습니다."},
    {"speaker": "朴智元", "role": "위원", "text": "검찰 인사도 묻겠습니다."},
    {"speaker": "李恩宰", "role": "위원", "text": "검찰 조직에 대해 말씀드리겠습니다."},
]}


@pytest.fixture(scope="module")
def members_api(settings, es_client, analyzer, tmp_path_factory):
    from web.app import create_app

    folder = tmp_path_factory.mktemp("members")
    (folder / "roster.csv").write_text(ROSTER, "utf-8")
    return TestClient(create_app(index_meetings(settings, es_client, analyzer, folder, "test-identity-turns", [MEETING],
                                                roster=Roster.load(folder / "roster.csv"))))


def test_the_speaker_facet_keeps_same_name_members_apart(members_api):
    result = members_api.get("/api/search", params={"q": "검찰"}).json()
    speakers = {v["value"]: (v["label"], v["count"]) for f in result["facets"] if f["name"] == "speaker"
                for v in f["values"]}
    assert speakers["M0001"] == ("박지원 (더불어민주당)", 2)
    assert speakers["M0002"] == ("박지원 (국민의힘)", 1)
    assert speakers["M0003"] == ("이은재", 1)  # no other 이은재 here: the name alone
    assert speakers["홍길동·22"] == ("홍길동", 1)  # a non-member is keyed by name within the term
    only_one = members_api.get("/api/search", params={"q": "검찰", "speaker": "M0002"}).json()
    assert only_one["total"] == 1 and only_one["active_filters"][0]["value"] == "박지원 (국민의힘)"


def test_each_member_has_a_page_and_a_shared_name_lists_them(members_api):
    first = members_api.get("/api/speakers/M0001").json()
    assert first["profile"]["member_id"] == "M0001" and first["profile"]["total_turns"] == 2
    assert first["result"]["total"] == 2
    assert members_api.get("/api/speakers/M0002").json()["profile"]["total_turns"] == 1
    listing = members_api.get("/speakers/박지원", headers={"accept": "text/html"})
    assert listing.status_code == 300
    assert 'href="/speakers/M0001"' in listing.text and 'href="/speakers/M0002"' in listing.text
    api_listing = members_api.get("/api/speakers/박지원")
    assert api_listing.status_code == 300 and "/speakers/M0001" in api_listing.json()["error"]


def test_an_old_name_link_of_one_member_still_leads_to_that_member(members_api):
    page = members_api.get("/api/speakers/이은재").json()
    assert page["profile"]["key"] == "M0003" and page["profile"]["total_turns"] == 1
    assert members_api.get("/api/speakers/李恩宰").json()["profile"]["key"] == "M0003"
    assert members_api.get("/api/speakers/홍길동").json()["profile"]["key"] == "홍길동·22"


def test_a_non_member_who_shares_a_members_name_is_not_merged_with_the_member(members_api, es_client):
    # 이은재 the member (M0003) speaks here; a witness of the same name, keyed by name, is added.
    doc = es_client.search(index="test-identity-turns", query={"term": {"speaker_key": "M0003"}})["hits"]["hits"][0]
    witness = doc["_source"] | {"turn_id": doc["_source"]["turn_id"] + "w", "seq": 99, "member_id": "",
                                "speaker_key": "이은재", "role": "참고인", "role_group": "참고인"}
    es_client.index(index=doc["_index"], id=doc["_id"] + "w", document=witness, refresh=True)
    listing = members_api.get("/speakers/이은재", headers={"accept": "text/html"})
    assert listing.status_code == 300 and 'href="/speakers/M0003"' in listing.text
    by_name = members_api.get("/api/search", params={"q": "검찰", "speaker": "M0003"}).json()
    assert {hit["role"] for hit in by_name["hits"]} == {"위원"}  # the member only, not the witness
