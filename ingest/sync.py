"""`hearings sync`: list new and changed minutes on the open data service, fetch the official files and
index them through the usual readers, keeping what was seen, fetched and indexed in a state index.

The state lives in Elasticsearch (`<prefix>-sync-state`, one document per CONFER_NUM) because it
describes the index: it must survive restarts, move with the cluster and be in its snapshots. A run
writes each meeting's state right after the meeting is indexed, so a run killed at any point resumes:
what was indexed is not fetched again, and what was not is fetched by the next run. Indexing a sitting
twice replaces it as a unit (ingest/visibility.py), so nothing is duplicated either.

Provisional minutes (임시회의록) are fetched again on every run until their final text appears under the
same CONFER_NUM; the final text then replaces them as a unit and the change is recorded on the meeting.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import TextIO

from elasticsearch import Elasticsearch

from hearings.analysis import KiwiAnalyzer, get_analyzer
from hearings.config import Settings
from hearings.digits import ascii_digits
from hearings.index import meetings_spec, sync_state_index, turns_spec
from ingest.errors import BadInput
from ingest.loader import withdraw_meeting
from ingest.models import Meeting
from ingest.open_assembly import FileUnavailable, KeyRefused, OpenAssemblyClient, RunDeadline, ServiceError
from ingest.pipeline import index_meeting
from ingest.readers import parse_minutes_bytes
from ingest.roster import Roster
from ingest.writer_lock import WriterBusy


@dataclass(frozen=True)
class ListSpec:
    service: str
    by_date: bool  # listed per sitting day (DAE_NUM + CONF_DATE) rather than per Assembly (ERACO)


KINDS = {
    "본회의": ListSpec("nzbyfwhwaoanttzje", True),
    "위원회": ListSpec("ncwgseseafwbuheph", True),
    "국정감사": ListSpec("VCONFAPIGCONFLIST", False),
    "인사청문회": ListSpec("VCONFCFRMCONFLIST", False),
    "국정조사": ListSpec("VCONFPIPCONFLIST", False),
    "공청회": ListSpec("VCONFPHCONFLIST", False),
    "소위원회": ListSpec("VCONFSUBCCONFLIST", False),
    "특별위원회": ListSpec("VCONFSPCCONFLIST", False),
    "예결특위": ListSpec("VCONFBUDGETCONFLIST", False),
}
_ID_IN_URL = re.compile(r"[?&]id=(\d+)")
MAX_DAYS = 3660  # a listing by day covers at most ten years per run


@dataclass
class Listed:
    """One meeting as the lists name it (agenda rows of one CONFER_NUM folded together)."""

    confer_num: int
    conf_id: str
    kind: str
    title: str
    date: str
    committee: str
    provisional: bool = False
    agenda: list[str] = field(default_factory=list)


def listed_from_row(row: dict, kind: str) -> Listed | None:
    """A list row → the meeting it names; CONFER_NUM is a field, or only the id inside DOWN_URL."""
    number = row.get("CONFER_NUM")
    if number is None:
        found = _ID_IN_URL.search(str(row.get("DOWN_URL") or row.get("PDF_LINK_URL") or ""))
        number = found.group(1) if found else None
    if number is None or not ascii_digits(str(number)):
        return None
    title = str(row.get("TITLE") or " ".join(str(row.get(k) or "") for k in ("ERACO", "SESS", "DGR", "CMIT_NM",
                                                                                "SB_CMIT_NM")).strip())
    return Listed(
        confer_num=int(number), conf_id=str(row.get("CONF_ID") or ""), kind=kind, title=title,
        date=str(row.get("CONF_DATE") or row.get("CONF_DT") or ""),
        committee=str(row.get("COMM_NAME") or row.get("CMIT_NM") or row.get("CLASS_NAME") or ""),
        provisional="[임시]" in title or "임시회의록" in title,
        agenda=[str(row["SUB_NAME"])] if row.get("SUB_NAME") else [],
    )


def fold_rows(rows: Iterable[tuple[dict, str]]) -> dict[int, Listed]:
    """Rows are per agenda item: one meeting per CONFER_NUM, its agenda items gathered."""
    meetings: dict[int, Listed] = {}
    for row, kind in rows:
        listed = listed_from_row(row, kind)
        if listed is None:
            continue
        if listed.confer_num in meetings:
            known = meetings[listed.confer_num]
            known.agenda += [item for item in listed.agenda if item not in known.agenda]
            known.provisional = known.provisional or listed.provisional
        else:
            meetings[listed.confer_num] = listed
    return meetings


def _days(since: date, until: date) -> list[date]:
    days = (until - since).days + 1
    if days > MAX_DAYS:
        raise ValueError(f"--since reaches back {days} days; at most {MAX_DAYS} per run")
    return [since + timedelta(days=n) for n in range(max(days, 0))]


def _requests(kinds: list[str], term: int, since: date, until: date) -> Iterator[tuple[str, str, dict, str]]:
    """Each list a run asks for: (kind, service, parameters, label). The by-date lists take one sitting day
    each: CONF_DATE is a required, exact day (reference notes), and no month or range form is documented."""
    for kind in kinds:
        spec = KINDS[kind]
        if spec.by_date:
            for day in _days(since, until):
                yield kind, spec.service, {"DAE_NUM": term, "CONF_DATE": day.isoformat()}, day.isoformat()
        else:
            yield kind, spec.service, {"ERACO": f"제{term}대"}, f"제{term}대"


def _in_window(row: dict, since: date, until: date) -> bool:
    day = str(row.get("CONF_DT") or row.get("CONF_DATE") or "")[:10]
    return not day or since.isoformat() <= day <= until.isoformat()  # an undated row is kept, not lost


def list_meetings(api: OpenAssemblyClient, kinds: list[str], term: int, since: date, until: date,
                  report: SyncReport, out: TextIO) -> dict[int, Listed]:
    """Every meeting the lists name in the window, one progress line per list asked (a day of a by-date kind).
    A list that fails is named in the report and the others are still read; a refused key or the run's
    deadline stops the listing."""
    plan = list(_requests(kinds, term, since, until))
    rows: list[tuple[dict, str]] = []
    failures = len(report.listing_failed)
    for number, (kind, service, params, label) in enumerate(plan, 1):
        found: list[dict] = []
        try:
            found.extend(api.rows(service, params))  # rows read before a failure are kept
        except (KeyRefused, RunDeadline):
            raise
        except ServiceError as error:
            report.listing_failed.append(str(error))  # named once, in the summary
        kept = [(row, kind) for row in found if _in_window(row, since, until)]
        rows += kept
        failed = ", failed (see the summary)" if len(report.listing_failed) > failures else ""
        failures = len(report.listing_failed)
        meetings = len(fold_rows(kept))
        print(f"list {number}/{len(plan)} {kind} {label}: {meetings} meeting{'' if meetings == 1 else 's'}{failed} "
              f"(requests so far: {api.requests})", file=out)
    return fold_rows(rows)


class SyncState:
    """What sync has seen, fetched and indexed, one document per CONFER_NUM, plus the last run's summary."""

    def __init__(self, client: Elasticsearch, settings: Settings):
        self.client = client
        self.index = sync_state_index(settings)

    def ensure(self) -> None:
        if not self.client.indices.exists(index=self.index):
            settings = {"number_of_shards": 1, "auto_expand_replicas": "0-1"}
            self.client.indices.create(index=self.index, settings=settings, mappings={"dynamic": True, "properties": {
                "kind": {"type": "keyword"}, "status": {"type": "keyword"}, "provisional": {"type": "boolean"},
                "date": {"type": "keyword"}, "reason": {"type": "text", "index": False}}})

    def get_many(self, numbers: list[int]) -> dict[int, dict]:
        if not numbers:
            return {}
        found = self.client.mget(index=self.index, ids=[str(n) for n in numbers])["docs"]
        return {int(doc["_id"]): doc["_source"] for doc in found if doc.get("found")}

    def put(self, number: int, state: dict) -> None:
        self.client.index(index=self.index, id=str(number), document=state, refresh=True)

    def put_run(self, summary: dict) -> None:
        self.client.index(index=self.index, id="last-run", document={"kind": "_run", **summary}, refresh=True)


