"""Every page, with axe-core injected by Playwright: no WCAG 2 A/AA violation and none of axe's best practices."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest

from tests.web.axe import axe_violations

pytestmark = [pytest.mark.es, pytest.mark.browser]


@pytest.fixture(scope="module")
def pages(api) -> dict[str, str]:
    """One address of each kind of page, found through the API as a reader would reach them."""
    hit = api.get("/api/search", params={"q": "원천무효"}).json()["hits"][0]
    meeting = urlsplit(hit["url"]).path
    threads = api.get(f"/api{meeting}/threads").json()["threads"]
    return {
        "home": "/", "search": "/search?q=원천무효", "search-empty": "/search?q=없는말없는말",
        "reader": hit["url"], "threads": meeting + "/threads",
        "thread": threads[0]["url"] if threads else meeting + "/threads",
        "member": f"/speakers/{quote(hit['speaker_name'])}", "committee": f"/committees/{quote(hit['committee'])}",
        "committees": "/committees", "verify": "/verify?text=" + quote("원천무효"), "verify-form": "/verify",
        "trends": "/trends?term=원천무효", "status": "/status", "alerts-new": "/alerts/new?q=원천무효",
        "error": "/search?size=abc",
    }


@pytest.mark.parametrize("name", ["home", "search", "search-empty", "reader", "threads", "thread", "member",
                                  "committee", "committees", "verify", "verify-form", "trends", "status",
                                  "alerts-new", "error"])
def test_page_has_no_axe_violations(page, live_server, pages, name):
    page.goto(live_server + pages[name])
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)
