from collections import Counter

from bench.generate import generate
from ingest.models import Meeting
from ingest.readers import read_meetings


def _meetings(paths) -> list[Meeting]:
    return [m for path in paths for m in read_meetings(path)]


def test_minutes_and_json_lines_hold_the_same_meetings(tmp_path):
    minutes = _meetings(generate(tmp_path / "minutes", 600, seed=7, turns_per_meeting=250))
    jsonl = _meetings(generate(tmp_path / "jsonl", 600, seed=7, turns_per_meeting=250, fmt="jsonl"))
    assert [len(m.turns) for m in minutes] == [250, 250, 100]
    assert [m.meeting_id for m in minutes] == [m.meeting_id for m in jsonl]
    def spoken(meeting: Meeting) -> list[tuple[str, str, str]]:
        return [(t.speaker_name, t.role, t.text) for t in meeting.turns]

    assert [spoken(m) for m in minutes] == [spoken(m) for m in jsonl]


def test_the_corpus_is_deterministic_and_varied(tmp_path):
    first = (generate(tmp_path / "a", 300, seed=1)[0]).read_text("utf-8")
    assert first == (generate(tmp_path / "b", 300, seed=1)[0]).read_text("utf-8")
    assert first != (generate(tmp_path / "c", 300, seed=2)[0]).read_text("utf-8")
    turns = _meetings(generate(tmp_path / "d", 2000, seed=3))
    roles = Counter(t.role for m in turns for t in m.turns)
    assert {"위원장", "위원"} <= set(roles) and len(roles) >= 4
    assert len({m.committee for m in turns}) >= 4
