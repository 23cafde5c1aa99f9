"""Ingest a batch of files: parse each, tokenize, write whole meetings, and report file by file.

A bad file is reported by name and reason and never stops the rest of the batch.
"""

from __future__ import annotations

import os
import re
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from elasticsearch import Elasticsearch
from tqdm import tqdm

from hearings.analysis import KiwiAnalyzer
from hearings.analysis_version import analysis_version
from hearings.config import Settings
from hearings.index import ensure_indices, meetings_spec, turns_spec
from ingest.analyse import AnalyserPool, analyse_group
from ingest.analysis_store import AnalysisStore
from ingest.bounds import OutOfBounds, check_meeting
from ingest.errors import BadInput, BadRecord
from ingest.loader import LoadReport, MeetingBatch, write_meetings
from ingest.models import Meeting
from ingest.readers import read_meetings
from ingest.roster import Roster
from ingest.table_files import TABLE_SUFFIXES
from ingest.turn_columns import TableLayout

# C0 and C1 controls, DEL, and the Unicode line and paragraph separators: all end or hide a terminal line.
_CONTROL_CHARS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
MINUTES_SUFFIXES = {".txt", ".hwp", ".pdf", ".md", ".parquet", ".jsonl"}


@dataclass
class FileOutcome:
    path: str
    # "indexed" | "duplicate" (same size as a copy read earlier) | "superseded" (a fuller copy of the same
    # sitting came later in the batch) | "conflict" (smaller than the copy kept) | "failed"
    status: str
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
    def conflicts(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == "conflict"]

    @property
    def turns(self) -> int:
        return sum(o.turns for o in self.outcomes if o.status == "indexed")


def expand_paths(paths: Iterable[Path], tables: bool = False) -> Iterator[Path]:
    """Files as given; folders walked for minutes files (and CSV/XLSX tables of turns when `tables`), links
    to folders followed. What cannot be walked (an unreadable folder, a link back into its own path, a
    broken or looping link) is passed on as it is: reading it fails with the reason, so the batch reports
    it instead of skipping it in silence."""
    suffixes = MINUTES_SUFFIXES | TABLE_SUFFIXES if tables else MINUTES_SUFFIXES

    def walk(top: Path) -> Iterator[Path]:
        folders = [(top, (top.resolve(),))]  # each with the real folders on its walked path, to stop loops
        while folders:
            folder, chain = folders.pop()
            try:
                entries = list(folder.iterdir())
            except OSError:
                yield folder
                continue
            for entry in entries:
                try:
                    is_folder = entry.is_dir()
                except OSError:  # cannot even be looked at: let the reader say why
                    yield entry
                    continue
                target = entry.resolve() if is_folder else None
                if target is not None and (target in chain or target in chain[-1].parents):
                    yield entry  # a symlink loop
                elif target is not None:
                    folders.append((entry, (*chain, target)))
                elif entry.suffix.lower() in suffixes and not entry.name.startswith("meetings_"):
                    yield entry

    for path in paths:
        yield from sorted(walk(path)) if path.is_dir() else [path]


def one_line(text: str) -> str:
    """Text kept to its line: a newline or other control character in a file name (or in a reason quoting
    one) is shown escaped, so it cannot split a report row or forge one."""
    return _CONTROL_CHARS.sub(lambda found: found.group().encode("unicode_escape").decode("ascii"), text)


def _report_failure(source: str, reason: str, out: TextIO) -> None:
    """One line naming the file (or file#record) and the reason, printed above the progress line."""
    tqdm.write(f"✗ {one_line(source)}: {one_line(reason)}", file=out)


