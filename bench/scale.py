"""Search at Assembly scale (issue 29, item 3): the same query mix on indices of 1M and of 5M+ turns, built in
one run without Kiwi on the hot path.

Building 5M turns through Kiwi would take hours on 2 cores, so the large indices are built the way `hearings
reindex` builds one: from analysed meetings, through the same document builder and bulk writer
(ingest.reindex.build_index). The analysed meetings come from the generator: every distinct sentence of the
sample minutes is analysed by Kiwi once, and each synthetic turn is a random run of those sentences whose
analysis is the concatenation of theirs. Dates are spread over 2000–2026, across 17 committees, with a roster of
300 members per Assembly (each committee drawing from its own share of it) and a pool of officials, so speaker
counts grow the way the record's do rather than with every meeting.

Measured per size, with the shard request cache off (`index.requests.cache.enable: false`), after a
force-merge: each query's API median and p95 at 1 client beside the engine's own time for the same msearch;
the whole mix at 8 clients; the quote check; a trends chart; a CSV export; the partial tier's cost (the
loose queries with and without `match=all`); the index's size at rest against the raw minutes text.
"""

from __future__ import annotations

import json
import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path

from bench.generate import COMMITTEES, GIVEN, MINISTRIES, SURNAMES, load_source, minutes_text
from bench.performance import (
    QUERY_MIX,
    VERIFY_QUOTES,
    _load,
    _percentiles,
    _served,
    at_rest_bytes,
    bench_index_cost,
)
from hearings.analysis import get_analyzer
from hearings.analysis_version import analysis_version
from hearings.config import Settings
from hearings.engine import make_client, msearch_responses
from hearings.index import meetings_spec, turns_spec
from ingest.analysis_store import StoredMeeting
from ingest.documents import TurnAnalysis, analyse_texts
from ingest.jsonl import meeting_from_json
from ingest.reindex import ReindexReport, build_index

MEMBERS_PER_TERM = 300
OFFICIALS = 2000
TERMS = {16: (2000, 2004), 17: (2004, 2008), 18: (2008, 2012), 19: (2012, 2016), 20: (2016, 2020),
         21: (2020, 2024), 22: (2024, 2027)}
FIRST_DAY, DAYS = date(2000, 6, 1), (date(2026, 11, 30) - date(2000, 6, 1)).days

# The mix of bench/performance.py plus what issue 29 names: a lemma query under every facet, a name with a
# topic (the speaker match), a loose sentence (the partial tier), trends, the quote check and an export.
SCALE_MIX = [*QUERY_MIX,
             ("lemma, all facets", {"q": "예산을 확보하다", "committee": ["보건복지위원회", "국방위원회"],
                                    "role_group": ["위원"], "meeting_type": ["상임위원회"],
                                    "date_from": "2008-01-01", "date_to": "2023-12-31"}),
             ("loose sentence (partial tier)", {"q": "역학조사관 인력을 충원하지 못해서 방역이 늦어졌다는 지적"})]
LOOSE = [{"q": "역학조사관 인력을 충원하지 못해서 방역이 늦어졌다는 지적"},
         {"q": "오징어가 한 마리도 안 잡혀서 어민들이 힘들다"},
         {"q": "활주로 공사를 다음 달까지 마치겠다고 약속"}]
TRENDS = {"term": ["예산", "방역"]}
CHECKPOINT = Path(tempfile.gettempdir()) / "hearings-bench-scale.json"
EXPORT = {"format": "csv", "q": "예산", "committee": "보건복지위원회"}


@cache
def _sentence_bank() -> tuple[list[str], list[TurnAnalysis]]:
    """Every distinct sentence of the sample minutes and Kiwi's analysis of it (the only Kiwi in the build)."""
    sentences = sorted(set(load_source().sentences))
    return sentences, analyse_texts(sentences, get_analyzer())


def _joined(parts: list[TurnAnalysis]) -> TurnAnalysis:
    return TurnAnalysis(" ".join(p.lemmas for p in parts if p.lemmas), sorted({t for p in parts for t in p.topics}),
                        [x for p in parts for x in p.phrases], [x for p in parts for x in p.words])


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)


class _People:
    """Who sits where: 300 members per Assembly, split among the committees, and a pool of officials."""

    def __init__(self, rng: random.Random):
        self.members = {term: [_name(rng) for _ in range(MEMBERS_PER_TERM)] for term in TERMS}
        self.officials = [(rng.choice(MINISTRIES), _name(rng)) for _ in range(OFFICIALS)]

    def committee_members(self, term: int, committee: str) -> list[str]:
        share = len(self.members[term]) // len(COMMITTEES)
        start = COMMITTEES.index(committee) * share
        return self.members[term][start:start + share]


