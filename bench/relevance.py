"""Relevance evaluation: recall@10, MRR and nDCG@10 for the product and for a plain baseline.

Both are measured in the same run on the same turns (tests/corpus): the product through run_search,
the baseline as the raw text indexed with Elasticsearch's `standard` analyzer and queried with a plain
`match`. Judgments live in bench/queries.json. Run: `hearings eval`.
"""

from __future__ import annotations

import io
import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from elasticsearch import Elasticsearch
from elasticsearch.helpers import bulk

from hearings.analysis import KiwiAnalyzer
from hearings.config import Settings
from hearings.index import ensure_indices, turns_spec
from ingest.pipeline import ingest_paths
from search_api.params import SearchParams
from search_api.query_parser import QuerySyntaxError
from search_api.service import run_search

QUERIES = Path(__file__).parent / "queries.json"  # the first, pattern-judged recall set (sample corpus)
EVAL_QUERIES = Path(__file__).parent / "eval_queries.json"  # the judged precision/recall set
JUDGMENTS = Path(__file__).parent / "judgments.json"  # turn ids with grades, read by people
CORPUS = Path(__file__).parent.parent / "tests" / "corpus"
HELDOUT = Path(__file__).parent.parent / "tests" / "heldout"  # minutes the analysis was never tuned on
PARTS = {"sample": CORPUS, "heldout": HELDOUT}
K = 10


@dataclass
class Scores:
    recall: float
    reciprocal_rank: float
    ndcg: float


def score(ranked: list[str], relevant: set[str]) -> Scores:
    top = ranked[:K]
    hits = [turn in relevant for turn in top]
    recall = sum(hits) / min(len(relevant), K) if relevant else 0.0
    first = next((i for i, hit in enumerate(hits) if hit), None)
    dcg = sum(1 / math.log2(i + 2) for i, hit in enumerate(hits) if hit)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), K)))
    return Scores(recall, 0.0 if first is None else 1 / (first + 1), dcg / ideal if ideal else 0.0)


def judged_relevant(query: dict, turns: list[dict]) -> set[str]:
    patterns = [re.compile(p) for p in query.get("all", [])]
    return {
        t["turn_id"] for t in turns
        if (not query.get("speaker") or t["speaker_name"] == query["speaker"])
        and all(p.search(t["text"]) for p in patterns)
    }


def _baseline_text(q: str) -> str:
    return re.sub(r"\S+:", "", q).replace('"', " ")


def _all_turns(client: Elasticsearch, index: str) -> list[dict]:
    found = client.search(index=index, size=10_000, _source=["turn_id", "speaker_name", "text"],
                          query={"match_all": {}})
    return [hit["_source"] for hit in found["hits"]["hits"]]


def build_baseline(client: Elasticsearch, name: str, turns: list[dict]) -> None:
    if client.indices.exists(index=name):
        client.indices.delete(index=name)
    client.indices.create(index=name, settings={"number_of_shards": 1, "number_of_replicas": 0},
                          mappings={"properties": {"turn_id": {"type": "keyword"},
                                                   "text": {"type": "text", "analyzer": "standard"}}})
    bulk(client, ({"_index": name, "_id": t["turn_id"], "_source": {"turn_id": t["turn_id"], "text": t["text"]}}
                  for t in turns), refresh=True)


def build_eval_indices(client: Elasticsearch, settings: Settings, analyzer: KiwiAnalyzer
                       ) -> tuple[str, str, list[dict]]:
    """The product's index and the baseline's over the sample and held-out minutes; every turn with its
    part (sample / heldout)."""
    # Named after the settings' alias, so that two runs against one node (parallel test runs) never share one.
    eval_settings = settings.model_copy(update={"index_alias": f"eval-judged-{settings.index_alias}"})
    ensure_indices(client, eval_settings, recreate=True)
    log = io.StringIO()
    summary = ingest_paths(client, eval_settings, analyzer, list(PARTS.values()), out=log)
    if summary.failed:  # an evaluation on fewer turns than it says would be worse than none
        raise RuntimeError(f"eval corpus did not ingest whole:\n{log.getvalue()}")
    index = turns_spec(eval_settings).alias
    found = client.search(index=index, size=10_000, _source=["turn_id", "speaker_name", "text", "source_file"],
                          query={"match_all": {}}, track_total_hits=True)
    if found["hits"]["total"]["value"] > 10_000:
        raise RuntimeError("the eval corpus outgrew one page of 10,000 turns")
    heldout_files = {path.name for path in HELDOUT.iterdir()}
    turns = [hit["_source"] | {"part": "heldout" if hit["_source"]["source_file"] in heldout_files else "sample"}
             for hit in found["hits"]["hits"]]
    baseline = f"eval-baseline-{settings.index_alias}"
    build_baseline(client, baseline, turns)
    return index, baseline, turns


def product_top(client: Elasticsearch, index: str, q: str, analyzer: KiwiAnalyzer) -> list[str]:
    """The full tier's top 10: what the product says holds every word (the judged set grades those; the
    partial tier, marked with its missing words, is measured by bench/loose_memory.py)."""
    try:
        return [h.turn_id for h in run_search(client, index, SearchParams(q=q, match="all"), analyzer).hits[:K]]
    except QuerySyntaxError:
        return []


def baseline_top(client: Elasticsearch, baseline: str, q: str) -> list[str]:
    plain = client.search(index=baseline, size=K, query={"match": {"text": _baseline_text(q)}})
    return [h["_id"] for h in plain["hits"]["hits"]]


