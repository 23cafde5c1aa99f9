"""Golden files: each sample minutes file beside the whole parse it must produce — every turn's label,
speaker, role, role group, thread place, printed pages and every paragraph (speech, stage direction, time
mark) in full, the agenda and the meeting's fields — so that a changed line break in turn 200 fails a test.

Regenerate after an intended parser change with:  python -m tests.golden
then read the diff (git diff tests/golden) before committing it.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from ingest.models import Meeting
from ingest.readers import read_meeting
from ingest.roles import role_group
from ingest.threads import thread_roles

CORPUS = Path(__file__).parent / "corpus"
GOLDEN = Path(__file__).parent / "golden"


def corpus_files() -> list[Path]:
    suffixes = {".txt", ".hwp", ".pdf", ".md"}
    return sorted(p for p in CORPUS.iterdir() if p.suffix.lower() in suffixes)


def whole_turns(meeting: Meeting) -> list[dict]:
    return [{"seq": turn.seq, "label": turn.label, "speaker_name": turn.speaker_name,
             "speaker_printed": turn.speaker_printed, "role": turn.role, "mark": turn.mark,
             "role_group": turn.role_group or role_group(turn.role), "thread": [number, place],
             "agenda_item": turn.agenda_item, "pages": turn.pages,
             "paragraphs": [[p.kind, p.text] for p in turn.paragraphs]}
            for turn, (number, place) in zip(meeting.turns, thread_roles(meeting.turns), strict=True)]


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
        "audited_bodies": meeting.audited_bodies,
        "source_url": meeting.source_url,
        "spacing_restored": meeting.spacing_restored,
        "provisional": meeting.provisional,
        "warnings": meeting.warnings,
        "turns_per_speaker": dict(sorted(speakers.items())),
        "turns": whole_turns(meeting),
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
