"""The analysis step of ingest: whole meetings in, the batches the writer stores out, with each meeting's
analysis kept in the analysis store. It runs in the ingesting process, or in a pool of analyser processes
(one Kiwi each) fed whole meetings, so that ingest can use more cores than Kiwi's threads alone keep busy.

A meeting whose stored analysis was made from the same text under the same analysis version is not
analysed again.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from hearings.analysis import KiwiAnalyzer
from ingest.analysis_store import AnalysisStore, StoredMeeting
from ingest.documents import analyse_meetings, analysed_turn_documents, meeting_document, write_time
from ingest.loader import MeetingBatch
from ingest.models import Meeting
from ingest.spacing import lacks_spacing, restore_spacing


def read_digest(meeting: Meeting) -> str:
    """The meeting as read (roster applied, before Kiwi touches it): the same digest, the same analysis."""
    return hashlib.sha256(repr(meeting).encode("utf-8")).hexdigest()[:16]


def analyse_group(group: list[tuple[Meeting, str]], analyzer: Callable[[], KiwiAnalyzer],
                  store: AnalysisStore | None) -> list[MeetingBatch]:
    """Each (meeting, source) of the group made into its batch. Kiwi (asked for only when needed) restores
    lost spaces and analyses, in one batch, the meetings the store does not already hold as they are."""
    written = write_time()
    digests = [read_digest(meeting) for meeting, _ in group]
    found = [store.read(meeting.meeting_id) if store else None for meeting, _ in group]
    reused = [stored if stored and stored.read_digest == digest else None for stored, digest in
              zip(found, digests, strict=True)]
    fresh = [meeting for (meeting, _), stored in zip(group, reused, strict=True) if stored is None]
    if fresh:
        kiwi = analyzer()
        for meeting in fresh:
            if lacks_spacing(meeting):
                restore_spacing(meeting, kiwi)
        analysed = iter(analyse_meetings(fresh, kiwi))
    batches = []
    for (meeting, source), stored, digest in zip(group, reused, digests, strict=True):
        if stored is None:
            stored = StoredMeeting(meeting, next(analysed), source, written, store.version if store else "", digest)
        stored.source, stored.indexed_at = source, written
        if store:
            store.write(stored)
        docs = analysed_turn_documents(stored.meeting, stored.analyses, written)
        batches.append(MeetingBatch(stored.meeting.meeting_id, source, meeting_document(stored.meeting), docs))
    return batches


# One analyser process's own Kiwi and store, made once when the process starts.
_worker: dict = {}


def _start_worker(store_root: Path | None, version: str, kiwi_threads: int) -> None:
    from hearings.dictionary import load_user_words

    _worker["analyzer"] = KiwiAnalyzer(num_workers=kiwi_threads, user_words=load_user_words())
    _worker["store"] = AnalysisStore(store_root, version) if store_root else None


def _analyse_in_worker(group: list[tuple[Meeting, str]]) -> list[MeetingBatch]:
    return analyse_group(group, lambda: _worker["analyzer"], _worker["store"])


class AnalyserPool:
    """N analyser processes; groups come back in the order they went in, at most 2 per process in flight
    (the rest wait to be submitted), so memory stays bounded whatever the batch."""

    def __init__(self, processes: int, store: AnalysisStore | None, kiwi_threads: int = 1):
        context = multiprocessing.get_context("forkserver")  # no fork of a process holding the writer's thread
        self.pool = ProcessPoolExecutor(processes, mp_context=context, initializer=_start_worker,
                                        initargs=(store.folder.parent if store else None,
                                                  store.version if store else "", kiwi_threads))
        self.window, self.in_flight = 2 * processes, deque()

    def submit(self, group: list[tuple[Meeting, str]]) -> Iterator[list[MeetingBatch] | BaseException]:
        """Hand a group over; yields the oldest groups' batches (or their failure) once the window is full."""
        self.in_flight.append(self.pool.submit(_analyse_in_worker, group))
        while len(self.in_flight) > self.window:
            yield _outcome(self.in_flight.popleft())

    def drain(self) -> Iterator[list[MeetingBatch] | BaseException]:
        while self.in_flight:
            yield _outcome(self.in_flight.popleft())

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)


def _outcome(future: Future) -> list[MeetingBatch] | BaseException:
    try:
        return future.result()
    except Exception as error:  # a worker died or a meeting broke the analyser: the group fails, named
        return error
