"""Question → answer threads (pure rules), on a made-up exchange and on the real agency questioning HWP."""

from __future__ import annotations

from pathlib import Path

from ingest.models import Paragraph, Turn
from ingest.readers import read_meeting
from ingest.threads import ANSWER, FOLLOW_UP, QUESTION, chair_takes_the_floor, thread_roles

HELDOUT = Path(__file__).parent.parent / "heldout"


def _turn(seq: int, name: str, role: str) -> Turn:
    return Turn(seq=seq, label=f"{role} {name}", speaker_name=name, speaker_printed=name, role=role,
                paragraphs=[Paragraph("speech", "…")])


def test_a_member_asks_officials_answer_the_member_presses_until_the_next_member():
    turns = [_turn(1, "김강립", "보건복지부차관"),  # a report before any question: no thread
             _turn(2, "윤일규", "위원"), _turn(3, "김강립", "보건복지부차관"), _turn(4, "윤일규", "위원"),
             _turn(5, "김세연", "위원장"),  # the chair's time warning: no thread, and the thread goes on
             _turn(6, "기모란", "참고인"), _turn(7, "윤일규", "위원"),
             _turn(8, "신상진", "위원"), _turn(9, "신상진", "위원"), _turn(10, "정은경", "질병관리본부장")]
    assert thread_roles(turns) == [
        (None, ""), (1, QUESTION), (1, ANSWER), (1, FOLLOW_UP), (None, ""), (1, ANSWER), (1, FOLLOW_UP),
        (2, QUESTION), (2, QUESTION), (2, ANSWER)]


def test_on_the_agency_questioning_minutes_the_court_administrator_answers_inside_threads():
    meeting = read_meeting(HELDOUT / "8ark_sagaeteuk_358-5.hwp")
    roles = thread_roles(meeting.turns)
    answers = [(turn, number) for turn, (number, role) in zip(meeting.turns, roles, strict=True) if role == ANSWER]
    assert len(answers) > 400
    # every answer sits in a thread opened by a member's question earlier in the sitting
    openers = {number: turn for turn, (number, role) in zip(meeting.turns, roles, strict=True) if role == QUESTION}
    assert all(number in openers and openers[number].seq < turn.seq for turn, number in answers)
    assert {turn.role for turn, _ in answers} >= {"법원행정처장"}


def test_candidates_witnesses_and_hearing_speakers_answer_but_staff_reports_do_not():
    turns = [_turn(1, "박영수", "위원"), _turn(2, "김부겸", "국무총리후보자"), _turn(3, "홍길동", "증인"),
             _turn(4, "이몽룡", "진술인"), _turn(5, "성춘향", "수석전문위원"), _turn(6, "박영수", "위원")]
    assert thread_roles(turns) == [
        (1, QUESTION), (1, ANSWER), (1, ANSWER), (1, ANSWER), (None, ""), (1, FOLLOW_UP)]


def test_each_turn_of_a_thread_names_the_member_who_opened_it():
    from datetime import date

    from ingest.documents import thread_fields
    from ingest.models import Meeting

    turns = [_turn(1, "김세연", "위원장"), _turn(2, "윤일규", "위원"), _turn(3, "김강립", "보건복지부차관"),
             _turn(4, "신상진", "위원"), _turn(5, "기모란", "참고인")]
    turns[1].member_id = "M1"
    meeting = Meeting(committee="보건복지위원회", meeting_date=date(2020, 1, 30), session=375, session_kind="",
                      meeting_number=1, assembly_term=20, meeting_type="상임위원회", place="", agenda=[], turns=turns)
    fields = thread_fields(meeting)
    assert [(f["thread_role"], f["thread_asker"], f["thread_asker_name"]) for f in fields] == [
        ("", "", ""), ("question", "M1", "윤일규"), ("answer", "M1", "윤일규"),
        ("question", "신상진", "신상진"), ("answer", "신상진", "신상진")]
    assert fields[2]["thread_id"] == fields[1]["thread_id"] != fields[4]["thread_id"]


def test_every_expert_witness_answer_in_the_2020_health_committee_minutes_is_threaded():
    corpus = Path(__file__).parent.parent / "corpus"
    meeting = read_meeting(corpus / "congresswatch_sample_2020_bokji_375-1_2020-01-30.pdf")
    roles = thread_roles(meeting.turns)
    experts = [(turn, role) for turn, (_, role) in zip(meeting.turns, roles, strict=True) if turn.role == "참고인"]
    assert len(experts) == 31
    # The roll call ("박종혁 참고인 나오셨습니까?" → "예, 나왔습니다.") answers the chair, not a member.
    roll_call = [(turn, role) for turn, role in experts if "나왔습니다" in turn.text]
    answers = [(turn, role) for turn, role in experts if "나왔습니다" not in turn.text]
    assert len(answers) == 29 and all(role == ANSWER for _, role in answers), [
        t.seq for t, role in answers if role != ANSWER]
    assert roll_call[-1][1] != ANSWER


