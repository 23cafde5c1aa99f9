"""A search as it is saved (its canonical query string) and as it is named in feeds, mails and pages.

The saved form is the same query string the search page's URL carries (search_api/urls.py), without
page and sort, which do not change what an alert or a feed selects: equal searches save equally, so
one address cannot hold the same alert twice.
"""

from __future__ import annotations

from typing import get_origin
from urllib.parse import parse_qsl, urlencode

from elasticsearch import Elasticsearch

import search_api.facets as facet_table
from search_api.params import SearchParams
from search_api.urls import query_pairs

MAX_SAVED_CHARS = 8192  # the request line bound (search_api/guards.py): a saved search never exceeds it
MAX_LABEL_CHARS = 200


def selection(params: SearchParams) -> SearchParams:
    """What a search selects, without how a page shows it."""
    return params.model_copy(update={"page": 1, "sort": "relevance"})


class SearchTooLong(ValueError):
    """A search too long to save whole: refused, never saved cut short (it would be another search)."""


def saved_search(params: SearchParams) -> str:
    saved = urlencode(query_pairs(selection(params)))
    if len(saved) > MAX_SAVED_CHARS:
        raise SearchTooLong(f"검색 조건이 너무 깁니다 ({len(saved):,}자; 최대 {MAX_SAVED_CHARS:,}자)")
    return saved


def params_of(saved: str) -> SearchParams:
    """The inverse of saved_search; raises pydantic's ValidationError on a string no search saves."""
    values: dict[str, list[str]] = {}
    for name, value in parse_qsl(saved[:MAX_SAVED_CHARS], max_num_fields=200):
        values.setdefault(name, []).append(value)
    fields = SearchParams.model_fields
    return SearchParams.model_validate({
        name: items if name in fields and get_origin(fields[name].annotation) is list else items[-1]
        for name, items in values.items()})


def describe(params: SearchParams, speaker_names: dict[str, str] | None = None) -> str:
    """A short Korean name for a search: ‘검색어’ · 위원회: … · 화자: …; member codes shown by name."""
    names = speaker_names or {}
    parts = [f"‘{' '.join(params.q.split())}’"] if params.q.strip() else []
    for spec in facet_table.FACETS:
        values = [str(v) for v in params.filter_values(spec.param)]
        if values:
            shown = [names.get(v, v) for v in values] if spec.param == "speaker" else values
            parts.append(f"{spec.label}: {', '.join(shown)}")
    if params.date_from or params.date_to:
        parts.append(f"기간: {params.date_from or ''}~{params.date_to or ''}")
    text = " · ".join(parts) or "모든 발언"
    return text if len(text) <= MAX_LABEL_CHARS else text[:MAX_LABEL_CHARS - 1] + "…"


def quoted_label(label: str) -> str:
    """An alert's name in quotation marks, once: a name made by describe() already opens with the quoted query
    (‘독립성’ · 위원회: …), and quoting it again printed ‘‘독립성’’."""
    return label if label.startswith("‘") else f"‘{label}’"


def speaker_names(client: Elasticsearch, turns_index: str, keys: list[str]) -> dict[str, str]:
    """Speaker keys (member codes) → the names they are printed under, for naming a search."""
    if not keys:
        return {}
    found = client.search(index=turns_index, size=0, query={"terms": {"speaker_key": keys}}, aggs={"keys": {
        "terms": {"field": "speaker_key", "size": len(keys)},
        "aggs": {"name": {"terms": {"field": "speaker_name", "size": 1}}}}})
    return {str(b["key"]): b["name"]["buckets"][0]["key"] for b in found["aggregations"]["keys"]["buckets"]
            if b["name"]["buckets"]}
