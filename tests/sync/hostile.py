"""A hostile stand-in for the open data service: a real HTTP server on 127.0.0.1 (ports 8130-8139) whose
answer to each list service is chosen by the test: a drip, an HTML error page, a cut-off body, a redirect
elsewhere, a huge body, a fake page count, or a well-formed "no data"."""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

PORTS = range(8130, 8140)
NO_DATA = json.dumps({"RESULT": {"CODE": "INFO-200", "MESSAGE": "해당하는 데이터가 없습니다."}}).encode()


def free_port() -> int:
    """A port of the range nobody listens on (for "the service is down")."""
    for port in PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port in 8130-8139")


@dataclass
class Hostile:
    behaviour: dict[str, str] = field(default_factory=dict)  # service → what it does; others answer no data
    drip_every_s: float = 0.3
    requests: list[tuple[str, dict]] = field(default_factory=list)
    dripping: threading.Event = field(default_factory=threading.Event)  # set once a drip has begun
    drip_ended: threading.Event = field(default_factory=threading.Event)  # set when the client hung up on it


def _rows_page(service: str, total: int) -> bytes:
    row = {"CONFER_NUM": 1, "TITLE": "t", "CONF_DATE": "2024-05-07", "DAE_NUM": 22}
    head = {"head": [{"list_total_count": total}, {"RESULT": {"CODE": "INFO-000", "MESSAGE": "ok"}}]}
    return json.dumps({service: [head, {"row": [row]}]}).encode()


def handler_for(hostile: Hostile):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:
            pass

        def _send(self, status: int, body: bytes, content_type: str = "application/json",
                  headers: dict | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def _drip(self, data: bytes) -> None:
            hostile.dripping.set()
            try:
                for byte in data:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(hostile.drip_every_s)
            except OSError:
                hostile.drip_ended.set()
            self.close_connection = True

        def _stream_forever(self, prefix: bytes, chunked: bool) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            if chunked:
                self.send_header("Transfer-Encoding", "chunked")
            else:
                self.send_header("Content-Length", str(200 * 1024 * 1024))
            self.end_headers()
            row = b'{"CONFER_NUM": 1, "TITLE": "' + b"x" * 4000 + b'"},'
            try:
                for data in [prefix, *[row] * 60_000]:  # 240 MB if nobody stops reading
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data) if chunked else data)
            except OSError:
                pass
            self.close_connection = True

        def do_GET(self) -> None:  # noqa: N802
            url = urlsplit(self.path)
            query = {key: values[0] for key, values in parse_qs(url.query).items()}
            service = url.path.rstrip("/").rsplit("/", 1)[-1]
            hostile.requests.append((service, query))
            what = hostile.behaviour.get(service, "no data")
            me = f"http://127.0.0.1:{self.server.server_address[1]}"
            if what == "drip":
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "1000")
                self.end_headers()
                return self._drip(b"{" + b" " * 999)
            if what == "drip headers":
                return self._drip(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + b"X: y\r\n" * 200)
            if what == "html":
                return self._send(200, b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
                                       b"<body>nginx</body></html>", "text/html")
            if what == "empty":
                return self._send(200, b"")
            if what == "array":
                return self._send(200, b"[1,2,3]")
            if what == "wrong shape":
                return self._send(200, json.dumps({service: [{"head": "nothing"}, {"row": 7}]}).encode())
            if what == "other service":
                return self._send(200, json.dumps({"cluster_name": "x", "version": {"number": "9"}}).encode())
            if what == "bad count":
                return self._send(200, json.dumps({service: [{"head": [{"list_total_count": "many"}]}]}).encode())
            if what == "not utf-8":
                return self._send(200, json.dumps({"RESULT": {"CODE": "INFO-200", "MESSAGE": "없음"}},
                                                  ensure_ascii=False).encode("cp949"))
            if what == "cut off":
                body = _rows_page(service, 1)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[: len(body) // 2])
                self.close_connection = True
                return None
            if what == "cut off json":  # no length: the body simply ends halfway
                return self._send(200, _rows_page(service, 1)[:40])
            if what == "redirect loop":
                return self._send(302, b"", headers={"Location": self.path})
            if what == "redirect to the search node":
                return self._send(302, b"", headers={"Location": f"http://127.0.0.1:9200/_cluster/health?{url.query}"})
            if what == "redirect to a file":
                return self._send(302, b"", headers={"Location": "file:///etc/passwd"})
            if what == "redirect within":
                return self._send(302, b"", headers={"Location": f"{me}/portal/openapi/INFO200?{url.query}"})
            if what == "huge":
                return self._stream_forever(b"", chunked=False)
            if what == "huge chunked":
                return self._stream_forever(b'{"%s": [{"row": [' % service.encode(), chunked=True)
            if what == "error 500":
                return self._send(500, b"Internal Server Error", "text/plain")
            if what == "fake count":
                # Would go on for 10**7 pages; after 50 the stand-in says "no data" so a broken client ends.
                pages = sum(1 for name, _ in hostile.requests if name == service)
                return self._send(200, _rows_page(service, 10**9) if pages <= 50 else NO_DATA)
            return self._send(200, NO_DATA)

    return Handler


class HostileServer:
    def __init__(self, hostile: Hostile):
        self.hostile = hostile
        for port in PORTS:
            try:
                self.server = ThreadingHTTPServer(("127.0.0.1", port), handler_for(hostile))
                break
            except OSError:
                continue
        else:
            raise RuntimeError("no free port in 8130-8139")
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> HostileServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
