"""The URL is the whole state of a search: SearchParams ⇄ query string, and the links a page offers."""

from __future__ import annotations

from functools import cache, lru_cache
from urllib.parse import quote, quote_plus, urlencode

from search_api.params import SearchParams


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
    return f"/meetings/{meeting_id}{_reader_query(q)}#turn-{seq}"


@lru_cache(maxsize=256)
def _reader_query(q: str) -> str:
    return f"?{urlencode({'q': q})}" if q else ""


def search_url(base: str, params: SearchParams, **changes) -> str:
    return SearchLinks(base, params).url(**changes)


def toggle_url(base: str, params: SearchParams, facet: str, value) -> str:
    return SearchLinks(base, params).toggle(facet, value)


def meeting_api_url(meeting_id: str) -> str:
    """The meeting reader's JSON twin."""
    return f"/api/meetings/{quote(meeting_id, safe='')}"


def threads_url(meeting_id: str) -> str:
    """The meeting folded into its question → answer threads."""
    return f"/meetings/{meeting_id}/threads"


def thread_url(meeting_id: str, number: int) -> str:
    return f"/meetings/{meeting_id}/threads/{number}"


_CITE_FORMATS = {"BibTeX": "bibtex", "RIS": "ris", "CSL-JSON": "csl"}


def cite_links(turn_id: str) -> dict[str, str]:
    """The turn's reference for citation managers: format name → download link."""
    path = f"/api/turns/{quote(turn_id, safe='')}/cite"
    return {label: f"{path}?format={fmt}" for label, fmt in _CITE_FORMATS.items()}
