"""The JSON twins of the trends page and the committee page, and the trends CSV (same functions as the pages)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from search_api.backend import BackendDep
from search_api.collection import Collection, CommitteeCount
from search_api.committees import CommitteeName, CommitteeProfile
from search_api.errors import error_responses
from search_api.routes import file_response
from search_api.trends import TrendParams, Trends, trends_csv

router = APIRouter(prefix="/api", tags=["api"], responses=error_responses(414, 422, 502, 503))


@router.get("/trends", response_model=Trends, summary="낱말·인용구의 시기별 추이 (발언 1만 건당)",
            responses=error_responses(400))
def api_trends(params: Annotated[TrendParams, Query()], backend: BackendDep) -> Trends:
    """Per period, the turns matching each term per 10,000 turns of that period under the same filters."""
    return backend.trends(params)


@router.get("/trends.csv", summary="추이의 수치 (CSV)", response_class=Response,
            responses={200: file_response(["text/csv"], "추이의 수치 (UTF-8 CSV)"), **error_responses(400)})
def api_trends_csv(params: Annotated[TrendParams, Query()], backend: BackendDep) -> Response:
    body = trends_csv(backend.trends(params), backend.settings.public_url)
    return Response(body, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="hearings-trends.csv"'})


@router.get("/committees", response_model=list[CommitteeCount], summary="위원회 목록 (발언·회의 수, 기간)")
def api_committees(backend: BackendDep) -> list[CommitteeCount]:
    return backend.collection().committees


@router.get("/collection", response_model=Collection, summary="색인된 자료: 위원회, 연도, 발언 수, 마지막 동기화")
def api_collection(backend: BackendDep) -> Collection:
    return backend.collection()


@router.get("/committees/{name}", response_model=CommitteeProfile, summary="위원회 페이지 (특징적 표현, 주요 발언자)",
            responses=error_responses(404))
def api_committee(name: CommitteeName, backend: BackendDep) -> CommitteeProfile:
    return backend.committee(name)
