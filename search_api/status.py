"""What `hearings sync` has done, for /status: the last run, meetings per kind, provisional ones, failures."""

from __future__ import annotations

from elasticsearch import Elasticsearch, NotFoundError
from pydantic import BaseModel


class SyncFailure(BaseModel):
    confer_num: int | None = None
    title: str = ""
    date: str = ""
    reason: str = ""


class SyncStatus(BaseModel):
    has_run: bool
    last_run: dict | None = None  # finished_at, kinds, term, since, listed, new, updated, unchanged, failed
    meetings_per_kind: dict[str, int] = {}
    statuses: dict[str, int] = {}
    provisional: int = 0
    failures: list[SyncFailure] = []


def sync_status(client: Elasticsearch, index: str) -> SyncStatus:
    if not client.indices.exists(index=index):
        return SyncStatus(has_run=False)
    try:
        last = client.get(index=index, id="last-run")["_source"]
    except NotFoundError:
        last = None
    aggs = {"kinds": {"terms": {"field": "kind", "size": 50}}, "statuses": {"terms": {"field": "status", "size": 10}},
            "provisional": {"filter": {"term": {"provisional": True}}}}
    # post_filter: the failures are listed, while the counts cover every meeting
    found = client.search(index=index, size=50, aggs=aggs, post_filter={"term": {"status": "failed"}},
                          _source=["title", "reason", "confer_num", "date"], sort=[{"date": "desc"}])
    return SyncStatus(
        has_run=last is not None, last_run=last,
        meetings_per_kind={b["key"]: b["doc_count"] for b in found["aggregations"]["kinds"]["buckets"]
                           if b["key"] != "_run"},
        statuses={b["key"]: b["doc_count"] for b in found["aggregations"]["statuses"]["buckets"]},
        provisional=found["aggregations"]["provisional"]["doc_count"],
        failures=[SyncFailure(**hit["_source"]) for hit in found["hits"]["hits"]],
    )
