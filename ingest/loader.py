"""Writes whole meetings into Elasticsearch so that a meeting is replaced as a unit.

Each meeting written is a new version, hidden from searchers until all of it is in and refreshed; then
one atomic alias update shows it and hides the version it replaces (see ingest/visibility.py). A meeting
the engine partly rejects is never shown, and its earlier version stays as it was.

A copy that looks damaged next to what is indexed — fewer turns, or much less text — does not replace
it unless asked (`replace=True`): it is reported as a conflict naming both sizes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from elastic_transport import SerializationError
from elasticsearch import Elasticsearch
from elasticsearch.helpers import streaming_bulk

from hearings.index import IndexSpec
from ingest.visibility import Visibility, new_generation, version_key

SMALLER_TEXT_TOLERANCE = 0.9  # a corrected final text may be a little shorter; a truncated copy is much shorter


@dataclass
class MeetingBatch:
    meeting_id: str
    source_file: str
    meeting_doc: dict
    turn_docs: list[dict]

    @property
    def chars(self) -> int:
        return sum(doc.get("text_chars", 0) for doc in self.turn_docs)


@dataclass
class LoadReport:
    turns_written: int = 0
    documents_deleted: int = 0  # of replaced or withdrawn versions
    failures: dict[str, str] = field(default_factory=dict)  # source file → reason
    conflicts: dict[str, str] = field(default_factory=dict)  # source file → why the indexed copy was kept


@dataclass(frozen=True)
class IndexedVersion:
    key: str
    turns: int
    chars: int


def indexed_versions(client: Elasticsearch, meetings: IndexSpec, meeting_ids: list[str]) -> dict[str, IndexedVersion]:
    """The visible version of each meeting, as searchers see it now."""
    if not meeting_ids:
        return {}
    found = client.search(index=meetings.alias, query={"terms": {"meeting_id": meeting_ids}}, size=len(meeting_ids),
                          _source=["meeting_id", "version_key", "turn_count", "chars"])
    versions = {}
    for hit in found["hits"]["hits"]:
        doc = hit["_source"]
        versions[doc["meeting_id"]] = IndexedVersion(doc.get("version_key", ""), doc.get("turn_count", 0),
                                                     doc.get("chars", 0))
    return versions


def damage_reason(batch: MeetingBatch, indexed: IndexedVersion) -> str:
    """Why this copy must not silently replace the indexed one, or "" when it may."""
    turns = len(batch.turn_docs)
    if turns < indexed.turns:
        return f"conflict: the index holds this sitting with {indexed.turns} turns; this copy has {turns}"
    if batch.chars < indexed.chars * SMALLER_TEXT_TOLERANCE:
        return (f"conflict: the index holds this sitting with {indexed.chars:,} characters of speech; this copy has "
                f"{batch.chars:,}")
    return ""


def _actions(batch: MeetingBatch, key: str, generation: str, turns: IndexSpec,
             meetings: IndexSpec) -> Iterator[dict]:
    yield {"_index": meetings.alias, "_id": f"{batch.meeting_id}@{generation}",
           "_source": batch.meeting_doc | {"version_key": key, "chars": batch.chars}}
    for doc in batch.turn_docs:
        yield {"_index": turns.alias, "_id": f"{doc['turn_id']}@{generation}", "_source": doc | {"version_key": key}}


def _bulk_errors(client: Elasticsearch, actions: Iterable[dict], chunk_size: int) -> list[str]:
    errors = []
    try:
        for ok, item in streaming_bulk(client, actions, chunk_size=chunk_size, raise_on_error=False,
                                       raise_on_exception=False, max_retries=3):
            if not ok:
                result = next(iter(item.values()))
                errors.append(str(result.get("error", result)))
    except SerializationError as error:  # a value no JSON can carry: this meeting fails, not the whole batch
        errors.append(f"a value cannot be written as JSON ({str(error)[:200]})")
    return errors


def write_meetings(
    client: Elasticsearch, turns: IndexSpec, meetings: IndexSpec, batches: list[MeetingBatch], chunk_size: int,
    replace: bool = False,
) -> LoadReport:
    """Write the batches as new hidden versions, refresh, then show them all at once; failures and
    conflicts are counted per source file."""
    report = LoadReport()
    visibility = Visibility(client, [turns, meetings])
    visibility.collect_abandoned()
    indexed = indexed_versions(client, meetings, [batch.meeting_id for batch in batches])
    generation = new_generation()
    accepted = []
    for batch in batches:
        previous = indexed.get(batch.meeting_id)
        reason = damage_reason(batch, previous) if previous and not replace else ""
        if reason:
            report.conflicts[batch.source_file] = reason + " (kept the indexed copy; --replace to force)"
        else:
            accepted.append(batch)
    keys = {batch.meeting_id: version_key(batch.meeting_id, generation) for batch in accepted}
    visibility.change(hide=set(keys.values()))
    shown: set[str] = set()
    for batch in accepted:
        errors = _bulk_errors(client, _actions(batch, keys[batch.meeting_id], generation, turns, meetings),
                              chunk_size)
        if errors:
            report.failures[batch.source_file] = (f"{len(errors)} documents rejected, this copy withdrawn (the indexed "
                                                  f"version, if any, is unchanged): {errors[0][:300]}")
        else:
            shown.add(keys[batch.meeting_id])
    report.turns_written = sum(len(batch.turn_docs) for batch in accepted if keys[batch.meeting_id] in shown)
    client.indices.refresh(index=[turns.alias, meetings.alias])
    replaced = {indexed[batch.meeting_id].key for batch in accepted
                if keys[batch.meeting_id] in shown and batch.meeting_id in indexed}
    withdrawn = set(keys.values()) - shown
    visibility.change(show=shown, hide=replaced)  # the moment searchers switch versions
    report.documents_deleted = visibility.delete_versions(replaced | withdrawn)
    visibility.change(show=replaced | withdrawn)
    return report


def withdraw_meeting(client: Elasticsearch, turns: IndexSpec, meetings: IndexSpec, meeting_id: str) -> int:
    """Take a meeting out of the index as a unit: its visible version is hidden, deleted, then forgotten."""
    found = client.search(index=meetings.alias, query={"term": {"meeting_id": meeting_id}}, size=10,
                          _source=["version_key"])["hits"]["hits"]
    keys = {hit["_source"]["version_key"] for hit in found if hit["_source"].get("version_key")}
    if not keys:
        return 0
    visibility = Visibility(client, [turns, meetings])
    visibility.change(hide=keys)
    deleted = visibility.delete_versions(keys)
    visibility.change(show=keys)
    return deleted
