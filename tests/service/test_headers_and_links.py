"""Finding 4: a hostile source URL never becomes a link, and every answer carries the security headers."""

from __future__ import annotations

import pytest

from hearings.sources import official_link

pytestmark = pytest.mark.es


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)", "data:text/html,<script>",
    "https://record.assembly.go.kr.evil.example/x", "https://evil.example/record.assembly.go.kr",
    "https://user@record.assembly.go.kr/x", "//record.assembly.go.kr/x", "https://record.assembly.go.kr:8443/x",
    "https://record.assembly.go.kr/x\nSet-Cookie: a=b", "",
])
def test_untrusted_links_are_refused(url):
    assert official_link(url) is None


@pytest.mark.parametrize("url", [
    "https://record.assembly.go.kr/assembly/viewer/minutes/xml.do?id=56810",
    "http://likms.assembly.go.kr/bill/billDetail.do?billId=X",
])
def test_official_links_are_kept(url):
    assert official_link(url) == url


def _meeting_id(hostile_api) -> str:
    hit = hostile_api.get("/api/search?q=스크립트").json()["hits"][0]
    return hit["meeting_id"]


def test_a_javascript_source_url_is_shown_as_text_not_a_link(hostile_api):
    page = hostile_api.get(f"/meetings/{_meeting_id(hostile_api)}", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert "javascript:" in page.text  # shown, so a reader can see where it came from
    assert 'href="javascript:' not in page.text.replace(" ", "")
    assert "<script>alert(1)</script>" not in page.text  # speech is escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


@pytest.mark.parametrize("path", ["/", "/search?q=법", "/api/search?q=법", "/healthz", "/static/app.js",
                                  "/api/meetings/none", "/search?year=1"])
def test_security_headers_on_every_answer(hostile_api, path):
    headers = hostile_api.get(path).headers
    policy = headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"


def test_pages_have_no_inline_script(hostile_api):
    for path in ("/", "/search?q=법", f"/meetings/{_meeting_id(hostile_api)}"):
        html = hostile_api.get(path, headers={"accept": "text/html"}).text
        for tag in html.split("<script")[1:]:
            assert tag.split(">", 1)[0].strip().startswith("src="), tag[:80]
        assert " onclick=" not in html and " onload=" not in html