def _term_of(day: date) -> int:
    return next((term for term, (_, end) in TERMS.items() if day.year < end), 22)


def scaled_meetings(total_turns: int, seed: int = 29, turns_per_meeting: int = 250) -> Iterator[tuple[StoredMeeting,
                                                                                                     int]]:
    """(analysed meeting, bytes of its minutes text) until ``total_turns`` turns, deterministic from the seed."""
    rng, (sentences, analyses), lengths = random.Random(seed), _sentence_bank(), load_source().turn_lengths
    people, version, stamp = _People(rng), analysis_version(), datetime.now(UTC).isoformat()
    remaining, number = total_turns, 0
    while remaining > 0:
        number += 1
        count = min(remaining, turns_per_meeting)
        committee = rng.choice(COMMITTEES)
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        members = people.committee_members(_term_of(day), committee)
        chair, officials = members[0], rng.sample(people.officials, 3)
        spoken, turn_analyses = [], []
        for index in range(count):
            picked = [rng.randrange(len(sentences)) for _ in range(rng.choice(lengths))]
            roll = rng.random()
            if index % 2 == 0 or roll < 0.15:
                speaker, role = (chair, "위원장") if roll < 0.3 else (rng.choice(members[1:]), "위원")
            else:
                role, speaker = rng.choice(officials)
            spoken.append({"speaker": speaker, "role": role, "text": " ".join(sentences[i] for i in picked)})
            turn_analyses.append(_joined([analyses[i] for i in picked]))
        # (session, number) pairs distinct for 249,750 meetings, inside the bounds ingest holds them to
        raw = {"committee": committee, "date": day.isoformat(), "session": 200 + (number - 1) // 999 % 250,
               "session_kind": "임시회", "meeting_number": 1 + (number - 1) % 999, "place": "회의실",
               "agenda": ["현안보고"],
               "turns": spoken}
        meeting = meeting_from_json(raw, f"scale-{seed}.jsonl#{number}")
        yield (StoredMeeting(meeting, turn_analyses, meeting.source_file, stamp, version),
               len(minutes_text(raw).encode("utf-8")))
        remaining -= count


def build_scaled(settings: Settings, turns: int) -> dict:
    """The index of ``turns`` generated turns under settings' alias, cache off, merged; its size and build rate."""
    client, raw = make_client(settings), [0]
    for spec in (turns_spec(settings), meetings_spec(settings)):
        for index in client.indices.get(index=f"{spec.alias}*", ignore_unavailable=True):
            client.indices.delete(index=index)

    def meetings(report: ReindexReport, done: set[str]) -> Iterator[StoredMeeting]:
        for stored, size in scaled_meetings(turns):
            raw[0] += size
            if stored.meeting.meeting_id not in done:
                yield stored

    _sentence_bank()  # analysed before the clock starts
    started = time.perf_counter()
    report = build_index(client, settings, meetings)
    seconds = time.perf_counter() - started
    alias = turns_spec(settings).alias
    client.indices.put_settings(index=alias, settings={"index.requests.cache.enable": False})
    cost = bench_index_cost(settings, alias, raw[0])
    return {"turns": report.turns_written, "seconds": seconds, "shards": settings.index_shards, "cost": cost,
            "failures": len(report.failures)}


def _engine_call(client, alias: str, params: dict):
    from search_api.params import SearchParams
    from search_api.query import page_searches

    body, counts = page_searches(SearchParams(**params), get_analyzer().terms)
    searches = [part for search in (body, *counts) for part in ({"index": alias}, search)]
    return lambda: msearch_responses(client, searches)


