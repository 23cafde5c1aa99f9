"""Every value read from a file is bounded and typed before a Meeting holds it (issue 27 item 1): the
bounding functions, and each reader refusing a hostile value with a named reason, record by record."""

from __future__ import annotations

import io
import json
import random
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from hearings.index import sibling_name
from ingest import bounds
from ingest.bounds import OutOfBounds
from ingest.errors import BadInput, BadRecord
from ingest.jsonl import GIVE_UP_LINES, MAX_LISTED_LINES, parse_json_line
from ingest.models import Meeting, Paragraph, Turn
from ingest.pipeline import FileOutcome, IngestSummary, format_summary, one_line
from ingest.readers import parse_minutes_bytes, read_meetings
from ingest.turn_columns import TableLayout

MEETING = {"committee": "보건복지위원회", "date": "2020-01-30", "session": 375, "meeting_number": 1,
           "turns": [{"speaker": "김강립", "role": "보건복지부차관", "text": "보고드리겠습니다."}]}
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# --- the bounding functions ----------------------------------------------------------------------------

@pytest.mark.parametrize("value", [2**64, 2**63, -1, 10_000, "18446744073709551616", "9" * 5000, True, 1.5, "３"])
def test_a_session_past_its_bounds_or_not_whole_is_refused_by_name(value):
    with pytest.raises(OutOfBounds, match="session"):
        bounds.whole_number(value, "session", bounds.SESSION)


def test_a_session_within_bounds_is_read_and_blank_is_none():
    assert bounds.whole_number(375, "session", bounds.SESSION) == 375
    assert bounds.whole_number("436", "session", bounds.SESSION) == 436
    assert bounds.whole_number(None, "session", bounds.SESSION) is None
    assert bounds.whole_number("", "session", bounds.SESSION) is None


@pytest.mark.parametrize(("parts", "reason"), [((2020, 13, 1), "month must be in 1..12"),
                                              ((2020, 2, 30), "day is out of range"),
                                              ((1200, 1, 1), "outside 1948–2100"),
                                              ((9999, 12, 31), "outside 1948–2100")])
def test_an_impossible_or_far_date_is_refused_by_name(parts, reason):
    with pytest.raises(OutOfBounds, match=reason):
        bounds.calendar_day(*parts)


@pytest.mark.parametrize("value", ["2020-02-30", "2020-13-01", "30/01/2020", "20200130", 20200130, None, ["2020"],
                                   "1900-01-01"])
def test_iso_day_refuses_what_is_not_a_real_assembly_date(value):
    with pytest.raises(OutOfBounds, match="date"):
        bounds.iso_day(value)


def test_iso_day_reads_a_real_date():
    assert bounds.iso_day(" 2020-01-30 ") == date(2020, 1, 30)


def test_lengths_and_list_sizes_are_bounded():
    assert bounds.short_text("보건복지위원회", "committee") == "보건복지위원회"
    with pytest.raises(OutOfBounds, match="committee is 301 characters long"):
        bounds.short_text("가" * 301, "committee")
    with pytest.raises(OutOfBounds, match="agenda has 5,001 items"):
        bounds.sized(["x"] * 5001, "agenda", bounds.MAX_LIST_ITEMS)


def _meeting(**changes) -> Meeting:
    turn = Turn(seq=1, label="위원장 이상민", speaker_name="이상민", speaker_printed="이상민", role="위원장",
                paragraphs=[Paragraph("speech", "회의를 시작합니다.")])
    fields = dict(committee="행정안전위원회", meeting_date=date(2020, 1, 30), session=375, session_kind="임시회",
                  meeting_number=1, assembly_term=20, meeting_type="상임위원회", turns=[turn])
    return Meeting(**(fields | changes))


@pytest.mark.parametrize(("changes", "reason"), [
    ({"session": 18446744073709551616}, "session 18446744073709551616 is outside"),
    ({"meeting_number": 2**63}, "meeting number"), ({"assembly_term": 2**40}, "assembly term"),
    ({"meeting_date": date(9999, 1, 1)}, "outside 1948–2100"), ({"place": "x" * 10_001}, "place"),
    ({"agenda": ["x"] * 5_001}, "agenda"),
])
def test_check_meeting_refuses_a_meeting_any_reader_let_through(changes, reason):
    assert bounds.check_meeting(_meeting()).session == 375
    with pytest.raises(OutOfBounds, match=reason):
        bounds.check_meeting(_meeting(**changes))


def test_check_meeting_bounds_turn_numbers_and_pages():
    meeting = _meeting()
    meeting.turns[0].pages = [10**30]
    with pytest.raises(OutOfBounds, match="printed page"):
        bounds.check_meeting(meeting)
    meeting.turns[0].pages, meeting.turns[0].seq = [3], 2**70
    with pytest.raises(OutOfBounds, match="turn number"):
        bounds.check_meeting(meeting)


