"""People as identities, searched: one person under every printed form, namesakes apart in the facet,
one committee name for its audits, and the real KBS hearing table ingested through its preset."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient

from hearings.index import ensure_indices
from ingest.pipeline import ingest_paths
from ingest.turn_columns import TableLayout
from tests.conftest import index_meetings
from tests.ingest.test_people import KBS_TABLE

pytestmark = pytest.mark.es

HEARING = {"committee": "과학기술정보방송통신위원회", "date": "2024-07-24", "turns": [
    {"speaker": "위원장 최민희", "text": "방송통신위원장 후보자 인사청문회를 시작하겠습니다."},
    {"speaker": "방송통신위원장 후보자 이진숙", "text": "공영방송의 독립성을 지키겠습니다."},
    {"speaker": "김현 위원", "text": "후보자에게 공영방송 이사 선임에 대해 묻겠습니다."},
    {"speaker": "이진숙", "text": "공영방송 이사 선임은 법에 따라 하겠습니다."},
    {"speaker": "대한변호사협회장 김현", "text": "공영방송 이사 선임 절차에 대해 진술하겠습니다."},
]}
AUDIT = {"committee": "행정안전위원회(국정감사)", "date": "2024-10-14", "turns": [
    {"speaker": "위원장 신정훈", "text": "충청남도에 대한 국정감사를 시작하겠습니다."},
    {"speaker": "이광희 위원", "text": "재난 대응 예산에 대해 묻겠습니다."},
    {"speaker": "충청남도지사 김태흠", "text": "재난 대응 예산을 늘리겠습니다."},
]}
SITTING = {"committee": "행정안전위원회", "date": "2024-07-10", "turns": [
    {"speaker": "위원장 신정훈", "text": "재난 대응 법안을 상정합니다."}]}


@pytest.fixture(scope="module")
def people_api(settings, es_client, analyzer, tmp_path_factory):
    from web.app import create_app

    local = index_meetings(settings, es_client, analyzer, tmp_path_factory.mktemp("people"),
                           f"people-{settings.index_alias}", [HEARING, AUDIT, SITTING])
    return TestClient(create_app(local))


def _facet(result: dict, name: str) -> dict[str, tuple[str, int]]:
    return {v["value"]: (v["label"], v["count"]) for f in result["facets"] if f["name"] == name for v in f["values"]}


def test_the_candidate_is_one_person_under_every_printed_form(people_api):
    result = people_api.get("/api/search", params={"q": "공영방송", "speaker": "이진숙"}).json()
    assert result["total"] == 2
    assert {(hit["speaker_name"], hit["role_group"]) for hit in result["hits"]} == {("이진숙", "후보자")}
    assert _facet(people_api.get("/api/search", params={"q": "공영방송"}).json(), "role_group")["후보자"][1] == 2
    hearing = people_api.get("/api/search", params={"q": "공영방송"}).json()["hits"][0]
    assert hearing["meeting_type"] == "인사청문회"


def test_namesakes_in_different_roles_are_two_facet_entries(people_api):
    speakers = _facet(people_api.get("/api/search", params={"q": "공영방송 이사"}).json(), "speaker")
    kims = sorted(label for label, _ in speakers.values() if label.startswith("김현"))
    assert kims == ["김현 (위원)", "김현 (정부·기관)"]
    assert speakers["이진숙·22"] == ("이진숙", 1)


def test_an_audit_named_with_its_type_is_its_committee(people_api):
    result = people_api.get("/api/search", params={"q": "재난 대응"}).json()
    assert set(_facet(result, "committee")) == {"행정안전위원회"}
    audit = people_api.get("/api/search", params={"q": "재난 대응", "committee": "행정안전위원회",
                                                  "meeting_type": "국정감사"}).json()
    assert audit["total"] == 2 and audit["hits"][0]["audited_bodies"] == ["충청남도"]


def test_the_kbs_hearing_table_ingests_through_its_preset(settings, es_client, analyzer):
    local = settings.model_copy(update={"index_alias": f"kbs-{settings.index_alias}"})
    ensure_indices(es_client, local, recreate=True)
    summary = ingest_paths(es_client, local, analyzer, [KBS_TABLE], out=io.StringIO(),
                           table=TableLayout.from_options(None, "assemblykor"))
    assert summary.turns == 920
    from web.app import create_app

    api = TestClient(create_app(local))
    candidate = api.get("/api/search", params={"speaker": "박장범"}).json()
    assert "total" in candidate, candidate
    assert candidate["total"] == 175 and candidate["hits"][0]["role_group"] == "후보자"
    assert candidate["hits"][0]["meeting_type"] == "인사청문회"
    answered = _facet(api.get("/api/search", params={"q": "KBS"}).json(), "answered_by")
    assert set(answered) == {"한국방송공사"}
