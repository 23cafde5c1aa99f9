"""Ingest a batch of files: parse each, tokenize, write whole meetings, and report file by file.

A bad file is reported by name and reason and never stops the rest of the batch.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from elasticsearch import Elasticsearch
from tqdm import tqdm

from hearings.analysis import KiwiAnalyzer
from hearings.config import Settings
from hearings.index import ensure_indices, meetings_spec, turns_spec
from ingest.documents import meeting_document, turn_documents
from ingest.errors import BadInput
from ingest.loader import MeetingBatch, write_meetings
from ingest.models import Meeting
from ingest.readers import read_meetings

MINUTES_SUFFIXES = {".txt", ".hwp", ".pdf", ".md", ".parquet", ".jsonl"}


@dataclass
class FileOutcome:
    path: str
    status: str  # "indexed" | "duplicate" | "failed"
    meeting_id: str = ""
    turns: int = 0
    speakers: int = 0
    reason: str = ""


@dataclass
class IngestSummary:
    outcomes: list[FileOutcome] = field(default_factory=list)

    @property
    def failed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def turns(self) -> int:
        return sum(o.turns for o in self.outcomes if o.status == "indexed")


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in MINUTES_SUFFIXES
                              and not p.name.startswith("meetings_"))
        else:
            yield path


def _meetings_of(path: Path, out: TextIO) -> Iterator[tuple[Meeting | None, FileOutcome]]:
    """Each meeting of a file with its outcome; a file that fails yields (None, failed outcome) and stops."""
    meetings = read_meetings(path)
    while True:
        try:
            meeting = next(meetings)
        except StopIteration:
            return
        except BadInput as error:
            reason = str(error)
        except Exception as error:  # a parser bug must not end the batch either; name it instead
            reason = f"could not parse ({type(error).__name__}: {error})"
        else:
            label = meeting.source_file if "#" in meeting.source_file else str(path)
            yield meeting, FileOutcome(path=label, status="indexed")
            continue
        print(f"✗ {path}: {reason}", file=out)
        yield None, FileOutcome(path=str(path), status="failed", reason=reason)
        return


def ingest_paths(
    client: Elasticsearch, settings: Settings, analyzer: KiwiAnalyzer, paths: Iterable[Path],
    out: TextIO = sys.stderr, batch_meetings: int = 20,
) -> IngestSummary:
    ensure_indices(client, settings)
    turns, meetings = turns_spec(settings), meetings_spec(settings)
    summary = IngestSummary()
    seen: dict[str, str] = {}
    pending: list[tuple[MeetingBatch, FileOutcome]] = []

    def flush() -> None:
        report = write_meetings(client, turns, meetings, [b for b, _ in pending], settings.bulk_chunk_turns)
        for batch, outcome in pending:
            if batch.source_file in report.failures:
                outcome.status, outcome.reason = "failed", report.failures[batch.source_file]
                print(f"✗ {outcome.path}: {outcome.reason}", file=out)
        pending.clear()

    files = list(expand_paths(paths))
    for path in tqdm(files, desc="files", unit="file", file=out, disable=len(files) < 5):
        for meeting, outcome in _meetings_of(path, out):
            summary.outcomes.append(outcome)
            if meeting is None:
                continue
            outcome.meeting_id = meeting.meeting_id
            if meeting.meeting_id in seen:
                outcome.status, outcome.reason = "duplicate", f"same sitting as {seen[meeting.meeting_id]}"
                continue
            seen[meeting.meeting_id] = outcome.path
            docs = turn_documents(meeting, analyzer)
            outcome.turns, outcome.speakers = len(docs), len({d["speaker_name"] for d in docs})
            pending.append((MeetingBatch(meeting.meeting_id, outcome.path, meeting_document(meeting), docs), outcome))
            if len(pending) >= batch_meetings:
                flush()
    if pending:
        flush()
    return summary


def format_summary(summary: IngestSummary) -> str:
    rows = [f"{'status':<10} {'turns':>6} {'speakers':>8}  file / reason"]
    for o in summary.outcomes:
        detail = o.path + (f"  — {o.reason}" if o.reason else "")
        rows.append(f"{o.status:<10} {o.turns:>6} {o.speakers:>8}  {detail}")
    indexed = sum(1 for o in summary.outcomes if o.status == "indexed")
    rows.append(
        f"{len(summary.outcomes)} files: {indexed} indexed, {len(summary.failed)} failed, "
        f"{sum(1 for o in summary.outcomes if o.status == 'duplicate')} duplicates; {summary.turns} turns"
    )
    return "\n".join(rows)
