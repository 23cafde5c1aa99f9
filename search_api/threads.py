"""A hit's partner in its question → answer thread: under an answer the question it answered, under a
question (or follow-up) the answer it got (threads are made at ingest, ingest/threads.py)."""

from __future__ import annotations

from elasticsearch import Elasticsearch
from pydantic import BaseModel

from search_api.urls import turn_url

EXCERPT_CHARS = 160
_ASKING = ("question", "follow-up")


class Partner(BaseModel):
    relation: str  # "질문" (the question this answered) or "답변" (the answer this got)
    turn_id: str
    speaker_name: str
    role: str
    excerpt: str  # plain text; the template escapes it
    url: str


def _partner_id(source: dict, thread: list[dict]) -> tuple[str, str] | None:
    seq, role = source["seq"], source.get("thread_role")
    if role == "answer":
        asked = [t for t in thread if t["seq"] < seq and t["thread_role"] in _ASKING]
        return (asked[-1]["turn_id"], "질문") if asked else None
    if role in _ASKING:
        answers = [t for t in thread if t["seq"] > seq and t["thread_role"] == "answer"]
        return (answers[0]["turn_id"], "답변") if answers else None
    return None


def thread_partners(client: Elasticsearch, index: str, sources: list[dict]) -> dict[str, Partner]:
    """turn_id of a hit → its partner; two searches per page, whatever the number of hits."""
    threads = sorted({s["thread_id"] for s in sources if s.get("thread_id")})
    if not threads:
        return {}
    members = client.search(index=index, query={"terms": {"thread_id": threads}}, size=5000, sort=[{"seq": "asc"}],
                            _source=["turn_id", "seq", "thread_id", "thread_role"])["hits"]["hits"]
    by_thread: dict[str, list[dict]] = {}
    for hit in members:
        by_thread.setdefault(hit["_source"]["thread_id"], []).append(hit["_source"])
    wanted = {s["turn_id"]: found for s in sources if s.get("thread_id")
              and (found := _partner_id(s, by_thread.get(s["thread_id"], [])))}
    if not wanted:
        return {}
    partner_ids = sorted({turn_id for turn_id, _ in wanted.values()})
    docs = {hit["_source"]["turn_id"]: hit["_source"] for hit in client.search(
        index=index, query={"terms": {"turn_id": partner_ids}}, size=len(partner_ids),
        _source=["turn_id", "meeting_id", "seq", "speaker_name", "role", "text"])["hits"]["hits"]}
    partners = {}
    for turn_id, (partner_id, relation) in wanted.items():
        doc = docs.get(partner_id)
        if doc:
            text = " ".join(doc.get("text", "").split())
            partners[turn_id] = Partner(
                relation=relation, turn_id=partner_id, speaker_name=doc["speaker_name"], role=doc["role"],
                excerpt=text[:EXCERPT_CHARS] + ("…" if len(text) > EXCERPT_CHARS else ""),
                url=turn_url(doc["meeting_id"], doc["seq"]))
    return partners
