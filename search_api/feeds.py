"""Atom feeds (RFC 4287) of searches, members, committees and audited bodies.

A feed holds the newest matching turns (by sitting date, like the search page's 최신순), each with its
speaker, meeting, date, the snippet with the search's words marked, and the turn's permalink, which is
also the entry's id: stable across re-ingests, because turn ids are. Conditional GET keeps polling cheap:
the ETag is a hash of the feed's bytes, Last-Modified the newest time a listed turn was written. The
feed's and entries' `updated` are sitting dates, not write times, so a meeting re-ingested unchanged
leaves the bytes, and so the ETag, as they were.

Everything from the minutes or the URL reaches the XML as text through ElementTree, which escapes it;
snippets are HTML built from escaped text (search_api/highlight.py), carried as escaped text of an
``type="html"`` element. Characters XML 1.0 cannot hold are dropped first.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from html import escape
from urllib.parse import quote

from search_api.citation import PROVISIONAL_LABEL
from search_api.params import SearchParams
from search_api.saved import describe, selection
from search_api.service import HitList
from search_api.urls import SEARCH, SEARCH_FEED, search_url, speaker_feed_base

ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml; charset=utf-8"
LAYOUT = "1"  # part of every ETag: a change of layout is a change of every feed
MAX_ETAGS = 20  # If-None-Match values looked at
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # `updated` and Last-Modified of a feed with no entries yet
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class FeedText:
    title: str
    self_path: str  # this feed, site-relative
    page_path: str  # the HTML page it is the twin of


@dataclass(frozen=True)
class Feed:
    body: bytes
    etag: str
    last_modified: datetime


def feed_selection(params: SearchParams) -> SearchParams:
    """Newest first whatever the page's order: a feed reader shows arrivals, not relevance."""
    return selection(params).model_copy(update={"sort": "newest"})


def search_feed_path(params: SearchParams) -> str:
    return search_url(SEARCH_FEED, selection(params))


def speaker_feed_path(key: str, params: SearchParams) -> str:
    return search_url(speaker_feed_base(key), selection(params.model_copy(update={"speaker": []})))


def search_feed_text(params: SearchParams, hits: HitList) -> FeedText:
    names = {s.get("speaker_key", ""): s.get("speaker_name", "") for s in hits.sources}
    return FeedText(title=f"국회 회의록: {describe(params, names)}", self_path=search_feed_path(params),
                    page_path=search_url(SEARCH, feed_selection(params)))


def _text(text: object) -> str:
    return _NOT_XML.sub("", str(text))


def _add(parent: ET.Element, tag: str, text: object = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: _text(v) for k, v in attributes.items()})
    if text is not None:
        element.text = _text(text)
    return element


def _day(iso_date: str) -> str:
    """A sitting's date at midnight in Korea, where it sat (Atom wants a full time)."""
    return f"{iso_date[:10]}T00:00:00+09:00"


def _written(sources: list[dict]) -> datetime:
    times = [datetime.fromisoformat(s["indexed_at"].replace("Z", "+00:00")) for s in sources if s.get("indexed_at")]
    return max(times, default=EPOCH).astimezone(UTC)


def permalink(public_url: str, turn_id: str) -> str:
    return f"{public_url.rstrip('/')}/turns/{quote(turn_id, safe='')}"


def _entry_html(hit, link: str) -> str:
    """The entry's content as HTML; every value escaped here, the snippet already built escaped."""
    who = " ".join(escape(part) for part in (hit.speaker_name, hit.role, hit.party) if part)
    where = f"{escape(hit.committee)} · {escape(hit.date)}"
    note = f" · {PROVISIONAL_LABEL}" if hit.provisional else ""
    return (f"<p><strong>{who}</strong> — {where}{note}</p><blockquote>{hit.snippet_html}</blockquote>"
            f"<p>{escape(hit.citation)}</p><p><a href=\"{escape(link)}\">회의록에서 보기</a></p>")


def render_feed(hits: HitList, text: FeedText, public_url: str) -> Feed:
    base = public_url.rstrip("/")
    written = _written(hits.sources)
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": "ko"})
    _add(feed, "id", base + text.self_path)
    _add(feed, "title", text.title)
    _add(feed, "subtitle", f"조건에 맞는 발언 {hits.total:,}건 중 최신 {len(hits.hits)}건")
    _add(feed, "updated", max((_day(hit.date) for hit in hits.hits), default=EPOCH.isoformat()))
    _add(feed, "link", rel="self", type="application/atom+xml", href=base + text.self_path)
    _add(feed, "link", rel="alternate", type="text/html", href=base + text.page_path)
    _add(feed, "generator", "국회 회의록 검색")
    for hit in hits.hits:
        link = base + quote(hit.url, safe="/?#=&%+:@")
        entry = _add(feed, "entry")
        _add(entry, "id", permalink(public_url, hit.turn_id))
        _add(entry, "title", f"{hit.speaker_name} {hit.role} — {hit.committee} ({hit.date})".replace("  ", " "))
        _add(entry, "link", rel="alternate", type="text/html", href=link)
        _add(entry, "published", _day(hit.date))
        _add(entry, "updated", _day(hit.date))
        _add(_add(entry, "author"), "name", hit.speaker_name or "미상")
        if hit.committee:
            _add(entry, "category", term=hit.committee)
        _add(entry, "summary", hit.snippet_html, type="html")
        _add(entry, "content", _entry_html(hit, link), type="html")
    body = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    etag = '"' + hashlib.sha256(LAYOUT.encode() + body).hexdigest()[:32] + '"'
    return Feed(body=body, etag=etag, last_modified=written)


def not_modified(if_none_match: str | None, if_modified_since: str | None, feed: Feed) -> bool:
    """RFC 9110 §13.1: If-None-Match decides when present (weak comparison); If-Modified-Since otherwise."""
    if if_none_match is not None:
        tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")[:MAX_ETAGS]]
        return "*" in tags or feed.etag in tags
    if not if_modified_since or len(if_modified_since) > 64:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError):
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return feed.last_modified.replace(microsecond=0) <= since


def feed_headers(feed: Feed, page_url: str) -> dict[str, str]:
    return {"ETag": feed.etag, "Last-Modified": format_datetime(feed.last_modified, usegmt=True),
            "Cache-Control": "public, max-age=300",
            "Link": f'<{page_url}>; rel="alternate"; type="text/html"'}


def follow_links(params: SearchParams, speaker_key: str | None = None) -> dict[str, str]:
    """What a search page (or a member page) offers to follow it: its Atom twin and the alert form."""
    scoped = params.model_copy(update={"speaker": [speaker_key]}) if speaker_key else params
    feed = speaker_feed_path(speaker_key, params) if speaker_key else search_feed_path(params)
    return {"feed": feed, "alert": search_url("/alerts/new", selection(scoped))}
