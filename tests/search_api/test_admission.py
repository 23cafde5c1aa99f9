"""Admission control: past its class's bound a request is refused at once with 503 and Retry-After, in the
error shape, while other classes and cheap requests still pass; a freed slot admits again. Driven through
the real ASGI stack, with an inner app that holds its requests until told to finish."""

from __future__ import annotations

import asyncio
import json
import threading

import pytest

from search_api.admission import Admission, request_class


@pytest.mark.parametrize(("path", "kind"), [
    ("/api/search", "search"), ("/search", "search"), ("/search.atom", "search"), ("/speakers/홍길동", "search"),
    ("/feeds/speakers/x.atom", "search"), ("/api/verify", "verify"), ("/verify", "verify"),
    ("/api/trends.csv", "trends"), ("/trends", "trends"), ("/committees/보건복지위원회", "trends"),
    ("/api/export", "export"), ("/api/export/manifest", "export"),
    ("/turns/x", ""), ("/meetings/x", ""), ("/healthz", ""), ("/static/style.css", ""), ("/searchable", ""),
])
def test_each_expensive_path_has_its_class_and_cheap_ones_none(path, kind):
    assert request_class(path) == kind


def _html_error(request, status, message):
    raise AssertionError("an API request must be refused in JSON")


async def _call(app, path: str) -> tuple[int, dict, bytes]:
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": path, "raw_path": path.encode(), "query_string": b"",
             "headers": [(b"accept", b"application/json")], "scheme": "http", "server": ("t", 80),
             "client": ("c", 1), "root_path": "", "http_version": "1.1", "asgi": {"version": "3.0"}}
    await app(scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], {k.decode(): v.decode() for k, v in start["headers"]}, body


def test_past_the_bound_a_class_is_refused_at_once_and_a_freed_slot_admits_again():
    async def scenario():
        release = asyncio.Event()

        async def slow_app(scope, receive, send):
            await release.wait()
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"ok"})

        admission = Admission(slow_app, {"search": 2, "verify": 1, "trends": 1, "export": 1}, _html_error)
        held = [asyncio.create_task(_call(admission, "/api/verify"))]
        held += [asyncio.create_task(_call(admission, "/api/search")) for _ in range(2)]
        await asyncio.sleep(0.05)
        assert admission.busy == {"verify": 1, "search": 2}
        status, headers, body = await asyncio.wait_for(_call(admission, "/api/verify"), 5)
        assert status == 503 and headers["retry-after"] == "2"
        assert json.loads(body) == {"ok": False, "error": json.loads(body)["error"], "status": 503}
        assert (await asyncio.wait_for(_call(admission, "/api/search"), 5))[0] == 503
        cheap = asyncio.create_task(_call(admission, "/turns/x"))  # never counted: waits like any request
        await asyncio.sleep(0.05)
        assert not cheap.done()
        release.set()
        assert [(await task)[0] for task in [*held, cheap]] == [200, 200, 200, 200]
        assert admission.busy == {"verify": 0, "search": 0}
        assert (await _call(admission, "/api/verify"))[0] == 200

    _run_apart(scenario())


def _run_apart(coroutine) -> None:
    """asyncio.run on a thread of its own: the browser tests' sync Playwright leaves a loop running on this one."""
    failure: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(coroutine)
        except BaseException as error:  # noqa: BLE001 — handed back to the test's thread
            failure.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    if failure:
        raise failure[0]


def test_a_refused_page_is_the_html_error_page_for_a_browser():
    from starlette.testclient import TestClient

    from web.routes import render_error

    async def never(scope, receive, send):
        raise AssertionError("a refused request must not reach the app")

    full = Admission(never, {"search": 0, "verify": 0, "trends": 0, "export": 0}, render_error)
    page = TestClient(full).get("/search", params={"q": "검역"}, headers={"accept": "text/html"})
    assert page.status_code == 503 and page.headers["retry-after"] == "2"
    assert page.headers["content-type"].startswith("text/html") and "잠시 뒤 다시 시도해 주세요" in page.text
