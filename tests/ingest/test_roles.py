"""Role groups and answering bodies, read from printed roles (pure)."""

import pytest

from ingest.bodies import answering_body
from ingest.minutes_text import meeting_type_of
from ingest.roles import CANDIDATE, CHAIR, EXPERT, GOVERNMENT, MEMBER, STAFF, STATEMENT, WITNESS, role_group


@pytest.mark.parametrize(("role", "group"), [
    ("위원", MEMBER), ("간사", MEMBER), ("위원장", CHAIR), ("위원장직무대행", CHAIR), ("법안심사소위원장", CHAIR),
    ("금융위원회위원장", GOVERNMENT), ("국무총리후보자", CANDIDATE), ("대법관후보자", CANDIDATE),
    ("증인", WITNESS), ("참고인", EXPERT), ("감정인", EXPERT), ("진술인", STATEMENT),
    ("수석전문위원", STAFF), ("전문위원", STAFF), ("입법조사관", STAFF), ("의사국장", STAFF),
    ("법원행정처장", GOVERNMENT), ("보건복지부차관", GOVERNMENT), ("한국가스공사사장", GOVERNMENT),
])
def test_role_groups_tell_witnesses_candidates_staff_and_officials_apart(role, group):
    assert role_group(role) == group


@pytest.mark.parametrize(("role", "body"), [
    ("보건복지부차관", "보건복지부"), ("보건복지부기획조정실장", "보건복지부"), ("검찰총장", "대검찰청"),
    ("경찰청장", "경찰청"), ("법원행정처기획조정실장", "법원행정처"), ("질병관리본부질병예방센터장", "질병관리본부"),
    ("지식경제부에너지자원실장", "지식경제부"), ("한국서부발전주식회사사장", "한국서부발전주식회사"),
    ("한국공항공사부사장", "한국공항공사"), ("금융위원회위원장", "금융위원회"),
    ("국민건강보험공단이사장", "국민건강보험공단"),
    ("차관", ""), ("", ""),
])
def test_the_answering_body_is_read_from_the_role(role, body):
    assert answering_body(role) == body


def test_in_an_audit_the_answering_body_is_the_audited_body_the_role_names():
    assert answering_body("서울지방경찰청장", ["경찰청", "서울지방경찰청"]) == "서울지방경찰청"
    assert answering_body("한국부동산원장", ["한국부동산원"]) == "한국부동산원"


def test_a_confirmation_hearing_is_its_own_meeting_type():
    assert meeting_type_of("인사청문특별위원회") == "인사청문회"
    assert meeting_type_of("법제사법위원회", ["법무부장관(조국) 후보자 인사청문회"]) == "인사청문회"
    assert meeting_type_of("법제사법위원회", ["인사청문회 실시계획서 채택의 건"]) == "상임위원회"
    assert meeting_type_of("행정안전위원회", [], ["위원", "행정안전부장관후보자"]) == "인사청문회"
