"""Ingest with 1 and 2 analyser processes, then `hearings reindex` from the analysis store, in one run on one
generated corpus; the re-indexed documents compared with the ingested ones, every turn."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tempfile
import time
from pathlib import Path

from elasticsearch.helpers import scan

from bench.generate import generate
from hearings.analysis import get_analyzer
from hearings.config import Settings
from hearings.engine import make_client
from hearings.index import ensure_indices, live_index, meetings_spec, turns_spec
from ingest.pipeline import analysis_store, ingest_paths
from ingest.reindex import reindex


def _fresh(client, settings: Settings) -> None:
    for alias in (turns_spec(settings).alias, meetings_spec(settings).alias):
        for index in client.indices.get(index=f"{alias}*", ignore_unavailable=True):
            client.indices.delete(index=index)
    ensure_indices(client, settings, recreate=True)


def _sources(client, index: str) -> dict[str, str]:
    """Each turn's _source (every field but version_key) as a digest: a million of them fit in memory."""
    return {hit["_source"]["turn_id"]: hashlib.sha256(json.dumps(
                {k: v for k, v in hit["_source"].items() if k != "version_key"}, sort_keys=True,
                ensure_ascii=False).encode("utf-8")).hexdigest()
            for hit in scan(client, index=index, query={"query": {"match_all": {}}}, size=2000)}


def _no_kiwi():
    raise RuntimeError("Kiwi asked for during the re-index")


def _size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def bench_reindex(settings: Settings, turns: int, processes: tuple[int, ...] = (1, 2)) -> str:
    client, work = make_client(settings), Path(tempfile.mkdtemp(prefix="bench-reindex-"))
    [corpus] = generate(work / "corpus", turns, fmt="jsonl")
    get_analyzer()  # loaded before the clock starts, as in a long ingest
    rows, local = [], settings
    for count in processes:
        local = settings.model_copy(update={"index_alias": f"bench-store-a{count}-turns", "ingest_analysers": count,
                                            "analysis_dir": work / f"analysis-{count}"})
        _fresh(client, local)
        started = time.perf_counter()
        summary = ingest_paths(client, local, get_analyzer(), [corpus], out=io.StringIO())
        took = time.perf_counter() - started
        rows.append((f"ingest, {count} analyser process{'es' if count > 1 else ''}", summary.turns, took))
    ingested = live_index(client, turns_spec(local).alias)
    store_mb = _size_mb(local.analysis_dir)
    started = time.perf_counter()
    report = reindex(client, local, analysis_store(local), _no_kiwi)
    took = time.perf_counter() - started
    rows.append(("reindex from the store (no Kiwi)", report.turns_written, took))
    before, after = _sources(client, ingested), _sources(client, report.indices[turns_spec(local).alias])
    differing = sum(1 for key, doc in before.items() if after.get(key) != doc)
    index_mb = client.indices.stats(index=ingested, metric="store")["_all"]["primaries"]["store"]["size_in_bytes"] / 1e6
    lines = [f"## Ingest on N analyser processes, and reindex from the analysis store ({turns:,} generated turns)",
             "", "| step | turns | seconds | turns/s |", "|---|---|---|---|"]
    lines += [f"| {name} | {count:,} | {secs:.1f} | {count / secs:,.0f} |" for name, count, secs in rows]
    lines += ["", f"Reindex ÷ fastest ingest: {rows[-1][1] / rows[-1][2] / max(c / s for _, c, s in rows[:-1]):.1f}×. "
              f"Documents compared: {len(before):,} turns, {differing} differ (every _source field but version_key); "
              f"swapped: {report.swapped}. Analysis store: {store_mb:.0f} MB on disk (Parquet, zstd) beside an index "
              f"of {index_mb:.0f} MB (primaries, before merging)."]
    for index in client.indices.get(index="bench-store-*"):  # one by one: the engine refuses wildcard deletes
        client.indices.delete(index=index)
    shutil.rmtree(work, ignore_errors=True)
    return "\n".join(lines)
