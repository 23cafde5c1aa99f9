"""`hearings reindex`: a new index version built from the analysis store, without running Kiwi, then shown
in one alias swap.

The new turns and meetings indices are built beside the live ones, invisible (no alias), one group of whole
meetings at a time: a meeting's turns first, its meeting document only once all of them are in. So the meeting
documents in the new index name exactly the meetings it holds whole, and a run killed at any point is resumed
by the next one: it finds the build by its _meta, skips those meetings and writes the rest again (same ids, so
a meeting half written is overwritten, never doubled). When every meeting is in, both aliases move to the new
indices in one atomic update. A meeting the live index holds but the store lacks stops the swap: it would
vanish.

Meetings stored only under an older analysis version are the only ones analysed (``analyzer`` is called
for them alone): a change to the analysis invalidates exactly the meetings analysed under the old one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import pyarrow.parquet as pq
from elasticsearch import Elasticsearch
from elasticsearch.helpers import scan, streaming_bulk

from hearings.analysis import KiwiAnalyzer
from hearings.config import Settings
from hearings.index import IndexSpec, index_body, live_index, mapping_meta, meetings_spec, turns_spec
from ingest.analysis_store import AnalysisStore, StoredMeeting, stored_meeting
from ingest.documents import analyse_meetings, analysed_turn_documents, meeting_document
from ingest.loader import MeetingBatch
from ingest.visibility import new_generation, version_key

GROUP_TURNS = 2000  # turns built and written per step: one bulk request, with the next built meanwhile


@dataclass
class ReindexReport:
    indices: dict[str, str] = field(default_factory=dict)  # alias → the index built
    meetings_written: int = 0
    meetings_skipped: int = 0  # already whole in the build (a resumed run)
    turns_written: int = 0
    reanalysed: int = 0  # meetings stored under another analysis version, analysed again
    failures: dict[str, str] = field(default_factory=dict)  # meeting id → reason
    missing: list[str] = field(default_factory=list)  # live meetings the store lacks (the swap is refused)
    swapped: bool = False
    replaced: list[str] = field(default_factory=list)  # the indices the aliases left


def _build_of(client: Elasticsearch, spec: IndexSpec) -> tuple[str, str] | None:
    """(index, build id) of a build of this spec left unfinished by an earlier run."""
    found = client.indices.get_mapping(index=f"{spec.alias}-v{spec.version}*", ignore_unavailable=True,
                                       allow_no_indices=True)
    for name, body in sorted(found.items()):
        meta = body["mappings"].get("_meta", {})
        if meta.get("build_state") == "building" and str(meta.get("version")) == str(spec.version):
            return name, meta["build"]
    return None


def open_build(client: Elasticsearch, settings: Settings) -> tuple[str, dict[str, str]]:
    """The build id and {alias: index} of the build to write: the unfinished one, or a new one."""
    specs = [turns_spec(settings), meetings_spec(settings)]
    builds = {spec.alias: _build_of(client, spec) for spec in specs}
    build = next((found[1] for found in builds.values() if found), None) or new_generation()
    names = {}
    for spec in specs:
        found = builds[spec.alias]
        if found and found[1] == build:
            names[spec.alias] = found[0]
            continue
        name = spec.concrete_name if not client.indices.exists(index=spec.concrete_name) \
            else f"{spec.concrete_name}-r{build}"
        client.indices.create(index=name, **index_body(spec, settings.index_shards, settings.index_replicas,
                                                         {"build": build, "build_state": "building"}))
        names[spec.alias] = name
    return build, names


def meeting_ids_in(client: Elasticsearch, index: str) -> set[str]:
    client.indices.refresh(index=index)
    return {hit["_source"]["meeting_id"]
            for hit in scan(client, index=index, query={"query": {"match_all": {}}, "_source": ["meeting_id"]},
                            size=5000)}


def _stored(store: AnalysisStore, analyzer: Callable[[], KiwiAnalyzer], report: ReindexReport,
            skip: set[str]) -> Iterator[StoredMeeting]:
    """Every meeting to write: as stored under this analysis version, or analysed again from an older one."""
    for meeting_id in store.meeting_ids():
        if meeting_id in skip:
            report.meetings_skipped += 1
        elif (stored := store.read(meeting_id)) is not None:
            yield stored
    for meeting_id, path in store.stale_ids().items():
        if meeting_id in skip:
            report.meetings_skipped += 1
            continue
        old = stored_meeting(pq.read_table(path))
        [analyses] = analyse_meetings([old.meeting], analyzer())
        fresh = StoredMeeting(old.meeting, analyses, old.source, old.indexed_at, store.version, old.read_digest)
        store.write(fresh)
        report.reanalysed += 1
        yield fresh


def _groups(meetings: Iterator[StoredMeeting], build: str) -> Iterator[list[MeetingBatch]]:
    group: list[MeetingBatch] = []
    for stored in meetings:
        meeting, key = stored.meeting, version_key(stored.meeting.meeting_id, build)
        docs = [doc | {"version_key": key}
                for doc in analysed_turn_documents(meeting, stored.analyses, stored.indexed_at)]
        batch = MeetingBatch(meeting.meeting_id, stored.source, meeting_document(meeting), docs)
        batch.meeting_doc |= {"version_key": key, "chars": batch.chars}
        group.append(batch)
        if sum(len(b.turn_docs) for b in group) >= GROUP_TURNS:
            yield group
            group = []
    if group:
        yield group


def _failed_ids(client: Elasticsearch, actions: list[dict], chunk: int) -> dict[str, str]:
    """Write the actions; {meeting id: first error} of the documents refused."""
    failed: dict[str, str] = {}
    for ok, item in streaming_bulk(client, actions, chunk_size=chunk, raise_on_error=False,
                                   raise_on_exception=False, max_retries=3):
        if not ok:
            result = next(iter(item.values()))
            turn_id = result.get("_id", "").rsplit("@", 1)[0]  # <meeting_id>-<seq>@<build>
            failed.setdefault(turn_id.rsplit("-", 1)[0], str(result.get("error", result))[:300])
    return failed


def _write_group(client: Elasticsearch, names: dict[str, str], turns: str, meetings: str, build: str,
                 group: list[MeetingBatch], chunk: int) -> tuple[int, dict[str, str]]:
    """The group's turns, then the meeting documents of the meetings whose turns all went in."""
    actions = [{"_index": names[turns], "_id": f"{doc['turn_id']}@{build}", "_source": doc}
               for batch in group for doc in batch.turn_docs]
    failed = _failed_ids(client, actions, chunk)
    whole = [batch for batch in group if batch.meeting_id not in failed]
    heads = [{"_index": names[meetings], "_id": f"{batch.meeting_id}@{build}", "_source": batch.meeting_doc}
             for batch in whole]
    for ok, item in streaming_bulk(client, heads, raise_on_error=False, raise_on_exception=False, max_retries=3):
        if not ok:
            result = next(iter(item.values()))
            failed[result.get("_id", "").rsplit("@", 1)[0]] = str(result.get("error", result))[:300]
    return sum(len(b.turn_docs) for b in group if b.meeting_id not in failed), failed


