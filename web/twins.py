"""Every page's JSON twin, derived in one place: the same path under /api with the same query (the home page's
is /api/collection). The page gets it as a `Link: <…>; rel="alternate"` header and as `request.state.json_twin`,
which the base template prints as its <link rel="alternate">, so routes and templates never write either.

The twins are read from the app's own route table when it starts: a page whose /api path does not exist gets
no link (alerts pages, feeds). A twin that needs a parameter the page can go without (the quote check's text)
is linked only when the page has one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import quote

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from search_api.urls import VERIFY

_RENAMED = {"/": "/api/collection"}  # pages whose twin is not /api + their path
_NEEDS_QUERY = {VERIFY}


def twin_path(path: str) -> str:
    return _RENAMED.get(path, "/api" + path)


def flat_routes(routes: list) -> Iterator:
    """Every route of the table, those of included routers too (FastAPI keeps them inside the router they
    came with)."""
    for route in routes:
        included = getattr(route, "original_router", None)
        yield from flat_routes(included.routes) if included is not None else (route,)


@dataclass
class JsonTwins:
    """Pure ASGI: the header is added to HTML answers only, as they start."""

    app: ASGIApp
    api_paths: list[re.Pattern] = field(default_factory=list)

    def twin(self, scope: Scope) -> str | None:
        path, query = scope["path"], scope.get("query_string", b"").decode("latin-1")
        if path.startswith("/api/") or (path in _NEEDS_QUERY and not query):
            return None
        wanted = twin_path(path)
        if not any(pattern.match(wanted) for pattern in self._api_paths(scope)):
            return None
        # The link is written from the path as it came (percent-encoded): a header is ASCII.
        raw = scope.get("raw_path", b"").decode("latin-1") or quote(path)
        return f"{scope.get('root_path', '')}{twin_path(raw)}" + (f"?{query}" if query else "")

    def _api_paths(self, scope: Scope) -> list[re.Pattern]:
        if not self.api_paths:  # the route table, once: the app is whole by its first request
            self.api_paths = [route.path_regex for route in flat_routes(scope["app"].routes)
                              if getattr(route, "path", "").startswith("/api/") and hasattr(route, "path_regex")]
        return self.api_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        twin = self.twin(scope) if scope["type"] == "http" and scope["method"] in ("GET", "HEAD") else None
        if twin is None:
            return await self.app(scope, receive, send)
        scope.setdefault("state", {})["json_twin"] = twin

        async def send_with_link(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if any(k == b"content-type" and v.startswith(b"text/html") for k, v in headers):
                    headers.append((b"link", f'<{twin}>; rel="alternate"; type="application/json"'.encode()))
                    message = dict(message, headers=headers)
            await send(message)

        await self.app(scope, receive, send_with_link)
