"""HTML pages: the search page, the meeting reader and turn permalinks. Each has a JSON twin in /api."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

from elasticsearch import ApiError, TransportError
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from hearings.engine import EngineUnavailable
from search_api.backend import BackendDep
from search_api.export_formats import EXPORT_FORMATS
from search_api.feeds import follow_links
from search_api.models import SearchResult
from search_api.params import (
    MAX_QUERY_CHARS,
    MAX_QUOTE_CHARS,
    MeetingId,
    SearchParams,
    SpeakerName,
    ThreadNumber,
    TurnId,
)
from search_api.query_parser import QuerySyntaxError
from search_api.seoul_time import seoul_time
from search_api.speakers import AmbiguousSpeaker
from search_api.urls import SEARCH, meeting_api_url, query_pairs, search_url, speaker_path
from web.formatting import korean_date, number
from web.histogram_chart import histogram_chart
from web.speaker_links import hit_speaker_urls, speaker_links, top_speakers

WEB_DIR = Path(__file__).parent
STATIC_DIR = WEB_DIR / "static"
templates = Jinja2Templates(directory=WEB_DIR / "templates")
templates.env.filters["korean_date"] = korean_date
templates.env.filters["number"] = number
templates.env.filters["seoul_time"] = seoul_time

router = APIRouter(include_in_schema=False)


def export_links(params: SearchParams, *extra: tuple[str, str]) -> dict[str, str]:
    """One link per format exporting every hit of this search (page is irrelevant to an export)."""
    pairs = [pair for pair in query_pairs(params) if pair[0] != "page"]
    return {fmt: "/api/export?" + urlencode([*pairs, *extra, ("format", fmt)])
            for fmt in EXPORT_FORMATS}


def pair_export_links(params: SearchParams) -> dict[str, str]:
    """The same search exported as question → answer pairs (one row per answer it finds)."""
    return export_links(params, ("rows", "pairs"))


def result_links(result: SearchResult | None, params: SearchParams, one_speaker: bool = False) -> dict:
    """What the results list shows beyond the result itself: the people who said it most, each hit's speaker,
    the chart of hits over time."""
    chosen = one_speaker or bool(params.speaker)
    return {"top_speakers": top_speakers(result, params.q, chosen), "speaker_urls": hit_speaker_urls(result),
            "histogram_chart": histogram_chart(result.histogram) if result else None}


def render_error(request: Request, status: int, message: str) -> Response:
    return templates.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                      status_code=status)


def search_heading(params: SearchParams) -> str:
    """The page's h1: hidden above the results (the search box says it), but there for screen readers."""
    return f"‘{' '.join(params.q.split())}’ 검색 결과" if params.q.strip() else "발언 검색 결과"


@router.get("/", response_class=HTMLResponse)
def home(request: Request, backend: BackendDep) -> Response:
    # The collection is a welcome, not the point: with the engine down the search box still shows.
    try:
        collection = backend.collection()
    except (ApiError, TransportError, EngineUnavailable):
        collection = None
    return templates.TemplateResponse(request, "search.html", {
        "params": SearchParams(), "result": None, "heading": "국회 회의록 검색", "collection": collection,
        "collection_error": collection is None})


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, params: Annotated[SearchParams, Query()],
                backend: BackendDep) -> Response:
    api_url = search_url("/api/search", params)
    try:
        result = backend.search(params, base=SEARCH)
        error, status = None, 200
    except QuerySyntaxError as syntax_error:
        result, error, status = None, syntax_error.public_message(), syntax_error.status
    response = templates.TemplateResponse(
        request, "search.html",
        {"params": params, "result": result, "error": error, "api_url": api_url, "exports": export_links(params),
         "heading": search_heading(params),
         "pair_exports": pair_export_links(params), "form_action": SEARCH, "follow": follow_links(params),
         **result_links(result, params)},
        status_code=status,
    )
    return response


@router.get("/speakers/{name}", response_class=HTMLResponse)
def speaker_page(request: Request, name: SpeakerName, params: Annotated[SearchParams, Query()],
                 backend: BackendDep) -> Response:
    path = speaker_path(name)
    try:
        page = backend.speaker(name, params, base=path)
    except AmbiguousSpeaker as ambiguous:
        return templates.TemplateResponse(request, "speakers_same_name.html", {
            "name": ambiguous.name, "candidates": ambiguous.candidates,
            "links": {c.key: speaker_path(c.key) for c in ambiguous.candidates}}, status_code=300)
    scoped = params.model_copy(update={"speaker": [page.profile.key]})
    response = templates.TemplateResponse(request, "speaker.html", {
        "profile": page.profile, "links": speaker_links(page.profile), "result": page.result, "params": params,
        "exports": export_links(scoped), "form_action": path, "follow": follow_links(params, page.profile.key),
        **result_links(page.result, params, one_speaker=True),
    })
    return response


@router.get("/meetings/{meeting_id}", response_class=HTMLResponse)
def meeting_page(request: Request, meeting_id: MeetingId, backend: BackendDep,
                 q: Annotated[str, Query(max_length=MAX_QUERY_CHARS)] = "") -> Response:
    meeting = backend.meeting(meeting_id)
    marked = backend.marked_paragraphs(meeting, q) if q.strip() else {}
    api_url = meeting_api_url(meeting_id)
    response = templates.TemplateResponse(request, "meeting.html", {"meeting": meeting, "q": q, "marked": marked,
                                                                     "api_url": api_url})
    return response


@router.get("/meetings/{meeting_id}/threads", response_class=HTMLResponse)
def meeting_threads_page(request: Request, meeting_id: MeetingId, backend: BackendDep) -> Response:
    response = templates.TemplateResponse(request, "meeting_threads.html",
                                          {"contents": backend.meeting_threads(meeting_id)})
    return response


@router.get("/meetings/{meeting_id}/threads/{number}", response_class=HTMLResponse)
def thread_page(request: Request, meeting_id: MeetingId, number: ThreadNumber, backend: BackendDep) -> Response:
    response = templates.TemplateResponse(request, "thread.html", {"thread": backend.thread(meeting_id, number)})
    return response


@router.get("/verify", response_class=HTMLResponse)
def verify_page(request: Request, backend: BackendDep,
                text: Annotated[str, Query(max_length=MAX_QUOTE_CHARS)] = "") -> Response:
    result = backend.verify(text) if text.strip() else None
    return templates.TemplateResponse(request, "verify.html", {"text": text, "result": result})


@router.get("/status", response_class=HTMLResponse)
def status_page(request: Request, backend: BackendDep) -> Response:
    response = templates.TemplateResponse(request, "status.html", {"status": backend.sync_status()})
    return response


@router.get("/turns/{turn_id}")
def turn_permalink(turn_id: TurnId, backend: BackendDep) -> Response:
    return RedirectResponse(backend.turn(turn_id)["url"], status_code=303)
