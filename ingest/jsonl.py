"""JSON Lines of meetings, for sources with no official layout. One meeting per line:

    {"committee": "보건복지위원회", "date": "2020-01-30", "session": 375, "session_kind": "임시회",
     "meeting_number": 1, "assembly_term": 20, "meeting_type": "상임위원회", "place": "…",
     "agenda": ["…"], "audited_bodies": ["…"], "source_url": "…",
     "turns": [{"speaker": "김강립", "role": "보건복지부차관", "party": "", "text": "…",
                "agenda_item": "…", "role_group": ""}]}

Required: committee, date, turns (each with speaker and text). A line that is not valid JSON or
misses a required field is reported by file and line number; the other lines still load. Optional fields default as the
official parser would derive them (term from the date, meeting type from the committee).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from ingest.errors import BadRecord
from ingest.minutes_text import meeting_type_of
from ingest.models import Meeting, Turn
from ingest.records import turn_from_record
from ingest.terms import assembly_term_on


def _turn(seq: int, raw: dict) -> Turn:
    return turn_from_record(seq, raw["speaker"], raw.get("role"), raw["text"], party=raw.get("party"),
                            role_group=str(raw.get("role_group") or ""), agenda_item=raw.get("agenda_item"))


def meeting_from_json(raw: dict, source_file: str) -> Meeting:
    day = date.fromisoformat(str(raw["date"]))
    committee = str(raw["committee"])
    return Meeting(
        committee=committee, meeting_date=day, session=raw.get("session"),
        session_kind=str(raw.get("session_kind", "")), meeting_number=raw.get("meeting_number"),
        assembly_term=raw.get("assembly_term") or assembly_term_on(day),
        meeting_type=str(raw.get("meeting_type") or meeting_type_of(committee)), place=str(raw.get("place", "")),
        agenda=[str(item) for item in raw.get("agenda", [])],
        audited_bodies=[str(body) for body in raw.get("audited_bodies", [])],
        turns=[_turn(seq, turn) for seq, turn in enumerate(raw["turns"], 1)],
        source_file=source_file, source_format="jsonl", source_url=str(raw.get("source_url") or ""),
    )


def read_jsonl_meetings(path: Path) -> Iterator[Meeting | BadRecord]:
    """Every meeting of the file; a bad line becomes a BadRecord naming it and reading goes on."""
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                yield meeting_from_json(json.loads(line), f"{path.name}#{number}")
            except (json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError) as error:
                yield BadRecord(f"{path}#{number}", f"line {number}: not a meeting in the documented schema "
                                                    f"({type(error).__name__}: {error})")
