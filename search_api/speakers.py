"""Member (speaker) profile: printed forms, roles, parties, committees, activity over time, distinctive terms."""

from __future__ import annotations

from elasticsearch import Elasticsearch
from pydantic import BaseModel

from hearings.readings import hangul_reading
from search_api.committees import committee_url
from search_api.distinctive import DistinctivePhrase, candidates_aggregation, distinctive_phrases
from search_api.meetings import NotFound
from search_api.params import MAX_VALUES, SearchParams
from search_api.status_errors import StatusError
from search_api.urls import SEARCH, search_url


class CountedValue(BaseModel):
    value: str
    count: int


class SpeakerCandidate(BaseModel):
    key: str
    name: str
    printed: str
    party: str
    turns: int


class AmbiguousSpeaker(StatusError, LookupError):
    """Several members share the name asked for: the page lists them instead of merging them."""

    status = 300  # Multiple Choices: the message lists each member's page

    def __init__(self, name: str, candidates: list[SpeakerCandidate]):
        super().__init__(f"{name}: 같은 이름의 의원이 {len(candidates)}명입니다 — "
                         + ", ".join(f"{c.name}({c.party or c.printed}) /speakers/{c.key}" for c in candidates))
        self.name, self.candidates = name, candidates


class SpeakerProfile(BaseModel):
    key: str  # what the member page and the speaker facet are keyed by: the member code, or the name
    member_id: str = ""
    name: str
    printed_forms: list[CountedValue]
    roles: list[CountedValue]
    parties: list[CountedValue]
    committees: list[CountedValue]
    terms: list[CountedValue]  # assembly terms (대)
    turns_by_year: list[CountedValue]
    distinctive_terms: list[CountedValue]
    distinctive_phrases: list[DistinctivePhrase] = []  # search_api/distinctive.py
    committee_pages: dict[str, str] = {}  # committee → its page
    answers_received: int = 0  # answers officials, witnesses and candidates gave to this member's questions
    answers_url: str = ""  # those answers as a search
    total_turns: int
    first_date: str
    last_date: str


def _counted(buckets: list[dict]) -> list[CountedValue]:
    return [CountedValue(value=str(b["key"]), count=b["doc_count"]) for b in buckets if b["key"] != ""]


def _first(buckets: list[dict]) -> str:
    return str(buckets[0]["key"]) if buckets else ""


def resolve_speaker(client: Elasticsearch, turns_index: str, asked: str) -> str:
    """The speaker key an address names: a key itself (a member code, or a non-member's name), or a
    member's name when exactly one member has it. Several members of that name: AmbiguousSpeaker."""
    asked = asked.strip()
    name = hangul_reading(asked)
    found = client.search(index=turns_index, size=0, query={"bool": {"should": [
        {"term": {"speaker_key": asked}}, {"term": {"speaker_name": name}}]}}, aggs={"keys": {"terms": {
            "field": "speaker_key", "size": 20}, "aggs": {
            "name": {"terms": {"field": "speaker_name", "size": 1}},
            "printed": {"terms": {"field": "speaker_printed", "size": 1}},
            "party": {"terms": {"field": "party", "size": 1}}}}})
    buckets = found["aggregations"]["keys"]["buckets"]
    names = {str(b["key"]): _first(b["name"]["buckets"]) for b in buckets}
    if not names:
        return asked
    if asked in names and names[asked] != asked:
        return asked  # a member code: one person, whoever else has the name
    if len(names) == 1:
        return next(iter(names))  # the one speaker of that name, member or not
    raise AmbiguousSpeaker(name, [SpeakerCandidate(key=str(b["key"]), name=_first(b["name"]["buckets"]),
                                                   printed=_first(b["printed"]["buckets"]),
                                                   party=_first(b["party"]["buckets"]), turns=b["doc_count"])
                                  for b in buckets])


