"""The URL is the whole state of a search: SearchParams ⇄ query string, and the links a page offers.

This module owns the site's paths: every page's path is built here, with one escaping rule for a value in a
path (`segment`: everything but letters, digits and -._~ percent-encoded, "/" included), so no other module
writes a literal page path (tests/search_api/test_urls_owner.py reads the sources to hold that)."""

from __future__ import annotations

from functools import cache, lru_cache
from urllib.parse import quote, quote_plus, urlencode

from search_api.params import SearchParams

SEARCH = "/search"
SEARCH_FEED = "/search.atom"
TRENDS = "/trends"
COMMITTEES = "/committees"
VERIFY = "/verify"
SPEAKERS = "/speakers"
FEEDS = "/feeds"


def segment(value: str) -> str:
    """A value as one path segment."""
    return quote(value, safe="")


def speaker_path(key: str) -> str:
    return f"{SPEAKERS}/{segment(key)}"


def committee_path(name: str) -> str:
    return f"{COMMITTEES}/{segment(name)}"


def meeting_path(meeting_id: str) -> str:
    return f"/meetings/{segment(meeting_id)}"


def speaker_feed_base(key: str) -> str:
    return f"{FEEDS}/speakers/{segment(key)}.atom"


def filter_feed_prefix(facet: str) -> str:
    """Where the feeds of one committee or one audited body live: ``{prefix}/{name}.atom``."""
    return {"committee": f"{FEEDS}/committees", "audited_body": f"{FEEDS}/audited-bodies"}[facet]


@cache
def _defaults(model: type[SearchParams]) -> dict:
    return model().model_dump()


def _items(name: str, value, defaults: dict) -> list[str]:
    """A parameter's values as URL text; none when it has its default, so equal searches have equal URLs."""
    if value == defaults[name] or value in (None, "", []):
        return []
    return [item.isoformat() if hasattr(item, "isoformat") else str(item)
            for item in (value if isinstance(value, list) else [value])]


@lru_cache(maxsize=4096)
def _quoted(text: str) -> str:
    return quote_plus(text)


class SearchLinks:
    """Links to variations of one search. A results page needs a hundred or more (every facet value,
    every chart bar), so the unchanged parameters are encoded once, not once per link."""

    def __init__(self, base: str, params: SearchParams):
        self.base = base
        self.params = params
        self._names = list(type(params).model_fields)
        self._defaults = _defaults(type(params))
        # Each parameter as "&name=value" text, or "" when it has its default.
        self._fixed = {name: self._separated(name, value) for name, value in params.model_dump().items()}

    def _separated(self, name: str, value) -> str:
        if type(value) is str and value and value != self._defaults[name]:  # the common case, kept short
            return f"&{name}={_quoted(value)}"
        return "".join(f"&{name}={_quoted(item)}" for item in _items(name, value, self._defaults))

    def _link(self, parts) -> str:
        query = "".join(parts)[1:]
        return f"{self.base}?{query}" if query else self.base

    def url(self, **changes) -> str:
        return self._link(self._separated(name, changes[name]) if name in changes else self._fixed[name]
                          for name in self._names)

    def varying(self, *names: str):
        """A builder of links that differ from this search only in ``names``: the fixed parameters are
        joined once. A 1M-turn index spans 20 years, so the date chart alone asks for 260+ links per page."""
        # The fixed parameters between two varying ones are joined into one text here, once: a 20-year index
        # asks for 240 month links, each then a join of a handful of parts instead of every parameter.
        segments: list[tuple[bool, str]] = []  # (varies, parameter name or fixed text)
        for name in self._names:
            if name in names:
                segments.append((True, name))
            elif segments and not segments[-1][0]:
                segments[-1] = (False, segments[-1][1] + self._fixed[name])
            else:
                segments.append((False, self._fixed[name]))
        return lambda **values: self._link(self._separated(part, values[part]) if varies else part
                                           for varies, part in segments)

    def toggler(self, facet: str):
        """toggle() for many values of one facet: the text on either side of the facet's own parameter is
        joined once (a results page toggles 70 or more facet values)."""
        names = [name for name in self._names if name != "page"]  # any filter change goes back to page 1
        at = names.index(facet)
        left = "".join(self._fixed[name] for name in names[:at])
        right = "".join(self._fixed[name] for name in names[at + 1:])
        current = self.params.filter_values(facet)

        def toggle(value) -> str:
            updated = [v for v in current if v != value] if value in current else [*current, value]
            return self._link((left, self._separated(facet, updated), right))

        return toggle

    def toggle(self, facet: str, value) -> str:
        """Select or deselect one facet value; any filter change goes back to page 1."""
        return self.toggler(facet)(value)


def query_pairs(params: SearchParams) -> list[tuple[str, str]]:
    """Only non-default values, in field order (for hidden form fields)."""
    defaults = _defaults(type(params))
    return [(name, item) for name, value in params.model_dump().items() for item in _items(name, value, defaults)]


def turn_url(meeting_id: str, seq: int, q: str = "") -> str:
    """The turn inside its meeting; with the query, so the reader marks the same words."""
    return f"{meeting_path(meeting_id)}{_reader_query(q)}#turn-{seq}"


@lru_cache(maxsize=256)
def _reader_query(q: str) -> str:
    return f"?{urlencode({'q': q})}" if q else ""


def search_url(base: str, params: SearchParams, **changes) -> str:
    return SearchLinks(base, params).url(**changes)


def toggle_url(base: str, params: SearchParams, facet: str, value) -> str:
    return SearchLinks(base, params).toggle(facet, value)


def meeting_api_url(meeting_id: str) -> str:
    """The meeting reader's JSON twin."""
    return f"/api{meeting_path(meeting_id)}"


def threads_url(meeting_id: str) -> str:
    """The meeting folded into its question → answer threads."""
    return f"{meeting_path(meeting_id)}/threads"


def thread_url(meeting_id: str, number: int) -> str:
    return f"{meeting_path(meeting_id)}/threads/{number}"


_CITE_FORMATS = {"BibTeX": "bibtex", "RIS": "ris", "CSL-JSON": "csl"}


def cite_links(turn_id: str) -> dict[str, str]:
    """The turn's reference for citation managers: format name → download link."""
    path = f"/api/turns/{segment(turn_id)}/cite"
    return {label: f"{path}?format={fmt}" for label, fmt in _CITE_FORMATS.items()}