@dataclass
class SyncReport:
    listed: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    fetched: int = 0
    planned: list[Listed] = field(default_factory=list)  # what a dry run would fetch
    failed: dict[int, str] = field(default_factory=dict)
    listing_failed: list[str] = field(default_factory=list)  # one line per list the service did not give
    stopped: str = ""  # why the run stopped early (its deadline), if it did

    @property
    def ok(self) -> bool:
        return not (self.failed or self.listing_failed or self.stopped)

    def table(self) -> str:
        lines = ["| listed | new | updated | unchanged | failed | lists failed | files fetched |",
                 "|---|---|---|---|---|---|---|",
                 f"| {self.listed} | {self.new} | {self.updated} | {self.unchanged} | {len(self.failed)} | "
                 f"{len(self.listing_failed)} | {self.fetched} |"]
        lines += [f"✗ {line}" for line in self.listing_failed]
        lines += [f"✗ CONFER_NUM {number}: {reason}" for number, reason in self.failed.items()]
        lines += [f"✗ stopped: {self.stopped}"] if self.stopped else []
        return "\n".join(lines)


def _needs_fetch(state: dict | None) -> bool:
    return state is None or state.get("status") != "indexed" or bool(state.get("provisional"))


def revision(old_texts: dict[int, str], meeting: Meeting, previous_sha: str, sha: str) -> dict:
    """What changed from the indexed text to this one: turns added, removed and reworded (aligned in
    order, so an inserted turn is not counted as every later turn reworded)."""
    old = [old_texts[seq] for seq in sorted(old_texts)]
    new = [turn.text for turn in meeting.turns]
    added = removed = reworded = 0
    examples = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "insert":
            added += j2 - j1
        elif op == "delete":
            removed += i2 - i1
        elif op == "replace":
            pairs = min(i2 - i1, j2 - j1)
            reworded += pairs
            added += (j2 - j1) - pairs
            removed += (i2 - i1) - pairs
            examples += [{"seq": meeting.turns[j1 + k].seq, "before": old[i1 + k][:300], "after": new[j1 + k][:300]}
                         for k in range(pairs)]
    return {"replaced_at": datetime.now(UTC).isoformat(timespec="seconds"), "previous_sha256": previous_sha,
            "sha256": sha, "added": added, "removed": removed, "reworded": reworded, "examples": examples[:20]}


