"""What the collection holds: committees, years, turns and meetings, and when it was last synced. The home page,
the committees index and their JSON twins show it."""

from __future__ import annotations

from elasticsearch import Elasticsearch
from pydantic import BaseModel

from search_api.committees import committee_url
from search_api.params import SearchParams
from search_api.status import SyncStatus
from search_api.urls import COMMITTEES, SEARCH, search_url

MAX_COMMITTEES = 500  # far more than the Assembly has ever had at once, with special committees over the years


class CommitteeCount(BaseModel):
    name: str
    turns: int
    meetings: int
    first_date: str
    last_date: str
    url: str  # the committee's page
    search_url: str  # every turn said there


class YearCount(BaseModel):
    year: int
    turns: int
    search_url: str


class Collection(BaseModel):
    turns: int
    meetings: int
    first_date: str
    last_date: str
    committees: list[CommitteeCount]  # most turns first
    years: list[YearCount]  # oldest first
    last_sync: str | None  # when `hearings sync` last finished (UTC, ISO 8601); None when it never ran
    committees_url: str = COMMITTEES
    status_url: str = "/status"


def _span() -> dict:
    return {"first": {"min": {"field": "date", "format": "strict_date"}},
            "last": {"max": {"field": "date", "format": "strict_date"}},
            "meetings": {"cardinality": {"field": "meeting_id"}}}


def _committee(bucket: dict) -> CommitteeCount:
    name = str(bucket["key"])
    return CommitteeCount(name=name, turns=bucket["doc_count"], meetings=bucket["meetings"]["value"],
                          first_date=bucket["first"]["value_as_string"], last_date=bucket["last"]["value_as_string"],
                          url=committee_url(name), search_url=search_url(SEARCH, SearchParams(committee=[name])))


def get_collection(client: Elasticsearch, turns_index: str, status: SyncStatus) -> Collection:
    found = client.search(index=turns_index, size=0, track_total_hits=True, aggs={
        **_span(),
        "committees": {"terms": {"field": "committee", "size": MAX_COMMITTEES}, "aggs": _span()},
        "years": {"terms": {"field": "year", "size": 200, "order": {"_key": "asc"}}},
    })
    aggs = found["aggregations"]
    return Collection(
        turns=found["hits"]["total"]["value"], meetings=aggs["meetings"]["value"],
        first_date=aggs["first"].get("value_as_string", ""), last_date=aggs["last"].get("value_as_string", ""),
        committees=[_committee(b) for b in aggs["committees"]["buckets"]],
        years=[YearCount(year=int(b["key"]), turns=b["doc_count"],
                         search_url=search_url(SEARCH, SearchParams(year=[int(b["key"])])))
               for b in aggs["years"]["buckets"]],
        last_sync=(status.last_run or {}).get("finished_at") if status.has_run else None,
    )