def test_json_integers_are_bounded_before_int_reads_them():
    assert parse_json_line(b'{"session": 375}') == {"session": 375}
    with pytest.raises(OutOfBounds, match="5,000 digits"):
        parse_json_line(b'{"session": ' + b"9" * 5000 + b"}")
    with pytest.raises(OutOfBounds, match="NaN is not a JSON value"):
        parse_json_line(b'{"session": NaN}')


# --- JSON Lines: a record is the unit of failure --------------------------------------------------------

def _jsonl(path: Path, records: list) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n"
                            for r in records), "utf-8")
    return path


@pytest.mark.parametrize(("changes", "reason"), [
    ({"session": 18446744073709551616}, '"session" 18446744073709551616 is outside 1–9999'),
    ({"meeting_number": 2**63}, '"meeting_number" 9223372036854775808 is outside 0–9999'),
    ({"assembly_term": -3}, '"assembly_term" -3 is outside'),
    ({"date": "2020-02-30"}, '"date" 2020-02-30 is not a calendar date (day is out of range for month)'),
    ({"date": "2020-13-01"}, "month must be in 1..12"),
    ({"committee": "위" * 1000}, '"committee" is 1,000 characters long'),
    ({"turns": [{"speaker": "김" * 400, "text": "말"}]}, 'turn 1: "speaker" is 400 characters long'),
])
def test_a_hostile_value_costs_only_its_line(tmp_path, changes, reason):
    path = _jsonl(tmp_path / "m.jsonl", [MEETING, MEETING | {"meeting_number": 2} | changes,
                                          MEETING | {"meeting_number": 3}])
    records = list(read_meetings(path))
    assert [type(r).__name__ for r in records] == ["Meeting", "BadRecord", "Meeting"]
    assert records[1].reason.startswith("line 2: ") and reason in records[1].reason, records[1].reason
    assert records[2].meeting_number == 3


def test_a_huge_json_number_is_named_not_a_schema_error(tmp_path):
    path = _jsonl(tmp_path / "m.jsonl", ['{"committee": "x", "date": "2020-01-30", "session": ' + "9" * 5000 + "}"])
    [record] = read_meetings(path)
    assert record.reason == "line 1: a number of 5,000 digits (at most 20)"


def test_random_bytes_named_jsonl_are_one_reason_for_the_file(tmp_path):
    path = tmp_path / "random.jsonl"
    path.write_bytes(random.Random(27).randbytes(64 * 1024))
    with pytest.raises(BadInput, match="binary data"):
        list(read_meetings(path))


def test_text_that_is_not_json_is_one_reason_for_the_file(tmp_path):
    path = _jsonl(tmp_path / "notes.jsonl", ["회의 메모 " + str(i) for i in range(250)])
    with pytest.raises(BadInput, match=f"none of the first {GIVE_UP_LINES} lines is JSON"):
        list(read_meetings(path))


def test_a_few_bad_lines_before_good_ones_are_each_named(tmp_path):
    path = _jsonl(tmp_path / "m.jsonl", ["{broken", "also broken", MEETING])
    records = list(read_meetings(path))
    assert [type(r).__name__ for r in records] == ["BadRecord", "BadRecord", "Meeting"]


def test_past_the_listed_bad_lines_the_rest_are_counted_in_one_record(tmp_path):
    bad = MEETING | {"session": 2**64}
    path = _jsonl(tmp_path / "m.jsonl", [MEETING] + [bad] * (MAX_LISTED_LINES + 150) + [MEETING | {"session": 376}])
    records = list(read_meetings(path))
    bad_records = [r for r in records if isinstance(r, BadRecord)]
    assert len(bad_records) == MAX_LISTED_LINES + 1
    assert bad_records[-1].reason == "150 more bad lines, not listed"
    assert [r.session for r in records if isinstance(r, Meeting)] == [375, 376]


# --- the other readers: clear named reasons -------------------------------------------------------------

@pytest.mark.parametrize("size", [0, 64, 512, 4096, 20_000])
def test_ole_garbage_is_a_named_hwp_failure(size):
    data = OLE2 + random.Random(size).randbytes(size)
    with pytest.raises(BadInput, match="HWP"):
        parse_minutes_bytes(data, "garbage.hwp")


def test_olefile_value_errors_become_a_named_reason():
    # Random headers make olefile raise bare ValueErrors (it formats a sector size of 2**shift: thousands of digits).
    failures = set()
    for seed in range(40):
        try:
            parse_minutes_bytes(OLE2 + random.Random(seed).randbytes(600), "garbage.hwp")
        except BadInput as error:
            failures.add(str(error).split(":")[0])
    assert failures <= {"not a readable HWP file", "OLE2 file without an HWP FileHeader (not an HWP document)",
                        "OLE2 file is not an HWP document"}, failures