def _meetings_of(path: Path, out: TextIO, table: TableLayout | None = None,
                 ) -> Iterator[tuple[Meeting | None, FileOutcome]]:
    """Each meeting of a file with its outcome. A file that fails yields (None, failed outcome) and stops;
    a bad record inside a many-meeting file yields (None, failed outcome) and reading goes on."""
    meetings = read_meetings(path, table)
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
            if isinstance(meeting, BadRecord):  # one bad line of many: name it, read on
                _report_failure(meeting.source, meeting.reason, out)
                yield None, FileOutcome(path=meeting.source, status="failed", reason=meeting.reason)
                continue
            label = meeting.source_file if "#" in meeting.source_file else str(path)
            try:
                check_meeting(meeting)
            except OutOfBounds as error:  # whichever reader let it through: this meeting fails, not the batch
                _report_failure(label, str(error), out)
                yield None, FileOutcome(path=label, status="failed", reason=str(error))
                continue
            for warning in meeting.warnings:  # indexed all the same; the reader of the log should look
                tqdm.write(f"⚠ {one_line(label)}: {one_line(warning)}", file=out)
            yield meeting, FileOutcome(path=label, status="indexed", reason="; ".join(meeting.warnings)[:500])
            continue
        _report_failure(str(path), reason, out)
        yield None, FileOutcome(path=str(path), status="failed", reason=reason)
        return


class _Progress:
    """One progress line for long runs: files, turns, characters per second, errors so far."""

    def __init__(self, files: int, out: TextIO):
        self.bar = tqdm(total=files, desc="ingest", unit="file", file=out, disable=files < 5)
        self.turns = self.chars = self.errors = 0

    def meeting(self, meeting: Meeting) -> None:
        self.turns += len(meeting.turns)
        self.chars += sum(len(turn.text) for turn in meeting.turns)
        self._show()

    def error(self) -> None:
        self.errors += 1
        self._show()

    def _show(self) -> None:
        elapsed = self.bar.format_dict["elapsed"] or 1e-9
        self.bar.set_postfix_str(f"{self.turns:,} turns, {self.chars / elapsed:,.0f} chars/s, {self.errors} errors",
                                 refresh=False)


def _mark_refused(outcome: FileOutcome, report: LoadReport, source: str) -> bool:
    """Mark the outcome failed or in conflict if the load report says so; True when it did."""
    for status, reasons in (("failed", report.failures), ("conflict", report.conflicts)):
        if source in reasons:
            outcome.status, outcome.reason = status, reasons[source]
            return True
    return False


class _BackgroundWriter:
    """Bulk writes run on a thread while the next meetings are parsed and tokenized; at most one
    batch is in flight, so memory stays bounded."""

    def __init__(self, client: Elasticsearch, settings: Settings, out: TextIO, progress: _Progress, replace: bool):
        self.client, self.settings, self.out, self.progress = client, settings, out, progress
        self.replace = replace
        self.turns, self.meetings = turns_spec(settings), meetings_spec(settings)
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="bulk")
        self.in_flight: tuple[Future, list[tuple[MeetingBatch, FileOutcome]]] | None = None

    def submit(self, pending: list[tuple[MeetingBatch, FileOutcome]]) -> None:
        self.settle()
        batches = [batch for batch, _ in pending]
        future = self.pool.submit(write_meetings, self.client, self.turns, self.meetings, batches,
                                  self.settings.bulk_chunk_turns, self.replace)
        self.in_flight = (future, list(pending))

    def settle(self) -> None:
        """Wait for the batch in flight and mark its failed meetings."""
        if self.in_flight is None:
            return
        future, pending = self.in_flight
        self.in_flight = None
        try:
            report = future.result()
        except Exception as error:  # the engine failed mid-run: these meetings are not written; say so, go on
            reason = f"not written: the engine failed ({type(error).__name__}: {str(error)[:300]})"
            report = LoadReport(failures={batch.source_file: reason for batch, _ in pending})
        for batch, outcome in pending:
            if _mark_refused(outcome, report, batch.source_file):
                _report_failure(outcome.path, outcome.reason, self.out)
                self.progress.error()

    def close(self) -> None:
        try:
            self.settle()
        finally:
            self.pool.shutdown()