def _indexed_texts(client: Elasticsearch, settings: Settings, meeting_id: str) -> tuple[dict[int, str], list]:
    found = client.search(index=turns_spec(settings).alias, query={"term": {"meeting_id": meeting_id}}, size=10_000,
                          _source=["seq", "text"])
    meeting = client.search(index=meetings_spec(settings).alias, query={"term": {"meeting_id": meeting_id}}, size=1,
                            _source=["revisions"])["hits"]["hits"]
    revisions = meeting[0]["_source"].get("revisions") or [] if meeting else []
    return {hit["_source"]["seq"]: hit["_source"]["text"] for hit in found["hits"]["hits"]}, revisions


def _fetch(api: OpenAssemblyClient, listed: Listed) -> tuple[str, bytes]:
    try:
        return api.download(listed.confer_num, "pdf")
    except FileUnavailable as error:
        if error.reason != "not published":
            raise
        return api.download(listed.confer_num, "hwp")  # an HWP where there is no PDF


WriteLock = Callable[[], AbstractContextManager]


def sync_one(client: Elasticsearch, settings: Settings, api: OpenAssemblyClient,
             analyzer: Callable[[], KiwiAnalyzer], listed: Listed, state: dict | None, report: SyncReport,
             out: TextIO, roster: Roster | None = None, write_lock: WriteLock = nullcontext) -> dict:
    """Fetch one meeting, then index it; returns its new state (written by the caller). The writer lock is
    taken only for the writes: never while waiting on the network, where an ingest may go meanwhile."""
    base = {"confer_num": listed.confer_num, "conf_id": listed.conf_id, "kind": listed.kind, "title": listed.title,
            "date": listed.date, "checked_at": datetime.now(UTC).isoformat(timespec="seconds")}
    url, data = _fetch(api, listed)
    report.fetched += 1
    sha = hashlib.sha256(data).hexdigest()
    if state and state.get("status") == "indexed" and state.get("sha256") == sha:
        report.unchanged += 1
        return {**state, **base}
    meeting = parse_minutes_bytes(data, source_file=f"{listed.confer_num}.{'pdf' if data[:4] == b'%PDF' else 'hwp'}")
    meeting.provisional = meeting.provisional or listed.provisional
    meeting.source_url = f"https://record.assembly.go.kr/assembly/viewer/minutes/xml.do?id={listed.confer_num}"
    meeting.provenance = {"confer_num": listed.confer_num, "conf_id": listed.conf_id, "file_url": url,
                          "sha256": sha, "fetched_at": base["checked_at"], "listed_as": listed.kind}
    replacing = bool(state and state.get("status") == "indexed")
    # The final text's cover may read differently from the provisional one (another meeting id): the
    # version it replaces is then withdrawn below, so the sitting is never in the index twice.
    previous_id = (state or {}).get("meeting_id") or meeting.meeting_id
    kiwi = analyzer()
    with write_lock():
        if replacing:
            old_texts, revisions = _indexed_texts(client, settings, previous_id)
            meeting.revisions = [*revisions, revision(old_texts, meeting, state.get("sha256", ""), sha)]
        # The final text legitimately replaces its provisional version, whatever its size.
        outcome = index_meeting(client, settings, kiwi, meeting, f"CONFER_NUM {listed.confer_num}",
                                replace=replacing, roster=roster)
        if outcome.status != "indexed":
            raise BadInput(outcome.reason)
        if replacing and previous_id != meeting.meeting_id:
            withdraw_meeting(client, turns_spec(settings), meetings_spec(settings), previous_id)
    if replacing:
        report.updated += 1
    else:
        report.new += 1
    print(f"{'↻' if replacing else '+'} {listed.confer_num} {listed.title} ({len(meeting.turns)} turns, "
          f"{len(data):,} bytes{', 임시회의록' if meeting.provisional else ''})", file=out)
    return {**base, "status": "indexed", "sha256": sha, "provisional": meeting.provisional,
            "meeting_id": meeting.meeting_id, "turns": len(meeting.turns), "indexed_at": base["checked_at"]}


