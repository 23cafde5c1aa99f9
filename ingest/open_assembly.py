"""A polite client of the Assembly's open data service (열린국회정보, open.assembly.go.kr) and its record
file downloads. Formats: shared/reference/open-assembly/README.md.

Polite means: a User-Agent on every request (the service answers 400 without one), at most one request
per `min_interval_s`, retries with exponential backoff on timeouts, 5xx and the service's own server
errors, a longer backoff when the key is limited (ERROR-980/990), and a clear stop on a refused key
(ERROR-290). Both JSON and XML answers are read.
"""

from __future__ import annotations

import json
import threading
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import httpx

from hearings.digits import ascii_digits
from ingest.readers import MAX_FILE_BYTES  # the same cap as for a file read from disk

USER_AGENT = "hearings-sync/0.1 (search engine of the National Assembly minutes)"  # ASCII: HTTP headers
PAGE_SIZE = 100
KEYLESS_ROWS = 5  # without a key the service gives only 5 rows of page 1
NOT_PUBLISHED = "내려받을 원본 회의록 파일이 등록되지 않았습니다"
UNKNOWN_MEETING = "회의록 정보를 찾을 수 없습니다"
_TRANSIENT_CODES = {"ERROR-500", "ERROR-600", "ERROR-601"}
_LIMITED_CODES = {"ERROR-980", "ERROR-990"}


class ServiceError(RuntimeError):
    """The service refused the request for a reason retrying cannot fix (a bad parameter, a bad key)."""

    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code = code


class KeyRefused(ServiceError):
    """ERROR-290: the key is not valid. Every further request would fail too: stop the sync."""


