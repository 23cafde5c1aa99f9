"""`hearings bench`: ingest, search and export at Assembly scale, each against a baseline from the same run.

1. ingest chars/s (parse + Kiwi + index) ÷ Kiwi-alone chars/s on the same turns, same cores; peak RSS
   of an ingest at N/10 vs N turns;
2. API latency ÷ the same query bodies sent straight to Elasticsearch, with 1 and 8 clients; search p95
   while 16 clients hammer /api/verify ÷ search p95 at idle, with the count of quote checks refused;
3. CSV/Parquet export rows/s ÷ a bare point-in-time scan of the same hits;
4. index size on disk ÷ raw text size, and per field.
Timings are printed, never asserted.
"""

from __future__ import annotations

import itertools
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx
from elasticsearch import Elasticsearch

from bench.alerts import alerts_report, bench_alerts
from bench.generate import generate
from hearings.config import Settings
from hearings.engine import make_client
from hearings.index import turns_spec

QUERY_MIX = [
    ("lemma", {"q": "역학조사관을 충원했다"}),
    ("exact quote", {"q": '"원천 무효"'}),
    ("filtered", {"q": "예산", "committee": ["보건복지위원회"], "date_from": "2010-01-01"}),
    ("facet-heavy", {"q": "", "committee": ["국방위원회", "교육위원회"], "year": [2015]}),
    ("very common term", {"q": "위원"}),
]
HOP = ("import resource, subprocess, sys; done = subprocess.run(sys.argv[1:]); "
       "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(done.returncode)")


def _measured_cli(alias: str, *args: str) -> tuple[float, int]:
    """Seconds and peak RSS (kB) of `hearings ARGS...` in its own process, on the bench index."""
    env = os.environ | {"HEARINGS_INDEX_ALIAS": alias}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", HOP, sys.executable, "-m", "web.cli", *args], env=env,
                          capture_output=True, text=True, check=True)
    return time.perf_counter() - started, int(done.stdout.strip().splitlines()[-1])


def _measured_ingest(alias: str, folder: Path) -> tuple[float, int]:
    """Seconds and peak RSS (kB) of `hearings ingest --recreate`."""
    return _measured_cli(alias, "ingest", "--recreate", str(folder))


def _measured_export(alias: str, out: Path, *filters: str) -> tuple[int, int]:
    """Peak RSS (kB) and rows of `hearings export --format parquet`."""
    _, rss = _measured_cli(alias, "export", "--format", "parquet", "--out", str(out), *filters)
    return rss, json.loads(out.with_name(out.name + ".manifest.json").read_text())["rows"]


def bench_export_memory(alias: str, root: Path) -> dict:
    """Peak RSS of a Parquet export of about a tenth of the index (2004–2005) vs all of it."""
    out = root / "export-memory.parquet"
    try:
        small_rss, small_rows = _measured_export(alias, out, "--date-to", "2005-12-31")
        full_rss, full_rows = _measured_export(alias, out)
    finally:
        for leftover in (out, out.with_name(out.name + ".manifest.json")):
            leftover.unlink(missing_ok=True)
    return {"small_rss": small_rss, "small_rows": small_rows, "full_rss": full_rss, "full_rows": full_rows}


def _kiwi_alone(folder: Path, max_files: int | None = None) -> tuple[float, int, int]:
    """Seconds Kiwi alone takes on the turn texts of the corpus (parsed beforehand), with the same workers,
    and the corpus's characters and turns. With ``max_files`` Kiwi runs on the first files only and its
    time is scaled to the whole corpus: a sample is enough to measure the rate of a 1M-turn corpus."""
    code = (
        "import sys, time; from pathlib import Path; from ingest.readers import read_meeting;"
        "from hearings.analysis import get_analyzer; a = get_analyzer();"
        "files = sorted(Path(sys.argv[1]).glob('*.txt')); sample = int(sys.argv[2]) or len(files);"
        "texts = [[t.text for t in read_meeting(p).turns] for p in files];"
        "timed = [t for turns in texts[:sample] for t in turns];"
        "s = time.perf_counter(); [a.terms_many(timed[i:i+2000]) for i in range(0, len(timed), 2000)];"
        "print(time.perf_counter() - s, sum(map(len, timed)), sum(len(t) for turns in texts for t in turns),"
        "sum(map(len, texts)))"
    )
    done = subprocess.run([sys.executable, "-c", code, str(folder), str(max_files or 0)], capture_output=True,
                          text=True, check=True)
    seconds, timed_chars, chars, turns = done.stdout.split()
    return float(seconds) * int(chars) / int(timed_chars), int(chars), int(turns)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.95) - 1)]


