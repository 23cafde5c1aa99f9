import json

import pytest

from ingest.readers import read_meetings

MEETING = {
    "committee": "보건복지위원회", "date": "2020-01-30", "session": 375, "meeting_number": 1,
    "turns": [{"speaker": "金世淵", "role": "위원장", "text": "좌석을 정돈해 주시기 바랍니다."},
              {"speaker": "김강립", "role": "보건복지부차관", "party": "", "text": "보고드리겠습니다."}],
}


def test_jsonl_meetings_in_the_documented_schema(tmp_path):
    path = tmp_path / "meetings.jsonl"
    second = MEETING | {"date": "2020-02-04", "meeting_number": 2}
    path.write_text("\n".join(json.dumps(m, ensure_ascii=False) for m in (MEETING, second)) + "\n", "utf-8")
    meetings = list(read_meetings(path))
    assert [m.meeting_number for m in meetings] == [1, 2]
    first = meetings[0]
    assert (first.assembly_term, first.meeting_type) == (20, "상임위원회")
    assert first.turns[0].speaker_name == "김세연" and first.turns[0].speaker_printed == "金世淵"
    assert first.meeting_id != meetings[1].meeting_id


def test_a_bad_line_is_named_and_the_lines_after_it_still_load(tmp_path):
    path = tmp_path / "bad.jsonl"
    third = MEETING | {"meeting_number": 3}
    lines = [json.dumps(MEETING, ensure_ascii=False), '{"committee": "x"}', "{not json",
             json.dumps(third, ensure_ascii=False)]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    records = list(read_meetings(path))
    assert [type(r).__name__ for r in records] == ["Meeting", "BadRecord", "BadRecord", "Meeting"]
    assert records[1].source.endswith("bad.jsonl#2") and "line 2" in records[1].reason
    assert "JSONDecodeError" in records[2].reason
    assert records[3].meeting_number == 3


@pytest.mark.es
def test_a_meeting_the_engine_partly_rejects_is_withdrawn_whole(tmp_path, es_client, settings, analyzer):
    from hearings.index import ensure_indices, meetings_spec, turns_spec
    from ingest.pipeline import ingest_paths

    # An audited body of 9,000 four-byte characters is within the readers' bounds (10,000 characters) but a
    # keyword term over Lucene's 32 KB limit: the engine rejects those documents.
    broken = MEETING | {"meeting_number": 7, "audited_bodies": ["\U00020000" * 9_000]}
    path = tmp_path / "partly.jsonl"
    path.write_text("\n".join(json.dumps(m, ensure_ascii=False) for m in (MEETING, broken)) + "\n", "utf-8")
    local = settings.model_copy(update={"index_alias": "test-withdraw-turns"})
    ensure_indices(es_client, local, recreate=True)
    summary = ingest_paths(es_client, local, analyzer, [path])
    failed = summary.failed
    assert [o.path for o in failed] == ["partly.jsonl#2"] and "withdrawn" in failed[0].reason
    turns, meetings = turns_spec(local).alias, meetings_spec(local).alias
    assert es_client.count(index=turns)["count"] == 2  # the first meeting only, none of the second
    assert es_client.count(index=meetings)["count"] == 1


def test_the_official_source_link_is_kept(tmp_path):
    from tests.golden import CORPUS

    plenary = next(read_meetings(CORPUS / "threepowers_plenary_436-2_2026-06-11_minutes-56810.md"))
    assert plenary.source_url == "https://record.assembly.go.kr/assembly/viewer/minutes/xml.do?id=56810&type=view"
    path = tmp_path / "linked.jsonl"
    path.write_text(json.dumps(MEETING | {"source_url": "https://record.assembly.go.kr/x?id=1"}) + "\n", "utf-8")
    assert next(read_meetings(path)).source_url == "https://record.assembly.go.kr/x?id=1"


def _write_lines(path, lines: list[bytes]) -> None:
    path.write_bytes(b"\n".join(lines) + b"\n")


def _line(meeting: dict) -> bytes:
    return json.dumps(meeting, ensure_ascii=False).encode()


