"""The URL is the whole state of a search: SearchParams ⇄ query string, and the links a page offers."""

from __future__ import annotations

from urllib.parse import urlencode

from search_api.params import SearchParams


def query_pairs(params: SearchParams, **changes) -> list[tuple[str, str]]:
    """Only non-default values, in field order, so equal searches have equal URLs."""
    data = params.model_dump() | changes
    defaults = type(params)()
    pairs: list[tuple[str, str]] = []
    for name in type(params).model_fields:
        value = data[name]
        if value == getattr(defaults, name) or value in (None, "", []):
            continue
        for item in value if isinstance(value, list) else [value]:
            pairs.append((name, item.isoformat() if hasattr(item, "isoformat") else str(item)))
    return pairs


def turn_url(meeting_id: str, seq: int, q: str = "") -> str:
    """The turn inside its meeting; with the query, so the reader marks the same words."""
    query = f"?{urlencode({'q': q})}" if q else ""
    return f"/meetings/{meeting_id}{query}#turn-{seq}"


def search_url(base: str, params: SearchParams, **changes) -> str:
    encoded = urlencode(query_pairs(params, **changes))
    return f"{base}?{encoded}" if encoded else base


def toggle_url(base: str, params: SearchParams, facet: str, value) -> str:
    """Select or deselect one facet value; any filter change goes back to page 1."""
    current = params.filter_values(facet)
    updated = [v for v in current if v != value] if value in current else [*current, value]
    return search_url(base, params, **{facet: updated, "page": 1})