def reindex(client: Elasticsearch, settings: Settings, store: AnalysisStore,
            analyzer: Callable[[], KiwiAnalyzer], drop_old: bool = False) -> ReindexReport:
    """Build (or resume building) the index version of the current mappings from the store, then swap."""
    return build_index(client, settings, lambda report, done: _stored(store, analyzer, report, done), drop_old)


def build_index(client: Elasticsearch, settings: Settings,
                meetings_to_write: Callable[[ReindexReport, set[str]], Iterator[StoredMeeting]],
                drop_old: bool = False) -> ReindexReport:
    """Build (or resume) an index version from analysed meetings, then swap. ``meetings_to_write(report, done)``
    yields every meeting not in ``done`` (the ids already whole in a resumed build): the store for a
    re-index, a generator of analysed meetings for the scale benchmark (bench/scale.py)."""
    turns, meetings = turns_spec(settings).alias, meetings_spec(settings).alias
    build, names = open_build(client, settings)
    report = ReindexReport(indices=names)
    done = meeting_ids_in(client, names[meetings])
    writer = ThreadPoolExecutor(1, thread_name_prefix="reindex-bulk")  # one group written while the next is built
    in_flight: Future | None = None

    def settle() -> None:
        if in_flight is not None:
            written, failed = in_flight.result()
            report.turns_written += written
            report.failures |= failed

    try:
        for group in _groups(meetings_to_write(report, done), build):
            settle()
            report.meetings_written += len(group)
            in_flight = writer.submit(_write_group, client, names, turns, meetings, build, group,
                                      settings.bulk_chunk_turns)
        settle()
    finally:
        writer.shutdown()
    report.meetings_written -= len(report.failures)
    _finish(client, settings, names, report, drop_old)
    return report


def _finish(client: Elasticsearch, settings: Settings, names: dict[str, str], report: ReindexReport,
            drop_old: bool) -> None:
    """Refresh the build; swap both aliases onto it at once, unless a meeting failed or would vanish."""
    client.indices.refresh(index=list(names.values()))
    meetings = meetings_spec(settings).alias
    live = {alias: live_index(client, alias) for alias in names}
    if live[meetings] and live[meetings] != names[meetings]:
        built = meeting_ids_in(client, names[meetings])
        report.missing = sorted(meeting_ids_in(client, live[meetings]) - built)
    if report.failures or report.missing:
        return
    for index in names.values():
        meta = mapping_meta(client, index) | {"build_state": "built"}
        client.indices.put_mapping(index=index, meta=meta)
    actions = [{"remove": {"index": old, "alias": alias}} for alias, old in live.items() if old and old != names[alias]]
    actions += [{"add": {"index": index, "alias": alias, "is_write_index": True}} for alias, index in names.items()]
    client.indices.update_aliases(actions=actions)
    report.swapped = True
    report.replaced = sorted(old for alias, old in live.items() if old and old != names[alias])
    if drop_old and report.replaced:
        client.indices.delete(index=report.replaced)


def format_reindex(report: ReindexReport) -> str:
    lines = [f"built {', '.join(report.indices.values())}: {report.meetings_written} meetings "
             f"({report.turns_written} turns) written, {report.meetings_skipped} already in (resumed), "
             f"{report.reanalysed} analysed again (stored under another analysis version)"]
    lines += [f"✗ {meeting_id}: {reason}" for meeting_id, reason in sorted(report.failures.items())]
    if report.missing:
        lines.append(f"✗ not swapped: {len(report.missing)} meetings of the live index are not in the analysis store "
                     f"(e.g. {', '.join(report.missing[:5])}); ingest them, then run reindex again")
    elif report.failures:
        lines.append("✗ not swapped: run reindex again to retry the meetings that failed")
    else:
        lines.append(f"swapped the aliases onto it; replaced: {', '.join(report.replaced) or 'nothing'}")
    return "\n".join(lines)
