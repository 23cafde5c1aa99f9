"""The JSON API. Each endpoint is the twin of an HTML page and calls the same function."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from search_api.meetings import MeetingView, get_meeting, get_turn
from search_api.models import SearchResult
from search_api.params import SearchParams
from search_api.service import run_search

router = APIRouter(prefix="/api", tags=["api"])


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


@router.get("/search", response_model=SearchResult, summary="발언 검색")
def api_search(params: Annotated[SearchParams, Query()], backend: Annotated[Backend, Depends()]) -> SearchResult:
    return backend.search(params, base="/api/search")


@router.get("/turns/{turn_id}", summary="발언 하나")
def api_turn(turn_id: str, backend: Annotated[Backend, Depends()]) -> dict:
    return backend.turn(turn_id)


@router.get("/meetings/{meeting_id}", response_model=MeetingView, summary="회의 전체")
def api_meeting(meeting_id: str, backend: Annotated[Backend, Depends()]) -> MeetingView:
    return backend.meeting(meeting_id)
