"""Atom feeds: the twin of every search URL (/search.atom?…), and feeds of a member, a committee and an
audited body. Built in search_api/feeds.py from list_hits, the lean form of the search behind the pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from search_api.backend import Backend, BackendDep
from search_api.feeds import (
    MEDIA_TYPE,
    FeedText,
    feed_headers,
    feed_selection,
    not_modified,
    render_feed,
    search_feed_text,
    speaker_feed_path,
)
from search_api.params import MAX_VALUE_CHARS, SearchParams, SpeakerName
from search_api.saved import describe, selection
from search_api.service import HitList
from search_api.speakers import resolve_speaker
from search_api.urls import SEARCH, filter_feed_prefix, search_url, speaker_path

router = APIRouter(include_in_schema=False)
FilterName = Annotated[str, Path(max_length=MAX_VALUE_CHARS)]


def _serve(request: Request, backend: Backend, params: SearchParams,
           text_of: Callable[[HitList], FeedText]) -> Response:
    hits = backend.hits(feed_selection(params), size=backend.settings.feed_entries)
    text = text_of(hits)
    feed = render_feed(hits, text, backend.settings.public_url)
    headers = feed_headers(feed, text.page_path)
    if not_modified(request.headers.get("if-none-match"), request.headers.get("if-modified-since"), feed):
        return Response(status_code=304, headers=headers)
    return Response(feed.body, media_type=MEDIA_TYPE, headers=headers)


def _names(hits: HitList) -> dict[str, str]:
    return {s.get("speaker_key", ""): s.get("speaker_name", "") for s in hits.sources}


@router.get("/search.atom")
def search_feed(request: Request, params: Annotated[SearchParams, Query()], backend: BackendDep) -> Response:
    return _serve(request, backend, params, lambda hits: search_feed_text(params, hits))


@router.get("/feeds/speakers/{name}.atom")
def speaker_feed(request: Request, name: SpeakerName, params: Annotated[SearchParams, Query()],
                 backend: BackendDep) -> Response:
    key = resolve_speaker(backend.client, backend.turns_index, name)  # several members of the name: 300
    scoped = params.model_copy(update={"speaker": [key]})
    within = selection(params.model_copy(update={"speaker": []}))
    return _serve(request, backend, scoped, lambda hits: FeedText(
        title=f"국회 회의록: {describe(scoped, _names(hits))}", self_path=speaker_feed_path(key, params),
        page_path=search_url(speaker_path(key), within)))


def _filter_feed(request: Request, backend: Backend, params: SearchParams, facet: str, value: str,
                 path: str) -> Response:
    scoped = params.model_copy(update={facet: [value]})
    return _serve(request, backend, scoped, lambda hits: FeedText(
        title=f"국회 회의록: {describe(scoped, _names(hits))}",
        self_path=search_url(f"{path}/{quote(value, safe='')}.atom", selection(params.model_copy(update={facet: []}))),
        page_path=search_url(SEARCH, feed_selection(scoped))))


@router.get("/feeds/committees/{name}.atom")
def committee_feed(request: Request, name: FilterName, params: Annotated[SearchParams, Query()],
                   backend: BackendDep) -> Response:
    return _filter_feed(request, backend, params, "committee", name, filter_feed_prefix("committee"))


@router.get("/feeds/audited-bodies/{name}.atom")
def audited_body_feed(request: Request, name: FilterName, params: Annotated[SearchParams, Query()],
                      backend: BackendDep) -> Response:
    return _filter_feed(request, backend, params, "audited_body", name, filter_feed_prefix("audited_body"))