def _enriched(meeting: Meeting, outcome: FileOutcome, roster: Roster | None) -> Meeting:
    """The meeting with each member's party from the roster; its outcome sized now, when read, so that a copy
    superseded before it is written still says how big it was. (Lost spaces are restored by the analysis.)"""
    if roster:
        roster.enrich(meeting)
    outcome.turns, outcome.speakers = len(meeting.turns), len({turn.speaker_name for turn in meeting.turns})
    return meeting


def analysis_store(settings: Settings) -> AnalysisStore:
    return AnalysisStore(settings.analysis_dir, analysis_version())


class _Analysers:
    """Groups of meetings read → their batches, handed to the writer in the order read: analysed here, or
    by a pool of analyser processes (settings.ingest_analysers) while this process reads on."""

    def __init__(self, settings: Settings, analyzer: KiwiAnalyzer, writer: _BackgroundWriter):
        self.analyzer, self.writer, self.store = analyzer, writer, analysis_store(settings)
        processes = settings.ingest_analysers
        # Each process's Kiwi gets its share of the cores: one process alone still uses them all.
        self.pool = AnalyserPool(processes, self.store, max(1, (os.cpu_count() or 1) // processes)) \
            if processes else None
        self.groups: deque[list[tuple[Meeting, FileOutcome]]] = deque()

    def submit(self, pending: list[tuple[Meeting, FileOutcome]]) -> None:
        group = [(meeting, outcome.path) for meeting, outcome in pending]
        self.groups.append(list(pending))
        if self.pool is None:
            try:
                self._hand(analyse_group(group, lambda: self.analyzer, self.store))
            except Exception as error:  # a meeting broke the analyser: its group fails, named, the batch goes on
                self._hand(error)
            return
        for result in self.pool.submit(group):
            self._hand(result)

    def _hand(self, result: list[MeetingBatch] | BaseException) -> None:
        pending = self.groups.popleft()
        if not isinstance(result, BaseException):
            self.writer.submit(list(zip(result, [outcome for _, outcome in pending], strict=True)))
            return
        for _, outcome in pending:
            outcome.status, outcome.reason = "failed", f"not analysed ({type(result).__name__}: {str(result)[:300]})"
            _report_failure(outcome.path, outcome.reason, self.writer.out)
            self.writer.progress.error()

    def close(self) -> None:
        try:
            if self.pool is not None:
                for result in self.pool.drain():
                    self._hand(result)
        finally:
            if self.pool is not None:
                self.pool.close()


@dataclass
class _Copy:
    """The fullest copy of a sitting read so far in this batch."""

    outcome: FileOutcome
    size: tuple[int, int]  # turns, characters of speech
    pending: tuple[Meeting, FileOutcome] | None  # None once handed to the writer


def _size(meeting: Meeting) -> tuple[int, int]:
    return len(meeting.turns), sum(len(turn.text) for turn in meeting.turns)


def _second_copy(earlier: _Copy, meeting: Meeting, outcome: FileOutcome) -> bool:
    """Judge a second copy of a sitting against the earlier one: the fuller copy wins whatever order the
    files came in. True when the new copy is to be indexed instead."""
    (turns, chars), (old_turns, old_chars) = _size(meeting), earlier.size
    if (turns, chars) == (old_turns, old_chars):
        outcome.status, outcome.reason = "duplicate", f"same sitting as {earlier.outcome.path}"
        return False
    if (turns, chars) < (old_turns, old_chars):
        outcome.status = "conflict"
        outcome.reason = (f"conflict: same sitting as {earlier.outcome.path}, which has {old_turns} turns "
                          f"({old_chars:,} characters); this copy has {turns} ({chars:,}); kept the fuller copy")
        return False
    earlier.outcome.status = "superseded"
    earlier.outcome.reason = (f"same sitting as {outcome.path}, which has {turns} turns ({chars:,} characters); "
                              f"this copy has {old_turns} ({old_chars:,}); indexed the fuller copy")
    return True


# Meetings are tokenized and written in groups of about this many turns: Kiwi's batch needs to be big
# enough to keep its threads busy, and the last group, written with nothing left to overlap it, small.
GROUP_TURNS = 2000


def ingest_paths(
    client: Elasticsearch, settings: Settings, analyzer: KiwiAnalyzer, paths: Iterable[Path],
    out: TextIO = sys.stderr, batch_meetings: int = 20, roster: Roster | None = None, replace: bool = False,
    table: TableLayout | None = None,
) -> IngestSummary:
    """Index every meeting of the paths. `replace` lets a copy replace an indexed one even when it is
    smaller (otherwise that is reported as a conflict and the indexed copy is kept). With `table` (a column
    layout), CSV, XLSX and Parquet files are read as tables of speaker turns."""
    ensure_indices(client, settings)
    summary = IngestSummary()
    seen: dict[str, _Copy] = {}
    pending: list[tuple[Meeting, FileOutcome]] = []
    files = list(expand_paths(paths, tables=table is not None))
    progress = _Progress(len(files), out)
    writer = _BackgroundWriter(client, settings, out, progress, replace)
    analysers = _Analysers(settings, analyzer, writer)
    try:
        for path in files:
            for meeting, outcome in _meetings_of(path, out, table):
                summary.outcomes.append(outcome)
                if meeting is None:
                    progress.error()
                    continue
                outcome.meeting_id = meeting.meeting_id
                earlier = seen.get(meeting.meeting_id)
                if earlier and not _second_copy(earlier, meeting, outcome):
                    if outcome.status == "conflict":
                        _report_failure(outcome.path, outcome.reason, out)
                    continue
                if earlier and earlier.pending is not None:  # not written yet: the fuller copy takes its place
                    pending[:] = [entry for entry in pending if entry is not earlier.pending]
                entry = (_enriched(meeting, outcome, roster), outcome)
                seen[meeting.meeting_id] = _Copy(outcome, _size(meeting), entry)
                pending.append(entry)
                progress.meeting(meeting)
                if len(pending) >= batch_meetings or sum(len(m.turns) for m, _ in pending) >= GROUP_TURNS:
                    analysers.submit(list(pending))
                    for _, submitted in pending:  # handed to the writer: a later copy cannot take their place
                        seen[submitted.meeting_id].pending = None
                    pending.clear()
            progress.bar.update()
        if pending:
            analysers.submit(list(pending))
    finally:
        try:
            analysers.close()
        finally:
            writer.close()
        progress.bar.close()
    return summary


def index_meeting(client: Elasticsearch, settings: Settings, analyzer: KiwiAnalyzer, meeting: Meeting,
                  source: str, replace: bool = False, roster: Roster | None = None) -> FileOutcome:
    """One meeting already read (sync fetches its own files), written like any ingested one."""
    ensure_indices(client, settings)
    outcome = FileOutcome(path=source, status="indexed", meeting_id=meeting.meeting_id)
    try:
        check_meeting(meeting)
    except OutOfBounds as error:
        outcome.status, outcome.reason = "failed", str(error)
        return outcome
    [batch] = analyse_group([(_enriched(meeting, outcome, roster), source)], lambda: analyzer, analysis_store(settings))
    report = write_meetings(client, turns_spec(settings), meetings_spec(settings), [batch], settings.bulk_chunk_turns,
                            replace)
    _mark_refused(outcome, report, source)
    return outcome


def format_summary(summary: IngestSummary) -> str:
    rows = [f"{'status':<10} {'turns':>6} {'speakers':>8}  file / reason"]
    for o in summary.outcomes:
        detail = one_line(o.path + (f"  — {o.reason}" if o.reason else ""))
        rows.append(f"{o.status:<10} {o.turns:>6} {o.speakers:>8}  {detail}")
    counts = {status: sum(1 for o in summary.outcomes if o.status == status)
              for status in ("indexed", "failed", "conflict", "duplicate", "superseded")}
    rows.append(
        f"{len(summary.outcomes)} files: {counts['indexed']} indexed, {counts['failed']} failed, "
        f"{counts['conflict']} conflicts, {counts['duplicate']} duplicates, {counts['superseded']} superseded; "
        f"{summary.turns} turns"
    )
    return "\n".join(rows)
