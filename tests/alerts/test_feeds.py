"""Atom feeds on the real node: the twin of a search, member, committee and audited-body feeds, valid
for a standard feed parser, stable ids, conditional GET, and text from the minutes escaped."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

import feedparser
import pytest
from fastapi.testclient import TestClient

from search_api.feeds import ATOM
from tests.alerts.conftest import PUBLIC_URL, index_fresh, ingest_more, meeting

pytestmark = pytest.mark.es

HOSTILE = '역학조사관이 <script>alert("x")</script> & <b>굵게</b> 라고 적힌 문서를 받았습니다.'
MEETINGS = [
    meeting("2024-05-07", 1, [("김철수", "위원", "역학조사관 충원 계획을 묻겠습니다."),
                              ("홍길동", "질병관리청장", "역학조사관을 올해 안에 충원하겠습니다."),
                              ("김철수", "위원", HOSTILE)]),
    meeting("2024-06-10", 2, [("이영희", "위원", "역학조사관 예산은 어떻게 됩니까?")], committee="법제사법위원회"),
    meeting("2024-10-10", 3, [("김철수", "위원", "질병관리청 역학조사관 처우를 묻습니다.")], meeting_type="국정감사",
            audited_bodies=["질병관리청"]),
]


@pytest.fixture(scope="module")
def feeds(settings, es_client, analyzer, tmp_path_factory):
    from web.app import create_app

    local = index_fresh(settings, es_client, analyzer, tmp_path_factory.mktemp("feeds"), "feeds", MEETINGS)
    return TestClient(create_app(local.model_copy(update={"public_url": PUBLIC_URL})))


def parsed(response) -> feedparser.FeedParserDict:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_the_search_feed_holds_the_newest_hits_of_the_same_search(feeds):
    response = feeds.get("/search.atom", params={"q": "역학조사관"})
    feed = parsed(response)
    api = feeds.get("/api/search", params={"q": "역학조사관", "sort": "newest"}).json()
    assert [e.id for e in feed.entries] == [f"{PUBLIC_URL}/turns/{h['turn_id']}" for h in api["hits"]]
    assert len(feed.entries) == api["total"] == 5
    first, hit = feed.entries[0], api["hits"][0]
    assert first.published.startswith(hit["date"]) and hit["date"] == "2024-10-10"
    assert first.author == hit["speaker_name"] and first.tags[0].term == hit["committee"]
    assert first.link.startswith(f"{PUBLIC_URL}/meetings/") and first.link.endswith(f"#turn-{hit['seq']}")
    assert "역학조사관" in first.summary  # feedparser drops <mark>, an element it does not whitelist; the XML has it
    raw_summary = ET.fromstring(response.content).find(f"{{{ATOM}}}entry/{{{ATOM}}}summary").text
    assert raw_summary == "질병관리청 <mark>역학조사관</mark> 처우를 묻습니다."
    assert "‘역학조사관’" in feed.feed.title
    assert feed.feed.links[0].href.startswith(f"{PUBLIC_URL}/search.atom?q=")


def test_pages_link_their_feed_and_their_alert_form(feeds):
    page = feeds.get("/search", params={"q": "역학조사관", "sort": "oldest", "page": 1},
                     headers={"accept": "text/html"}).text
    feed_href = html.unescape(re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"',
                                        page).group(1))
    assert feed_href == "/search.atom?q=%EC%97%AD%ED%95%99%EC%A1%B0%EC%82%AC%EA%B4%80"  # sort and page dropped
    assert parsed(feeds.get(feed_href)).entries
    assert 'href="/alerts/new?q=%EC%97%AD%ED%95%99%EC%A1%B0%EC%82%AC%EA%B4%80"' in page
    member = feeds.get("/speakers/김철수", headers={"accept": "text/html"}).text
    member_feed = html.unescape(re.search(r'type="application/atom\+xml"[^>]*href="([^"]+)"', member).group(1))
    entries = parsed(feeds.get(member_feed)).entries
    assert len(entries) == 3 and {e.author for e in entries} == {"김철수"}


def test_member_committee_and_audited_body_feeds(feeds):
    member = parsed(feeds.get("/feeds/speakers/김철수.atom", params={"q": "처우"}))
    assert [e.author for e in member.entries] == ["김철수"] and "처우" in member.entries[0].summary
    committee = parsed(feeds.get("/feeds/committees/법제사법위원회.atom"))
    assert [e.tags[0].term for e in committee.entries] == ["법제사법위원회"]
    assert committee.feed.links[0].href == f"{PUBLIC_URL}/feeds/committees/%EB%B2%95%EC%A0%9C%EC%82%AC%EB%B2%95" \
                                           "%EC%9C%84%EC%9B%90%ED%9A%8C.atom"
    audited = parsed(feeds.get("/feeds/audited-bodies/질병관리청.atom"))
    assert len(audited.entries) == 1 and "처우" in audited.entries[0].summary
    assert parsed(feeds.get("/feeds/audited-bodies/없는기관.atom")).entries == []
    assert feeds.get("/feeds/committees/" + "가" * 101 + ".atom").status_code == 422


def test_text_from_the_minutes_and_the_query_is_escaped(feeds):
    typed = feeds.get("/search.atom", params={"q": "<b>x</b>"})
    assert b"<b>" not in typed.content
    assert "<b>x</b>" in ET.fromstring(typed.content).find(f"{{{ATOM}}}title").text  # text, never markup
    response = feeds.get("/search.atom", params={"q": "굵게"})
    assert b"<script>" not in response.content and b"<b>" not in response.content
    summary = ET.fromstring(response.content).find(f"{{{ATOM}}}entry/{{{ATOM}}}summary")
    assert summary.get("type") == "html"
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in summary.text and "<script" not in summary.text
    entry = parsed(response).entries[0]
    assert "<script" not in entry.summary and "&lt;script&gt;" in entry.summary


def test_conditional_get_and_ids_that_survive_a_reingest(settings, es_client, analyzer, tmp_path):
    from web.app import create_app

    local = index_fresh(settings, es_client, analyzer, tmp_path, "feedcache", MEETINGS[:1])
    client = TestClient(create_app(local.model_copy(update={"public_url": PUBLIC_URL})))
    first = client.get("/search.atom", params={"q": "충원"})
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert first.headers["cache-control"].startswith("public")
    same = client.get("/search.atom", params={"q": "충원"}, headers={"if-none-match": etag})
    assert same.status_code == 304 and same.content == b"" and same.headers["etag"] == etag
    assert client.get("/search.atom", params={"q": "충원"}, headers={"if-modified-since": modified}).status_code == 304
    assert client.get("/search.atom", params={"q": "충원"}, headers={"if-none-match": '"other"'}).status_code == 200

    ingest_more(local, es_client, analyzer, tmp_path, MEETINGS[:1])  # the same meeting, re-ingested unchanged
    again = client.get("/search.atom", params={"q": "충원"}, headers={"if-none-match": etag})
    assert again.status_code == 304  # same entries, same bytes: pollers pay nothing
    later = meeting("2024-07-01", 9, [("박민수", "위원", "인력 충원이 시급합니다.")])
    ingest_more(local, es_client, analyzer, tmp_path, [later])
    changed = client.get("/search.atom", params={"q": "충원"}, headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    ids = [e.id for e in parsed(changed).entries]
    assert ids[1:] == [e.id for e in parsed(first).entries] and "박민수" in parsed(changed).entries[0].author