@pytest.mark.timeout(20)
def test_a_nested_or_non_utf8_line_costs_only_itself(tmp_path):
    path = tmp_path / "mixed.jsonl"
    second = MEETING | {"meeting_number": 2}
    _write_lines(path, [_line(MEETING), b"[" * 100_000, "가나다".encode("cp949") + b'{"x": 1}', _line(second)])
    records = list(read_meetings(path))
    assert [type(r).__name__ for r in records] == ["Meeting", "BadRecord", "BadRecord", "Meeting"]
    assert "line 2" in records[1].reason and "nested too deeply" in records[1].reason
    assert "line 3" in records[2].reason and "not UTF-8" in records[2].reason
    assert records[2].source.endswith("mixed.jsonl#3")
    assert records[3].meeting_number == 2


def test_an_overlong_line_is_skipped_and_counted(tmp_path, monkeypatch):
    from ingest import jsonl

    monkeypatch.setattr(jsonl, "MAX_LINE_BYTES", 1000)
    path = tmp_path / "long.jsonl"
    long = MEETING | {"place": "가" * 1000}
    _write_lines(path, [_line(long), _line(MEETING | {"meeting_number": 2})])
    records = list(read_meetings(path))
    assert [type(r).__name__ for r in records] == ["BadRecord", "Meeting"]
    assert "line 1" in records[0].reason and "longer than" in records[0].reason
    assert records[1].source_file == "long.jsonl#2"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"turns": []}, "no turns"),
        ({"turns": "abc"}, '"turns" must be a list'),
        ({"turns": {"speaker": "김강립", "text": "네"}}, '"turns" must be a list'),
        ({"agenda": "x"}, '"agenda" must be a list'),
        ({"audited_bodies": "보건복지부"}, '"audited_bodies" must be a list'),
        ({"turns": [{"speaker": " \t", "text": "네"}]}, "turn 1: blank speaker"),
        ({"turns": [{"speaker": "\x00", "text": "네"}]}, "turn 1: blank speaker"),
        ({"turns": [MEETING["turns"][0], {"speaker": "김강립", "text": "  "}]}, "turn 2: blank text"),
        ({"turns": [{"speaker": ["김강립"], "text": "네"}]}, 'turn 1: "speaker" must be a string'),
        ({"turns": ["abc"]}, "turn 1: not an object"),
        ({"committee": " "}, '"committee" must not be blank'),
        ({"session": [375]}, '"session" must be a whole number'),
        ({"turns": [{"speaker": "김강립"}]}, 'turn 1: missing "text"'),
    ],
)
def test_a_record_that_only_looks_like_a_meeting_is_refused(tmp_path, change, reason):
    path = tmp_path / "odd.jsonl"
    _write_lines(path, [_line(MEETING | change)])
    (record,) = read_meetings(path)
    assert type(record).__name__ == "BadRecord" and reason in record.reason, record


def test_a_line_that_is_not_an_object_is_named(tmp_path):
    path = tmp_path / "list.jsonl"
    _write_lines(path, [b"[1, 2]", b'"meeting"'])
    assert all("not a JSON object" in r.reason for r in read_meetings(path))


def test_control_characters_are_stripped_from_every_field(tmp_path):
    path = tmp_path / "nul.jsonl"
    dirty = MEETING | {"committee": "보건복지\x00위원회", "place": "제\x011회의장", "agenda": ["안건\x00"],
                       "turns": [{"speaker": "김\x00강립", "role": "차관\x1b", "text": "보고\x00드립니다.\r\n끝"}]}
    _write_lines(path, [_line(dirty)])
    (meeting,) = read_meetings(path)
    assert (meeting.committee, meeting.place, meeting.agenda) == ("보건복지위원회", "제1회의장", ["안건"])
    turn = meeting.turns[0]
    assert (turn.speaker_name, turn.role, turn.text) == ("김강립", "차관", "보고드립니다.\n끝")


def test_a_byte_order_mark_on_the_first_line_is_accepted(tmp_path):
    path = tmp_path / "bom.jsonl"
    _write_lines(path, [b"\xef\xbb\xbf" + _line(MEETING)])
    assert [type(r).__name__ for r in read_meetings(path)] == ["Meeting"]
