"""Every page has its JSON twin, derived in one place (web/twins.py): the route table is walked, each HTML page
must have an /api route at its twin path, and each page served answers with a Link header (and a
<link rel="alternate">) naming a twin that answers JSON."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from fastapi.routing import APIRoute
from starlette.responses import HTMLResponse

from web.twins import flat_routes, twin_path

pytestmark = pytest.mark.es
# Pages that are a flow of their own, with no data to give as JSON: the alert sign-up, its links, its export.
NO_TWIN = ("/alerts/",)


def _html_pages(app) -> list[str]:
    return [route.path for route in flat_routes(app.routes) if isinstance(route, APIRoute) and "GET" in route.methods
            and route.response_class is HTMLResponse and not route.path.startswith(NO_TWIN)]


def test_every_html_page_has_a_json_twin_in_the_route_table(app):
    api_paths = {route.path for route in flat_routes(app.routes)
                 if isinstance(route, APIRoute) and route.path.startswith("/api/")}
    pages = _html_pages(app)
    assert len(pages) >= 10
    missing = [page for page in pages if twin_path(page) not in api_paths]
    assert not missing, f"pages without a JSON twin: {missing}"


def test_each_page_links_its_twin_and_the_twin_answers_json(api):
    hit = api.get("/api/search", params={"q": "법"}).json()["hits"][0]
    committee = api.get("/api/committees").json()[0]["name"]
    pages = ["/", "/search?q=%EB%B2%95", f"/speakers/{quote(hit['speaker_name'])}", f"/meetings/{hit['meeting_id']}",
             f"/meetings/{hit['meeting_id']}/threads", "/verify?text=%EB%B2%95", "/status", "/trends?term=%EB%B2%95",
             "/committees", f"/committees/{quote(committee)}"]
    for page in pages:
        answer = api.get(page, headers={"accept": "text/html"})
        assert answer.status_code in (200, 300), (page, answer.status_code)
        if answer.status_code == 300:
            continue  # a name several people share lists them; the chosen one has the twin
        (twin,) = re.findall(r"<([^>]+)>; rel=\"alternate\"; type=\"application/json\"", answer.headers["link"])
        assert twin.startswith("/api/"), page
        assert f'<link rel="alternate" type="application/json" href="{twin.replace("&", "&amp;")}">' in answer.text
        data = api.get(twin)
        assert data.status_code == 200 and data.headers["content-type"].startswith("application/json"), (page, twin)
    assert "link" not in api.get("/verify", headers={"accept": "text/html"}).headers  # no text, no twin to ask
