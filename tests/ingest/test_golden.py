"""Every sample minutes file parses into exactly the meeting recorded in tests/golden/."""

import json
import re

import pytest

from ingest.readers import read_meeting
from tests.golden import corpus_files, golden_path, meeting_summary


@pytest.mark.parametrize("source", corpus_files(), ids=lambda p: p.name)
def test_parse_matches_golden(source):
    expected = json.loads(golden_path(source).read_text("utf-8"))
    actual = meeting_summary(read_meeting(source))
    # Turn by turn first, so that a failure names the turn and field rather than diffing a whole meeting.
    for want, got in zip(expected.pop("turns"), actual.pop("turns"), strict=False):
        for field in want:
            assert got[field] == want[field], f"turn {want['seq']} ({want['label']}): {field} differs"
    assert actual == expected


@pytest.mark.parametrize("source", corpus_files(), ids=lambda p: p.name)
def test_no_appendix_or_header_inside_turns(source):
    meeting = read_meeting(source)
    for turn in meeting.turns:
        assert not turn.label.startswith(("출석", "청가", "의안 회부", "보고사항")), turn.label
        assert "◯" not in turn.text
        assert "국 회 사 무 처" not in turn.text
        assert not re.search(r"제\d+회\s*[-－]", turn.text), "running header inside a turn"


def test_stage_directions_are_kept_out_of_searchable_text():
    meeting = read_meeting(next(p for p in corpus_files() if "368-10" in p.name))
    second = meeting.turns[1]
    assert second.speaker_name == "윤한홍"
    assert [p.kind for p in second.paragraphs] == ["stage", "speech", "stage"]
    assert "(장내 소란)" not in second.text and "(위원장석 앞에서)" not in second.text
    assert second.text.startswith("회의가 원천무효입니다.")


def test_time_markers_open_the_following_turn():
    meeting = read_meeting(next(p for p in corpus_files() if "355-1" in p.name))
    assert meeting.turns[0].paragraphs[0].kind == "time"
    assert meeting.turns[0].paragraphs[0].text == "(11시15분 개의)"
    chair = next(t for t in meeting.turns if t.speaker_name == "정성호")
    assert chair.paragraphs[0].text == "(11시17분)"


def test_hwp_and_txt_of_the_same_sitting_parse_alike():
    by_name = {p.name: read_meeting(p) for p in corpus_files() if "355-1" in p.name}
    hwp = by_name["8ark_sagaeteuk_355-1_2018-01-12.hwp"]
    txt = by_name["8ark_law_1_sagaeteuk_355-1_2018-01-12.cp949.txt"]
    assert hwp.meeting_id == txt.meeting_id
    assert [(t.label, t.text) for t in hwp.turns] == [(t.label, t.text) for t in txt.turns]


def test_pdf_soft_wraps_are_joined_inside_words():
    meeting = read_meeting(next(p for p in corpus_files() if "375-1" in p.name))
    assert meeting.turns[0].text.startswith("좌석을 정돈해 주시기 바랍니다.\n")
    assert meeting.turns[0].speaker_name == "김세연" and meeting.turns[0].speaker_printed == "金世淵"
