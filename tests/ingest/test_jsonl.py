import json

import pytest

from ingest.errors import BadInput
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


def test_a_bad_line_is_named(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(MEETING, ensure_ascii=False) + "\n{\"committee\": \"x\"}\n", "utf-8")
    meetings = read_meetings(path)
    assert next(meetings).committee == "보건복지위원회"
    with pytest.raises(BadInput, match="line 2"):
        next(meetings)
