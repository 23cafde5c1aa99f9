"""One meeting with all its turns, for the meeting reader and the turn permalink."""

from __future__ import annotations

from elasticsearch import Elasticsearch
from pydantic import BaseModel

from hearings.index import SEARCH_TERM_FIELDS
from hearings.sources import official_link
from search_api.citation import citation_line, meeting_title, page_range, short_citation
from search_api.models import MeetingFields
from search_api.status_errors import StatusError
from search_api.urls import cite_links, threads_url, turn_url


class NotFound(StatusError, LookupError):
    status = 404


class ReaderParagraph(BaseModel):
    kind: str
    text: str


class ReaderTurn(BaseModel):
    turn_id: str
    seq: int
    label: str
    speaker_name: str
    speaker_printed: str
    role: str
    party: str
    agenda_item: str
    paragraphs: list[ReaderParagraph]
    citation: str
    url: str = ""  # the turn in the full reader
    citation_short: str = ""  # what the copy button copies
    pages: list[int] = []  # printed pages the turn spans, where the source marks pages
    page_marker: str = ""  # "12-13쪽" in the reader's margin where the turn begins or runs onto a new page
    cite_links: dict[str, str] = {}  # BibTeX / RIS / CSL-JSON download of this turn's reference


class RevisedTurn(BaseModel):
    seq: int
    before: str
    after: str


class Revision(BaseModel):
    """One replacement of a provisional text: when, and which turns were added, removed or reworded."""

    replaced_at: str
    previous_sha256: str = ""
    sha256: str = ""
    added: int
    removed: int
    reworded: int
    examples: list[RevisedTurn] = []


class MeetingView(MeetingFields):
    title: str
    place: str
    agenda: list[str]
    source_file: str
    source_url: str
    source_link: str | None = None  # source_url when it is safe to link (an official host over http(s))
    spacing_restored: bool = False  # the source's text layer had lost its spaces; they were restored
    provisional: bool = False  # 임시회의록: not yet the final text
    provenance: dict = {}  # where sync fetched it: confer_num, conf_id, fetched_at, sha256, file_url
    revisions: list[Revision] = []  # what changed when a provisional text was replaced by the final one
    threads_url: str = ""  # the meeting folded into its question → answer threads
    turns: list[ReaderTurn]


def visible_source(client: Elasticsearch, index: str, field: str, value: str) -> dict | None:
    """The visible version of a document: a search, not a get by id, because only searches apply the
    alias filter that hides versions being written or replaced (ingest/visibility.py)."""
    found = client.search(index=index, query={"term": {field: value}}, size=1)["hits"]["hits"]
    return found[0]["_source"] if found else None


def reader_turn(t: dict) -> ReaderTurn:
    return ReaderTurn(
        turn_id=t["turn_id"], seq=t["seq"], label=t["speaker_label"], speaker_name=t["speaker_name"],
        speaker_printed=t["speaker_printed"], role=t["role"], party=t.get("party", ""),
        agenda_item=t.get("agenda_item", ""), paragraphs=[ReaderParagraph(**p) for p in t["paragraphs"]],
        citation=citation_line(t), url=turn_url(t["meeting_id"], t["seq"]), citation_short=short_citation(t),
        pages=t.get("pages") or [], cite_links=cite_links(t["turn_id"]))


def mark_new_pages(turns: list[ReaderTurn]) -> list[ReaderTurn]:
    """Page boundaries for the reader's margin: a turn that begins a page or runs onto one shows the pages it
    spans; a turn wholly on a page already shown shows none."""
    shown = 0
    for turn in turns:
        if turn.pages and max(turn.pages) > shown:
            turn.page_marker = page_range(turn.pages)
            shown = max(turn.pages)
    return turns


def get_meeting(client: Elasticsearch, meetings_index: str, turns_index: str, meeting_id: str) -> MeetingView:
    meeting = visible_source(client, meetings_index, "meeting_id", meeting_id)
    if meeting is None:
        raise NotFound(f"회의를 찾을 수 없습니다: {meeting_id}")
    found = client.search(
        index=turns_index, query={"term": {"meeting_id": meeting_id}}, sort=[{"seq": "asc"}], size=10_000,
        _source={"excludes": ["text", *SEARCH_TERM_FIELDS]},
    )
    turns = mark_new_pages([reader_turn(hit["_source"]) for hit in found["hits"]["hits"]])
    return MeetingView(
        meeting_id=meeting_id, title=meeting_title(meeting), committee=meeting["committee"],
        meeting_type=meeting["meeting_type"], assembly_term=meeting.get("assembly_term"),
        session=meeting.get("session"), session_kind=meeting.get("session_kind", ""),
        meeting_number=meeting.get("meeting_number"), date=meeting["date"], place=meeting.get("place", ""),
        agenda=meeting.get("agenda", []), audited_bodies=meeting.get("audited_bodies", []),
        source_file=meeting.get("source_file", ""), source_url=meeting.get("source_url", ""),
        source_link=official_link(meeting.get("source_url", "")), turns=turns,
        spacing_restored=meeting.get("spacing_restored", False), provisional=meeting.get("provisional", False),
        provenance=meeting.get("provenance") or {}, revisions=meeting.get("revisions") or [],
        threads_url=threads_url(meeting_id),
    )


def get_turn(client: Elasticsearch, turns_index: str, turn_id: str) -> dict:
    source = visible_source(client, turns_index, "turn_id", turn_id)
    if source is None:
        raise NotFound(f"발언을 찾을 수 없습니다: {turn_id}")
    return source | {"citation": citation_line(source), "citation_short": short_citation(source),
                     "url": turn_url(source["meeting_id"], source["seq"]), "cite_links": cite_links(turn_id)}
