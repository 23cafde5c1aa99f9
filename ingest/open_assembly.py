"""A polite client of the Assembly's open data service (열린국회정보, open.assembly.go.kr) and its record
file downloads. Formats: shared/reference/open-assembly/README.md.

Polite means: a User-Agent on every request (the service answers 400 without one), at most one request
per `min_interval_s`, retries with exponential backoff on timeouts, 5xx and the service's own server
errors, a longer backoff when the key is limited (ERROR-980/990), and a clear stop on a refused key
(ERROR-290). Both JSON and XML answers are read.
"""

from __future__ import annotations

import json
import re
import threading
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import httpx

from hearings.config import Settings
from hearings.digits import ascii_digits
from ingest.readers import MAX_FILE_BYTES  # the same cap as for a file read from disk
from ingest.upstream import Answer, UpstreamError, guarded_get, transport_reason

USER_AGENT = "hearings-sync/0.1 (search engine of the National Assembly minutes)"  # ASCII: HTTP headers
PAGE_SIZE = 100
KEYLESS_ROWS = 5  # without a key the service gives only 5 rows of page 1
NOT_PUBLISHED = "내려받을 원본 회의록 파일이 등록되지 않았습니다"
UNKNOWN_MEETING = "회의록 정보를 찾을 수 없습니다"
_TRANSIENT_CODES = {"ERROR-500", "ERROR-600", "ERROR-601"}
_LIMITED_CODES = {"ERROR-980", "ERROR-990"}


class ServiceError(UpstreamError):
    """A request to the service failed for good: its answer said so (a bad parameter, an error code), it was
    malformed, too large or too slow, or the service could not be reached. `str()` is one line naming the
    service, the page and the reason, never the key."""


class KeyRefused(ServiceError):
    """ERROR-290: the key is not valid. Every further request would fail too: stop the sync."""


class RunDeadline(ServiceError):
    """The run's own deadline passed: no further request is made."""


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


def _shape(reason: str) -> ServiceError:
    return ServiceError("FORMAT", f"JSON of an unexpected shape: {reason}")


def _dicts(value, what: str) -> list[dict]:
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise _shape(f"{what} is not a list of objects")
    return value


def _result(value) -> tuple[str, str]:
    if not isinstance(value, dict) or not isinstance(value.get("CODE", ""), str):
        raise _shape("RESULT is not an object with a CODE")
    return value.get("CODE", ""), str(value.get("MESSAGE", ""))


def _total(head: list[dict]) -> int:
    total = next((item["list_total_count"] for item in head if "list_total_count" in item), 0)
    if isinstance(total, str) and ascii_digits(total):
        total = int(total)
    if not isinstance(total, int) or isinstance(total, bool) or total < 0:
        raise _shape(f"list_total_count is {str(total)[:20]!r}, not a count")
    return total


def _json_page(service: str, body) -> Page:
    if not isinstance(body, dict):
        raise _shape(f"a {type(body).__name__}, not an object")
    if "RESULT" in body:  # a bare result: INFO-200 or an error
        code, message = _result(body["RESULT"])
        return _checked(Page(0, [], code), message)
    if service not in body:
        raise _shape(f"no {service} in it (keys: {', '.join(map(str, list(body)[:5]))})")
    parts = _dicts(body[service], service)
    head = _dicts(next((part["head"] for part in parts if "head" in part), []), "head")
    code, message = _result(next((item["RESULT"] for item in head if "RESULT" in item), {"CODE": "INFO-000"}))
    rows = _dicts(next((part["row"] for part in parts if "row" in part), []), "row")
    return _checked(Page(_total(head), rows, code), message)


def _xml_page(text: str) -> Page:
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as error:
        raise ServiceError("FORMAT", f"malformed or cut-off XML ({error})") from None
    code = root.findtext("./head/RESULT/CODE") or root.findtext("./CODE") or "INFO-000"
    message = root.findtext("./head/RESULT/MESSAGE") or root.findtext("./MESSAGE") or ""
    total = (root.findtext("./head/list_total_count") or "0").strip()
    if not ascii_digits(total):
        raise ServiceError("FORMAT", f"list_total_count is {total[:20]!r}, not a count")
    rows = [{child.tag: _xml_value(child.text) for child in row} for row in root.findall("./row")]
    return _checked(Page(int(total), rows, code), message)


def _xml_value(text: str | None):
    if text is None:
        return None
    return int(text) if ascii_digits(text) and not text.startswith("0") else text


