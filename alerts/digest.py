"""One alert's news: the turns its search matches that are fresh (catalogue.py) since the alert last ran,
were written after it started, and its ledger has not accounted for. Found by the search's own query
(search_api.service.list_hits, the builder behind the search page), narrowed to the fresh turns by id
(usually a few hundred: the engine runs the query over those alone; none, and the engine is not asked)
or, after a mass re-ingest, to `indexed_at` inside the window the catalogue read; oldest write first,
paged with search_after and bounded per run."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from elasticsearch import Elasticsearch

from alerts.catalogue import looked_back
from alerts.store import Alert, AlertStore
from hearings.analysis import KiwiAnalyzer
from search_api.models import Hit
from search_api.params import SearchParams
from search_api.saved import params_of
from search_api.service import list_hits

PAGE = 200
MAX_FRESH_IDS = 10_000  # a terms filter this long is cheap; past it, the indexed_at window
ORDER = [{"indexed_at": "asc"}, {"turn_id": "asc"}]


@dataclass
class News:
    alert: Alert
    params: SearchParams
    hits: list[Hit] = field(default_factory=list)  # listed in the digest, newest sitting first
    sources: list[dict] = field(default_factory=list)
    counted: list[str] = field(default_factory=list)  # over the digest's length: counted, linked, not listed
    truncated: bool = False  # more matches than alerts_max_matches in one run: the digest says so and links

    @property
    def count(self) -> int:
        return len(self.hits) + len(self.counted)


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def fresh_filter(store: AlertStore, alert: Alert, lookback_minutes: int) -> dict | None:
    """Where this alert's news can be: the ids fresh since it last ran, or the window that holds them;
    None when nothing is fresh."""
    fresh = store.fresh_since(alert.last_run, MAX_FRESH_IDS)
    if fresh is not None:
        return {"terms": {"turn_id": fresh}} if fresh else None
    window = looked_back(store.high_water(alert.last_run + 1), lookback_minutes) or alert.since
    return {"range": {"indexed_at": {"gte": window}}} if window else {"match_all": {}}


def news_for(client: Elasticsearch, index: str, analyzer: KiwiAnalyzer, store: AlertStore, alert: Alert,
             within: dict | None, listed: int, max_matches: int) -> News:
    params = params_of(alert.search)
    since = _time(alert.since or "1970-01-01T00:00:00+00:00")
    news = News(alert=alert, params=params)
    if within is None:
        return news
    found: list[tuple[Hit, dict]] = []
    after, read = None, 0
    while read < max_matches:
        page = list_hits(client, index, params, analyzer, size=min(PAGE, max_matches - read), sort=ORDER, after=after,
                         within=within)
        if not page.hits:
            break
        ids = [hit.turn_id for hit in page.hits]
        fresh, sent = store.fresh_runs(ids), store.already_sent(alert.id, ids)
        found += [(hit, source) for hit, source in zip(page.hits, page.sources, strict=True)
                  if fresh.get(hit.turn_id, 0) > alert.last_run and hit.turn_id not in sent
                  and _time(source.get("indexed_at") or "1970-01-01T00:00:00+00:00") > since]
        read, after = read + len(page.hits), page.cursors[-1]
        news.truncated = read >= max_matches and page.total > read
    found.sort(key=lambda pair: (pair[0].date, pair[0].meeting_id, -pair[0].seq), reverse=True)
    news.hits = [hit for hit, _ in found[:listed]]
    news.sources = [source for _, source in found[:listed]]
    news.counted = [hit.turn_id for hit, _ in found[listed:]]
    return news