def test_a_chair_who_calls_a_recess_or_gives_the_floor_for_a_report_ends_the_thread():
    turns = [_turn(1, "장제원", "위원"), _turn(2, "정성호", "위원장"), _turn(3, "문무일", "검찰총장")]
    turns[1].paragraphs = [Paragraph("speech", "검찰청으로부터 업무현황을 보고받도록 하겠습니다.")]
    assert thread_roles(turns) == [(1, QUESTION), (None, ""), (None, "")]
    turns[1].paragraphs = [Paragraph("speech", "시간이 다 되었습니다. 마무리해 주세요.")]
    assert thread_roles(turns) == [(1, QUESTION), (None, ""), (1, ANSWER)]


def test_partners_are_found_at_ingest_within_the_thread():
    from ingest.threads import thread_partners

    turns = [_turn(1, "윤일규", "위원"), _turn(2, "김강립", "보건복지부차관"), _turn(3, "김세연", "위원장"),
             _turn(4, "윤일규", "위원"), _turn(5, "기모란", "참고인"), _turn(6, "신상진", "위원")]
    assert thread_partners(turns) == [("답변", 1), ("질문", 0), None, ("답변", 4), ("질문", 3), None]


def _said(turn: Turn, text: str) -> Turn:
    turn.paragraphs = [Paragraph("speech", text)]
    return turn


def test_an_answer_after_the_chair_that_names_an_earlier_asker_answers_that_member():
    # 356-2 seq 240–253: 박범계 asks, 노회찬 asks, the chair gives the 검찰국장 the floor, who answers 박범계.
    turns = [_turn(1, "박범계", "위원"), _turn(2, "박균택", "법무부검찰국장"), _turn(3, "노회찬", "위원"),
             _said(_turn(4, "정성호", "위원장"), "박균택 검찰국장 한 말씀 하시지요."),
             _said(_turn(5, "박균택", "법무부검찰국장"), "박범계 위원님이 수사팀에 문제가 있다고 말씀하셨는데 …")]
    assert thread_roles(turns)[4] == (1, ANSWER)
    # Right after the asker's own turn, naming someone else is a reference, not an addressee.
    turns[3] = _said(_turn(4, "노회찬", "위원"), "어떻게 보십니까?")
    assert thread_roles(turns)[4] == (2, ANSWER)


def test_an_answer_to_the_chairs_own_question_is_filed_under_no_member():
    turns = [_turn(1, "윤상직", "위원"), _turn(2, "문무일", "검찰총장"),
             _said(_turn(3, "여상규", "위원장"), "총장께서는 피의사실이 유포되지 않게 각별히 유의해 주세요."),
             _said(_turn(4, "문무일", "검찰총장"), "예, 유의하겠습니다."),
             _said(_turn(5, "여상규", "위원장"), "짧게 답변해 주시지요."), _turn(6, "문무일", "검찰총장")]
    assert [role for _, role in thread_roles(turns)] == [QUESTION, ANSWER, "", "", "", ANSWER]


def test_a_witness_reply_to_the_chairs_deferral_of_their_own_request_answers_no_member():
    # 356-2: asked by the chair, the 검찰국장 asks for the floor; the chair defers it, he acknowledges
    turns = [_turn(1, "윤상직", "위원"), _turn(2, "문무일", "검찰총장"),
             _said(_turn(3, "여상규", "위원장"), "검찰국장 뭐 말씀 있으신가요?"),
             _said(_turn(4, "박균택", "법무부검찰국장"), "발언 기회를 주시면 한 말씀 드리고 싶습니다만."),
             _said(_turn(5, "여상규", "위원장"), "그것은 나중에 질의 다 끝난 다음에 별도로 발언 줄게요."),
             _said(_turn(6, "박균택", "법무부검찰국장"), "예, 알겠습니다.")]
    roles = [role for _, role in thread_roles(turns)]
    assert roles[:2] == [QUESTION, ANSWER] and roles[5] == ""


def test_the_chairs_own_demand_for_documents_is_answered_to_the_chair_even_in_floor_words():
    # 358-5: the chair restates a member's request as their own ("… 제출해 주시지요")
    demand = "하여튼 가능한 빨리 정리를 하셔 가시고요, 법이 허용하는 한 또 할 수 있는 한 제출해 주시지요."
    assert chair_takes_the_floor(demand)
    assert not chair_takes_the_floor("짧게 답변해 주시지요.")
    assert not chair_takes_the_floor("정리해 주시지요.")
