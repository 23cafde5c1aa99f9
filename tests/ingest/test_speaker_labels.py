"""A line that starts with ◯ opens a turn only when what follows looks like a speaker label."""

from __future__ import annotations

import pytest

from ingest.errors import BadInput
from ingest.minutes_text import parse_minutes_text
from ingest.names import is_speaker_label

HEADER = ["제375회국회", "(임시회)", "보건복지위원회회의록", "제1호", "일  시  2020년1월30일", "(10시02분 개의)"]


def _minutes(*body: str) -> str:
    return "\n".join([*HEADER, *body])


@pytest.mark.parametrize(
    "label",
    ["위원장 이상민", "윤한홍 위원", "이수진(비) 위원", "劉承旼 委員", "위원장직무대행 李恩宰", "위원장 박정",
     "질병관리본부질병예방센터장 박옥", "의장 조정식", "참고인 기모란", "이상민", "委員長 金世淵"],
)
def test_labels_as_printed_in_real_minutes(label):
    assert is_speaker_label(label)


@pytest.mark.parametrize(
    "label",
    ["부탁드리겠습니다.", "", "위원장", "위원장 회의를", "위원장  회의를 계속하겠습니다.", "감사합니다",
     "위원장 시작합니다", "위원장 김철수입니까?", "위원장 이상민.", "위원장 12", "위원장 가나다라마바"],
)
def test_text_that_only_starts_with_the_mark_is_not_a_label(label):
    assert not is_speaker_label(label)


@pytest.mark.parametrize(
    "stray",
    ["◯ 부탁드리겠습니다.", "◯위원장  회의를 계속하겠습니다.", "◯위원장 회의를 계속하겠습니다.", "◯위원장", "◯"],
)
def test_a_mark_without_a_speaker_name_stays_with_the_previous_turn(stray):
    meeting = parse_minutes_text(_minutes("◯위원장 이상민  회의를 시작하겠습니다.", stray, "이어서 말씀드리면",
                                          "◯윤한홍 위원  질의하겠습니다."))
    assert [t.speaker_name for t in meeting.turns] == ["이상민", "윤한홍"]
    kept = stray.removeprefix("◯").strip()
    assert meeting.turns[0].text == "\n".join(p for p in ["회의를 시작하겠습니다.", kept, "이어서 말씀드리면"] if p)
    (warning,) = meeting.warnings
    assert warning.startswith("line 8: ") and "no speaker name" in warning


def test_a_stray_mark_before_the_first_turn_is_reported_and_dropped():
    meeting = parse_minutes_text(_minutes("◯ 부탁드리겠습니다.", "◯위원장 이상민  회의를 시작하겠습니다."))
    assert [t.text for t in meeting.turns] == ["회의를 시작하겠습니다."]
    assert len(meeting.warnings) == 1 and "dropped" in meeting.warnings[0]


def test_minutes_with_only_stray_marks_have_no_turns():
    with pytest.raises(BadInput, match="no speaker turns found .*2 lines"):
        parse_minutes_text(_minutes("◯ 부탁드리겠습니다.", "◯위원장"))


def test_well_formed_minutes_have_no_warnings():
    meeting = parse_minutes_text(_minutes("◯위원장 이상민  회의를 시작하겠습니다.", "◯윤한홍 위원  질의하겠습니다."))
    assert meeting.warnings == []
