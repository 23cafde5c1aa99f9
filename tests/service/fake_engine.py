"""A tiny real HTTP server standing where the engine should be: it answers every request one fixed way (a
proxy's HTML page, an empty body, a JSON object) and counts the connections it holds open."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PROXY_PAGE = b"<!doctype html><html><body><h1>Service temporarily unavailable</h1></body></html>"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the engine does: a client pools its connections
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.server.engine.connection_opened()

    def finish(self) -> None:
        super().finish()
        self.server.engine.connection_closed()

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("content-length") or 0))
        engine = self.server.engine
        engine.requests += 1
        self.send_response(engine.status)
        if engine.content_type:  # "" sends none at all
            self.send_header("Content-Type", engine.content_type)
        if engine.product:  # the header the client checks on every success
            self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(len(engine.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(engine.body)

    do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = _answer

    def log_message(self, *args) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    engine: FakeEngine


class FakeEngine:
    def __init__(self, body: bytes = PROXY_PAGE, content_type: str = "text/html; charset=utf-8",
                 product: bool = True, status: int = 200):
        self.body, self.content_type, self.product, self.status = body, content_type, product, status
        self.opened = 0  # connections accepted
        self.open = 0  # connections not yet closed by the client
        self.requests = 0
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.engine = self
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def connection_opened(self) -> None:
        with self._lock:
            self.opened += 1
            self.open += 1

    def connection_closed(self) -> None:
        with self._lock:
            self.open -= 1

    def wait_for(self, condition, timeout_s: float = 5.0) -> bool:
        deadline = time.monotonic() + timeout_s
        while not condition():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)
        return True

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeEngine:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
