"""Committee page: how much was said there, by whom, and the phrases that set it apart from the rest."""

from __future__ import annotations

import unicodedata
from typing import Annotated

from elasticsearch import Elasticsearch
from fastapi import Path
from pydantic import BaseModel

from search_api.distinctive import DistinctivePhrase, candidates_aggregation, distinctive_phrases
from search_api.meetings import NotFound
from search_api.params import MAX_VALUE_CHARS, SearchParams
from search_api.urls import SEARCH, committee_path, search_url, speaker_path

TOP_SPEAKERS = 15
CommitteeName = Annotated[str, Path(max_length=MAX_VALUE_CHARS, description="위원회 이름 (예: 법제사법위원회)")]


class CommitteeSpeaker(BaseModel):
    key: str
    name: str
    party: str
    turns: int
    url: str  # the member's page, narrowed to this committee


class CommitteeProfile(BaseModel):
    name: str
    total_turns: int
    meetings: int
    first_date: str
    last_date: str
    speakers: list[CommitteeSpeaker]
    distinctive_phrases: list[DistinctivePhrase]
    search_url: str


def committee_url(name: str) -> str:
    return committee_path(name)


def _first(buckets: list[dict]) -> str:
    return str(buckets[0]["key"]) if buckets else ""


def _speaker(bucket: dict, committee: str) -> CommitteeSpeaker:
    key = str(bucket["key"])
    return CommitteeSpeaker(key=key, name=_first(bucket["name"]["buckets"]) or key,
                            party=_first(bucket["party"]["buckets"]), turns=bucket["doc_count"],
                            url=search_url(speaker_path(key), SearchParams(committee=[committee])))


def get_committee_profile(client: Elasticsearch, turns_index: str, asked: str) -> CommitteeProfile:
    name = unicodedata.normalize("NFC", asked.strip())  # a linked or typed name in decomposed Hangul
    response = client.search(
        index=turns_index, size=0, query={"term": {"committee": name}}, track_total_hits=True,
        aggs={
            "meetings": {"cardinality": {"field": "meeting_id"}},
            "speakers": {"terms": {"field": "speaker_key", "size": TOP_SPEAKERS}, "aggs": {
                "name": {"terms": {"field": "speaker_name", "size": 1}},
                "party": {"terms": {"field": "party", "size": 1, "exclude": [""]}}}},
            "phrases": candidates_aggregation(),
            "first": {"min": {"field": "date", "format": "strict_date"}},
            "last": {"max": {"field": "date", "format": "strict_date"}},
        })
    total = response["hits"]["total"]["value"]
    if total == 0:
        raise NotFound(f"위원회를 찾을 수 없습니다: {name}")
    aggs = response["aggregations"]
    return CommitteeProfile(
        name=name, total_turns=total, meetings=aggs["meetings"]["value"],
        first_date=aggs["first"]["value_as_string"], last_date=aggs["last"]["value_as_string"],
        speakers=[_speaker(bucket, name) for bucket in aggs["speakers"]["buckets"]],
        distinctive_phrases=distinctive_phrases(
            client, turns_index, aggs["phrases"], total,
            lambda phrase: search_url(SEARCH, SearchParams(phrase=[phrase], committee=[name]))),
        search_url=search_url(SEARCH, SearchParams(committee=[name])),
    )
