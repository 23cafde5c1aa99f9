"""The analysis store: each meeting as read, with what Kiwi made of its turns, kept beside the index so that a
re-index (ingest/reindex.py) builds the same documents without running Kiwi again.

One Parquet file per meeting, ``<analysis_dir>/<analysis version>/<meeting_id>.parquet``: a row per turn (the
turn as read, spaces restored, roster applied, plus its lemmas, topics and phrases) and the meeting's own
fields in the file's metadata. The version is that of hearings/analysis_version.py: a meeting analysed under
another version is simply not found, so it is analysed again, and every other meeting is reused.

Why Parquet and not the index's own ``_source``: the turns mapping leaves the term fields out of ``_source``
to keep the index small, and they could not be rebuilt from it without Kiwi. Per meeting, because a meeting is
the unit written and replaced (ingest/loader.py). Files are written whole (temporary file, then rename): a
killed writer leaves a stray temporary file, never half a meeting.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ingest.documents import TurnAnalysis
from ingest.models import Meeting, Paragraph, Turn

_TURN_SCHEMA = pa.schema([
    ("seq", pa.int32()), ("label", pa.string()), ("speaker_name", pa.string()), ("speaker_printed", pa.string()),
    ("role", pa.string()), ("mark", pa.string()), ("party", pa.string()), ("member_id", pa.string()),
    ("role_group", pa.string()), ("agenda_item", pa.string()), ("pages", pa.list_(pa.int32())),
    ("paragraphs", pa.list_(pa.struct([("kind", pa.string()), ("text", pa.string())]))),
    ("lemmas", pa.string()), ("topics", pa.list_(pa.string())), ("phrases", pa.list_(pa.string())),
    ("words", pa.list_(pa.string())),
])
_TURN_FIELDS = [f.name for f in fields(Turn)]
_META_KEY = b"hearings"


@dataclass
class StoredMeeting:
    meeting: Meeting
    analyses: list[TurnAnalysis]
    source: str  # the file (or file#record) it was read from, as the ingest summary names it
    indexed_at: str  # when it was first written: a re-index must not make alerts see old turns as new
    analysis_version: str
    read_digest: str = ""  # of the meeting as read, before Kiwi restored any spaces (ingest/analyse.py)


def meeting_table(stored: StoredMeeting) -> pa.Table:
    """The stored meeting as a table: a row per turn, the meeting's own fields in the metadata."""
    rows = [asdict(turn) | {"lemmas": a.lemmas, "topics": a.topics, "phrases": a.phrases, "words": a.words}
            for turn, a in zip(stored.meeting.turns, stored.analyses, strict=True)]
    meeting = {f.name: getattr(stored.meeting, f.name) for f in fields(Meeting) if f.name != "turns"}
    meeting["meeting_date"] = stored.meeting.meeting_date.isoformat()
    header = {"meeting": meeting, "source": stored.source, "indexed_at": stored.indexed_at,
              "analysis_version": stored.analysis_version, "read_digest": stored.read_digest}
    table = pa.Table.from_pylist(rows, schema=_TURN_SCHEMA)
    return table.replace_schema_metadata({_META_KEY: json.dumps(header, ensure_ascii=False).encode("utf-8")})


def stored_meeting(table: pa.Table) -> StoredMeeting:
    """The inverse of meeting_table."""
    header = json.loads(table.schema.metadata[_META_KEY])
    turns, analyses = [], []
    for row in table.to_pylist():
        analyses.append(TurnAnalysis(row["lemmas"], row["topics"], row["phrases"], row["words"]))
        turn = {name: row[name] for name in _TURN_FIELDS}
        turn["paragraphs"] = [Paragraph(**p) for p in turn["paragraphs"]]
        turns.append(Turn(**turn))
    meeting = dict(header["meeting"], meeting_date=date.fromisoformat(header["meeting"]["meeting_date"]))
    return StoredMeeting(Meeting(**meeting, turns=turns), analyses, header["source"], header["indexed_at"],
                         header["analysis_version"], header.get("read_digest", ""))


class AnalysisStore:
    """The store's folder for one analysis version."""

    def __init__(self, root: Path, version: str):
        self.version, self.folder = version, root / version

    def path(self, meeting_id: str) -> Path:
        return self.folder / f"{meeting_id}.parquet"

    def write(self, stored: StoredMeeting) -> Path:
        """Write the meeting whole: to a temporary file, then renamed over any earlier copy."""
        path = self.path(stored.meeting.meeting_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
        pq.write_table(meeting_table(stored), partial, compression="zstd")
        partial.replace(path)
        return path

    def read(self, meeting_id: str) -> StoredMeeting | None:
        """The meeting as stored under this version, or None (never stored, or under another version)."""
        path = self.path(meeting_id)
        if not path.exists():
            return None
        stored = stored_meeting(pq.read_table(path))
        return stored if stored.analysis_version == self.version else None

    def meeting_ids(self) -> list[str]:
        """Every meeting stored under this version, in a stable order."""
        if not self.folder.is_dir():
            return []
        return sorted(p.stem for p in self.folder.glob("*.parquet"))

    def stale_ids(self) -> dict[str, Path]:
        """Meetings stored only under other analysis versions (the newest copy of each): to analyse again."""
        stale: dict[str, Path] = {}
        current = set(self.meeting_ids())
        others = [f for f in self.folder.parent.iterdir() if f.is_dir() and f != self.folder] \
            if self.folder.parent.is_dir() else []
        for path in sorted((p for f in others for p in f.glob("*.parquet")), key=lambda p: p.stat().st_mtime):
            if path.stem not in current:
                stale[path.stem] = path  # later (newer) copies win
        return stale

    def __iter__(self) -> Iterator[StoredMeeting]:
        for meeting_id in self.meeting_ids():
            stored = self.read(meeting_id)
            if stored is not None:
                yield stored
