"""People as identities from every source: role and name printed in one cell, a bare name beside the same
name with a role, namesakes in different role groups, body heads that are not the meeting's chair, and
committee names carrying a meeting type (pure; the real KBS hearing table in tests/tables)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from ingest.bodies import answering_body
from ingest.models import Meeting
from ingest.people import clean_member_id, settle_speakers, speaker_key
from ingest.readers import read_meetings, settled
from ingest.records import turn_from_record
from ingest.roles import CANDIDATE, CHAIR, GOVERNMENT, MEMBER, WITNESS, class_group, role_group
from ingest.sitting_kind import split_committee_type
from ingest.threads import ANSWER, thread_places
from ingest.turn_columns import TableLayout

# A copy of shared/corpus/tables' file (tests/tables/README.md): the tests run wherever the clone is.
KBS_TABLE = (Path(__file__).resolve().parents[1] / "tables"
             / "assemblykor_gwabangwi_2024-11-18_kbs-president-hearing.parquet")


def meeting(committee: str, turns: list[tuple[str, str, str]], day: date = date(2024, 7, 24)) -> Meeting:
    return Meeting(committee=committee, meeting_date=day, session=None, session_kind="", meeting_number=None,
                   assembly_term=22, meeting_type="상임위원회",
                   turns=[turn_from_record(seq, name, role, text) for seq, (name, role, text) in enumerate(turns, 1)])


@pytest.mark.parametrize(("printed", "name", "group"), [
    ("후보자 이진숙", "이진숙", CANDIDATE), ("방송통신위원장 후보자 이진숙", "이진숙", CANDIDATE),
    ("직무대행 김태규", "김태규", GOVERNMENT), ("방송통신위원장 직무대행 김태규", "김태규", GOVERNMENT),
    ("방송통신위원장직무대행 김태규", "김태규", GOVERNMENT), ("대한변호사협회장 김현", "김현", GOVERNMENT),
    ("증인 김태규", "김태규", WITNESS), ("노종면 위원", "노종면", MEMBER), ("위원장 최민희", "최민희", CHAIR),
    ("위원장직무대행 박충권", "박충권", CHAIR),
])
def test_a_name_cell_holding_role_and_name_is_read_as_a_label(printed, name, group):
    turn = settle_speakers(meeting("과학기술정보방송통신위원회", [(printed, "", "발언입니다.")])).turns[0]
    assert (turn.speaker_name, role_group(turn.role)) == (name, group)


@pytest.mark.parametrize(("role", "group"), [
    ("방송통신위원장", GOVERNMENT), ("금융위원장", GOVERNMENT), ("국가인권위원장", GOVERNMENT),
    ("공정거래위원장", GOVERNMENT), ("방송통신위원장직무대행", GOVERNMENT), ("직무대행", GOVERNMENT),
    ("위원장", CHAIR), ("위원장대리", CHAIR), ("위원장직무대행", CHAIR), ("법안심사소위원장", CHAIR),
    ("법제사법위원장", CHAIR), ("과학기술정보방송통신위원장", CHAIR), ("예산결산특별위원장", CHAIR),
    ("정치개혁특별위원장", CHAIR),
])
def test_a_body_whose_name_holds_위원장_is_the_body_not_the_chair(role, group):
    assert role_group(role) == group


def test_a_bare_name_beside_the_same_name_with_a_role_is_that_person():
    sitting = settled(meeting("과학기술정보방송통신위원회", [
        ("위원장 최민희", "", "후보자 선서가 있겠습니다."), ("후보자 이진숙", "", "선서합니다."),
        ("노종면 위원", "", "후보자께 묻겠습니다."), ("이진숙", "", "답변드리겠습니다.")]))
    candidate = [t for t in sitting.turns if t.speaker_name == "이진숙"]
    assert {t.role for t in candidate} == {"후보자"}
    assert {speaker_key(t, 22) for t in candidate} == {"이진숙·22"}
    assert sitting.meeting_type == "인사청문회"  # a candidate answers
    assert [role for _, role, _ in thread_places(sitting.turns)][3] == ANSWER


def test_namesakes_in_different_role_groups_are_two_people_and_one_person_under_two_roles_is_one():
    member = turn_from_record(1, "김현", "위원", "")
    lawyer = turn_from_record(2, "김현", "대한변호사협회장", "")
    acting = turn_from_record(3, "김태규", "방송통신위원장직무대행", "")
    witness = turn_from_record(4, "김태규", "증인", "")
    assert speaker_key(member, 22) != speaker_key(lawyer, 22)
    assert speaker_key(acting, 22) == speaker_key(witness, 22)
    member.member_id = "1728"
    assert speaker_key(member, 22) == "1728"


@pytest.mark.parametrize(("value", "cleaned"), [("nan", ""), ("NaN", ""), ("None", ""), (" 9103 ", "9103"), ("", "")])
def test_missing_member_codes_as_tables_print_them_are_blank(value, cleaned):
    assert clean_member_id(value) == cleaned


@pytest.mark.parametrize(("committee", "split"), [
    ("행정안전위원회(국정감사)", ("행정안전위원회", "국정감사")),
    ("행정안전위원회 (국정감사)", ("행정안전위원회", "국정감사")),
    ("법제사법위원회(인사청문회)", ("법제사법위원회", "인사청문회")), ("행정안전위원회", ("행정안전위원회", "")),
    ("(국정감사)", ("(국정감사)", "")),
])
def test_a_meeting_type_suffix_is_not_part_of_the_committee(committee, split):
    assert split_committee_type(committee) == split


def test_an_audit_from_a_table_keeps_one_committee_name_and_reads_its_audited_bodies():
    audit = settled(meeting("행정안전위원회(국정감사)", [
        ("위원장 신정훈", "", "감사를 시작하겠습니다."), ("충청남도지사 김태흠", "", "보고드리겠습니다."),
        ("이광희 위원", "", "지사님께 묻겠습니다."), ("충청남도지사 김태흠", "", "답변드리겠습니다."),
        ("충청북도교육감 윤건영", "", "답변드리겠습니다.")]))
    assert (audit.committee, audit.meeting_type) == ("행정안전위원회", "국정감사")
    assert audit.audited_bodies == ["충청남도", "충청북도교육청"]


@pytest.mark.parametrize(("role", "body"), [
    ("방송통신위원장", "방송통신위원회"), ("방송통신위원장직무대행", "방송통신위원회"),
    ("국립부산대학교총장", "국립부산대학교"),
    ("충청남도지사", "충청남도"), ("한국부동산원장", "한국부동산원"), ("한국방송공사사장후보자", "한국방송공사"),
    ("대한변호사협회장", "대한변호사협회"), ("국토연구원부원장", "국토연구원"),
    ("한국교육과정평가원평가본부장", "한국교육과정평가원"),
])
def test_bodies_are_read_whole_never_cut_inside_a_word(role, body):
    assert answering_body(role) == body


def test_dataset_classes_are_role_groups():
    assert [class_group(c) for c in ("legislator", "nominee", "chair", "위원장")] == [MEMBER, CANDIDATE, CHAIR, ""]


# --- the real turn table: the 2024-11-18 confirmation hearing of the KBS president candidate -----------

@pytest.fixture(scope="module")
def kbs_hearing() -> Meeting:
    found = list(read_meetings(KBS_TABLE, TableLayout.from_options(None, "assemblykor")))
    assert len(found) == 1 and isinstance(found[0], Meeting)
    return found[0]


def test_the_kbs_table_is_a_confirmation_hearing_with_one_candidate(kbs_hearing):
    assert (kbs_hearing.committee, kbs_hearing.meeting_type, len(kbs_hearing.turns)) == (
        "과학기술정보방송통신위원회", "인사청문회", 920)
    groups = Counter((t.speaker_name, role_group(t.role) if not t.role_group else t.role_group, speaker_key(t, 22))
                     for t in kbs_hearing.turns)
    assert groups[("박장범", CANDIDATE, "박장범·22")] == 175
    assert groups[("최민희", CHAIR, "6247")] == 176
    assert groups[("노종면", MEMBER, "9103")] == 58
    assert not [key for key in groups if key[2] in ("nan", "")]


def test_the_kbs_candidates_staff_answer_for_the_body_not_as_the_candidate(kbs_hearing):
    staff = {(t.speaker_name, t.role) for t in kbs_hearing.turns if t.speaker_name == "박영춘"}
    assert staff == {("박영춘", "한국방송공사사장후보자(박장범)인사청문준비단장")}
    assert role_group(next(iter(staff))[1]) == GOVERNMENT
    answering = [t for t in kbs_hearing.turns if t.speaker_name in ("박장범", "박영춘")]
    assert {answering_body(t.role) for t in answering} == {"한국방송공사"}
