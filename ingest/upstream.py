"""One guarded GET to an upstream service: connect and read timeouts, a deadline for the whole answer,
a cap on its size, and redirects followed only within the origin that was asked.

A read timeout bounds each wait for the next byte, so a server dripping one byte every few seconds would
never time out; a timer therefore cuts the request's socket when its deadline passes, whether the drip is
in the headers or in the body. Failures are `UpstreamError`s: one line naming the place and the reason,
never the key.
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

MAX_REDIRECTS = 5


class UpstreamError(RuntimeError):
    """A request failed: `code` is a short tag (DEADLINE, TOO-LARGE, REDIRECT, DOWN, HTTP-502, FORMAT, …)."""

    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code, self.message = code, message


@dataclass(frozen=True)
class Answer:
    status: int
    content: bytes
    content_type: str


def origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    return parts.scheme.lower(), (parts.hostname or "").lower(), parts.port


def redirect_target(asked: str, current: str, location: str | None) -> str:
    """Where a redirect may go: the same scheme, host and port as the URL first asked, https staying https.
    Anything else (another host such as a local search node, file://, a downgrade) is refused."""
    if not location:
        raise UpstreamError("REDIRECT", "a redirect without a Location")
    target = urljoin(current, location)
    scheme, host, port = origin(target)
    if (scheme, host, port) != origin(asked) or scheme not in ("https", "http"):
        shown = f"{scheme}://{host}{f':{port}' if port else ''}" if host else f"{scheme}:"
        raise UpstreamError("REDIRECT", f"refused a redirect to {shown} (only {urlsplit(asked).netloc} is followed)")
    return target


class _Cutter:
    """Shuts the request's TCP socket down at its deadline; a blocked read then returns at once."""

    def __init__(self, seconds: float):
        self.fired = False
        self._socket: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(seconds, 0.0), self._cut)
        self._timer.daemon = True
        self._timer.start()

    def trace(self, event: str, info: dict) -> None:
        # httpcore names the raw TCP stream on connect (before TLS); keep-alive is off, so every request connects.
        if event == "connection.connect_tcp.complete" and info.get("return_value") is not None:
            with self._lock:
                self._socket = info["return_value"].get_extra_info("socket")
                if self.fired:
                    self._shutdown()

    def _cut(self) -> None:
        with self._lock:
            self.fired = True
            self._shutdown()

    def _shutdown(self) -> None:
        if self._socket is not None:
            try:
                self._socket.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed: the request is over anyway

    def cancel(self) -> None:
        self._timer.cancel()


def _capped(response: httpx.Response, cap: int) -> bytes:
    """The body up to `cap` bytes (decoded size, so a compressed bomb is stopped too)."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise UpstreamError("TOO-LARGE", f"the answer is {int(declared):,} bytes, over the cap of {cap:,}")
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > cap:
            raise UpstreamError("TOO-LARGE", f"the answer runs past the cap of {cap:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def guarded_get(http: httpx.Client, url: str, params: dict | None, cap: int, deadline_s: float) -> Answer:
    """GET `url` to its last byte within `deadline_s`, following redirects only within its origin.
    Transport failures stay `httpx.TransportError` (the caller may retry them); the rest are UpstreamErrors."""
    cutter = _Cutter(deadline_s)  # one deadline for the whole chain of redirects
    current = url
    try:
        for _ in range(MAX_REDIRECTS + 1):
            with http.stream("GET", current, params=params, extensions={"trace": cutter.trace}) as response:
                if response.is_redirect:
                    current, params = redirect_target(url, str(response.url), response.headers.get("location")), None
                    continue
                return Answer(response.status_code, _capped(response, cap), response.headers.get("content-type", ""))
        raise UpstreamError("REDIRECT", f"more than {MAX_REDIRECTS} redirects (a redirect loop)")
    except httpx.TransportError:
        if cutter.fired:
            raise UpstreamError("DEADLINE", f"no complete answer within {deadline_s:.3g} s") from None
        raise
    finally:
        cutter.cancel()


def transport_reason(error: httpx.TransportError, connect_s: float, read_s: float) -> str:
    """A transport failure in words, without the URL (it may hold the key)."""
    if isinstance(error, httpx.ConnectTimeout):
        return f"no connection within {connect_s:g} s"
    if isinstance(error, httpx.ConnectError):
        return "cannot connect (the service is down or refuses connections)"
    if isinstance(error, httpx.ReadTimeout):
        return f"no byte for {read_s:g} s"
    if isinstance(error, httpx.RemoteProtocolError):
        return "the connection was cut off mid-answer"
    if isinstance(error, httpx.UnsupportedProtocol):
        return "unsupported URL scheme"
    return f"{type(error).__name__}"
