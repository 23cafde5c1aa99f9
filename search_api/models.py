"""What a search returns, as served by the JSON API and rendered by the HTML pages."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from search_api.threads import Partner


class FacetValue(BaseModel):
    value: str
    count: int
    label: str = ""  # what to show: the value itself, or a member's name (with the party when names repeat)
    selected: bool
    toggle_url: str


class Facet(BaseModel):
    name: str
    label: str
    values: list[FacetValue]


class HistogramBar(BaseModel):
    period: str  # YYYY-MM, or YYYY when the hits span more than MONTHS_SHOWN months
    date_from: str  # ISO dates, as the date filters take them
    date_to: str
    count: int
    url: str  # the same search narrowed to that period


class MeetingFields(BaseModel):
    """What identifies the sitting a turn belongs to; shared by hits and the meeting reader."""

    meeting_id: str
    committee: str
    meeting_type: str
    assembly_term: int | None
    session: int | None
    session_kind: str
    meeting_number: int | None
    date: str
    audited_bodies: list[str] = []  # 국정감사 only


class Hit(MeetingFields):
    turn_id: str
    seq: int
    speaker_name: str
    speaker_printed: str
    role: str
    role_group: str
    party: str
    agenda_item: str
    snippet_html: str
    url: str  # the turn inside its meeting
    citation: str
    citation_short: str = ""  # what the copy button copies
    pages: list[int] = []  # printed pages of the minutes the turn spans, where the source marks pages
    cite_links: dict[str, str] = {}  # BibTeX / RIS / CSL-JSON download of this turn's reference
    provisional: bool = False  # from 임시회의록: not yet the final text
    thread_role: str = ""  # question / answer / follow-up in its question → answer thread, or ""
    partner: Partner | None = None  # the question this answered, or the answer this got
    speaker_body: str = ""  # the body an official answers for (답변 기관)
    thread_asker: str = ""  # the key of the member whose question → answer thread this turn is in
    tier: Literal["full", "partial"] = "full"  # full: every typed word; partial: some are missing
    missing: list[str] = []  # the typed words a partial hit lacks (shown struck through)
    # A near-quote (a quote the minutes hold only with other particles or endings): what differs,
    # "행위를 → 행위" (as quoted → as said) and "+ 정말" (said, left out of the quote).
    differences: list[str] = []


class ActiveFilter(BaseModel):
    label: str
    value: str
    remove_url: str


class SpeakerChip(BaseModel):
    name: str
    label: str
    url: str


class SearchResult(BaseModel):
    query: str
    total: int
    page: int
    pages: int
    hits: list[Hit]
    facets: list[Facet]
    histogram: list[HistogramBar]
    active_filters: list[ActiveFilter]
    clear_url: str
    prev_url: str | None
    next_url: str | None
    took_ms: int
    did_you_mean: str | None = None  # a close spelling that finds more
    did_you_mean_url: str | None = None
    expansion_note: str | None = None  # "형사소송법도 함께 찾았습니다": other names of a typed word were searched too
    unexpanded_url: str | None = None  # the same search without them
    partial_total: int = 0  # turns with some but not all of the words (the partial tier); not in `total`
    partial_note: str | None = None  # said on the page before the partial hits
    all_words_url: str | None = None  # the same search without the partial tier (match=all)
    not_said_note: str | None = None  # a quote with no full match: said plainly, with or without near-quotes
    speaker_chips: list[SpeakerChip] = []  # "화자: 이준석만 보기": a typed name offered as a speaker filter
