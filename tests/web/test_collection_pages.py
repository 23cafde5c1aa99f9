"""The home page says what is indexed, /committees lists every committee, and each has a JSON twin."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

pytestmark = pytest.mark.es
HTML = {"accept": "text/html"}


def test_api_committees_counts_every_committee(api, es_client, settings):
    committees = api.get("/api/committees").json()
    counted = es_client.search(index=settings.index_alias, size=0, aggs={
        "c": {"terms": {"field": "committee", "size": 500}}})["aggregations"]["c"]["buckets"]
    assert {c["name"]: c["turns"] for c in committees} == {b["key"]: b["doc_count"] for b in counted}
    assert [c["turns"] for c in committees] == sorted((c["turns"] for c in committees), reverse=True)
    first = committees[0]
    assert first["meetings"] >= 1 and first["first_date"] <= first["last_date"]
    assert api.get("/api" + first["url"]).json()["total_turns"] == first["turns"]  # the committee page agrees
    assert api.get(first["search_url"].replace("/search", "/api/search")).json()["total"] == first["turns"]


def test_committees_page_links_each_committee(api):
    committees = api.get("/api/committees").json()
    page = api.get("/committees", headers=HTML)
    assert page.status_code == 200 and page.headers["link"].startswith("</api/committees>")
    rows = re.findall(r'<th scope="row"><a href="([^"]+)">([^<]+)</a></th><td>([\d,]+)회</td><td>([\d,]+)건</td>',
                      page.text)
    assert [(unquote(href), name, int(turns.replace(",", ""))) for href, name, _, turns in rows] == [
        (unquote(c["url"]), c["name"], c["turns"]) for c in committees]


def test_home_page_shows_the_collection(api):
    collection = api.get("/api/collection").json()
    assert collection["turns"] == api.get("/api/search").json()["total"]
    assert sum(y["turns"] for y in collection["years"]) == collection["turns"]
    home = api.get("/", headers=HTML).text
    assert "<h1>국회 회의록 검색</h1>" in home
    assert f'발언 <a href="/search">{collection["turns"]:,}건</a>' in home
    for committee in collection["committees"]:
        assert f'<a href="{committee["url"]}">{committee["name"]}</a>' in home
    for year in collection["years"]:
        assert f'<a href="{year["search_url"]}">{year["year"]}년</a>' in home
    assert "마지막 동기화" in home and 'href="/committees"' in home
