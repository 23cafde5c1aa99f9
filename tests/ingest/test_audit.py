"""국정감사 minutes: meeting type and audited bodies from the cover or the agenda."""

import pytest

from ingest.minutes_text import parse_minutes_text

COVER = """2019년도 국정감사

보건복지위원회회의록

피감사기관  보건복지부, 질병관리본부
            식품의약품안전처

일  시  2019년10월2일(수)
장  소  보건복지위원회회의실

(10시03분 감사개시)

◯위원장 金世淵  좌석을 정돈해 주시기 바랍니다. 2019년도 국정감사를 시작하겠습니다.
◯기동민 위원  장관님, 역학조사관 충원 계획을 말씀해 주십시오.
2019년도국감-보건복지(2019년10월2일) 33
계속 질의하겠습니다.
◯보건복지부장관 박능후  충원하겠습니다.
(12시10분 감사중지)
(14시02분 감사계속)
◯위원장 金世淵  오늘 감사를 마치겠습니다.
(21시30분 감사종료)
◯출석 위원(20인)
  기동민  김광수
"""

AGENDA = """2019년도 국정감사

국토교통위원회회의록

일  시  2019년10월4일(금)
장  소  국토교통위원회회의실

    의사일정
1. 한국토지주택공사, 주택도시보증공사 및 한국감정원에 대한 국정감사

◯위원장 박순자  감사를 시작하겠습니다.
"""


def test_an_audit_cover_names_the_audited_bodies():
    meeting = parse_minutes_text(COVER, "audit.txt")
    assert meeting.meeting_type == "국정감사"
    assert meeting.committee == "보건복지위원회"
    assert meeting.audited_bodies == ["보건복지부", "질병관리본부", "식품의약품안전처"]
    assert [t.speaker_name for t in meeting.turns] == ["김세연", "기동민", "박능후", "김세연"]
    assert "2019년도국감" not in meeting.turns[1].text and "계속 질의하겠습니다." in meeting.turns[1].text
    # Audit time markers are events; the attendance appendix after 감사종료 is not a turn.
    assert [p.text for p in meeting.turns[3].paragraphs if p.kind == "time"] == [
        "(12시10분 감사중지)", "(14시02분 감사계속)", "(21시30분 감사종료)"]
    assert meeting.turns[0].paragraphs[0].text == "(10시03분 감사개시)"


def test_without_a_cover_list_the_agenda_names_them():
    meeting = parse_minutes_text(AGENDA, "audit2.txt")
    assert meeting.meeting_type == "국정감사"
    assert meeting.audited_bodies == ["한국토지주택공사", "주택도시보증공사", "한국감정원"]


def test_ordinary_minutes_have_no_audited_bodies():
    meeting = parse_minutes_text(AGENDA.replace("2019년도 국정감사", "제375회국회(임시회)"), "x.txt")
    assert meeting.meeting_type == "상임위원회" and meeting.audited_bodies == []


@pytest.mark.es
def test_audited_bodies_are_a_facet_and_a_filter(tmp_path, es_client, settings, analyzer):
    from hearings.index import ensure_indices, turns_spec
    from ingest.pipeline import ingest_paths
    from search_api.params import SearchParams
    from search_api.service import run_search

    (tmp_path / "audit.txt").write_text(COVER, "utf-8")
    (tmp_path / "audit2.txt").write_text(AGENDA, "utf-8")
    local = settings.model_copy(update={"index_alias": "test-audit-turns"})
    ensure_indices(es_client, local, recreate=True)
    assert not ingest_paths(es_client, local, analyzer, [tmp_path]).failed
    alias = turns_spec(local).alias
    result = run_search(es_client, alias, SearchParams(audited_body=["질병관리본부"]), analyzer)
    assert result.total == 4 and {h.committee for h in result.hits} == {"보건복지위원회"}
    assert result.hits[0].citation.startswith("2019년도 국정감사 보건복지위원회회의록, 2019. 10. 2., ")
    facet = next(f for f in result.facets if f.name == "audited_body")
    counts = {v.value: v.count for v in facet.values}
    assert counts["한국토지주택공사"] == 1 and counts["식품의약품안전처"] == 4
