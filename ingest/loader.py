"""Writes whole meetings into Elasticsearch so that a meeting is replaced as a unit.

The indices have no periodic refresh (``refresh_interval: -1``): documents become searchable only
at the explicit refresh after a batch of complete meetings. A re-ingested meeting overwrites its
turns by id and deletes turns the new version no longer has, all before that refresh, so searchers
never see half a meeting or stale turns. A meeting the engine partly rejects is withdrawn before
that refresh.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from elasticsearch import Elasticsearch
from elasticsearch.helpers import streaming_bulk

from hearings.index import IndexSpec


@dataclass
class MeetingBatch:
    meeting_id: str
    source_file: str
    meeting_doc: dict
    turn_docs: list[dict]


@dataclass
class LoadReport:
    turns_written: int = 0
    turns_deleted: int = 0
    failures: dict[str, str] = field(default_factory=dict)  # source file → reason


def _existing_turn_ids(client: Elasticsearch, turns: IndexSpec, meeting_id: str) -> set[str]:
    found = client.search(
        index=turns.alias, query={"term": {"meeting_id": meeting_id}}, _source=False, size=10_000,
        track_total_hits=False,
    )
    return {hit["_id"] for hit in found["hits"]["hits"]}


def _actions(client: Elasticsearch, turns: IndexSpec, meetings: IndexSpec, batch: MeetingBatch) -> Iterable[dict]:
    new_ids = {doc["turn_id"] for doc in batch.turn_docs}
    for stale in sorted(_existing_turn_ids(client, turns, batch.meeting_id) - new_ids):
        yield {"_op_type": "delete", "_index": turns.alias, "_id": stale}
    yield {"_index": meetings.alias, "_id": batch.meeting_id, "_source": batch.meeting_doc}
    for doc in batch.turn_docs:
        yield {"_index": turns.alias, "_id": doc["turn_id"], "_source": doc}


def _withdraw(client: Elasticsearch, turns: IndexSpec, meetings: IndexSpec, batch: MeetingBatch) -> None:
    """Remove what was written of a meeting the engine partly rejected, before the refresh makes it
    visible: a meeting is searchable whole or not at all."""
    actions = [{"_op_type": "delete", "_index": turns.alias, "_id": doc["turn_id"]} for doc in batch.turn_docs]
    actions.append({"_op_type": "delete", "_index": meetings.alias, "_id": batch.meeting_id})
    for _ in streaming_bulk(client, actions, raise_on_error=False, raise_on_exception=False, max_retries=3):
        pass  # a 404 means that document never landed


def write_meetings(
    client: Elasticsearch, turns: IndexSpec, meetings: IndexSpec, batches: list[MeetingBatch], chunk_size: int
) -> LoadReport:
    """Bulk-write the batches, then refresh once; failures are counted per source file."""
    report = LoadReport()
    for batch in batches:
        errors: list[str] = []
        for ok, item in streaming_bulk(
            client, _actions(client, turns, meetings, batch), chunk_size=chunk_size, raise_on_error=False,
            raise_on_exception=False, max_retries=3,
        ):
            op, result = next(iter(item.items()))
            if not ok and not (op == "delete" and result.get("status") == 404):
                errors.append(str(result.get("error", result)))
            elif op == "delete":
                report.turns_deleted += 1
            elif result.get("_index", "").startswith(turns.alias):
                report.turns_written += 1
        if errors:
            _withdraw(client, turns, meetings, batch)
            report.failures[batch.source_file] = (f"{len(errors)} documents rejected, meeting withdrawn (none of it "
                                                  f"is searchable): {errors[0][:300]}")
    client.indices.refresh(index=[turns.alias, meetings.alias])
    return report
