"""Judging packets for the precision/recall set: each query's top 10 from the product and from the
baseline, pooled, with the turns' text, for people to grade by reading (bench/judgments.json).

Run once when queries are added: `python -m bench.pool OUT_DIR [--packets N]`. Quote queries are cut
from real turns with a fixed seed and written back into bench/eval_queries.json.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from bench.relevance import EVAL_QUERIES, baseline_top, build_eval_indices, product_top
from hearings.analysis import get_analyzer, search_form
from hearings.config import get_settings
from hearings.engine import make_client

QUOTES_PER_PART = 12
EXCERPT_CHARS = 1500


def _generated_quotes(turns: list[dict], part: str, seed: int) -> list[dict]:
    """Three or four consecutive printed words of a random turn, spaced differently (as remembered)."""
    rng = random.Random(seed)
    candidates = [t for t in turns if t["part"] == part and len(t["text"]) > 60]
    quotes: list[dict] = []
    while len(quotes) < QUOTES_PER_PART:
        words = rng.choice(candidates)["text"].split()
        if len(words) < 6:
            continue
        start = rng.randrange(len(words) - 4)
        chosen = [re.sub(r"[^\w·]", "", w) for w in words[start:start + rng.choice((3, 4))]]
        if not all(chosen) or len("".join(chosen)) < 8:
            continue
        spaced = "".join(chosen) if rng.random() < 0.5 else " ".join(chosen)
        quotes.append({"kind": "quote spacing", "part": part, "q": f'"{spaced}"', "generated": True})
    return quotes


def _excerpt(text: str, query: str) -> str:
    if len(text) <= EXCERPT_CHARS:
        return text
    form = search_form(text)
    windows = [(0, 400)]
    for word in re.findall(r"[\w·]{2,}", search_form(query)):
        for match in list(re.finditer(re.escape(word[:2]), form))[:3]:
            windows.append((max(0, match.start() - 250), match.end() + 250))
    windows.sort()
    merged: list[list[int]] = []
    for start, end in windows:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(end, merged[-1][1])
        else:
            merged.append([start, end])
    return " … ".join(text[start:end] for start, end in merged)[:4000]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--packets", type=int, default=4)
    args = parser.parse_args()
    settings, analyzer = get_settings(), get_analyzer()
    client = make_client(settings)
    index, baseline, turns = build_eval_indices(client, settings, analyzer)
    spec = json.loads(EVAL_QUERIES.read_text("utf-8"))
    if not any(q.get("generated") for q in spec["queries"]):
        spec["queries"] += _generated_quotes(turns, "sample", 1) + _generated_quotes(turns, "heldout", 2)
        EVAL_QUERIES.write_text(json.dumps(spec, ensure_ascii=False, indent=1) + "\n", "utf-8")
    by_id = {t["turn_id"]: t for t in turns}
    packets: list[list[dict]] = [[] for _ in range(args.packets)]
    for number, query in enumerate(spec["queries"]):
        pooled = list(dict.fromkeys(product_top(client, index, query["q"], analyzer)
                                    + baseline_top(client, baseline, query["q"])))
        packets[number % args.packets].append({
            "q": query["q"], "kind": query["kind"],
            "candidates": [{"turn_id": turn_id, "speaker": by_id[turn_id]["speaker_name"],
                            "text": _excerpt(by_id[turn_id]["text"], query["q"])} for turn_id in pooled],
        })
    args.out.mkdir(parents=True, exist_ok=True)
    for number, packet in enumerate(packets, 1):
        (args.out / f"packet-{number}.json").write_text(json.dumps(packet, ensure_ascii=False, indent=1), "utf-8")
        print(f"packet {number}: {len(packet)} queries, {sum(len(q['candidates']) for q in packet)} turns to read")


if __name__ == "__main__":
    main()