def _html_title(text: str) -> str:
    found = re.search(r"<title[^>]*>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
    return f" ({' '.join(found.group(1).split())[:80]})" if found else ""


def parse_page(service: str, content: bytes) -> Page:
    """One list answer, JSON or XML (the service's default), into total, rows and result code. Anything else
    (an HTML error page, an empty or cut-off body, JSON of another shape, bytes that are not UTF-8) is a
    ServiceError with code FORMAT saying what it was."""
    try:
        text = content.decode("utf-8-sig").strip()
    except UnicodeDecodeError:
        raise ServiceError("FORMAT", "the answer is not UTF-8 text") from None
    if not text:
        raise ServiceError("FORMAT", "an empty answer")
    if re.match(r"<(!doctype\s+html|html)\b", text, re.IGNORECASE):
        raise ServiceError("FORMAT", f"an HTML page, not a list{_html_title(text)}")
    if text.startswith("<"):
        return _xml_page(text)
    try:
        body = json.loads(text)
    except json.JSONDecodeError as error:
        raise ServiceError("FORMAT", f"malformed or cut-off JSON ({error.msg} at character {error.pos})") from None
    return _json_page(service, body)


def _where(service: str, params: dict, index: int | None = None) -> str:
    """The place of a request in an error line: the service and its parameters, never the key."""
    shown = " ".join(f"{name}={value}" for name, value in params.items() if name not in ("KEY", "Type", "pSize",
                                                                                         "pIndex"))
    return f"open data service {service} ({shown}{', ' if shown else ''}page {index})" if index else \
        f"{service} ({shown})"


@dataclass
class OpenAssemblyClient:
    base_url: str
    files_url: str
    key: str = ""
    min_interval_s: float = 1.0
    retries: int = 4
    backoff_s: float = 2.0
    timeout_s: float = 30.0  # the read timeout: the longest wait for the next byte
    connect_timeout_s: float = 10.0
    request_deadline_s: float = 120.0  # one request, first byte to last
    run_deadline_s: float = 4 * 3600.0  # every request of this client
    max_answer_bytes: int = 16 * 1024 * 1024
    max_pages: int = 200
    page_size: int = PAGE_SIZE  # rows per request; the service allows at most 1000
    sleep: Callable[[float], None] = time.sleep
    requests: int = 0
    _last: float = field(default=0.0, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> OpenAssemblyClient:
        return cls(settings.assembly_api_url, settings.assembly_files_url, key=settings.assembly_api_key,
                   min_interval_s=settings.assembly_min_interval_s, retries=settings.assembly_retries,
                   backoff_s=settings.assembly_backoff_s, timeout_s=settings.assembly_read_timeout_s,
                   connect_timeout_s=settings.assembly_connect_timeout_s,
                   request_deadline_s=settings.assembly_request_deadline_s,
                   run_deadline_s=settings.assembly_run_deadline_s,
                   max_answer_bytes=settings.assembly_max_answer_bytes, max_pages=settings.assembly_max_pages)

    def __post_init__(self) -> None:
        timeout = httpx.Timeout(self.timeout_s, connect=self.connect_timeout_s)
        # No keep-alive: each request connects, so its deadline can cut its own socket (ingest/upstream.py).
        # At one request a second the extra handshakes cost nothing.
        self.http = httpx.Client(timeout=timeout, headers={"User-Agent": USER_AGENT}, follow_redirects=False,
                                 limits=httpx.Limits(max_keepalive_connections=0))
        self._ends_at = time.monotonic() + self.run_deadline_s

    def close(self) -> None:
        self.http.close()

    def _left(self, where: str) -> float:
        """Seconds left of the run, or RunDeadline when none are."""
        left = self._ends_at - time.monotonic()
        if left <= 0:
            raise RunDeadline("DEADLINE", f"{where}: the run's deadline of {self.run_deadline_s:g} s has passed "
                                          "(HEARINGS_ASSEMBLY_RUN_DEADLINE_S); no further request made")
        return left

    def _wait(self, seconds: float, where: str) -> None:
        if seconds >= self._left(where):
            raise RunDeadline("DEADLINE", f"{where}: waiting {seconds:g} s to retry would pass the run's deadline")
        self.sleep(seconds)

    def _pace(self, where: str) -> None:
        with self._lock:
            wait = self._last + self.min_interval_s - time.monotonic()
            if wait > 0:
                self._wait(wait, where)
            self._last = time.monotonic()
            self.requests += 1

    def _error(self, code: str, where: str, reason: str) -> ServiceError:
        text = f"{where}: {reason}"
        return ServiceError(code, text.replace(self.key, "…") if self.key else text)

    def _get(self, url: str, params: dict | None, cap: int, where: str) -> Answer:
        """GET with pacing and retries on what may pass: timeouts, connection errors, 429 and 5xx."""
        for attempt in range(self.retries + 1):
            self._pace(where)
            left = self._left(where)
            try:
                answer = guarded_get(self.http, url, params, cap, min(self.request_deadline_s, left))
            except httpx.TransportError as error:
                if attempt == self.retries:
                    reason = transport_reason(error, self.connect_timeout_s, self.timeout_s)
                    raise self._error("DOWN", where, f"{reason} ({attempt + 1} attempts)") from None
            except UpstreamError as error:  # too slow, too large, a redirect elsewhere: trying again gives the same
                if error.code == "DEADLINE" and left < self.request_deadline_s:
                    raise RunDeadline("DEADLINE", f"{where}: {error.message}, the run's deadline of "
                                                  f"{self.run_deadline_s:g} s") from None
                raise self._error(error.code, where, error.message) from None
            else:
                if answer.status < 400:
                    return answer
                if answer.status < 500 and answer.status != 429 or attempt == self.retries:
                    snippet = " ".join(answer.content[:200].decode("utf-8", "replace").split())
                    raise self._error(f"HTTP-{answer.status}", where, snippet or "no body")
            self._wait(self.backoff_s * 2 ** attempt, where)
        raise AssertionError("unreachable")

    def page(self, service: str, params: dict, index: int, size: int = PAGE_SIZE) -> Page:
        query = {"KEY": self.key, "Type": "json", "pIndex": index, "pSize": size, **params}
        if not self.key:
            query.pop("KEY")
        where = _where(service, query, index)
        for attempt in range(self.retries + 1):
            answer = self._get(f"{self.base_url.rstrip('/')}/{service}", query, self.max_answer_bytes, where)
            try:
                return parse_page(service, answer.content)
            except KeyRefused:
                raise
            except ServiceError as error:
                if error.code not in _TRANSIENT_CODES | _LIMITED_CODES or attempt == self.retries:
                    raise self._error(error.code, where, error.message) from None
                # A limited key waits much longer than a passing server error.
                self._wait(self.backoff_s * (30 if error.code in _LIMITED_CODES else 1) * 2 ** attempt, where)
        raise AssertionError("unreachable")

    def rows(self, service: str, params: dict) -> Iterator[dict]:
        """Every row of a list, page by page up to list_total_count (5 rows only without a key). A list
        claiming more pages than max_pages is refused after its first page: a count of 10⁹ is not read."""
        seen = 0
        for index in range(1, self.max_pages + 1):
            page = self.page(service, params, index, self.page_size)
            yield from page.rows
            seen += len(page.rows)
            if not self.key or not page.rows or seen >= page.total:
                return
            if -(-page.total // self.page_size) > self.max_pages:
                raise self._error("PAGES", _where(service, params), f"the list claims {page.total:,} rows, more "
                                  f"than {self.max_pages} pages of {self.page_size} (HEARINGS_ASSEMBLY_MAX_PAGES); "
                                  f"read {seen} rows and stopped")
        raise self._error("PAGES", _where(service, params), f"still not at its end after {self.max_pages} pages")

    def download(self, confer_num: int, kind: str = "pdf") -> tuple[str, bytes]:
        """The official file of a meeting: (its URL, its bytes). Raises FileUnavailable when the record
        service answers with its 'not published' or 'unknown' page instead of a file."""
        url = f"{self.files_url.rstrip('/')}/{kind}.do?id={confer_num}"
        answer = self._get(url, None, MAX_FILE_BYTES, f"record service {kind}.do?id={confer_num}")
        data = answer.content
        if not data.startswith((b"%PDF", b"\xd0\xcf\x11\xe0")):
            text = data[:20_000].decode("utf-8", errors="replace")
            if NOT_PUBLISHED in text:
                raise FileUnavailable("not published")
            if UNKNOWN_MEETING in text:
                raise FileUnavailable("unknown")
            raise FileUnavailable(f"not a PDF or HWP file ({answer.content_type or '?'})")
        return url, data
