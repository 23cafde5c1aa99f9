"""A hit's partner in its question → answer thread: under an answer the question it answered, under a
question (or follow-up) the answer it got (threads are made at ingest, ingest/threads.py)."""

from __future__ import annotations

from elasticsearch import Elasticsearch
from pydantic import BaseModel

from hearings.engine import msearch_responses
from search_api.urls import turn_url

EXCERPT_CHARS = 160
_ASKING = ("question", "follow-up")  # a follow-up asks too: an answer after it answers it


class Partner(BaseModel):
    relation: str  # "질문" (the question this answered) or "답변" (the answer this got)
    turn_id: str
    speaker_name: str
    role: str
    excerpt: str  # plain text; the template escapes it
    url: str


def _partner_query(source: dict) -> tuple[str, dict] | None:
    """The one search that finds a hit's partner: the nearest asking turn before an answer, or the first
    answer after a question, in the same thread."""
    seq, role, thread = source["seq"], source.get("thread_role"), source.get("thread_id")
    if not thread or role not in (*_ASKING, "answer"):
        return None
    answered = role == "answer"
    wanted = list(_ASKING) if answered else ["answer"]
    query = {"bool": {"filter": [{"term": {"thread_id": thread}}, {"terms": {"thread_role": wanted}},
                                 {"range": {"seq": {"lt": seq} if answered else {"gt": seq}}}]}}
    body = {"query": query, "size": 1, "sort": [{"seq": "desc" if answered else "asc"}],
            "_source": ["turn_id", "meeting_id", "seq", "speaker_name", "role", "text"]}
    return ("질문" if answered else "답변"), body


def thread_partners(client: Elasticsearch, index: str, sources: list[dict]) -> dict[str, Partner]:
    """turn_id of a hit → its partner; one round trip per page (a multi-search of one small query per hit)."""
    asked = [(source["turn_id"], found) for source in sources if (found := _partner_query(source))]
    if not asked:
        return {}
    searches: list[dict] = []
    for _, (_, body) in asked:
        searches += [{"index": index}, body]
    responses = msearch_responses(client, searches)
    partners = {}
    for (turn_id, (relation, _)), response in zip(asked, responses, strict=True):
        hits = response.get("hits", {}).get("hits", [])
        if not hits:
            continue
        doc = hits[0]["_source"]
        text = " ".join(doc.get("text", "").split())
        partners[turn_id] = Partner(
            relation=relation, turn_id=doc["turn_id"], speaker_name=doc["speaker_name"], role=doc["role"],
            excerpt=text[:EXCERPT_CHARS] + ("…" if len(text) > EXCERPT_CHARS else ""),
            url=turn_url(doc["meeting_id"], doc["seq"]))
    return partners
