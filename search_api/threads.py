"""A hit's partner in its question → answer thread: under an answer the question it answered, under a
question (or follow-up) the answer it got. Both are found at ingest (ingest/threads.py) and stored with
the turn; a search reads them from the hit itself."""

from __future__ import annotations

from pydantic import BaseModel

from search_api.urls import turn_url


class Partner(BaseModel):
    relation: str  # "질문" (the question this answered) or "답변" (the answer this got)
    turn_id: str
    speaker_name: str
    role: str
    excerpt: str  # plain text; the template escapes it
    url: str


def stored_partner(source: dict) -> Partner | None:
    """The partner ingest stored with the turn (ingest/documents.py), with its link."""
    partner = source.get("partner")
    if not partner:
        return None
    return Partner(relation=partner["relation"], turn_id=partner["turn_id"], speaker_name=partner["speaker_name"],
                   role=partner["role"], excerpt=partner["excerpt"], url=turn_url(source["meeting_id"], partner["seq"]))
