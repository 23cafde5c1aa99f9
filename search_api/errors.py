"""Every error's status and message, in one place; one JSON shape {"ok": false, "error", "status"} for the
API and an HTML page for browsers.

Engine trouble is told apart here and nowhere else: an engine that cannot be reached, does not answer
in time or answers with something other than JSON (a proxy's page) is 503 with Retry-After (try again
soon); a request the engine refused is 502 with its cause.
No request ever ends in a bare stack trace or a reset connection.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Literal

from elasticsearch import ApiError, NotFoundError, TransportError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from hearings.engine import EngineAnswerNotJson, EngineUnavailable
from search_api.status_errors import StatusError
from search_api.validation_ko import korean_message

log = logging.getLogger(__name__)

RETRY_AFTER_S = 5  # when the engine does not say; about one breaker cool-down
_BUSY_STATUSES = {429, 503, 504}  # the engine is overloaded or has no shard to answer: temporary


class NotConfigured(StatusError, RuntimeError):
    """A part of the service the deployment has not set up (a signing key too short): a 503 that says what,
    in Korean, while the log says why. Raised by the packages above (alerts), which name their message."""

    status = 503
    retry_after = 3600
    logged = True
    message = "이 기능이 아직 설정되지 않았습니다."

    def public_message(self) -> str:
        return self.message


@dataclass(frozen=True)
class ErrorReply:
    status: int
    message: str
    headers: dict[str, str] = field(default_factory=dict)


def error_body(status: int, message: str) -> dict:
    return {"ok": False, "error": message, "status": status}


class ErrorBody(BaseModel):
    """The one error shape, as the OpenAPI document states it (error_body writes it)."""

    model_config = ConfigDict(extra="forbid")

    ok: Literal[False] = False
    error: str = Field(min_length=1, description="사람이 읽을 까닭 (한국어)")
    status: int = Field(description="HTTP 상태 코드, 응답의 것과 같음")


# Why each status is answered, said once for every operation that can answer it.
_ERROR_DESCRIPTIONS = {
    300: "같은 이름의 의원이 여럿입니다: 메시지가 각 의원의 페이지를 적습니다",
    400: "값은 형식에 맞지만 규칙에 어긋남 (검색어 문법, 열 이름, 기간 한도 — 매개변수 설명에 적힌 규칙)",
    404: "찾는 발언·회의·발언자·위원회가 없음",
    414: "요청 주소가 너무 김 (검색 조건 8,192바이트, 경로 4,096바이트까지)",
    422: "매개변수가 형식·범위에 맞지 않음 (시작일이 종료일보다 늦은 기간 포함)",
    502: "검색 엔진이 요청을 거부함 (메시지에 엔진이 밝힌 원인)",
    503: "검색 엔진을 쓸 수 없거나 같은 종류의 요청이 몰림: Retry-After 초 뒤 다시",
}
RETRY_AFTER_HEADER = {"Retry-After": {"description": "다시 시도하기까지 기다릴 초", "required": True,
                                      "schema": {"type": "integer", "minimum": 1}}}


def error_responses(*statuses: int) -> dict[int | str, dict]:
    """OpenAPI `responses=` for these error statuses, each in the error shape (503 with its Retry-After)."""
    return {status: {"model": ErrorBody, "description": _ERROR_DESCRIPTIONS[status],
                     **({"headers": RETRY_AFTER_HEADER} if status == 503 else {})}
            for status in statuses}


def _validation_message(error: RequestValidationError) -> str:
    parts = []
    for item in error.errors()[:5]:  # a thousand bad values need not be listed a thousand times
        where = ".".join(str(p) for p in item.get("loc", ()) if p not in ("query", "path") and not isinstance(p, int))
        said = korean_message(item)
        parts.append(f"{where}: {said}" if where else said)
    return "잘못된 요청입니다 — " + "; ".join(parts)


def _unavailable(message: str, retry_after: int = RETRY_AFTER_S) -> ErrorReply:
    return ErrorReply(503, message, {"Retry-After": str(retry_after)})


def _engine_reason(error: ApiError) -> str:
    info = error.info if isinstance(error.info, dict) else {}
    cause = info.get("error", {})
    if isinstance(cause, dict):
        root = (cause.get("root_cause") or [cause])[0]
        return str(root.get("reason") or root.get("type") or error.message)[:300]
    return str(error.message)[:300]


def classify(error: Exception) -> ErrorReply:
    if isinstance(error, StatusError):  # it knows its own status and message
        if error.logged:
            log.error("%s", error)
        return ErrorReply(error.status, error.public_message(), error.headers())
    if isinstance(error, RequestValidationError):
        return ErrorReply(422, _validation_message(error))
    if isinstance(error, EngineUnavailable):
        return _unavailable(str(error), error.retry_after)
    if isinstance(error, EngineAnswerNotJson):
        # Said apart from a dropped connection (it is one kind of TransportError), in the log too: the fix is
        # in whatever stands between the app and the engine.
        log.warning("engine answer not JSON: %s", error)
        return _unavailable("검색 엔진이 알아볼 수 없는 응답을 보냈습니다. 잠시 후 다시 시도해 주세요.")
    if isinstance(error, NotFoundError) and "index_not_found" in str(error.message):
        return _unavailable("검색 색인이 아직 준비되지 않았습니다.")
    if isinstance(error, ApiError):
        if error.meta.status in _BUSY_STATUSES:
            return _unavailable("검색 엔진이 바쁩니다. 잠시 후 다시 시도해 주세요.")
        return ErrorReply(502, f"검색 엔진이 요청을 거부했습니다: {_engine_reason(error)}")
    if isinstance(error, TransportError):  # connection refused, reset, timed out
        return _unavailable("검색 엔진에 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.")
    if isinstance(error, HTTPException):
        return ErrorReply(error.status_code, str(error.detail), dict(error.headers or {}))
    log.error("unhandled error: %s: %s", type(error).__name__, error, exc_info=error)
    return ErrorReply(500, "서버 내부 오류입니다. 잠시 후 다시 시도해 주세요.")


def wants_json(path: str, accept: str) -> bool:
    return path.startswith("/api/") or "text/html" not in accept


class CatchAll:
    """The outermost handler: whatever escapes the routes becomes an answer in the error shape.

    Starlette's own last-resort handler answers and then re-raises, and the server then drops the
    keep-alive connection; this one answers and stops there. An error after the response has started
    (a stream breaking off) can only be logged: the status line is already sent."""

    def __init__(self, app: ASGIApp, render_html_error):
        self.app, self.render_html_error = app, render_html_error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def tracking_send(message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as error:  # noqa: BLE001 — this is the last resort by design
            if started:
                log.warning("response broke off after it had started: %s: %s", type(error).__name__, error)
                return
            request = Request(scope)
            response = self.render(request, error)
            await response(scope, receive, send)

    def render(self, request: Request, error: Exception) -> Response:
        return render_reply(request, classify(error), self.render_html_error)


def render_reply(request: Request, reply: ErrorReply, render_html_error) -> Response:
    if wants_json(request.url.path, request.headers.get("accept", "")):
        response: Response = JSONResponse(error_body(reply.status, reply.message), status_code=reply.status)
    else:
        response = render_html_error(request, reply.status, reply.message)
    response.headers.update(reply.headers)
    return response


def install_error_handlers(app: FastAPI, render_html_error) -> None:
    async def handle(request: Request, error: Exception) -> Response:
        return render_reply(request, classify(error), render_html_error)

    # Exception itself is not registered: Starlette would re-raise it after answering (see CatchAll).
    for kind in (StatusError, RequestValidationError, EngineUnavailable, ApiError, TransportError, HTTPException):
        app.add_exception_handler(kind, handle)
    app.add_middleware(CatchAll, render_html_error=render_html_error)