def speaker_keys(client: Elasticsearch, turns_index: str, values: list[str]) -> list[str]:
    """Filter values as speaker keys: a key stays as it is; a name that is no key (an old speaker=이름
    link, a name typed by hand) becomes the keys of everyone of that name, each kept apart."""
    found = client.search(index=turns_index, size=0, query={"terms": {"speaker_key": values}},
                          aggs={"keys": {"terms": {"field": "speaker_key", "size": len(values)}}})
    known = {str(b["key"]) for b in found["aggregations"]["keys"]["buckets"]}
    names = [hangul_reading(value) for value in values if value not in known]
    if not names:
        return values
    by_name = client.search(index=turns_index, size=0, query={"terms": {"speaker_name": names}},
                            aggs={"keys": {"terms": {"field": "speaker_key", "size": 100}}})
    keys = [*(v for v in values if v in known), *(str(b["key"]) for b in by_name["aggregations"]["keys"]["buckets"])]
    # A name nobody has must still filter: kept as it is, it matches nothing (an empty list would be no
    # filter at all, and a feed titled with that name would list everyone's turns).
    return keys or values


def get_speaker_profile(client: Elasticsearch, turns_index: str, asked: str) -> SpeakerProfile:
    key = resolve_speaker(client, turns_index, asked)
    response = client.search(
        index=turns_index, size=0, query={"term": {"speaker_key": key}}, track_total_hits=True,
        aggs={
            "printed": {"terms": {"field": "speaker_printed", "size": 5}},
            "names": {"terms": {"field": "speaker_name", "size": 1}},
            "member_id": {"terms": {"field": "member_id", "size": 1}},
            "roles": {"terms": {"field": "role", "size": 10}},
            # The answers this member's questions drew (other people's turns: outside the query's scope).
            "answers": {"global": {}, "aggs": {"received": {"filter": {"bool": {"filter": [
                {"term": {"thread_asker": key}}, {"term": {"thread_role": "answer"}}]}}}}},
            "parties": {"terms": {"field": "party", "size": 5}},
            "committees": {"terms": {"field": "committee", "size": 30}},
            "terms": {"terms": {"field": "assembly_term", "size": 10, "order": {"_key": "asc"}}},
            "years": {"terms": {"field": "year", "size": 40, "order": {"_key": "asc"}}},
            # Terms this member uses far more than everyone else (background: the whole index).
            "distinctive": {"significant_terms": {"field": "topics", "size": 15, "min_doc_count": 2}},
            "phrases": candidates_aggregation(),
            "first": {"min": {"field": "date", "format": "strict_date"}},
            "last": {"max": {"field": "date", "format": "strict_date"}},
        },
    )
    total = response["hits"]["total"]["value"]
    if total == 0:
        raise NotFound(f"발언자를 찾을 수 없습니다: {asked}")
    aggs = response["aggregations"]
    return SpeakerProfile(
        key=key, member_id=_first(aggs["member_id"]["buckets"]), name=_first(aggs["names"]["buckets"]) or key,
        printed_forms=_counted(aggs["printed"]["buckets"]), roles=_counted(aggs["roles"]["buckets"]),
        parties=_counted(aggs["parties"]["buckets"]), committees=_counted(aggs["committees"]["buckets"]),
        committee_pages={str(b["key"]): committee_url(str(b["key"])) for b in aggs["committees"]["buckets"]},
        answers_received=aggs["answers"]["received"]["doc_count"],
        answers_url=search_url(SEARCH, SearchParams(answers_to=[key])) if aggs["answers"]["received"]["doc_count"]
        else "",
        terms=_counted(aggs["terms"]["buckets"]), turns_by_year=_counted(aggs["years"]["buckets"]),
        distinctive_terms=_counted(aggs["distinctive"]["buckets"]), total_turns=total,
        distinctive_phrases=distinctive_phrases(
            client, turns_index, aggs["phrases"], total,
            lambda phrase: search_url(SEARCH, SearchParams(phrase=[phrase], speaker=[key]))),
        first_date=aggs["first"]["value_as_string"], last_date=aggs["last"]["value_as_string"],
    )


def with_speaker_keys(client: Elasticsearch, turns_index: str, params):
    """Search parameters whose speaker filters hold speakers' keys: names (old links, typed by hand)
    become the keys of everyone of that name (members are keyed by code)."""
    for name in ("speaker", "answers_to"):
        if values := getattr(params, name):
            params = params.model_copy(update={name: speaker_keys(client, turns_index, values)[:MAX_VALUES]})
    return params
