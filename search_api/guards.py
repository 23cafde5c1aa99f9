"""What every response carries and every request must respect, whatever route it reaches.

- Security headers: a Content-Security-Policy with no inline script and no framing, no MIME sniffing,
  no referrer beyond the origin. The OpenAPI pages (/docs, /redoc) are FastAPI's own HTML, which loads
  its script from a CDN and starts it inline; they get a policy of their own that allows just that.
- HEAD is answered as GET without the body (uptime monitors and link checkers send it).
- A bounded request line: every search parameter is echoed into every link of a results page, so a
  long query string costs memory per link; past MAX_QUERY_BYTES it is refused before any work (414).
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from search_api.errors import error_body

MAX_QUERY_BYTES = 8192  # a 500-character Korean query is 4.5 KB percent-encoded
MAX_PATH_BYTES = 4096  # a 200-character Korean id is 1,800 bytes percent-encoded

PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
DOCS_POLICY = ("default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
               "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data: https:; "
               "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
_DOCS_PATHS = ("/docs", "/redoc")


def security_headers(path: str) -> list[tuple[bytes, bytes]]:
    policy = DOCS_POLICY if path.startswith(_DOCS_PATHS) else PAGE_POLICY
    return [
        (b"content-security-policy", policy.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"strict-origin-when-cross-origin"),
        (b"x-frame-options", b"DENY"),
    ]


def _without_body(send: Send) -> Send:
    async def send_head(message: Message) -> None:
        if message["type"] == "http.response.body":
            if message.get("more_body"):
                return  # a streamed body's chunks are dropped; its end is sent empty below
            message = {"type": "http.response.body", "body": b"", "more_body": False}
        await send(message)

    return send_head


class Guards:
    """Pure ASGI (no response buffering, so streamed exports stay streamed)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        extra = security_headers(scope["path"])

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = dict(message, headers=[*message.get("headers", []), *extra])
            await send(message)

        if scope["method"] == "HEAD":  # monitors and link checkers: the GET answer without its body
            scope = dict(scope, method="GET")
            send_with_headers = _without_body(send_with_headers)
        too_long = self._too_long(scope)
        if too_long:
            body = json.dumps(error_body(414, too_long), ensure_ascii=False).encode()
            await send_with_headers({"type": "http.response.start", "status": 414, "headers": [
                (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send_with_headers)

    @staticmethod
    def _too_long(scope: Scope) -> str:
        if len(scope.get("query_string", b"")) > MAX_QUERY_BYTES:
            return f"요청 주소의 검색 조건이 너무 깁니다 (최대 {MAX_QUERY_BYTES:,}바이트)."
        if len(scope.get("raw_path") or scope["path"].encode()) > MAX_PATH_BYTES:
            return f"요청 주소가 너무 깁니다 (최대 {MAX_PATH_BYTES:,}바이트)."
        return ""
