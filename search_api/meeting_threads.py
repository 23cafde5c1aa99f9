"""A meeting folded into its question → answer threads: a light table of contents (who asked, who
answered, the opening words of each) and each thread as its own page.

The full reader of a 1,000-turn sitting is over a megabyte of HTML. The folded view fetches the texts of
only two turns per thread (the opening question and the first answer) and prints an excerpt of each, so
it stays a few hundred kilobytes whatever the meeting's length; a thread's page holds its turns whole.
"""

from __future__ import annotations

from elasticsearch import Elasticsearch
from pydantic import BaseModel

from hearings.index import SEARCH_TERM_FIELDS
from ingest.threads import thread_id, thread_number
from search_api.citation import meeting_title
from search_api.meetings import NotFound, ReaderTurn, reader_turn, visible_source
from search_api.params import SearchParams
from search_api.urls import SEARCH, meeting_path, search_url, thread_url, threads_url, turn_url

EXCERPT_CHARS = 140
MAX_TURNS = 10_000  # the longest sittings have about 2,000 turns


class ThreadSummary(BaseModel):
    number: int
    thread_id: str
    asker_name: str
    asker_key: str
    asker_party: str
    answerers: list[str]  # "김강립 보건복지부차관", in order of first answer
    bodies: list[str]  # answering bodies, in order of first answer
    turns: int
    answers: int
    first_seq: int
    question: str  # the opening question's first words
    answer: str  # the first answer's first words, or ""
    url: str  # the thread on its own page
    reader_url: str  # the opening question in the full reader


class MeetingThreads(BaseModel):
    meeting_id: str
    title: str
    committee: str
    date: str
    reader_url: str
    api_url: str
    threads: list[ThreadSummary]
    answered: int  # threads with at least one answer
    unthreaded_turns: int  # the chair's procedure, reports before any question


class ThreadPage(BaseModel):
    meeting_id: str
    title: str
    date: str
    number: int
    asker_name: str
    answers_url: str  # every answer this member received, across meetings
    turns: list[ReaderTurn]
    contents_url: str
    prev_url: str | None
    next_url: str | None


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT_CHARS else flat[:EXCERPT_CHARS].rstrip() + "…"


def _meeting(client: Elasticsearch, meetings_index: str, meeting_id: str) -> dict:
    meeting = visible_source(client, meetings_index, "meeting_id", meeting_id)
    if meeting is None:
        raise NotFound(f"회의를 찾을 수 없습니다: {meeting_id}")
    return meeting


def get_meeting_threads(client: Elasticsearch, meetings_index: str, turns_index: str,
                        meeting_id: str) -> MeetingThreads:
    meeting = _meeting(client, meetings_index, meeting_id)
    found = client.search(
        index=turns_index, query={"term": {"meeting_id": meeting_id}}, sort=[{"seq": "asc"}], size=MAX_TURNS,
        _source=["turn_id", "seq", "speaker_name", "role", "party", "thread_id", "thread_role", "thread_asker",
                 "speaker_body"])
    turns = [hit["_source"] for hit in found["hits"]["hits"]]
    grouped: dict[str, list[dict]] = {}
    for turn in turns:
        if turn.get("thread_id"):
            grouped.setdefault(turn["thread_id"], []).append(turn)
    # Only the opening question's and the first answer's texts are read.
    leads = {}
    for members in grouped.values():
        leads[members[0]["turn_id"]] = ""
        if first_answer := next((t for t in members if t["thread_role"] == "answer"), None):
            leads[first_answer["turn_id"]] = ""
    if leads:
        texts = client.search(index=turns_index, query={"terms": {"turn_id": list(leads)}}, size=len(leads),
                              _source=["turn_id", "text"])
        leads |= {hit["_source"]["turn_id"]: _excerpt(hit["_source"]["text"]) for hit in texts["hits"]["hits"]}
    threads = [_summary(meeting_id, members, leads) for members in grouped.values()]
    return MeetingThreads(
        meeting_id=meeting_id, title=meeting_title(meeting), committee=meeting["committee"], date=meeting["date"],
        reader_url=meeting_path(meeting_id), api_url=f"/api{threads_url(meeting_id)}", threads=threads,
        answered=sum(1 for t in threads if t.answers),
        unthreaded_turns=sum(1 for t in turns if not t.get("thread_id")))


def _summary(meeting_id: str, members: list[dict], leads: dict[str, str]) -> ThreadSummary:
    opener = members[0]
    answers = [t for t in members if t["thread_role"] == "answer"]
    number = thread_number(opener["thread_id"])
    answerers = list(dict.fromkeys(f"{t['speaker_name']} {t['role']}".strip() for t in answers))
    bodies = list(dict.fromkeys(t["speaker_body"] for t in answers if t.get("speaker_body")))
    return ThreadSummary(
        number=number, thread_id=opener["thread_id"], asker_name=opener["speaker_name"],
        asker_key=opener.get("thread_asker") or opener["speaker_name"], asker_party=opener.get("party") or "",
        answerers=answerers, bodies=bodies, turns=len(members), answers=len(answers), first_seq=opener["seq"],
        question=leads.get(opener["turn_id"], ""), answer=leads.get(answers[0]["turn_id"], "") if answers else "",
        url=thread_url(meeting_id, number), reader_url=turn_url(meeting_id, opener["seq"]))


def get_thread(client: Elasticsearch, meetings_index: str, turns_index: str, meeting_id: str,
               number: int) -> ThreadPage:
    meeting = _meeting(client, meetings_index, meeting_id)
    found = client.search(index=turns_index, query={"term": {"thread_id": thread_id(meeting_id, number)}},
                          sort=[{"seq": "asc"}], size=MAX_TURNS, _source={"excludes": ["text", *SEARCH_TERM_FIELDS]})
    sources = [hit["_source"] for hit in found["hits"]["hits"]]
    if not sources:
        raise NotFound(f"질의·답변 묶음을 찾을 수 없습니다: {meeting_id} #{number}")
    later = client.count(index=turns_index, query={"term": {"thread_id": thread_id(meeting_id, number + 1)}})
    asker = sources[0].get("thread_asker") or sources[0]["speaker_name"]
    return ThreadPage(
        meeting_id=meeting_id, title=meeting_title(meeting), date=meeting["date"], number=number,
        asker_name=sources[0].get("thread_asker_name") or sources[0]["speaker_name"],
        answers_url=search_url(SEARCH, SearchParams(answers_to=[asker])),
        turns=[reader_turn(t) for t in sources],
        contents_url=threads_url(meeting_id),
        prev_url=thread_url(meeting_id, number - 1) if number > 1 else None,
        next_url=thread_url(meeting_id, number + 1) if later["count"] else None)
