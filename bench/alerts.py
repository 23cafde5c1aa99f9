"""The cost of `hearings alerts run` over many saved searches, on the benchmark index.

1,000 saved searches (600 words, 300 members, 100 committee + word, drawn from the index itself, four per
address) are confirmed; then four runs are timed, each a whole `run_once` (catalogue, queries, digests,
SMTP to a local aiosmtpd sink, outbox):
1. the first run, which catalogues every turn of the index once;
2. a run after a batch of new meetings is ingested (the common case: after a sync);
3. a run with nothing new (what `--every` costs when idle);
4. a run after the same batch is re-ingested unchanged (it must send nothing).
The batch is withdrawn afterwards, so the index holds the benchmark corpus again (for --resume).
"""

from __future__ import annotations

import io
import random
import socket
import tempfile
import time
from pathlib import Path

from elasticsearch import Elasticsearch

from alerts.run import RunReport, run_once
from alerts.store import AlertStore
from bench.generate import generate
from hearings.analysis import get_analyzer
from hearings.config import Settings
from hearings.engine import make_client
from hearings.index import meetings_spec, turns_spec
from search_api.params import SearchParams
from search_api.saved import saved_search

ALERTS_PER_ADDRESS = 4


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _terms(client: Elasticsearch, alias: str, field: str, size: int) -> list[str]:
    found = client.search(index=alias, size=0, aggs={"top": {"terms": {"field": field, "size": size}}})
    return [str(b["key"]) for b in found["aggregations"]["top"]["buckets"]]


def saved_searches(client: Elasticsearch, alias: str, count: int, seed: int = 7) -> list[SearchParams]:
    """A mix like the one aides keep: words, members, and a word within a committee."""
    rng = random.Random(seed)
    words = [w for w in _terms(client, alias, "topics", 2000) if len(w) >= 2]
    members, committees = _terms(client, alias, "speaker_key", 500), _terms(client, alias, "committee", 50)
    mix = [SearchParams(q=rng.choice(words)) for _ in range(count * 6 // 10)]
    mix += [SearchParams(speaker=[rng.choice(members)]) for _ in range(count * 3 // 10)]
    mix += [SearchParams(q=rng.choice(words), committee=[rng.choice(committees)]) for _ in range(count - len(mix))]
    return mix


def _subscribe(store: AlertStore, searches: list[SearchParams]) -> None:
    with store.transaction():
        for number, params in enumerate(searches):
            address = store.ensure_address(f"aide{number // ALERTS_PER_ADDRESS}@example.org")
            if store.find_alert(address.id, saved_search(params), "email", ""):  # drawn twice for one address
                address = store.ensure_address(f"aide-{number}@example.org")
            alert = store.add_alert(address.id, f"alert {number}", saved_search(params), "email", "", "")
            store.start_alert(alert.id)


def _timed(settings: Settings, client: Elasticsearch, alias: str) -> tuple[float, RunReport]:
    started = time.perf_counter()
    report = run_once(settings, client, get_analyzer(), alias)
    assert report is not None
    return time.perf_counter() - started, report


def _row(seconds: float, report: RunReport) -> dict:
    return {"seconds": round(seconds, 2), "read": report.read, "fresh": report.fresh,
            "with_news": report.alerts_with_news, "turns": report.turns, "digests": report.digests,
            "sent": report.delivered.get("sent", 0)}


def bench_alerts(settings: Settings, alias: str, searches: int = 1000, new_turns: int = 1000) -> dict:
    from aiosmtpd.controller import Controller  # the test extra; the bench runs from a clone with it

    from ingest.loader import withdraw_meeting
    from ingest.pipeline import ingest_paths

    class Sink:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 — aiosmtpd's hook
            return "250 OK"

    client = make_client(settings)
    local = settings.model_copy(update={"index_alias": alias})
    with tempfile.TemporaryDirectory() as scratch:
        port = _free_port()
        sink = Controller(Sink(), hostname="127.0.0.1", port=port)
        sink.start()
        local = local.model_copy(update={"alerts_db": Path(scratch) / "alerts.sqlite3",
                                         "alerts_secret": "bench-" + "k" * 32,  # tokens.MIN_KEY_BYTES
                                         "smtp_host": "127.0.0.1", "smtp_port": port})
        store = AlertStore(local.alerts_db)
        _subscribe(store, saved_searches(client, alias, searches))
        store.close()
        first = _timed(local, client, alias)
        batch = generate(Path(scratch) / "batch", new_turns, seed=20_260_101, fmt="jsonl")
        summary = ingest_paths(client, local, get_analyzer(), batch, out=io.StringIO())
        after_ingest = _timed(local, client, alias)
        idle = _timed(local, client, alias)
        ingest_paths(client, local, get_analyzer(), batch, out=io.StringIO())
        reingested = _timed(local, client, alias)
        for outcome in summary.outcomes:
            if outcome.meeting_id:
                withdraw_meeting(client, turns_spec(local), meetings_spec(local), outcome.meeting_id)
        sink.stop()
    return {"searches": searches, "index_turns": first[1].read, "new_turns": summary.turns,
            "first": _row(*first), "after_ingest": _row(*after_ingest), "idle": _row(*idle),
            "reingested": _row(*reingested)}


def alerts_report(result: dict) -> str:
    rows = [("first run (catalogues the whole index)", "first"),
            (f"after ingesting {result['new_turns']:,} new turns", "after_ingest"),
            ("with nothing new", "idle"), ("after re-ingesting those turns unchanged", "reingested")]
    lines = [f"Alerts: one `alerts run` over {result['searches']:,} saved searches on {result['index_turns']:,} "
             "turns (catalogue, queries, digests, SMTP to a local sink)", "",
             "| run | seconds | turns read | new or reworded | alerts with news | turns sent | digests sent |",
             "|---|---|---|---|---|---|---|"]
    for label, key in rows:
        row = result[key]
        lines.append(f"| {label} | {row['seconds']:.2f} | {row['read']:,} | {row['fresh']:,} | {row['with_news']:,} | "
                     f"{row['turns']:,} | {row['sent']:,} |")
    return "\n".join(lines) + "\n"