def run_sync(client: Elasticsearch, settings: Settings, api: OpenAssemblyClient, analyzer: KiwiAnalyzer | None,
             kinds: list[str], term: int, since: date, until: date | None = None, dry_run: bool = False,
             out: TextIO | None = None, roster: Roster | None = None,
             write_lock: WriteLock = nullcontext) -> SyncReport:
    """List, fetch and index. Kiwi is loaded only when a meeting is to be indexed, so a run finding nothing
    new starts at once. The run's deadline (the client's) ends it with what was done so far recorded."""
    out = out or sys.stderr  # looked up now, not at import: the stream may have been replaced since
    state_store = SyncState(client, settings)
    with write_lock():
        state_store.ensure()
    report = SyncReport()
    until = until or date.today()
    try:
        listed = list_meetings(api, kinds, term, since, until, report, out)
    except RunDeadline as error:
        report.stopped = str(error)
        listed = {}
    states = state_store.get_many(sorted(listed))
    report.listed = len(listed)
    todo = [item for number, item in sorted(listed.items()) if _needs_fetch(states.get(number))]
    report.unchanged = len(listed) - len(todo)
    if dry_run:
        report.planned = todo
        return report
    kiwi = cache(lambda: analyzer or get_analyzer())
    try:
        for number, item in enumerate(todo, 1):
            print(f"fetch {number}/{len(todo)}: CONFER_NUM {item.confer_num} {item.date} {item.kind}", file=out)
            state = states.get(item.confer_num)
            try:
                new_state = sync_one(client, settings, api, kiwi, item, state, report, out, roster, write_lock)
            except (KeyRefused, RunDeadline, WriterBusy):
                raise  # every further request would be refused or late too; or an ingest holds the index
            except Exception as error:  # noqa: BLE001 — one meeting's failure is reported; the run goes on
                new_state = _failed_state(item, state, _reason(error))
                report.failed[item.confer_num] = new_state["reason"]
                print(f"✗ CONFER_NUM {item.confer_num}: {new_state['reason']}", file=out)
            with write_lock():
                state_store.put(item.confer_num, new_state)
    except RunDeadline as error:
        report.stopped = str(error)
    finally:
        try:
            with write_lock():
                _record_run(state_store, report, api, kinds, term, since, until)
        except WriterBusy:
            pass  # an ingest holds the index: the summary was printed, the next run records its own
    return report


def _reason(error: Exception) -> str:
    if isinstance(error, FileUnavailable):
        return f"file {error.reason}"
    if isinstance(error, BadInput | ServiceError | ValueError):
        return str(error)[:300]
    return f"{type(error).__name__}: {error}"[:300]


def _failed_state(item: Listed, state: dict | None, reason: str) -> dict:
    """A failure leaves what was indexed as it was: an indexed meeting stays indexed, and a provisional one
    stays provisional (so the next run fetches it again), whatever the listing now says."""
    listed = {key: value for key, value in asdict(item).items() if key not in ("agenda", "provisional")}
    kept = {"status": "indexed", "provisional": state.get("provisional", False)} if state and \
        state.get("status") == "indexed" else {"status": "failed", "provisional": item.provisional}
    return {**(state or {}), **listed, **kept, "reason": reason,
            "checked_at": datetime.now(UTC).isoformat(timespec="seconds")}


def _record_run(state_store: SyncState, report: SyncReport, api: OpenAssemblyClient, kinds: list[str], term: int,
                since: date, until: date) -> None:
    state_store.put_run({"finished_at": datetime.now(UTC).isoformat(timespec="seconds"), "kinds": kinds,
                         "term": term, "since": since.isoformat(), "until": until.isoformat(),
                         "listed": report.listed, "new": report.new, "updated": report.updated,
                         "unchanged": report.unchanged, "failed": len(report.failed),
                         "lists_failed": len(report.listing_failed), "stopped": report.stopped,
                         "requests": api.requests})
