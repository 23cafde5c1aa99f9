"""Question → answer threads (pure rules), on a made-up exchange and on the real agency questioning HWP."""

from __future__ import annotations

from pathlib import Path

from ingest.models import Paragraph, Turn
from ingest.readers import read_meeting
from ingest.threads import ANSWER, FOLLOW_UP, QUESTION, thread_roles

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
