"""Admission control: a bound on the expensive requests served at once, per class.

A quote check costs ~20 searches, an export holds a point in time for minutes; unbounded, 16 clients of one
class push everyone's searches from 30 ms to a second (measured, issue 27). Each class has its own bound
(settings `admit_*`); a request past it is answered at once with 503 and Retry-After, in the error shape,
rather than queued behind work it would wait minutes for. Cheap requests (a turn, a meeting, static files,
health probes) are never counted. One event loop per worker process, so a plain counter is exact; the bound
is per worker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from hearings.config import Settings
from search_api.errors import ErrorReply, render_reply
from search_api.urls import COMMITTEES, FEEDS, SEARCH, SPEAKERS, TRENDS, VERIFY

RETRY_AFTER_S = 2
# Path prefixes of each class (``/search`` covers ``/search.atom``); HTML pages and their JSON twins alike.
CLASSES: dict[str, tuple[str, ...]] = {
    "export": ("/api/export",),
    "verify": (f"/api{VERIFY}", VERIFY),
    "trends": (f"/api{TRENDS}", TRENDS, f"/api{COMMITTEES}", COMMITTEES),
    "search": (f"/api{SEARCH}", SEARCH, f"/api{SPEAKERS}", SPEAKERS, FEEDS),
}
_MESSAGES = {
    "export": "지금 내보내기가 많이 진행 중입니다. 잠시 뒤 다시 시도해 주세요.",
    "verify": "지금 인용문 확인 요청이 많습니다. 잠시 뒤 다시 시도해 주세요.",
    "trends": "지금 추이 요청이 많습니다. 잠시 뒤 다시 시도해 주세요.",
    "search": "지금 검색 요청이 많습니다. 잠시 뒤 다시 시도해 주세요.",
}


def request_class(path: str) -> str:
    """The class a path is admitted under, or "" for requests that are never counted."""
    for name, prefixes in CLASSES.items():
        if any(path == prefix or path.startswith(prefix + "/") or path.startswith(prefix + ".")
               for prefix in prefixes):
            return name
    return ""


@dataclass
class Admission:
    """Pure ASGI, outside the routes, so a refused request costs no parsing and a streamed export holds its
    slot until its last byte (or until the client leaves)."""

    app: ASGIApp
    bounds: dict[str, int]
    render_html_error: Callable  # the pages' error page, for a browser refused (web/routes.render_error)
    busy: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, app: ASGIApp, settings: Settings, render_html_error: Callable) -> Admission:
        return cls(app, {"search": settings.admit_search, "verify": settings.admit_verify,
                         "trends": settings.admit_trends, "export": settings.admit_export}, render_html_error)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = request_class(scope["path"]) if scope["type"] == "http" else ""
        if not kind:
            return await self.app(scope, receive, send)
        if self.busy.get(kind, 0) >= self.bounds[kind]:
            reply = ErrorReply(503, _MESSAGES[kind], {"Retry-After": str(RETRY_AFTER_S), "Cache-Control": "no-store"})
            response = render_reply(Request(scope), reply, self.render_html_error)
            return await response(scope, receive, send)
        self.busy[kind] = self.busy.get(kind, 0) + 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.busy[kind] -= 1

