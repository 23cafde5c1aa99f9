"""The names of the people who speak in the index, for reading a typed name as a person (issue 25, item 2).

One terms aggregation over `speaker_name`, kept for a few minutes per index: a query word is checked
against a set in memory, never by a search of its own.
"""

from __future__ import annotations

import re
import threading
import time

from elasticsearch import Elasticsearch

NAMES_KEPT_S = 300.0  # new speakers arrive with new minutes, a few times a day at most
MAX_NAMES = 50_000  # every person who ever spoke in the Assembly's committees fits
_PERSON_NAME = re.compile(r"[가-힣]{2,4}")  # a speaker_name that is an office (위원장) or a label is not one

_lock = threading.Lock()
_cache: dict[str, tuple[float, frozenset[str]]] = {}


def person_names(names: list[str]) -> frozenset[str]:
    return frozenset(name for name in names if _PERSON_NAME.fullmatch(name))


def known_speakers(client: Elasticsearch, index: str, now: float | None = None) -> frozenset[str]:
    """Speakers' names (Hangul) in `index`, from a cache refreshed every NAMES_KEPT_S seconds."""
    now = time.monotonic() if now is None else now
    with _lock:
        kept = _cache.get(index)
    if kept and now - kept[0] < NAMES_KEPT_S:
        return kept[1]
    found = client.search(index=index, size=0, aggs={"names": {"terms": {"field": "speaker_name", "size": MAX_NAMES}}})
    names = person_names([b["key"] for b in found["aggregations"]["names"]["buckets"]])
    if names:  # an index still being filled is asked again next time
        with _lock:
            _cache[index] = (now, names)
    return names


def forget(index: str) -> None:
    """Drop the cached names (tests that re-create an index under the same name)."""
    with _lock:
        _cache.pop(index, None)
