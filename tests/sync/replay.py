"""A replay of the Assembly's open data service and record downloads: a real HTTP server on 127.0.0.1.

Lists are served in the recorded wire format (shared/reference/open-assembly): the JSON envelope
`{SERVICE: [{head: [{list_total_count}, {RESULT}]}, {row: [...]}]}`, or XML when `Type=xml`, paged by
pIndex/pSize, one row per agenda item; bare results for INFO-200 and ERROR-300; HTTP 400 without a
User-Agent. Files are served by CONFER_NUM from real minutes. Failures are switched on per test.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

DATE_SERVICES = {"nzbyfwhwaoanttzje", "ncwgseseafwbuheph"}
MEMBERS_SERVICE = "npffdutiapkzbfyvr"
NOT_PUBLISHED_PAGE = ("<html><body><script>alert('내려받을 원본 회의록 파일이 등록되지 않았습니다.');</script>"
                      "</body></html>")


@dataclass
class ReplayMeeting:
    confer_num: int
    service: str
    rows: list[dict]  # one per agenda item, as the service lists them
    file: bytes | None = None  # None: "not yet published"


@dataclass
class Replay:
    meetings: dict[int, ReplayMeeting] = field(default_factory=dict)
    limited_once: set[str] = field(default_factory=set)  # services answering ERROR-990 once, then normally
    slow_once: set[str] = field(default_factory=set)  # services that stall past the client's timeout once
    xml_always: set[str] = field(default_factory=set)  # services answering XML whatever Type asks
    members: dict[str, list[dict]] = field(default_factory=dict)  # UNIT_CD → rows of the member roll
    refused_keys: set[str] = field(default_factory=set)  # keys answered with ERROR-290
    stall_s: float = 3.0
    log: list[tuple[str, dict]] = field(default_factory=list)
    downloads: list[int] = field(default_factory=list)

    def rows_of(self, service: str, query: dict) -> list[dict]:
        if service == MEMBERS_SERVICE:
            return self.members.get(query.get("UNIT_CD", ""), [])
        rows = [row for meeting in self.meetings.values() if meeting.service == service for row in meeting.rows]
        if service in DATE_SERVICES:
            return [row for row in rows if row.get("CONF_DATE") == query.get("CONF_DATE")
                    and str(row.get("DAE_NUM")) == query.get("DAE_NUM")]
        return [row for row in rows if row.get("ERACO") == query.get("ERACO")]


def _json(service: str, total: int, rows: list[dict]) -> bytes:
    head = {"head": [{"list_total_count": total}, {"RESULT": {"CODE": "INFO-000", "MESSAGE": "정상 처리되었습니다."}}]}
    return json.dumps({service: [head, {"row": rows}]}, ensure_ascii=False).encode()


def _xml(service: str, total: int, rows: list[dict]) -> bytes:
    cells = "".join("<row>" + "".join(f"<{k}>{escape(str(v))}</{k}>" for k, v in row.items() if v is not None)
                    + "</row>" for row in rows)
    return (f'<?xml version="1.0" encoding="UTF-8"?><{service}><head><list_total_count>{total}</list_total_count>'
            f"<RESULT><CODE>INFO-000</CODE><MESSAGE>정상 처리되었습니다.</MESSAGE></RESULT></head>{cells}"
            f"</{service}>").encode()


def _bare(code: str, message: str) -> bytes:
    return json.dumps({"RESULT": {"CODE": code, "MESSAGE": message}}, ensure_ascii=False).encode()


def handler_for(replay: Replay):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802
            if not self.headers.get("User-Agent"):
                return self._send(400, b"Bad Request.", "text/plain")
            url = urlsplit(self.path)
            query = {key: values[0] for key, values in parse_qs(url.query).items()}
            if "/download/" in url.path:
                return self._download(int(query.get("id", "0")))
            service = url.path.rstrip("/").rsplit("/", 1)[-1]
            replay.log.append((service, query))
            if query.get("KEY") in replay.refused_keys:
                return self._send(200, _bare("ERROR-290", "인증키가 유효하지 않습니다."), "application/json")
            if service in replay.slow_once:
                replay.slow_once.discard(service)
                time.sleep(replay.stall_s)
            if service in replay.limited_once:
                replay.limited_once.discard(service)
                return self._send(200, _bare("ERROR-990", "인증키가 제한되었습니다."), "application/json")
            required = ("UNIT_CD",) if service == MEMBERS_SERVICE else ("DAE_NUM", "CONF_DATE")
            if service in DATE_SERVICES | {MEMBERS_SERVICE} and not all(query.get(name) for name in required):
                return self._send(200, _bare("ERROR-300", "필수 값이 누락되어 있습니다."), "application/json")
            rows = replay.rows_of(service, query)
            if not rows:
                return self._send(200, _bare("INFO-200", "해당하는 데이터가 없습니다."), "application/json")
            size, index = int(query.get("pSize", 100)), int(query.get("pIndex", 1))
            if not query.get("KEY"):
                size, index = 5, 1
            page = rows[(index - 1) * size: index * size]
            if query.get("Type", "xml").lower() == "json" and service not in replay.xml_always:
                return self._send(200, _json(service, len(rows), page), "application/json;charset=UTF-8")
            return self._send(200, _xml(service, len(rows), page), "text/xml;charset=UTF-8")

        def _download(self, number: int) -> None:
            replay.downloads.append(number)
            meeting = replay.meetings.get(number)
            if meeting is None:
                return self._send(200, "<html>회의록 정보를 찾을 수 없습니다.</html>".encode(), "text/html")
            if meeting.file is None:
                return self._send(200, NOT_PUBLISHED_PAGE.encode(), "text/html")
            kind = "application/pdf" if meeting.file.startswith(b"%PDF") else "application/x-hwp"
            return self._send(200, meeting.file, kind)

    return Handler


class ReplayServer:
    def __init__(self, replay: Replay):
        self.replay = replay
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(replay))
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> ReplayServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