@dataclass
class Judged:
    precision: float  # share of the returned top 10 judged relevant (1.0 when nothing is returned)
    recall: float  # relevant in the top 10 / min(10, all turns judged relevant for the query)
    reciprocal_rank: float
    unjudged: int  # returned turns nobody has graded yet (re-run bench/pool.py and grade them)
    ndcg: float = 0.0  # graded (2 / 1 / 0): does the ranking put the substantial turns first?


def judged_scores(ranked: list[str], grades: dict[str, int]) -> Judged:
    top = ranked[:K]
    relevant = {turn for turn, grade in grades.items() if grade >= 1}
    hits = [turn in relevant for turn in top]
    first = next((i for i, hit in enumerate(hits) if hit), None)
    gains = sorted((grade for grade in grades.values() if grade > 0), reverse=True)[:K]
    ideal = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(gains))
    dcg = sum((2 ** grades.get(turn, 0) - 1) / math.log2(i + 2) for i, turn in enumerate(top))
    return Judged(
        ndcg=dcg / ideal if ideal else 1.0,
        precision=sum(hits) / len(top) if top else 1.0,
        recall=sum(hits) / min(len(relevant), K) if relevant else 1.0,
        reciprocal_rank=(1 / (first + 1) if first is not None else 0.0) if relevant else 1.0,
        unjudged=sum(1 for turn in top if turn not in grades),
    )


def evaluate_judged(client: Elasticsearch, settings: Settings, analyzer: KiwiAnalyzer) -> dict:
    """Precision, recall and MRR on the judged set, product and baseline in the same run; the negative
    queries; the random-noun sweep."""
    index, baseline, turns = build_eval_indices(client, settings, analyzer)
    judgments = json.loads(JUDGMENTS.read_text("utf-8"))["judgments"]
    rows = []
    for query in json.loads(EVAL_QUERIES.read_text("utf-8"))["queries"]:
        grades = judgments.get(query["q"], {})
        if not grades:
            continue
        rows.append({"kind": query["kind"], "part": query["part"], "q": query["q"],
                     "relevant": sum(1 for g in grades.values() if g >= 1),
                     "product": judged_scores(product_top(client, index, query["q"], analyzer), grades),
                     "baseline": judged_scores(baseline_top(client, baseline, query["q"]), grades)})
    from bench.sweep import negative_queries, noun_sweep

    return {"rows": rows, "turns": len(turns), "index": index,
            "negatives": negative_queries(client, index, baseline, turns, analyzer),
            "sweep": {part: noun_sweep(client, index, baseline, turns, analyzer, part) for part in PARTS}}


def judged_table(rows: list[dict]) -> str:
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        groups[row["kind"]].append(row)
        groups[f"part: {row['part']}"].append(row)
    lines = ["| kind | queries | P@10 product | baseline | R@10 product | baseline | MRR product | baseline |"
             " nDCG@10 product | baseline | unjudged |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, group in [*sorted(groups.items()), ("all", rows)]:
        cells = [name, str(len(group))]
        for metric in ("precision", "recall", "reciprocal_rank", "ndcg"):
            for system in ("product", "baseline"):
                cells.append(f"{_mean([getattr(r[system], metric) for r in group]):.3f}")
        cells.append(str(sum(r["product"].unjudged for r in group)))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def evaluate(client: Elasticsearch, settings: Settings, analyzer: KiwiAnalyzer) -> dict:
    eval_settings = settings.model_copy(update={"index_alias": "eval-hearings-turns"})
    ensure_indices(client, eval_settings, recreate=True)
    ingest_paths(client, eval_settings, analyzer, [CORPUS], out=open("/dev/null", "w"))
    index = turns_spec(eval_settings).alias
    turns = _all_turns(client, index)
    baseline = "eval-baseline-standard"
    build_baseline(client, baseline, turns)
    rows = []
    for query in json.loads(QUERIES.read_text("utf-8"))["queries"]:
        relevant = judged_relevant(query, turns)
        try:
            product = [h.turn_id for h in run_search(client, index, SearchParams(q=query["q"]), analyzer).hits]
        except QuerySyntaxError:
            product = []
        plain = client.search(index=baseline, size=K, query={"match": {"text": _baseline_text(query["q"])}})
        base = [h["_id"] for h in plain["hits"]["hits"]]
        rows.append({"kind": query["kind"], "q": query["q"], "relevant": len(relevant),
                     "product": score(product, relevant), "baseline": score(base, relevant)})
    return {"rows": rows, "turns": len(turns)}


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def summary_table(rows: list[dict]) -> str:
    by_kind: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_kind[row["kind"]].append(row)
    lines = ["| kind | queries | recall@10 product | baseline | MRR product | baseline | nDCG@10 product | baseline |",
             "|---|---|---|---|---|---|---|---|"]
    for kind, group in [*by_kind.items(), ("all", rows)]:
        cells = [kind, str(len(group))]
        for metric in ("recall", "reciprocal_rank", "ndcg"):
            for system in ("product", "baseline"):
                cells.append(f"{_mean([getattr(r[system], metric) for r in group]):.3f}")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def per_query_table(rows: list[dict]) -> str:
    lines = ["| kind | query | relevant | recall@10 product / baseline | RR product / baseline |",
             "|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['kind']} | `{r['q']}` | {r['relevant']} | {r['product'].recall:.2f} / "
                     f"{r['baseline'].recall:.2f} | {r['product'].reciprocal_rank:.2f} / "
                     f"{r['baseline'].reciprocal_rank:.2f} |")
    return "\n".join(lines)
