"""Golden files: each sample minutes file beside the JSON summary its parse must produce.

Regenerate after an intended parser change with:  python -m tests.golden
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from ingest.models import Meeting
from ingest.readers import read_meeting

CORPUS = Path(__file__).parent / "corpus"
GOLDEN = Path(__file__).parent / "golden"


def corpus_files() -> list[Path]:
    suffixes = {".txt", ".hwp", ".pdf", ".md"}
    return sorted(p for p in CORPUS.iterdir() if p.suffix.lower() in suffixes)


def _turn_summary(meeting: Meeting, index: int) -> dict:
    turn = meeting.turns[index]
    return {"seq": turn.seq, "label": turn.label, "speaker_name": turn.speaker_name, "role": turn.role,
            "agenda_item": turn.agenda_item, "text_start": turn.text[:80], "text_end": turn.text[-80:]}


def meeting_summary(meeting: Meeting) -> dict:
    speakers = Counter(f"{t.speaker_name} ({t.role})" for t in meeting.turns)
    return {
        "meeting_id": meeting.meeting_id,
        "committee": meeting.committee,
        "date": meeting.meeting_date.isoformat(),
        "assembly_term": meeting.assembly_term,
        "session": meeting.session,
        "session_kind": meeting.session_kind,
        "meeting_number": meeting.meeting_number,
        "meeting_type": meeting.meeting_type,
        "place": meeting.place,
        "agenda": meeting.agenda,
        "turn_count": len(meeting.turns),
        "turns_per_speaker": dict(sorted(speakers.items())),
        "first_turn": _turn_summary(meeting, 0),
        "last_turn": _turn_summary(meeting, -1),
    }


def golden_path(source: Path) -> Path:
    return GOLDEN / f"{source.name}.json"


def regenerate() -> None:
    GOLDEN.mkdir(exist_ok=True)
    for source in corpus_files():
        summary = meeting_summary(read_meeting(source))
        golden_path(source).write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", "utf-8")
        print(f"wrote {golden_path(source)}")


if __name__ == "__main__":
    regenerate()
