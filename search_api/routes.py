"""The JSON API. Each endpoint is the twin of an HTML page and calls the same function."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response, StreamingResponse
from starlette.types import Receive, Scope, Send

from search_api.backend import BackendDep, SpeakerPage
from search_api.cite_formats import MEDIA_TYPES, CiteFormat, reference_download
from search_api.errors import error_responses
from search_api.export import Export
from search_api.export_formats import EXPORT_FORMATS, ExportParams
from search_api.export_ledger import recorded
from search_api.meeting_threads import MeetingThreads, ThreadPage
from search_api.meetings import MeetingView, NotFound
from search_api.models import SearchResult
from search_api.params import MeetingId, QuoteText, SearchParams, SpeakerName, ThreadNumber, TurnId
from search_api.status import SyncStatus
from search_api.verify import VerifyResult

# Every /api operation can answer these; each route adds the ones its own rules give (400, 404, 300).
router = APIRouter(prefix="/api", tags=["api"], responses=error_responses(414, 422, 502, 503))
DISPOSITION = {"Content-Disposition": {"description": "attachment; 내려받을 파일 이름", "schema": {"type": "string"}}}


def file_response(media_types: list[str], description: str, headers: dict | None = None) -> dict:
    """The OpenAPI 200 of a download: each media type it may have (without charset) and its headers."""
    content = {media_type.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
               for media_type in media_types}
    return {"description": description, "content": content, "headers": DISPOSITION | (headers or {})}


EXPORT_HEADERS = {
    "Link": {"description": '이 내보내기 명세(/api/export/manifest/{id})의 주소, rel="describedby"',
             "schema": {"type": "string"}},
    "X-Export-Id": {"description": "이 내보내기의 id (명세를 다시 받을 때)", "schema": {"type": "string"}},
    "X-Export-Rows": {"description": "파일에 담길 행 수", "schema": {"type": "integer", "minimum": 0}},
}
ExportId = Annotated[str, Path(pattern="^[0-9a-f]{32}$", description="내보내기 응답의 X-Export-Id")]


class ExportResponse(StreamingResponse):
    """A streamed export that releases its point in time however the download ends: finished, failed,
    or abandoned by the client, even before the first byte (when the encoder never started)."""

    def __init__(self, export: Export, content: Iterator[bytes], status_code: int = 200, **kwargs):
        # status_code is spelled out: FastAPI reads its default when it writes /openapi.json
        super().__init__(content, status_code=status_code, **kwargs)
        self.export, self.content = export, content

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Starlette notices a client that left only when it next sends, and an encoder that builds its file
        # before the first byte (XLSX) sends nothing for minutes: the disconnect is watched for here, and the
        # response stops at once (its admission slot with it); the encoder's thread stops at its next page.
        streaming = asyncio.create_task(super().__call__(scope, receive, send))
        watcher = asyncio.create_task(self._watch_for_disconnect(receive))
        try:
            await asyncio.wait({streaming, watcher}, return_when=asyncio.FIRST_COMPLETED)
            if not streaming.done():  # the client left
                streaming.cancel()
                await asyncio.wait({streaming})
            else:
                streaming.result()  # its failure, if it failed
        finally:
            streaming.cancel()
            watcher.cancel()
            await run_in_threadpool(self._release)

    async def _watch_for_disconnect(self, receive: Receive) -> None:
        while (await receive())["type"] != "http.disconnect":
            pass
        await run_in_threadpool(self.export.abandon)  # no further page, and the point in time released now

    def _release(self) -> None:
        try:
            self.content.close()  # runs the encoder's own clean-up if it stopped part-way
        except ValueError:
            pass  # still running in a worker thread: it stops at its next page, the PIT being closed here
        self.export.close()


@router.get("/search", response_model=SearchResult, summary="발언 검색", responses=error_responses(400))
async def api_search(params: Annotated[SearchParams, Query()], backend: BackendDep) -> Response:
    # One thread-pool hop for the blocking work. The result is already a validated SearchResult, so it is
    # serialized once, by pydantic's Rust core, rather than dumped, validated again and encoded by FastAPI.
    result = await run_in_threadpool(backend.search, params, "/api/search")
    return Response(result.model_dump_json(), media_type="application/json")


@router.get("/turns/{turn_id}", summary="발언 하나", responses=error_responses(404))
def api_turn(turn_id: TurnId, backend: BackendDep) -> dict:
    return backend.turn(turn_id)


@router.get("/turns/{turn_id}/cite", summary="발언 하나의 서지 정보 (BibTeX·RIS·CSL-JSON)",
            response_class=Response,
            responses={200: file_response([media_type for media_type, _ in MEDIA_TYPES.values()],
                                          "format에 따라 BibTeX, RIS 또는 CSL-JSON 파일"),
                       **error_responses(404)})
def api_turn_cite(turn_id: TurnId, backend: BackendDep,
                  format: Annotated[CiteFormat, Query(description="bibtex, ris 또는 csl (CSL-JSON)")] = "bibtex",
                  ) -> Response:
    """The turn as a reference for citation managers, downloaded as a file."""
    body, media_type, filename = reference_download(backend.turn(turn_id), format, backend.settings.public_url)
    return Response(body, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@router.get("/meetings/{meeting_id}", response_model=MeetingView, summary="회의 전체",
            responses=error_responses(404))
def api_meeting(meeting_id: MeetingId, backend: BackendDep) -> MeetingView:
    return backend.meeting(meeting_id)


@router.get("/meetings/{meeting_id}/threads", response_model=MeetingThreads, summary="회의를 질의·답변 묶음으로",
            responses=error_responses(404))
def api_meeting_threads(meeting_id: MeetingId, backend: BackendDep) -> MeetingThreads:
    return backend.meeting_threads(meeting_id)


@router.get("/meetings/{meeting_id}/threads/{number}", response_model=ThreadPage, summary="질의·답변 묶음 하나",
            responses=error_responses(404))
def api_thread(meeting_id: MeetingId, number: ThreadNumber, backend: BackendDep) -> ThreadPage:
    return backend.thread(meeting_id, number)


@router.get("/speakers/{name}", response_model=SpeakerPage, summary="발언자(의원) 페이지",
            responses=error_responses(300, 400, 404))
def api_speaker(name: SpeakerName, params: Annotated[SearchParams, Query()],
                backend: BackendDep) -> SpeakerPage:
    return backend.speaker(name, params, base=f"/api/speakers/{quote(name)}")


@router.get("/verify", response_model=VerifyResult,
            summary="인용문 확인: 기사에 실린 인용이 회의록에 있는지, 누가 언제 처음 했는지")
def api_verify(text: QuoteText, backend: BackendDep) -> VerifyResult:
    return backend.verify(text)


@router.get("/status", response_model=SyncStatus, summary="동기화 상태 (마지막 실행, 종류별 회의 수, 임시회의록, 실패)")
def api_status(backend: BackendDep) -> SyncStatus:
    return backend.sync_status()


@router.get("/export", summary="검색 결과 전체 내보내기 (CSV·JSONL·Parquet·XLSX)",
            response_class=ExportResponse,
            responses={200: file_response([f.media_type for f in EXPORT_FORMATS.values()],
                                          "format에 따라 CSV, JSON Lines, Parquet 또는 XLSX 파일", EXPORT_HEADERS),
                       **error_responses(400)})
def api_export(params: Annotated[ExportParams, Query()], backend: BackendDep) -> ExportResponse:
    """Every hit of the search, streamed; the manifest is at /api/export/manifest with the same parameters."""
    export = backend.export(params)
    chosen = EXPORT_FORMATS[params.format]
    filename = f"hearings-export.{chosen.extension}"
    try:
        chosen.check(export)
        content = recorded(export, chosen.encode(export), params.format, filename, backend.exports)
    except BaseException:
        export.close()
        raise
    manifest_url = f"/api/export/manifest/{export.id}"
    headers = {
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Link": f'<{manifest_url}>; rel="describedby"; type="application/json"',
        "X-Export-Id": export.id,
        "X-Export-Rows": str(export.total),
    }
    return ExportResponse(export, content, media_type=chosen.media_type, headers=headers)


@router.get("/export/manifest/{export_id}", summary="내보낸 파일 하나의 명세 (행 수, 행·파일 SHA-256, 색인)",
            responses=error_responses(404))
def api_export_manifest_of(export_id: ExportId, backend: BackendDep) -> dict:
    """The manifest of the download whose X-Export-Id this is: state streaming until its last byte, then complete
    with rows, rows_sha256 and the file's SHA-256."""
    manifest = backend.exports.get(export_id)
    if manifest is None:
        raise NotFound(f"이 내보내기의 명세가 없습니다: {export_id} "
                       "(서버가 다시 시작되었거나 다른 작업 프로세스가 받은 요청입니다)")
    return manifest


@router.get("/export/manifest", summary="내보내기 명세 미리 보기 (검색 조건, 색인, 지금 행 수)",
            responses=error_responses(400))
def api_export_manifest(params: Annotated[ExportParams, Query()], backend: BackendDep) -> dict:
    """What an export with these parameters would be, counted now (state: preview). The manifest of a download
    already made is at /api/export/manifest/{id}, the id in its X-Export-Id header."""
    export = backend.export(params)
    export.close()
    return export.manifest(fmt=params.format) | {"state": "preview"}