MARKDOWN = "# 제22대국회 제436회 (임시회) 제2차 국회본회의 ({day})\n\n### 의장 조정식\n회의를 시작합니다.\n"
MINUTES = "제375회국회\n(임시회)\n보건복지위원회회의록\n제1호\n일 시 {day}(목)\n\n◯위원장 김세연  회의를 시작합니다.\n"


@pytest.mark.parametrize(("text", "name", "reason"), [
    (MARKDOWN.format(day="2026.13.11."), "m.md", "meeting date 2026-13-11 is not a calendar date"),
    (MINUTES.format(day="2020년2월30일"), "m.txt", "meeting date 2020-02-30 is not a calendar date"),
    (MINUTES.format(day="2020년1월30일").replace("제375회", "제99999999999999999999999회"), "m.txt",
     "header session"),
])
def test_an_impossible_header_is_a_named_reason(text, name, reason):
    with pytest.raises(BadInput, match=reason):
        parse_minutes_bytes(text.encode("utf-8"), name)


def _parquet_bytes(table: pa.Table) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("cut", "reason"), [(lambda d: d[: len(d) // 2], "no PAR1 marker"),
                                             (lambda d: d[:4] + b"\0" * (len(d) - 8) + d[-4:], "broken Parquet")])
def test_a_broken_parquet_file_says_so(tmp_path, cut, reason):
    path = tmp_path / "broken.parquet"
    path.write_bytes(cut(_parquet_bytes(pa.table({"text": ["말"]}))))
    with pytest.raises(BadInput, match=reason) as error:
        list(read_meetings(path))
    assert "broken Parquet file" in str(error.value) and "not text" not in str(error.value)


def test_a_parquet_cell_python_cannot_hold_costs_only_its_row(tmp_path):
    path = tmp_path / "turns.parquet"
    days = pa.array([18291, 2**31 - 1, 18292], pa.date32())  # 2020-01-30, a date past year 9999, 2020-01-31
    path.write_bytes(_parquet_bytes(pa.table({"date": days, "committee": ["법제사법위원회"] * 3,
                                              "speaker": ["이상민"] * 3, "text": ["가", "나", "다"]})))
    layout = TableLayout.from_options("date=date,committee=committee,speaker=speaker,text=text", None)
    records = list(read_meetings(path, layout))
    bad = [r for r in records if isinstance(r, BadRecord)]
    assert [r.reason.split(":")[0] for r in bad] == ["row 2"] and "date" in bad[0].reason
    assert sorted(m.meeting_date for m in records if isinstance(m, Meeting)) == [date(2020, 1, 30), date(2020, 1, 31)]


@pytest.mark.parametrize(("cell", "reason"), [("제99999회", "session 99999 is outside 1–9999"),
                                              ("제0회", "session 0 is outside")])
def test_a_table_session_past_its_bounds_costs_only_its_row(tmp_path, cell, reason):
    path = tmp_path / "t.csv"
    path.write_text(f"date,committee,speaker,text,session\n2020-01-30,법사위,이상민,가,{cell}\n"
                    "2020-01-30,법사위,이상민,나,제375회\n", "utf-8")
    layout = TableLayout.from_options("date=date,committee=committee,speaker=speaker,text=text,session=session", None)
    records = list(read_meetings(path, layout))
    assert [type(r).__name__ for r in records] == ["BadRecord", "Meeting"]
    assert reason in records[0].reason and records[1].session == 375


# --- report rows and aliases ----------------------------------------------------------------------------

def test_a_control_character_in_a_file_name_cannot_split_its_row():
    assert one_line("bad\nname\r\x1b[2J\u2028.jsonl") == "bad\\nname\\r\\x1b[2J\\u2028.jsonl"
    summary = IngestSummary([FileOutcome("/in/bad\nname.jsonl", "failed", reason="line 1:\nforged row"),
                             FileOutcome("/in/good.txt", "indexed", turns=3, speakers=2)])
    rows = format_summary(summary).split("\n")
    assert len(rows) == 4 and "bad\\nname.jsonl" in rows[1] and "\\nforged row" in rows[1]


@pytest.mark.parametrize(("alias", "meetings"), [("hearings-turns", "hearings-meetings"),
                                                 ("hearings", "hearings-meetings"),
                                                 ("archive-2024", "archive-2024-meetings")])
def test_the_meetings_alias_never_equals_the_turns_alias(alias, meetings):
    assert sibling_name(alias, "meetings") == meetings != alias
    assert sibling_name(alias, "sync-state") != alias