def measure_size(settings: Settings, rounds: int) -> dict:
    """Every measurement of the mix on the index under settings' alias (request cache off)."""
    alias, client = turns_spec(settings).alias, make_client(settings)
    out: dict = {"queries": {}}
    with _served(settings.index_alias, "/api/search", 60) as http:
        def api(path: str, params: dict):
            return lambda: http.get(path, params=params).raise_for_status()

        doors = {name: (api("/api/search", params), _engine_call(client, alias, params)) for name, params in SCALE_MIX}
        for name, (ask_api, ask_engine) in doors.items():
            ask_api(), ask_engine()  # untimed warm-up of both sides
            api_s, api_err, _ = _load(ask_api, rounds, 1)
            engine_s, engine_err, _ = _load(ask_engine, rounds, 1)
            out["queries"][name] = {"api": _percentiles(api_s), "engine": _percentiles(engine_s),
                                    "errors": api_err + engine_err}
        for name, path, params in (("trends", "/api/trends", TRENDS),
                                   *((f"quote check {i + 1}", "/api/verify", {"text": q})
                                     for i, q in enumerate(VERIFY_QUOTES))):
            api(path, params)()
            samples, errors, _ = _load(api(path, params), max(5, rounds // 2), 1)
            out["queries"][name] = {"api": _percentiles(samples), "engine": None, "errors": errors}
        samples8, engine8, errors8, started = [], [], 0, time.perf_counter()
        for ask_api, ask_engine in doors.values():  # each query in turn, 8 clients at once; the doors take turns
            for _ in range(2):
                done = _load(ask_api, max(16, rounds // 2), 8)
                direct = _load(ask_engine, max(16, rounds // 2), 8)
                samples8 += done[0]
                engine8 += direct[0]
                errors8 += done[1] + direct[1]
        p50, p95 = _percentiles(samples8)
        e50, e95 = _percentiles(engine8)
        out["eight_clients"] = {"p50": p50, "p95": p95, "engine_p50": e50, "engine_p95": e95, "errors": errors8,
                                "rps": len(samples8) / (time.perf_counter() - started)}
        # issue 25's bound: the mix's own queries with the partial tier on (the default) ÷ off (match=all)
        mix = {"all": [], "best": []}
        for _, params in QUERY_MIX:
            for match in ("all", "best"):
                mix[match] += _load(api("/api/search", params | {"match": match}), rounds, 1)[0]
        out["mix_tiers"] = {match: statistics.median(samples) for match, samples in mix.items()}
        fallback = []
        for params in LOOSE:
            for match in ("all", "best"):
                api("/api/search", params | {"match": match})()
            full = _load(api("/api/search", params | {"match": "all"}), rounds, 1)[0]
            best = _load(api("/api/search", params | {"match": "best"}), rounds, 1)[0]
            fallback.append((params["q"], statistics.median(full), statistics.median(best)))
        out["fallback"] = fallback
        started = time.perf_counter()
        answer = http.get("/api/export", params=EXPORT, timeout=600)
        answer.raise_for_status()
        out["export"] = {"rows": int(answer.headers["x-export-rows"]), "seconds": time.perf_counter() - started}
    return out


def _ms(value: float) -> str:
    return f"{value * 1000:,.1f}"


def report(sizes: list[tuple[dict, dict]]) -> str:
    (small_build, small), (large_build, large) = sizes[0], sizes[-1]
    lines = [f"## Scale run of {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — {small_build['turns']:,} and "
             f"{large_build['turns']:,} turns", "",
             "Built from the generator plus Kiwi's analysis of every distinct sample sentence (no Kiwi while "
             "building), the request cache off, force-merged. Medians at 1 client unless said.", "",
             "| | " + " | ".join(f"{b['turns']:,} turns, {b['shards']} shard(s)" for b, _ in sizes) + " |",
             "|---|" + "---|" * len(sizes)]
    lines.append("| build turns/s (reindex path) | " + " | ".join(f"{b['turns'] / b['seconds']:,.0f}"
                                                              for b, _ in sizes) + " |")
    lines.append("| index at rest (without the transient _recovery_source) ÷ raw minutes text | " + " | ".join(
        f"{at_rest_bytes(b['cost']) / 1e9:.2f} GB ÷ {b['cost']['raw_bytes'] / 1e9:.2f} GB = "
        f"{at_rest_bytes(b['cost']) / b['cost']['raw_bytes']:.2f}" for b, _ in sizes) + " |")
    for b, _ in sizes:
        fields = sorted(((k, v) for k, v in b["cost"]["fields"].items() if isinstance(v, int) and v > 1e6),
                        key=lambda kv: -kv[1])
        lines.append(f"| per field at {b['turns']:,} (MB) | " + ", ".join(f"{k} {v / 1e6:,.0f}" for k, v in fields)
                     + " |" + " |" * (len(sizes) - 1))
    heads = [f"{b['turns']:,} API p50 / p95 (engine p50) ms" for b, _ in sizes]
    lines += ["", "| query | " + " | ".join(heads) + f" | p50 {large_build['turns']:,} ÷ {small_build['turns']:,} | "
              f"API ÷ engine at {small_build['turns']:,} |", "|---|" + "---|" * (len(sizes) + 2)]
    for name, first in small["queries"].items():
        cells = []
        for _, measured in sizes:
            row = measured["queries"][name]
            engine = f" ({_ms(row['engine'][0])})" if row["engine"] else ""
            cells.append(f"{_ms(row['api'][0])} / {_ms(row['api'][1])}{engine}" + (
                f", {row['errors']} errors" if row["errors"] else ""))
        last = large["queries"][name]
        ratio = f"{last['api'][0] / first['api'][0]:.2f}"
        own = f"{first['api'][0] / first['engine'][0]:.2f}" if first["engine"] else ""
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {ratio} | {own} |")
    lines.append("| every search of the mix at 8 clients: API p50 / p95 (engine p50 / p95) ms, errors | " + " | ".join(
        f"{_ms(m['eight_clients']['p50'])} / {_ms(m['eight_clients']['p95'])}"
        + (f" ({_ms(m['eight_clients']['engine_p50'])} / {_ms(m['eight_clients']['engine_p95'])})"
           if "engine_p50" in m["eight_clients"] else "") + f", {m['eight_clients']['errors']}"
        for _, m in sizes) + " | | " + (f"{small['eight_clients']['p50'] / small['eight_clients']['engine_p50']:.2f}"
                                        if "engine_p50" in small["eight_clients"] else "") + " |")
    lines.append("| CSV export (q=예산, one committee): rows, rows/s | " + " | ".join(
        f"{m['export']['rows']:,}, {m['export']['rows'] / m['export']['seconds']:,.0f}" for _, m in sizes) + " | | |")
    if all("mix_tiers" in m for _, m in sizes):
        lines.append("| the mix of bench/performance.py: median with the partial tier (default) ÷ full tier only "
                     "(`match=all`) | " + " | ".join(
                         f"{_ms(m['mix_tiers']['best'])} ÷ {_ms(m['mix_tiers']['all'])} = "
                         f"{m['mix_tiers']['best'] / m['mix_tiers']['all']:.2f}" for _, m in sizes) + " | | |")
    lines += ["", "Partial tier (issue 25): the loose queries' median with the fallback (`match=best`, the default) "
              "÷ full matches only (`match=all`):", "",
              "| query | " + " | ".join(f"{b['turns']:,}: all / best ms (ratio)" for b, _ in sizes) + " |",
              "|---|" + "---|" * len(sizes)]
    for index, (q, _, _) in enumerate(small["fallback"]):
        lines.append(f"| {q} | " + " | ".join(
            f"{_ms(m['fallback'][index][1])} / {_ms(m['fallback'][index][2])} "
            f"({m['fallback'][index][2] / m['fallback'][index][1]:.2f})" for _, m in sizes) + " |")
    return "\n".join(lines) + "\n"


def run_scale(settings: Settings, sizes: list[int], shards: list[int], rounds: int, resume: bool = False) -> str:
    """Build each size's index (or, with ``resume``, reuse the one an earlier run built and recorded), then
    measure the mix on it; each size's figures are written to CHECKPOINT as soon as taken."""
    earlier = {build["turns"]: build for build, _ in json.loads(CHECKPOINT.read_text())} \
        if resume and CHECKPOINT.exists() else {}
    measured = []
    for turns, count in zip(sizes, shards, strict=True):
        local = settings.model_copy(update={"index_alias": f"bench-scale-{turns}-turns", "index_shards": count,
                                            "index_replicas": "0-0"})
        alias = turns_spec(local).alias
        client = make_client(local)
        reusable = turns in earlier and client.indices.exists(index=alias) and \
            client.count(index=alias)["count"] == turns and earlier[turns]["shards"] == count
        build = earlier[turns] if reusable else build_scaled(local, turns)
        print(f"[scale] {turns:,} turns {'reused' if reusable else 'built'}: {build}", flush=True)
        measured.append((build, measure_size(local, rounds)))
        done = {b["turns"]: (b, m) for b, m in (json.loads(CHECKPOINT.read_text()) if CHECKPOINT.exists() else [])}
        done[turns] = (build, measured[-1][1])
        # each size's figures on disk as soon as taken: a run of an hour must not die with them in memory
        CHECKPOINT.write_text(json.dumps(sorted(done.values(), key=lambda bm: bm[0]["turns"]), ensure_ascii=False,
                                         indent=1))
    return report(measured)
