"""Finding 7: an unreachable, frozen or refusing engine is a 503 with Retry-After or a 502 with its cause,
never a 500, a hung worker or a reset connection; pages that need no engine keep working."""

from __future__ import annotations

import socket
import threading

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.conftest import free_port, serving

pytestmark = pytest.mark.es

ENGINE_ENDPOINTS = [
    "/api/search?q=법", "/search?q=법", "/api/meetings/x", "/meetings/x", "/api/turns/x", "/turns/x",
    "/api/speakers/윤한홍", "/speakers/윤한홍", "/api/export?q=법", "/api/export/manifest?q=법",
    "/api/search?q=법&committee=보건복지위원회",
]
JSON = {"accept": "application/json"}


class FrozenEngine:
    """A socket that accepts connections and never answers: what a SIGSTOPped node looks like."""

    def __init__(self) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.accepted.append(connection)

    def close(self) -> None:
        self.listener.close()
        for connection in self.accepted:
            connection.close()


def _app(settings, **changes):
    from web.app import create_app

    return create_app(settings.model_copy(update=changes))


@pytest.fixture(scope="module")
def down_api(settings):
    """The app with no engine listening where it looks for one."""
    return TestClient(_app(settings, es_url=f"http://127.0.0.1:{free_port()}"))


@pytest.mark.parametrize("path", ENGINE_ENDPOINTS)
def test_an_unreachable_engine_is_503_with_retry_after(down_api, path):
    response = down_api.get(path, headers=JSON)
    assert response.status_code == 503, response.text
    assert int(response.headers["retry-after"]) >= 1
    assert response.json() == {"ok": False, "error": response.json()["error"], "status": 503}


def test_pages_that_need_no_engine_keep_working(down_api):
    assert down_api.get("/").status_code == 200
    assert down_api.get("/healthz").json() == {"ok": True}
    assert down_api.get("/static/style.css").status_code == 200
    ready = down_api.get("/readyz")
    assert ready.status_code == 503 and ready.json()["ok"] is False and "retry-after" in ready.headers


def test_html_pages_say_so_as_a_page(down_api):
    response = down_api.get("/search?q=법", headers={"accept": "text/html"})
    assert response.status_code == 503
    assert "text/html" in response.headers["content-type"] and "검색 엔진" in response.text


def test_a_frozen_engine_costs_one_timeout_then_the_breaker_answers_at_once(settings):
    frozen = FrozenEngine()
    try:
        client = TestClient(_app(settings, es_url=f"http://127.0.0.1:{frozen.port}", es_request_timeout_s=1.0,
                                 es_breaker_cooldown_s=60))
        first = client.get("/api/search?q=법")
        assert first.status_code == 503 and "retry-after" in first.headers
        connections_after_first = len(frozen.accepted)
        for _ in range(5):
            again = client.get("/api/search?q=법")
            assert again.status_code == 503
            assert "초 뒤에 다시 시도" in again.json()["error"]  # the breaker's answer, not another timeout
        assert len(frozen.accepted) == connections_after_first  # the frozen engine was not asked again
        assert client.get("/").status_code == 200
    finally:
        frozen.close()


def test_a_request_the_engine_refuses_is_502_with_its_cause(settings, es_client):
    """An index whose mapping does not fit the query (a botched deploy): the engine answers 400."""
    wrong = "test-wrong-mapping-turns"
    es_client.options(ignore_status=404).indices.delete(index=wrong)
    es_client.indices.create(index=wrong, mappings={"properties": {"date": {"type": "keyword"},
                                                                    "text": {"type": "text"}}})
    client = TestClient(_app(settings, index_alias=wrong))
    response = client.get("/api/search?q=법")
    assert response.status_code == 502
    assert response.json()["error"].startswith("검색 엔진이 요청을 거부했습니다: ")
    assert len(response.json()["error"]) < 400


