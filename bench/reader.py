"""The meeting reader's weight: the full reader beside the reader folded into question → answer threads,
on the longest real sittings at hand (the agency questioning HWPs), in HTML bytes and server time.

Server time is the in-process request time (FastAPI's test client: no sockets, no browser), so it holds
the engine round trips, the models and the template, which is what the page costs the server.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from hearings.analysis import get_analyzer
from hearings.config import Settings
from hearings.engine import make_client
from hearings.index import ensure_indices

ROOT = Path(__file__).parent.parent
SITTINGS = [ROOT / "tests" / "heldout" / name for name in ("8ark_sagaeteuk_358-4.hwp", "8ark_sagaeteuk_358-5.hwp")]


def _timed(call, rounds: int) -> tuple[float, int]:
    samples, size = [], 0
    call()  # warm: templates compiled, filters cached
    for _ in range(rounds):
        started = time.perf_counter()
        response = call()
        samples.append(time.perf_counter() - started)
        response.raise_for_status()
        size = len(response.content)
    return statistics.median(samples), size


def bench_reader(settings: Settings, rounds: int = 20) -> list[dict]:
    from fastapi.testclient import TestClient

    from ingest.pipeline import ingest_paths
    from web.app import create_app

    local = settings.model_copy(update={"index_alias": "bench-reader-turns"})
    client = make_client(local)
    ensure_indices(client, local, recreate=True)
    summary = ingest_paths(client, local, get_analyzer(), SITTINGS)
    if summary.failed:
        raise SystemExit(f"the reader benchmark's sittings did not ingest: {summary.failed}")
    api = TestClient(create_app(local))
    rows = []
    for path in SITTINGS:
        meeting = client.search(index=local.index_alias, query={"term": {"source_file": path.name}}, size=1)
        meeting_id = meeting["hits"]["hits"][0]["_source"]["meeting_id"]
        turns = client.count(index=local.index_alias, query={"term": {"meeting_id": meeting_id}})["count"]
        full_s, full_bytes = _timed(lambda m=meeting_id: api.get(f"/meetings/{m}"), rounds)
        folded_s, folded_bytes = _timed(lambda m=meeting_id: api.get(f"/meetings/{m}/threads"), rounds)
        thread_s, thread_bytes = _timed(lambda m=meeting_id: api.get(f"/meetings/{m}/threads/1"), rounds)
        rows.append({"file": path.name, "turns": turns, "full_ms": full_s * 1000, "full_bytes": full_bytes,
                     "folded_ms": folded_s * 1000, "folded_bytes": folded_bytes, "thread_ms": thread_s * 1000,
                     "thread_bytes": thread_bytes})
    return rows


def reader_table(rows: list[dict]) -> str:
    lines = ["| sitting | turns | full reader | folded into threads | ratio (folded ÷ full) | one thread | target |",
             "|---|---|---|---|---|---|---|"]
    for row in rows:
        lines.append(
            f"| {row['file']} | {row['turns']:,} | {row['full_bytes'] / 1024:,.0f} KB, {row['full_ms']:.0f} ms | "
            f"{row['folded_bytes'] / 1024:,.0f} KB, {row['folded_ms']:.0f} ms | "
            f"{row['folded_bytes'] / row['full_bytes']:.2f} size, {row['folded_ms'] / row['full_ms']:.2f} time | "
            f"{row['thread_bytes'] / 1024:,.0f} KB, {row['thread_ms']:.0f} ms | folded ≤ 400 KB, ≤ 150 ms p50 |")
    return "\n".join(lines) + "\n"