class FileUnavailable(RuntimeError):
    """The record service has no file for this meeting (yet): `reason` is 'not published' or 'unknown'."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Page:
    total: int
    rows: list[dict]
    code: str


def _checked(page: Page, message: str) -> Page:
    """The page itself when the result code says it is one; INFO-200 is an empty page; errors raise."""
    if page.code in ("INFO-000", ""):
        return page
    if page.code == "INFO-200":
        return Page(0, [], page.code)
    if page.code == "ERROR-290":
        raise KeyRefused(page.code, message or "the key is not valid")
    raise ServiceError(page.code, message)


def _json_page(service: str, body: dict) -> Page:
    if "RESULT" in body:  # a bare result: INFO-200 or an error
        return _checked(Page(0, [], body["RESULT"].get("CODE", "")), body["RESULT"].get("MESSAGE", ""))
    parts = body.get(service)
    if not isinstance(parts, list):
        raise ServiceError("FORMAT", f"unexpected answer shape (keys: {', '.join(list(body)[:5])})")
    head = next((part["head"] for part in parts if "head" in part), [])
    total = next((int(item["list_total_count"]) for item in head if "list_total_count" in item), 0)
    result = next((item["RESULT"] for item in head if "RESULT" in item), {})
    rows = next((part["row"] for part in parts if "row" in part), [])
    return _checked(Page(total, rows, result.get("CODE", "INFO-000")), result.get("MESSAGE", ""))


def _xml_page(text: str) -> Page:
    root = ElementTree.fromstring(text)
    code = root.findtext("./head/RESULT/CODE") or root.findtext("./CODE") or "INFO-000"
    message = root.findtext("./head/RESULT/MESSAGE") or root.findtext("./MESSAGE") or ""
    total = int(root.findtext("./head/list_total_count") or 0)
    rows = [{child.tag: _xml_value(child.text) for child in row} for row in root.findall("./row")]
    return _checked(Page(total, rows, code), message)


def _xml_value(text: str | None):
    if text is None:
        return None
    return int(text) if ascii_digits(text) and not text.startswith("0") else text


def parse_page(service: str, content: bytes) -> Page:
    """One list answer, JSON or XML (the service's default), into total, rows and result code."""
    text = content.decode("utf-8-sig", errors="replace").strip()
    if text.startswith("<"):
        return _xml_page(text)
    return _json_page(service, json.loads(text))


@dataclass
class OpenAssemblyClient:
    base_url: str
    files_url: str
    key: str = ""
    min_interval_s: float = 1.0
    retries: int = 4
    backoff_s: float = 2.0
    timeout_s: float = 30.0
    page_size: int = PAGE_SIZE  # rows per request; the service allows at most 1000
    sleep: Callable[[float], None] = time.sleep
    requests: int = 0
    _last: float = field(default=0.0, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        self.http = httpx.Client(timeout=self.timeout_s, headers={"User-Agent": USER_AGENT}, follow_redirects=True)

    def close(self) -> None:
        self.http.close()

    def _pace(self) -> None:
        with self._lock:
            wait = self._last + self.min_interval_s - time.monotonic()
            if wait > 0:
                self.sleep(wait)
            self._last = time.monotonic()
            self.requests += 1

    def _get(self, url: str, params: dict | None = None) -> httpx.Response:
        """GET with pacing and retries on what may pass: timeouts, connection errors, 429 and 5xx."""
        for attempt in range(self.retries + 1):
            self._pace()
            try:
                response = self.http.get(url, params=params)
            except httpx.TransportError:
                if attempt == self.retries:
                    raise
            else:
                if response.status_code < 400:
                    return response
                if response.status_code < 500 and response.status_code != 429 or attempt == self.retries:
                    # The URL holds the key: say which service failed, never the query string.
                    raise ServiceError(f"HTTP-{response.status_code}",
                                       f"{url.rsplit('/', 1)[-1]}: {response.text[:200].strip()}")
            self.sleep(self.backoff_s * 2 ** attempt)
        raise AssertionError("unreachable")

    def page(self, service: str, params: dict, index: int, size: int = PAGE_SIZE) -> Page:
        query = {"KEY": self.key, "Type": "json", "pIndex": index, "pSize": size, **params}
        if not self.key:
            query.pop("KEY")
        for attempt in range(self.retries + 1):
            response = self._get(f"{self.base_url.rstrip('/')}/{service}", query)
            try:
                return parse_page(service, response.content)
            except ServiceError as error:
                if error.code not in _TRANSIENT_CODES | _LIMITED_CODES or attempt == self.retries:
                    raise
                # A limited key waits much longer than a passing server error.
                self.sleep(self.backoff_s * (30 if error.code in _LIMITED_CODES else 1) * 2 ** attempt)
        raise AssertionError("unreachable")

    def rows(self, service: str, params: dict) -> Iterator[dict]:
        """Every row of a list, page by page up to list_total_count (5 rows only without a key)."""
        index = 1
        seen = 0
        while True:
            page = self.page(service, params, index, self.page_size)
            yield from page.rows
            seen += len(page.rows)
            if not self.key or not page.rows or seen >= page.total:
                return
            index += 1

    def download(self, confer_num: int, kind: str = "pdf") -> tuple[str, bytes]:
        """The official file of a meeting: (its URL, its bytes). Raises FileUnavailable when the record
        service answers with its 'not published' or 'unknown' page instead of a file."""
        url = f"{self.files_url.rstrip('/')}/{kind}.do?id={confer_num}"
        self._pace()
        with self.http.stream("GET", url) as response:
            if response.status_code >= 400:
                raise FileUnavailable(f"HTTP {response.status_code}")
            if int(response.headers.get("content-length") or 0) > MAX_FILE_BYTES:
                raise FileUnavailable(f"file larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
            chunks, size = [], 0
            for chunk in response.iter_bytes():  # read up to the cap, never the whole of a runaway body
                chunks.append(chunk)
                size += len(chunk)
                if size > MAX_FILE_BYTES:
                    raise FileUnavailable(f"file larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
            data = b"".join(chunks)
        if not data.startswith((b"%PDF", b"\xd0\xcf\x11\xe0")):
            text = data[:20_000].decode("utf-8", errors="replace")
            if NOT_PUBLISHED in text:
                raise FileUnavailable("not published")
            if UNKNOWN_MEETING in text:
                raise FileUnavailable("unknown")
            raise FileUnavailable(f"not a PDF or HWP file ({response.headers.get('content-type', '?')})")
        return url, data
