"""One error shape for the whole API: {"ok": false, "error": ..., "status": ...}; HTML pages for browsers."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from search_api.export import ExportError
from search_api.meetings import NotFound
from search_api.query_parser import QuerySyntaxError
from search_api.service import SearchBackendError

log = logging.getLogger(__name__)


def error_body(status: int, message: str) -> dict:
    return {"ok": False, "error": message, "status": status}


def _validation_message(error: RequestValidationError) -> str:
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item.get("loc", ()) if p not in ("query", "path"))
        parts.append(f"{where}: {item.get('msg')}" if where else str(item.get("msg")))
    return "잘못된 요청입니다 — " + "; ".join(parts)


def _classify(error: Exception) -> tuple[int, str]:
    if isinstance(error, QuerySyntaxError):
        return 400, f"검색어를 해석할 수 없습니다: {error}"
    if isinstance(error, RequestValidationError):
        return 422, _validation_message(error)
    if isinstance(error, ExportError):
        return 400, str(error)
    if isinstance(error, NotFound):
        return 404, str(error)
    if isinstance(error, SearchBackendError):
        return 502, str(error)
    if isinstance(error, HTTPException):
        return error.status_code, str(error.detail)
    log.exception("unhandled error", exc_info=error)
    return 500, "서버 내부 오류입니다. 잠시 후 다시 시도해 주세요."


def install_error_handlers(app: FastAPI, render_html_error) -> None:
    async def handle(request: Request, error: Exception) -> Response:
        status, message = _classify(error)
        if request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", ""):
            return JSONResponse(error_body(status, message), status_code=status)
        return render_html_error(request, status, message)

    for kind in (QuerySyntaxError, RequestValidationError, NotFound, SearchBackendError, ExportError, HTTPException,
                 Exception):
        app.add_exception_handler(kind, handle)
