"""Which turns are new, which reworded, and which merely written again: the catalogue.

A re-ingest rewrites every turn of a meeting with a new `indexed_at`, so "indexed since the last run"
alone would send a whole meeting again each time it is re-read. The catalogue keeps, per turn id, a hash
of its text and the run that first saw that text (`fresh_run`). Each run reads the turns written since
the previous run's newest `indexed_at` (less a lookback, for batches shown after they were written):
a turn not in the catalogue, or with another text, is fresh in this run; the same text is not.

The first run finds an empty catalogue and reads the whole index once (for 1M turns, a few minutes);
what it reads counts as fresh only for alerts confirmed before that turn was written (digest.py checks
`indexed_at` against the alert's start), so the history is never sent.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from elasticsearch import Elasticsearch

from alerts.store import AlertStore

PAGE = 2000
KEEP_ALIVE = "5m"


@dataclass(frozen=True)
class Scan:
    scan_from: str | None  # None: the whole index (the first run)
    high_water: str | None
    read: int
    fresh: int


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def looked_back(high_water: str | None, minutes: int) -> str | None:
    if high_water is None:
        return None
    return (datetime.fromisoformat(high_water.replace("Z", "+00:00")) - timedelta(minutes=minutes)).isoformat()


def scan(client: Elasticsearch, index: str, store: AlertStore, run_id: int, lookback_minutes: int) -> Scan:
    scan_from = None if store.catalogue_empty() else looked_back(store.high_water(run_id), lookback_minutes)
    query = {"range": {"indexed_at": {"gte": scan_from}}} if scan_from else {"match_all": {}}
    # A point in time: one consistent view while paging (it respects the alias filter, so turns of a
    # version still hidden are not read yet; the lookback reads them once they are shown).
    pit = client.open_point_in_time(index=index, keep_alive=KEEP_ALIVE)["id"]
    read = fresh = 0
    high_water: str | None = None
    after = None
    try:
        while True:
            response = client.search(pit={"id": pit, "keep_alive": KEEP_ALIVE}, query=query, size=PAGE,
                                     sort=["_shard_doc"], search_after=after,
                                     **{"_source": ["turn_id", "text", "indexed_at"]})
            hits = response["hits"]["hits"]
            if not hits:
                break
            pit, after = response.get("pit_id", pit), hits[-1]["sort"]
            hashes = {h["_source"]["turn_id"]: text_hash(h["_source"].get("text", "")) for h in hits}
            known = store.seen_hashes(list(hashes))
            changed = [(turn_id, digest) for turn_id, digest in hashes.items() if known.get(turn_id) != digest]
            with store.transaction():  # a page at a time: a killed run keeps what it read (see run.py)
                store.mark_seen(changed, run_id)
            read, fresh = read + len(hits), fresh + len(changed)
            times = [h["_source"]["indexed_at"] for h in hits if h["_source"].get("indexed_at")]
            high_water = max([high_water, *times], key=lambda t: t or "") if times else high_water
    finally:
        client.close_point_in_time(id=pit)
    return Scan(scan_from=scan_from, high_water=high_water or store.high_water(run_id), read=read, fresh=fresh)
