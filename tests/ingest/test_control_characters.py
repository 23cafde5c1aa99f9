"""No NUL or other control character reaches the index, whichever reader the text came through."""

from __future__ import annotations

import re
from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq

from ingest.decode import strip_controls
from ingest.hwp import hwp_text
from ingest.kr_hearings import read_kr_hearings_turns
from ingest.records import turn_from_record
from tests.ingest.hwp_fixture import deflated, hwp_file, section

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")


def test_strip_controls_keeps_tabs_and_line_breaks():
    assert strip_controls("a\x00b\tc\r\nd\re\x0cf\x1b") == "ab\tc\nd\ne\nf"
    assert strip_controls("회의를 시작합니다.") == "회의를 시작합니다."


def test_record_fields_are_cleaned():
    turn = turn_from_record(1, "김\x00강립", "차관\x07", "보고\x00드립니다.", party="\x1b무소속",
                            role_group="정부\x00", agenda_item="안건\x01")
    assert (turn.speaker_name, turn.role, turn.text, turn.party, turn.role_group, turn.agenda_item) == (
        "김강립", "차관", "보고드립니다.", "무소속", "정부", "안건")


def test_kr_hearings_tables_are_cleaned(tmp_path):
    pq.write_table(pa.table({"conf_num": [7], "date": [date(2020, 10, 7)], "committee": ["보건\x00복지위원회"],
                             "place": ["제\x011회의장"]}), tmp_path / "meetings_t21.parquet")
    pq.write_table(pa.table({"conf_num": [7], "turn_seq": [1], "speaker_name": ["김\x00민석"], "role": ["위원장"],
                             "text": ["국정감사를\x00 시작하겠습니다."]}), tmp_path / "turns_t21_0001.parquet")
    (meeting,) = read_kr_hearings_turns(tmp_path / "turns_t21_0001.parquet")
    assert (meeting.committee, meeting.place) == ("보건복지위원회", "제1회의장")
    assert (meeting.turns[0].speaker_name, meeting.turns[0].text) == ("김민석", "국정감사를 시작하겠습니다.")


def test_hwp_text_has_no_control_characters():
    weird = "회의를\x1b 시작\x07합니다\x0b."  # code units an HWP paragraph would treat as controls
    text = hwp_text(hwp_file([deflated(section(["제1호", weird, "\x00끝"]))]))
    assert not CONTROL.search(text) and "끝" in text
