"""Finding 1: every parameter is bounded (count, length, numbers); out of bounds is 4xx in the error shape."""

from __future__ import annotations

import http.client
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.es


def _assert_error_shape(response, statuses: tuple[int, ...]) -> None:
    assert response.status_code in statuses, (response.status_code, response.text[:300])
    body = response.json()
    assert body["ok"] is False and body["status"] == response.status_code and body["error"]


def test_hundreds_of_repeated_filters_are_refused_without_work(api):
    query = "&".join(["committee=보건복지위원회"] * 300)
    response = api.get(f"/api/search?q=법&{query}")
    _assert_error_shape(response, (414, 422))
    assert len(response.content) < 10_000


def _raw_get(server: str, target: str) -> tuple[int, bytes]:
    """A GET through a real connection, for request lines longer than httpx agrees to send. Past the
    server's own limit on a request head (16 KB in uvicorn's HTTP parser) the server answers 400 and closes
    while the client is still sending; that refusal is reported as (400, b"")."""
    host, port = server.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request("GET", target)
        response = connection.getresponse()
        return response.status, response.read()
    except (ConnectionResetError, BrokenPipeError):
        assert len(target) > 16_384
        return 400, b""
    finally:
        connection.close()


@pytest.mark.parametrize("target", [
    "/api/search?q=%EB%B2%95&" + "&".join([f"committee={quote('보건복지위원회')}"] * 4000),  # the probe's 220 KB
    "/api/search?" + "&".join(f"speaker={quote(f'이름{i:05d}')}" for i in range(2000)),  # ~62 KB
    "/api/search?committee=" + quote("가" * 40_000),
    "/api/meetings/" + "x" * 8000,
])
def test_huge_request_lines_on_a_real_connection(live_server, target):
    status, body = _raw_get(live_server, target)
    assert status in (400, 414, 422)
    assert len(body) < 10_000


def test_a_long_request_line_is_refused_before_any_work(api):
    query = "&".join(f"speaker=이름{i:05d}" for i in range(300))  # 9.6 KB
    response = api.get(f"/api/search?{query}")
    _assert_error_shape(response, (414,))


@pytest.mark.parametrize("name", ["committee", "speaker", "party", "audited_body"])
def test_too_many_values_of_one_filter(api, name):
    query = "&".join(f"{name}=v{i}" for i in range(21))
    _assert_error_shape(api.get(f"/api/search?{query}"), (422,))


@pytest.mark.parametrize("path", ["/api/search", "/api/export", "/api/export/manifest", "/search"])
@pytest.mark.parametrize("query", ["year=2147483648", "assembly_term=2147483648", "year=-1", "assembly_term=0",
                                   "date_from=99999-01-01", "date_to=0001-01-01", "page=51"])
def test_numbers_out_of_range(api, path, query):
    _assert_error_shape(api.get(f"{path}?{query}", headers={"accept": "application/json"}), (422,))


def test_long_filter_value(api):
    _assert_error_shape(api.get("/api/search?committee=" + "가" * 101), (422,))
    _assert_error_shape(api.get("/api/search?committee=" + "가" * 4_000), (414,))


@pytest.mark.parametrize("path", ["/api/meetings/{}", "/api/turns/{}", "/meetings/{}", "/turns/{}",
                                  "/api/speakers/{}", "/speakers/{}"])
def test_long_ids(api, path):
    _assert_error_shape(api.get(path.format("x" * 201), headers={"accept": "application/json"}), (422,))
    _assert_error_shape(api.get(path.format("x" * 5000), headers={"accept": "application/json"}), (414,))


def test_long_query_text(api):
    _assert_error_shape(api.get("/api/search?q=" + "가" * 501), (422,))
    _assert_error_shape(api.get("/meetings/x?q=" + "가" * 501, headers={"accept": "application/json"}), (422,))


def test_html_pages_answer_bounds_errors_as_pages(api):
    response = api.get("/search?year=2147483648", headers={"accept": "text/html"})
    assert response.status_code == 422
    assert "text/html" in response.headers["content-type"]


@pytest.mark.parametrize("q", ["(" * 330 + "a", "a OR (b (" * 15 + "c" + "))" * 15, "(" * 6 + "a" + ")" * 6])
def test_deep_nesting_is_a_400_not_a_crash_or_an_engine_refusal(api, q):
    _assert_error_shape(api.get("/api/search", params={"q": q}), (400,))


def test_five_levels_of_parentheses_still_search(api):
    assert api.get("/api/search", params={"q": "(((((원천무효)))))"}).json()["total"] > 0


def test_duplicate_export_columns_are_refused(api):
    _assert_error_shape(api.get("/api/export?format=csv&columns=" + ",".join(["text"] * 200)), (400,))


@pytest.mark.parametrize("path", ["/", "/healthz", "/search?q=법", "/api/search?q=법", "/static/style.css"])
def test_head_answers_like_get_without_a_body(api, path):
    head, get = api.head(path), api.get(path)
    assert head.status_code == get.status_code == 200
    assert head.content == b"" and head.headers["content-security-policy"]


def test_decomposed_filter_values_find_what_composed_ones_do(api):
    import unicodedata

    composed = api.get("/api/search", params={"committee": "보건복지위원회"}).json()["total"]
    decomposed = api.get("/api/search", params={"committee": unicodedata.normalize("NFD", "보건복지위원회")}).json()
    assert composed > 0 and decomposed["total"] == composed
