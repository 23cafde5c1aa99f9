"""The loose-memory set (issue 25): queries people type from memory, each with the turn it was written from.

Reports per kind and part: success@10 (a target in the top 10), MRR of the first target, the share of
answerable queries with no hit at all (an empty page), and P@10 (share of the top 10 that is a target or
matches the query's `all` regexes). Run with `hearings eval`, on the same corpus as bench/relevance.py.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

LOOSE_QUERIES = Path(__file__).parent / "loose_queries.json"
K = 10

Search = Callable[[str], list[str]]  # a query → the turn ids of its first page, best first


def load_queries(path: Path = LOOSE_QUERIES) -> list[dict]:
    return json.loads(path.read_text("utf-8"))["queries"]


def relevant_turns(query: dict, texts: dict[str, str]) -> set[str]:
    patterns = [re.compile(p) for p in query["all"]]
    judged = {turn for turn, text in texts.items() if patterns and all(p.search(text) for p in patterns)}
    return judged | set(query["targets"])


def query_row(query: dict, ranked: list[str], texts: dict[str, str]) -> dict:
    top = ranked[:K]
    relevant = relevant_turns(query, texts)
    first = next((i for i, turn in enumerate(top) if turn in query["targets"]), None)
    return {"kind": query["kind"], "part": query["part"], "q": query["q"],
            "success": first is not None, "reciprocal_rank": 0.0 if first is None else 1 / (first + 1),
            "empty": not ranked, "precision": sum(t in relevant for t in top) / len(top) if top else 1.0}


def evaluate_loose(search: Search, texts: dict[str, str], queries: list[dict] | None = None) -> list[dict]:
    return [query_row(query, search(query["q"]), texts) for query in queries or load_queries()]


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def loose_table(rows: list[dict], before: list[dict] | None = None) -> str:
    """Per kind and part; with `before`, each cell as before → after."""
    def groups(found: list[dict]) -> dict[str, list[dict]]:
        grouped: dict[str, list[dict]] = defaultdict(list)
        for row in found:
            grouped[row["kind"]].append(row)
            grouped[f"part: {row['part']}"].append(row)
        grouped["all"] = found
        return grouped

    now, then = groups(rows), groups(before or [])
    lines = ["| kind | queries | success@10 | MRR | empty pages | P@10 |", "|---|---|---|---|---|---|"]
    for name in [*sorted(n for n in now if n != "all"), "all"]:
        cells = [name, str(len(now[name]))]
        for metric in ("success", "reciprocal_rank", "empty", "precision"):
            after = f"{_mean([float(r[metric]) for r in now[name]]):.3f}"
            cells.append(f"{_mean([float(r[metric]) for r in then[name]]):.3f} → {after}" if before else after)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def evaluate_loose_on(client, index: str, analyzer, queries: list[dict] | None = None, **params) -> list[dict]:
    """The set against the product's first page on `index` (the judged corpus of bench/relevance.py);
    `params` are extra search parameters (match="all" gives the full tier alone, as before issue 25)."""
    from search_api.params import SearchParams
    from search_api.service import run_search

    found = client.search(index=index, size=10_000, _source=["turn_id", "text"], query={"match_all": {}})
    texts = {hit["_source"]["turn_id"]: hit["_source"]["text"] for hit in found["hits"]["hits"]}
    return evaluate_loose(lambda q: [hit.turn_id for hit in run_search(
        client, index, SearchParams(q=q, **params), analyzer).hits[:K]], texts, queries)