def test_a_missing_index_is_503_not_ready(settings):
    client = TestClient(_app(settings, index_alias="test-never-created-turns"))
    response = client.get("/api/search?q=법")
    assert response.status_code == 503 and "retry-after" in response.headers
    assert client.get("/readyz").status_code == 503


def test_ready_when_the_engine_and_indices_are(api, settings):
    ready = api.get("/readyz").json()
    assert ready["ok"] is True and ready["engine"] in ("green", "yellow")
    turns = ready["indices"][settings.index_alias]
    assert turns["documents"] > 0 and turns["version"] >= 1 and turns["index"].startswith(f"{settings.index_alias}-v")


def test_an_unexpected_error_answers_500_and_keeps_the_connection(settings):
    app = _app(settings)

    @app.get("/api/boom")
    def boom() -> dict:
        raise RuntimeError("a bug")

    with serving(app) as url, httpx.Client(base_url=url) as client:
        first = client.get("/api/boom")
        assert first.status_code == 500
        assert first.json() == {"ok": False, "error": first.json()["error"], "status": 500}
        assert "a bug" not in first.text  # no internals leak
        second = client.get("/healthz")  # the same keep-alive connection
        assert second.status_code == 200
        assert first.extensions["network_stream"] is second.extensions["network_stream"]


# What stands at the engine's address may answer 200 with something else: a proxy's HTML page (with or
# without the engine's product header, which a proxy passing headers through keeps), or an empty body.
NOT_JSON = {
    "html page": {},
    "html page without the engine's header": {"product": False},
    "empty json body": {"body": b"", "content_type": "application/json"},
    # bodies the client cannot even parse: it raises before the answer is checked
    "html page labelled json": {"content_type": "application/json"},
    "html page with no content type": {"content_type": ""},
}
PAGES_TOO = [*ENGINE_ENDPOINTS, "/trends?term=법", "/api/trends?term=법", "/committees/법제사법위원회",
             "/api/committees/법제사법위원회", "/status", "/api/status", "/verify?text=오징어가+안+잡힌다"]


@pytest.fixture(scope="module", params=list(NOT_JSON))
def proxied_api(request, settings):
    from tests.service.fake_engine import FakeEngine

    with FakeEngine(**NOT_JSON[request.param]) as engine:
        # no cool-down: every request reaches the fake engine and is classified by its own answer
        yield TestClient(_app(settings, es_url=engine.url, es_breaker_cooldown_s=0))


@pytest.mark.parametrize("path", PAGES_TOO)
def test_an_engine_answering_200_without_json_is_503_with_retry_after(proxied_api, path):
    answer = proxied_api.get(path, headers=JSON)
    assert answer.status_code == 503, answer.text
    assert int(answer.headers["retry-after"]) >= 1
    assert answer.json() == {"ok": False, "status": 503,
                             "error": "검색 엔진이 알아볼 수 없는 응답을 보냈습니다. 잠시 후 다시 시도해 주세요."}
    if not path.startswith("/api/"):
        page = proxied_api.get(path, headers={"accept": "text/html"})
        assert page.status_code == 503 and int(page.headers["retry-after"]) >= 1
        assert "text/html" in page.headers["content-type"] and "알아볼 수 없는 응답" in page.text


@pytest.mark.parametrize("content_type", ["text/html; charset=utf-8", "application/json", ""])
def test_an_engine_answering_a_proxy_page_opens_the_breaker(settings, content_type):
    from tests.service.fake_engine import FakeEngine

    with FakeEngine(content_type=content_type) as engine:
        client = TestClient(_app(settings, es_url=engine.url, es_breaker_cooldown_s=60))
        assert client.get("/api/search?q=법").status_code == 503
        asked = engine.requests
        for path in ("/api/search?q=법", "/search?q=법"):
            again = client.get(path, headers={"accept": "text/html"})
            assert again.status_code == 503 and "retry-after" in again.headers
        assert engine.requests == asked  # the page standing in for the engine was not asked again
        assert client.get("/readyz").status_code == 503
