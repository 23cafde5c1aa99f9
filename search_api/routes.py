"""The JSON API. Each endpoint is the twin of an HTML page and calls the same function."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel

from search_api.export import Export, ExportRequest
from search_api.export_formats import ENCODERS, FORMATS, check_xlsx_fits
from search_api.highlight import marked_htmls
from search_api.meetings import MeetingView, get_meeting, get_turn
from search_api.models import SearchResult
from search_api.params import ExportParams, SearchParams
from search_api.query import Needles, build_query
from search_api.query_parser import QuerySyntaxError
from search_api.service import run_search
from search_api.speakers import SpeakerProfile, get_speaker_profile
from search_api.urls import search_url

router = APIRouter(prefix="/api", tags=["api"])


class SpeakerPage(BaseModel):
    profile: SpeakerProfile
    result: SearchResult


class Backend:
    """What request handlers need from the app: the client, index names and the analyzer."""

    def __init__(self, request: Request):
        state = request.app.state
        self.client = state.client
        self.settings = state.settings
        self.analyzer = state.analyzer
        self.turns_index = state.turns_index
        self.meetings_index = state.meetings_index

    def search(self, params: SearchParams, base: str) -> SearchResult:
        return run_search(self.client, self.turns_index, params, self.analyzer, base=base)

    def meeting(self, meeting_id: str) -> MeetingView:
        return get_meeting(self.client, self.meetings_index, self.turns_index, meeting_id)

    def turn(self, turn_id: str) -> dict:
        return get_turn(self.client, self.turns_index, turn_id)

    def marked_paragraphs(self, meeting: MeetingView, q: str) -> dict[tuple[int, int], str]:
        """(turn seq, paragraph index) → speech with the query's matches marked, for paragraphs that match."""
        needles = Needles()
        try:
            build_query(SearchParams(q=q), self.analyzer.terms, needles)
        except QuerySyntaxError:
            return {}
        speech = [((turn.seq, index), paragraph.text) for turn in meeting.turns
                  for index, paragraph in enumerate(turn.paragraphs) if paragraph.kind == "speech"]
        htmls = marked_htmls([text for _, text in speech], needles, self.analyzer.terms_many)
        return {key: html for (key, _), html in zip(speech, htmls, strict=True) if "<mark>" in html}

    def speaker(self, name: str, params: SearchParams, base: str) -> SpeakerPage:
        """The member's profile and their turns, searchable with the usual parameters."""
        profile = get_speaker_profile(self.client, self.turns_index, name)
        scoped = params.model_copy(update={"speaker": [profile.name]})
        return SpeakerPage(profile=profile, result=self.search(scoped, base=base))

    def export(self, params: ExportParams) -> Export:
        request = ExportRequest(params.search_params(), ExportRequest.parse_columns(params.columns),
                                params.stage_directions)
        return Export(self.client, self.turns_index, request, self.analyzer, self.settings.public_url)


async def _backend(request: Request) -> Backend:
    # An async dependency runs on the event loop: no thread-pool hop just to read app state.
    return Backend(request)


BackendDep = Annotated[Backend, Depends(_backend)]


@router.get("/search", response_model=SearchResult, summary="발언 검색")
async def api_search(params: Annotated[SearchParams, Query()], backend: BackendDep) -> Response:
    # One thread-pool hop for the blocking work. The result is already a validated SearchResult, so it is
    # serialized once, by pydantic's Rust core, rather than dumped, validated again and encoded by FastAPI.
    result = await run_in_threadpool(backend.search, params, "/api/search")
    return Response(result.model_dump_json(), media_type="application/json")


@router.get("/turns/{turn_id}", summary="발언 하나")
def api_turn(turn_id: str, backend: BackendDep) -> dict:
    return backend.turn(turn_id)


@router.get("/meetings/{meeting_id}", response_model=MeetingView, summary="회의 전체")
def api_meeting(meeting_id: str, backend: BackendDep) -> MeetingView:
    return backend.meeting(meeting_id)


@router.get("/speakers/{name}", response_model=SpeakerPage, summary="발언자(의원) 페이지")
def api_speaker(name: str, params: Annotated[SearchParams, Query()],
                backend: BackendDep) -> SpeakerPage:
    return backend.speaker(name, params, base=f"/api/speakers/{quote(name)}")


@router.get("/export", summary="검색 결과 전체 내보내기 (CSV·JSONL·Parquet·XLSX)",
            response_class=StreamingResponse)
def api_export(params: Annotated[ExportParams, Query()], backend: BackendDep) -> StreamingResponse:
    """Every hit of the search, streamed; the manifest is at /api/export/manifest with the same parameters."""
    export = backend.export(params)
    if params.format == "xlsx":
        check_xlsx_fits(export)
    media_type, extension = FORMATS[params.format]
    manifest_url = search_url("/api/export/manifest", params)
    headers = {
        "Content-Disposition": f'attachment; filename="hearings-export.{extension}"',
        "Link": f'<{manifest_url}>; rel="describedby"; type="application/json"',
        "X-Export-Rows": str(export.total),
    }
    return StreamingResponse(ENCODERS[params.format](export), media_type=media_type, headers=headers)


@router.get("/export/manifest", summary="내보내기 명세 (검색 조건, 색인, 행 수)")
def api_export_manifest(params: Annotated[ExportParams, Query()], backend: BackendDep) -> dict:
    export = backend.export(params)
    export.close()
    return export.manifest(fmt=params.format)
