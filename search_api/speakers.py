"""Member (speaker) profile: printed forms, roles, parties, committees, activity over time, distinctive terms."""

from __future__ import annotations

from elasticsearch import Elasticsearch
from pydantic import BaseModel

from hearings.readings import hangul_reading
from search_api.meetings import NotFound


class CountedValue(BaseModel):
    value: str
    count: int


class SpeakerProfile(BaseModel):
    name: str
    printed_forms: list[CountedValue]
    roles: list[CountedValue]
    parties: list[CountedValue]
    committees: list[CountedValue]
    terms: list[CountedValue]  # assembly terms (대)
    turns_by_year: list[CountedValue]
    distinctive_terms: list[CountedValue]
    total_turns: int
    first_date: str
    last_date: str


def _counted(buckets: list[dict]) -> list[CountedValue]:
    return [CountedValue(value=str(b["key"]), count=b["doc_count"]) for b in buckets if b["key"] != ""]


def get_speaker_profile(client: Elasticsearch, turns_index: str, name: str) -> SpeakerProfile:
    name = hangul_reading(name.strip())
    response = client.search(
        index=turns_index, size=0, query={"term": {"speaker_name": name}}, track_total_hits=True,
        aggs={
            "printed": {"terms": {"field": "speaker_printed", "size": 5}},
            "roles": {"terms": {"field": "role", "size": 10}},
            "parties": {"terms": {"field": "party", "size": 5}},
            "committees": {"terms": {"field": "committee", "size": 30}},
            "terms": {"terms": {"field": "assembly_term", "size": 10, "order": {"_key": "asc"}}},
            "years": {"terms": {"field": "year", "size": 40, "order": {"_key": "asc"}}},
            # Terms this member uses far more than everyone else (background: the whole index).
            "distinctive": {"significant_terms": {"field": "topics", "size": 15, "min_doc_count": 2}},
            "first": {"min": {"field": "date", "format": "strict_date"}},
            "last": {"max": {"field": "date", "format": "strict_date"}},
        },
    )
    total = response["hits"]["total"]["value"]
    if total == 0:
        raise NotFound(f"발언자를 찾을 수 없습니다: {name}")
    aggs = response["aggregations"]
    return SpeakerProfile(
        name=name, printed_forms=_counted(aggs["printed"]["buckets"]), roles=_counted(aggs["roles"]["buckets"]),
        parties=_counted(aggs["parties"]["buckets"]), committees=_counted(aggs["committees"]["buckets"]),
        terms=_counted(aggs["terms"]["buckets"]), turns_by_year=_counted(aggs["years"]["buckets"]),
        distinctive_terms=_counted(aggs["distinctive"]["buckets"]), total_turns=total,
        first_date=aggs["first"]["value_as_string"], last_date=aggs["last"]["value_as_string"],
    )