def _load(call, requests: int, clients: int) -> tuple[list[float], int, float]:
    def one(_):
        started = time.perf_counter()
        try:
            call()
            return time.perf_counter() - started, 0
        except Exception:  # counted, reported, never hidden
            return time.perf_counter() - started, 1

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(one, range(requests)))
    wall = time.perf_counter() - started
    return [r[0] for r in results], sum(r[1] for r in results), requests / wall


@contextmanager
def _served(alias: str, warm_path: str, timeout_s: float, workers: int = 1,
            port: int | None = None) -> Iterator[httpx.Client]:
    """`hearings serve` on the bench index in its own process, with a client to it; stopped on leaving."""
    port = port or _free_port()
    env = os.environ | {"HEARINGS_INDEX_ALIAS": alias, "HEARINGS_WORKERS": str(workers)}
    server = subprocess.Popen([sys.executable, "-m", "web.cli", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    http = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=timeout_s)
    try:
        for _ in range(120):
            try:
                http.get(warm_path)
                break
            except httpx.TransportError:
                time.sleep(0.5)
        yield http
    finally:
        http.close()
        server.terminate()
        server.wait(timeout=30)


def bench_search(settings: Settings, alias: str, rounds: int) -> list[dict]:
    from hearings.analysis import get_analyzer
    from hearings.engine import msearch_responses
    from search_api.params import SearchParams
    from search_api.query import page_searches

    with _served(alias, "/api/search", 30) as http:
        client: Elasticsearch = make_client(settings)
        analyzer = get_analyzer()
        rows = []
        for clients in (1, 8):
            api_samples, direct_samples, errors, throughput = [], [], 0, []
            for _, params in QUERY_MIX:
                # the engine's part: the very msearch a results page sends (hits, facets, chart)
                body, count_searches = page_searches(SearchParams(**params), analyzer.terms)
                searches = [part for search in (body, *count_searches) for part in ({"index": alias}, search)]
                def ask_api(p=params):
                    http.get("/api/search", params=p).raise_for_status()

                def ask_engine(m=searches):
                    msearch_responses(client, m)

                ask_api(), ask_engine()  # untimed: whichever side ran first would warm the engine's caches
                # for the other, so the two sides take turns in two slices instead of one block each; a slice
                # is at least two waves of all the clients, so that they are all busy at once
                for _ in range(2):
                    api = _load(ask_api, max(2 * clients, rounds // 2), clients)
                    direct = _load(ask_engine, max(2 * clients, rounds // 2), clients)
                    api_samples += api[0]
                    direct_samples += direct[0]
                    errors += api[1] + direct[1]
                    throughput.append(api[2])
            api_median, api_p95 = _percentiles(api_samples)
            direct_median, direct_p95 = _percentiles(direct_samples)
            rows.append({"clients": clients, "api_median_ms": api_median * 1000, "api_p95_ms": api_p95 * 1000,
                         "direct_median_ms": direct_median * 1000, "direct_p95_ms": direct_p95 * 1000,
                         "ratio": api_median / direct_median, "api_rps": statistics.mean(throughput),
                         "errors": errors})
        return rows


def bench_workers(alias: str, rounds: int, clients: int = 8) -> list[dict]:
    """The query mix at 8 clients against `hearings serve` with one and with two uvicorn workers: whether a
    second worker process buys throughput on this machine (the engine shares its cores)."""
    rows = []
    for workers in (1, 2):
        with _served(alias, "/api/search", 30, workers=workers) as http:
            for _ in range(2 * workers):  # every worker answers once before timing (round-robin is not assured)
                for _, params in QUERY_MIX:
                    http.get("/api/search", params=params).raise_for_status()
            samples, errors, started = [], 0, time.perf_counter()
            for _, params in QUERY_MIX:
                done = _load(lambda p=params: http.get("/api/search", params=p).raise_for_status(), rounds, clients)
                samples += done[0]
                errors += done[1]
            wall = time.perf_counter() - started
            median, p95 = _percentiles(samples)
            rows.append({"workers": workers, "clients": clients, "median_ms": median * 1000, "p95_ms": p95 * 1000,
                         "rps": len(samples) / wall, "errors": errors})
    return rows


# Quotations pasted into the quote check: sentences of the sample minutes the corpus is generated from,
# as printed, reworded by a reporter, or never said.
VERIFY_QUOTES = [
    '김강립 차관은 "불안감을 덜어드릴 수 있는 조치를 완벽하게 갖추기 위해서 더 노력해야 되는 게 정부의 책무"라고 '
    "말했다",
    "동해안이 오징어를 갖고 먹고 사는데 요즘 오징어가 한 마리도 안 잡힌다",
    "신종 코로나바이러스의 치명률은 판단하기 아직 이르다",
    "그럼에도 불구하고 방역과 치료에 최선을 다하는 것은 우리 의료인의 당연한 책무다",
    "공항공사 사장은 다음 달까지 활주로 공사를 모두 마치겠다고 약속했다",
    "회의가 원천무효입니다",
]


def bench_verify(settings: Settings, alias: str, rounds: int) -> dict:
    """/api/verify time against the engine's own time for the same msearch (issue 16: p50 under 300 ms)."""
    from hearings.analysis import get_analyzer
    from hearings.quotes import read_pasted
    from search_api.verify import candidate_searches, quote_lemmas

    with _served(alias, "/healthz", 60) as http:
        client, analyzer = make_client(settings), get_analyzer()
        api, engine = [], []
        for pasted in VERIFY_QUOTES:
            read = read_pasted(pasted)
            body = candidate_searches(turns_spec(settings.model_copy(update={"index_alias": alias})).alias,
                                      read.quote, quote_lemmas(analyzer, read.quote), read.hint_name)
            api += _load(lambda p=pasted: http.get("/api/verify", params={"text": p}).raise_for_status(), rounds, 1)[0]
            engine += _load(lambda b=body: client.msearch(searches=b), rounds, 1)[0]
        api_median, api_p95 = _percentiles(api)
        engine_median, engine_p95 = _percentiles(engine)
        return {"api_median_ms": api_median * 1000, "api_p95_ms": api_p95 * 1000,
                "engine_median_ms": engine_median * 1000, "engine_p95_ms": engine_p95 * 1000}


VERIFY_CLIENTS = 16


def _timed_searches(http: httpx.Client, rounds: int) -> tuple[list[float], Counter]:
    """One client running the query mix `rounds` times: each search's seconds, and the statuses answered."""
    samples, statuses = [], Counter()
    for _ in range(rounds):
        for _, params in QUERY_MIX:
            started = time.perf_counter()
            statuses[http.get("/api/search", params=params).status_code] += 1
            samples.append(time.perf_counter() - started)
    return samples, statuses


def _hammer(base_url: str, stop: threading.Event, statuses: Counter, lock: threading.Lock,
            honour_retry_after: bool) -> None:
    """One quote-check client: asks again as soon as it is answered, until told to stop; refused, it waits
    the Retry-After it was given when it honours it (a well-behaved client) or asks again at once."""
    with httpx.Client(base_url=base_url, timeout=120) as http:
        for turn in itertools.count():
            if stop.is_set():
                return
            try:
                answer = http.get("/api/verify", params={"text": VERIFY_QUOTES[turn % len(VERIFY_QUOTES)]})
                status = answer.status_code
            except httpx.HTTPError:  # counted, never hidden
                status = 0
            with lock:
                statuses[status] += 1
            if status == 503 and honour_retry_after:
                stop.wait(float(answer.headers.get("retry-after", "1")))


def bench_verify_load(alias: str, rounds: int, clients: int = VERIFY_CLIENTS, port: int | None = None,
                      honour_retry_after: bool = True) -> dict:
    """Search p95 at idle and while `clients` clients hammer /api/verify (issue 27 measured 30 → 919 ms with
    nothing refused). Admission control should keep the ratio within 2× or refuse the excess with 503."""
    with _served(alias, "/api/search", 60, port=port) as http:
        _timed_searches(http, 1)  # untimed: the engine's caches warm on the mix and the quotes alike
        for quote in VERIFY_QUOTES:
            http.get("/api/verify", params={"text": quote})
        idle, idle_statuses = _timed_searches(http, rounds)
        stop, lock, verify_statuses = threading.Event(), threading.Lock(), Counter()
        hammer_args = (str(http.base_url), stop, verify_statuses, lock, honour_retry_after)
        hammers = [threading.Thread(target=_hammer, args=hammer_args) for _ in range(clients)]
        started = time.perf_counter()
        for hammer in hammers:
            hammer.start()
        time.sleep(2)  # every client has a request in flight before the searches are timed
        loaded, loaded_statuses = _timed_searches(http, rounds)
        stop.set()
        for hammer in hammers:
            hammer.join()
        wall = time.perf_counter() - started
    (idle_p50, idle_p95), (loaded_p50, loaded_p95) = _percentiles(idle), _percentiles(loaded)
    answered = sum(verify_statuses.values())
    return {"clients": clients, "honour_retry_after": honour_retry_after,
            "idle_p50_ms": idle_p50 * 1000, "idle_p95_ms": idle_p95 * 1000,
            "loaded_p50_ms": loaded_p50 * 1000, "loaded_p95_ms": loaded_p95 * 1000, "ratio": loaded_p95 / idle_p95,
            "verify_answers": answered, "verify_ok": verify_statuses[200], "verify_503": verify_statuses[503],
            "verify_other": answered - verify_statuses[200] - verify_statuses[503], "verify_rps": answered / wall,
            "search_not_200": sum(n for status, n in (idle_statuses + loaded_statuses).items() if status != 200)}


def verify_load_row(row: dict) -> str:
    clients = f"{row['clients']} clients" + (" (waiting out Retry-After)" if row.get("honour_retry_after") else
                                            " (asking again at once)")
    return (f"| search p95 while {clients} hammer /api/verify (÷ idle) | {row['loaded_p95_ms']:.0f} ms "
            f"(p50 {row['loaded_p50_ms']:.0f}) | {row['idle_p95_ms']:.0f} ms (p50 {row['idle_p50_ms']:.0f}) | "
            f"{row['ratio']:.2f} | ≤ 2, or the excess refused: {row['verify_503']:,} of {row['verify_answers']:,} "
            f"quote checks 503 ({row['verify_ok']:,} answered 200, {row['verify_other']} other, "
            f"{row['verify_rps']:.1f}/s); searches not 200: {row['search_not_200']} |")


def bench_export(settings: Settings, alias: str) -> list[dict]:
    from hearings.analysis import get_analyzer
    from search_api.export import Export, ExportRequest
    from search_api.export_formats import EXPORT_FORMATS
    from search_api.params import SearchParams

    client = make_client(settings)
    pit = client.open_point_in_time(index=alias, keep_alive="2m")["id"]
    started, rows, after = time.perf_counter(), 0, None
    while True:
        page = client.search(pit={"id": pit, "keep_alive": "2m"}, size=2000, search_after=after,
                             sort=[{"date": "asc"}, {"turn_id": "asc"}], _source={"excludes": ["paragraphs"]},
                             track_total_hits=False)
        hits = page["hits"]["hits"]
        if not hits:
            break
        rows += len(hits)
        after = hits[-1]["sort"]
    bare = rows / (time.perf_counter() - started)
    client.close_point_in_time(id=pit)
    results = []
    for fmt in ("csv", "parquet"):
        export = Export(client, alias, ExportRequest(SearchParams()), get_analyzer(), settings.public_url)
        started = time.perf_counter()
        size = sum(len(chunk) for chunk in EXPORT_FORMATS[fmt].encode(export))
        rate = export.total / (time.perf_counter() - started)
        results.append({"format": fmt, "rows": export.total, "rows_per_s": rate, "bare_rows_per_s": bare,
                        "ratio": rate / bare, "bytes": size})
    return results


def bench_index_cost(settings: Settings, alias: str, raw_bytes: int) -> dict:
    client = make_client(settings)
    # Merging a 1M-turn index takes minutes: far longer than the client's default request timeout.
    client.options(request_timeout=3600).indices.forcemerge(index=alias, max_num_segments=1)
    stats = client.indices.stats(index=alias, metric="store")
    store = stats["_all"]["primaries"]["store"]["size_in_bytes"]
    fields = {}
    try:
        usage = client.perform_request("POST", f"/{alias}/_disk_usage", params={"run_expensive_tasks": "true"},
                                       headers={"accept": "application/json"}).body
        index_usage = next(iter(v for k, v in usage.items() if not k.startswith("_")))
        fields = {name: f["total_in_bytes"] for name, f in index_usage["fields"].items()}
    except Exception as error:  # the analysis API is optional for the report
        fields = {"(disk usage API unavailable)": str(error)[:80]}
    return {"store_bytes": store, "raw_bytes": raw_bytes, "ratio": store / raw_bytes, "fields": fields}


def at_rest_bytes(cost: dict) -> int:
    """The index's size without _recovery_source: a transient copy kept for replica recovery, which the next
    merge after the recovery lease moves past the load drops (measured: 19.8 → 9.7 MB at 10,000 turns)."""
    recovery = cost["fields"].get("_recovery_source", 0)
    return cost["store_bytes"] - (recovery if isinstance(recovery, int) else 0)


class _Checkpoint:
    """Each step's measurement is written to disk as soon as it is taken, so a failure late in a long run
    (the 1M-turn run once died at the force-merge after 40 minutes of ingest) loses nothing measured.
    With ``resume`` the steps already recorded for this corpus size are reused, not measured again."""

    def __init__(self, path: Path, resume: bool):
        self.path = path
        self.done = json.loads(path.read_text()) if resume and path.exists() else {}

    def step(self, name: str, measure):
        if name in self.done:
            print(f"[bench] {name}: reusing the measurement recorded in {self.path}", file=sys.stderr)
            return self.done[name]
        started = time.perf_counter()
        self.done[name] = measure()
        self.path.write_text(json.dumps(self.done, ensure_ascii=False, indent=1))
        print(f"[bench] {name} measured in {time.perf_counter() - started:,.0f} s: {self.done[name]}",
              file=sys.stderr, flush=True)
        return self.done[name]


def run(settings: Settings, turns: int, rounds: int = 20, baseline_files: int | None = None,
        resume: bool = False) -> str:
    alias = "bench-hearings-turns"
    root = settings.node_dir.parent / "bench"
    small_dir, full_dir = root / f"corpus-{turns // 10}", root / f"corpus-{turns}"
    for folder, count in ((small_dir, turns // 10), (full_dir, turns)):
        if not folder.exists():
            generate(folder, count)
    checkpoint = _Checkpoint(root / f"measurements-{turns}.json", resume)
    kiwi_s, chars, turn_count = checkpoint.step("kiwi alone", lambda: _kiwi_alone(full_dir, baseline_files))
    small_s, small_rss = checkpoint.step("ingest small", lambda: _measured_ingest(alias, small_dir))
    # The full ingest comes last among the ingests: the steps after it read the index it leaves.
    ingest_s, full_rss = checkpoint.step("ingest full", lambda: _measured_ingest(alias, full_dir))
    indexed = make_client(settings).count(index=alias)["count"]
    if indexed != turn_count:  # e.g. a resumed run whose index was since replaced
        hint = "; run again without --resume" if resume else ""
        raise SystemExit(f"the index {alias} holds {indexed:,} turns, the corpus {turn_count:,}{hint}")
    raw_bytes = sum(p.stat().st_size for p in full_dir.glob("*.txt"))
    search = checkpoint.step("search", lambda: bench_search(
        settings, turns_spec(settings.model_copy(update={"index_alias": alias})).alias, rounds))
    workers = checkpoint.step("workers", lambda: bench_workers(
        turns_spec(settings.model_copy(update={"index_alias": alias})).alias, rounds))
    verify = checkpoint.step("verify", lambda: bench_verify(settings, alias, max(5, rounds // 2)))
    verify_load = checkpoint.step("verify load", lambda: bench_verify_load(alias, rounds))
    export = checkpoint.step("export", lambda: bench_export(settings, alias))
    export_memory = checkpoint.step("export memory", lambda: bench_export_memory(alias, root))
    cost = checkpoint.step("index cost", lambda: bench_index_cost(settings, alias, raw_bytes))
    # Last: it adds a batch of meetings and withdraws it again (the size above is measured without it).
    alerts = checkpoint.step("alerts", lambda: bench_alerts(settings, alias))
    table = report(turns, turn_count, chars, kiwi_s, ingest_s, small_rss, full_rss, search, export, export_memory,
                   cost, verify, workers, verify_load)
    if baseline_files:
        table += f"Kiwi-alone rate measured on the first {baseline_files:,} minutes files of the corpus.\n"
    return table + "\n" + alerts_report(alerts)


def report(turns, turn_count, chars, kiwi_s, ingest_s, small_rss, full_rss, search, export, export_memory,
           cost, verify=None, workers=None, verify_load=None) -> str:
    import elasticsearch
    import kiwipiepy

    lines = [
        f"## Run of {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — {turns:,} turns",
        "",
        f"Machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, "
        f"kiwipiepy {kiwipiepy.__version__}, elasticsearch-py {elasticsearch.__versionstr__}, "
        "Elasticsearch 8.19.21 (dev node, 1 GB heap).",
        "",
        "| measure | product | baseline | ratio | target |",
        "|---|---|---|---|---|",
        f"| ingest chars/s (parse+Kiwi+index ÷ Kiwi alone) | {chars / ingest_s:,.0f} | {chars / kiwi_s:,.0f} | "
        f"{kiwi_s / ingest_s:.2f} | ≥ 0.8 |",
        f"| ingest turns/s | {turn_count / ingest_s:,.0f} | | | |",
        f"| ingest peak RSS, {turns // 10:,} vs {turns:,} turns | {full_rss / 1024:,.0f} MB | "
        f"{small_rss / 1024:,.0f} MB | {full_rss / small_rss:.2f} | ≤ 1.2 |",
    ]
    for row in search:
        lines.append(
            f"| search median latency, {row['clients']} client(s) (API ÷ direct) | {row['api_median_ms']:.1f} ms "
            f"(p95 {row['api_p95_ms']:.1f}) | {row['direct_median_ms']:.1f} ms (p95 {row['direct_p95_ms']:.1f}) | "
            f"{row['ratio']:.2f} | ≤ 1.2{'; p95 ≤ 300 ms' if row['clients'] > 1 else ''} |")
        lines.append(f"| API requests/s, {row['clients']} client(s); errors | {row['api_rps']:.1f} | | | "
                     f"errors: {row['errors']} (must be 0) |")
    for row in workers or []:
        one = workers[0]["rps"]
        lines.append(f"| API at {row['clients']} clients, {row['workers']} uvicorn worker(s): requests/s (÷ 1 worker) "
                     f"| {row['rps']:.1f} (median {row['median_ms']:.1f} ms, p95 {row['p95_ms']:.1f}) | {one:.1f} | "
                     f"{row['rps'] / one:.2f} | errors: {row['errors']} |")
    if verify:
        ratio = verify["api_median_ms"] / verify["engine_median_ms"]
        lines.append(f"| quote check /api/verify median (API ÷ engine msearch) | {verify['api_median_ms']:.0f} ms "
                     f"(p95 {verify['api_p95_ms']:.0f}) | {verify['engine_median_ms']:.0f} ms "
                     f"(p95 {verify['engine_p95_ms']:.0f}) | {ratio:.2f} | API p50 < 300 ms |")
    if verify_load:
        lines.append(verify_load_row(verify_load))
    for row in export:
        lines.append(f"| export {row['format']} rows/s (÷ bare PIT scan) | {row['rows_per_s']:,.0f} | "
                     f"{row['bare_rows_per_s']:,.0f} | {row['ratio']:.2f} | ≥ 0.7 |")
    memory = export_memory
    lines.append(f"| export peak RSS (Parquet), {memory['small_rows']:,} vs {memory['full_rows']:,} rows | "
                 f"{memory['full_rss'] / 1024:,.0f} MB | {memory['small_rss'] / 1024:,.0f} MB | "
                 f"{memory['full_rss'] / memory['small_rss']:.2f} | ≤ 1.2 |")
    lines.append(f"| index size ÷ raw minutes text | {cost['store_bytes'] / 1e6:,.1f} MB | "
                 f"{cost['raw_bytes'] / 1e6:,.1f} MB | {cost['ratio']:.2f} | |")
    if isinstance(cost["fields"].get("_recovery_source"), int):
        at_rest = at_rest_bytes(cost)
        lines.append(f"| index size at rest (without transient _recovery_source) ÷ raw text | "
                     f"{at_rest / 1e6:,.1f} MB | {cost['raw_bytes'] / 1e6:,.1f} MB | "
                     f"{at_rest / cost['raw_bytes']:.2f} | |")
    lines += ["", "Per field (bytes on disk after force-merge): " + ", ".join(
        f"{name} {value / 1e6:.1f} MB" if isinstance(value, int) else f"{name} {value}"
        for name, value in sorted(cost["fields"].items(), key=lambda kv: -kv[1] if isinstance(kv[1], int) else 0)
        if not isinstance(value, int) or value > 100_000), ""]
    return "\n".join(lines)
