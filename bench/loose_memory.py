"""The loose-memory set (issue 25): queries people type from memory, each with the turn it was written from.

Reports per kind and part: success@10 (a target in the top 10), MRR of the first target, the share of
answerable queries with no hit at all (an empty page), and P@10: the share of the page's hits (up to 10) that
are a target or were judged relevant by reading (bench/loose_judgments.json: {query: {turn id: {"relevant",
"why"}}}, made by helper sessions that read each hit beside the query and its target). A hit nobody judged
counts as not relevant, and is counted (``unjudged``) so that a change showing new turns says so. An empty
page has no P@10 (it is counted as empty instead). The `all` regexes only check that each target holds
what its query is about. Run with `hearings eval`, on the same corpus as bench/relevance.py.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from functools import cache
from pathlib import Path

LOOSE_QUERIES = Path(__file__).parent / "loose_queries.json"
LOOSE_JUDGMENTS = Path(__file__).parent / "loose_judgments.json"
K = 10

Search = Callable[[str], list[str]]  # a query → the turn ids of its first page, best first


def load_queries(path: Path = LOOSE_QUERIES) -> list[dict]:
    return json.loads(path.read_text("utf-8"))["queries"]


@cache
def load_judgments(path: Path = LOOSE_JUDGMENTS) -> dict[str, dict[str, dict]]:
    return json.loads(path.read_text("utf-8"))


def query_row(query: dict, ranked: list[str], judged: dict[str, dict] | None = None) -> dict:
    """One query's scores; ``judged`` is its reading judgments ({turn id: {"relevant": …}})."""
    top, judged = ranked[:K], judged or {}
    first = next((i for i, turn in enumerate(top) if turn in query["targets"]), None)
    relevant = [turn in query["targets"] or judged.get(turn, {}).get("relevant", False) for turn in top]
    unjudged = sum(1 for turn in top if turn not in query["targets"] and turn not in judged)
    return {"kind": query["kind"], "part": query["part"], "q": query["q"],
            "success": first is not None, "reciprocal_rank": 0.0 if first is None else 1 / (first + 1),
            "empty": not ranked, "precision": sum(relevant) / len(top) if top else None, "unjudged": unjudged}


def evaluate_loose(search: Search, queries: list[dict] | None = None,
                   judgments: dict[str, dict[str, dict]] | None = None) -> list[dict]:
    judgments = load_judgments() if judgments is None else judgments
    return [query_row(query, search(query["q"]), judgments.get(query["q"])) for query in queries or load_queries()]


def _mean(values: list[float | None]) -> float:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else 0.0


def _value(value: float | bool | None) -> float | None:
    return None if value is None else float(value)


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
    lines = ["| kind | queries | success@10 | MRR | empty pages | P@10 (by reading) | hits not judged |",
             "|---|---|---|---|---|---|---|"]
    for name in [*sorted(n for n in now if n != "all"), "all"]:
        cells = [name, str(len(now[name]))]
        for metric in ("success", "reciprocal_rank", "empty", "precision"):
            after = f"{_mean([_value(r[metric]) for r in now[name]]):.3f}"
            cells.append(f"{_mean([_value(r[metric]) for r in then[name]]):.3f} → {after}" if before else after)
        cells.append(str(sum(r["unjudged"] for r in now[name])))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def evaluate_loose_on(client, index: str, analyzer, queries: list[dict] | None = None, **params) -> list[dict]:
    """The set against the product's first page on `index` (the judged corpus of bench/relevance.py);
    `params` are extra search parameters (match="all" gives the full tier alone, as before issue 25)."""
    from search_api.params import SearchParams
    from search_api.service import run_search

    return evaluate_loose(lambda q: [hit.turn_id for hit in run_search(
        client, index, SearchParams(q=q, **params), analyzer).hits[:K]], queries)
