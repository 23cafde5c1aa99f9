"""Automated precision checks that need no judge: negative queries and the random-noun sweep.

- Negative queries must find nothing: strings that occur only across the space between two printed
  words (typed without the space), and words absent from the corpus.
- The random-noun sweep draws nouns from the index with a fixed seed, searches each alone, and counts
  the share of top-10 hits whose printed text holds the noun inside one printed word (Hanja read in
  Hangul, as the search reads it). Both systems are measured in the same run.
"""

from __future__ import annotations

import random
import re

from elasticsearch import Elasticsearch

from bench.relevance import baseline_top, product_top
from hearings.analysis import KiwiAnalyzer, compact, printed_words
from hearings.dictionary import alternative_names

SWEEP_NOUNS = 100
SEED = 42
# Plausible words of Korean politics that the sample minutes never use (checked against the corpus below).
ABSENT_CANDIDATES = ["블록체인", "메타버스", "가상화폐", "탄소중립", "누리호", "반도체특별법", "챗봇",
                     "전세사기", "이태원참사", "오미크론", "백신패스", "재난지원금", "부동산세", "디지털세",
                     "우주항공청", "늘봄학교", "의대증원"]


def holds_as_word(text: str, noun: str) -> bool:
    return any(noun in word for word in printed_words(text))


def _holds(turn: dict, noun: str) -> bool:
    """The noun, or one of its other names the search also looks for (행정안전위원회 = 행안위), inside one
    printed word — or, for a name, the turn spoken by that person (a name search finds the person's turns
    too, and says so by the speaker shown on the hit)."""
    names = (noun, *alternative_names(noun))
    return any(holds_as_word(turn["text"], compact(name)) for name in names) or turn["speaker_name"] == noun


def _noun_edge(analyzer: KiwiAnalyzer, word: str, at_end: bool) -> bool:
    """Whether the word ends (or starts) with a noun of two or more syllables."""
    terms = analyzer.terms(word)
    if not terms:
        return False
    term = terms[-1] if at_end else terms[0]
    touches = term.end == len(word) if at_end else term.start == 0
    return touches and not term.predicate and len(term.lemma) >= 2


def _cross_boundary_strings(turns: list[dict], rng: random.Random, count: int, words: str,
                            analyzer: KiwiAnalyzer) -> list[str]:
    """Fragments across a space that cut into two nouns, as 금지 cuts into 지금 지정: the last syllable of a
    noun and the first one or two of the next word's noun, found inside no printed word of the corpus
    (`words` is every printed word, NUL-separated). Whole words typed without their space are not
    fragments: those must be found (a spacing-free query finds text written with a space)."""
    found: list[str] = []
    candidates = [t for t in turns if len(t["text"]) > 40]
    for _ in range(20_000):
        if len(found) >= count:
            break
        texts = printed_words(rng.choice(candidates)["text"])
        if len(texts) < 2:
            continue
        i = rng.randrange(len(texts) - 1)
        left, right = texts[i], texts[i + 1]
        if not (re.fullmatch(r"[가-힣]{2,}", left) and re.fullmatch(r"[가-힣]{3,}", right)):
            continue
        joined = left[-1] + right[:rng.choice((1, 2))]
        if joined in words or joined in found:
            continue
        if _noun_edge(analyzer, left, at_end=True) and _noun_edge(analyzer, right, at_end=False):
            found.append(joined)
    return found


def negative_queries(client: Elasticsearch, index: str, baseline: str, turns: list[dict],
                     analyzer: KiwiAnalyzer) -> dict:
    rng = random.Random(SEED)
    words = "\x00".join(word for turn in turns for word in printed_words(turn["text"]))
    everything = "".join(compact(turn["text"]) for turn in turns)
    queries = [("cross-boundary", q) for q in _cross_boundary_strings(turns, rng, 30, words, analyzer)]
    queries += [("absent", q) for q in ABSENT_CANDIDATES if compact(q) not in everything]
    rows = [{"kind": kind, "q": q, "product": len(product_top(client, index, q, analyzer)),
             "baseline": len(baseline_top(client, baseline, q))} for kind, q in queries]
    return {"rows": rows, "violations": [row for row in rows if row["product"]]}


def _nouns_of(client: Elasticsearch, index: str, files: list[str], analyzer: KiwiAnalyzer) -> list[str]:
    """The single nouns among the parts' topics. Topics also hold nouns printed together (자료제출, written so in
    one turn), which the search rightly finds written apart too (자료 제출): those measure spacing, not
    whether a noun is matched inside a word, so they are not drawn."""
    found = client.search(index=index, size=0, query={"terms": {"source_file": files}},
                          aggs={"nouns": {"terms": {"field": "topics", "size": 20_000}}})
    topics = sorted(bucket["key"] for bucket in found["aggregations"]["nouns"]["buckets"])
    return [topic for topic in topics if [term.lemma for term in analyzer.terms(topic)] == [topic]]


def noun_sweep(client: Elasticsearch, index: str, baseline: str, turns: list[dict], analyzer: KiwiAnalyzer,
               part: str, n: int = SWEEP_NOUNS) -> dict:
    files = sorted({turn["source_file"] for turn in turns if turn["part"] == part})
    nouns = random.Random(SEED).sample(_nouns_of(client, index, files, analyzer), n)
    by_id = {turn["turn_id"]: turn for turn in turns}
    rows = []
    for noun in nouns:
        row = {"noun": noun}
        for system, ranked in (("product", product_top(client, index, noun, analyzer)),
                               ("baseline", baseline_top(client, baseline, noun))):
            holding = sum(_holds(by_id[turn], noun) for turn in ranked)
            row[system] = holding / len(ranked) if ranked else None
            row[f"{system}_hits"] = len(ranked)
        rows.append(row)
    return {"rows": rows, **{system: _summary(rows, system) for system in ("product", "baseline")}}


def _summary(rows: list[dict], system: str) -> dict:
    scored = [row[system] for row in rows if row[system] is not None]
    hits = sum(row[f"{system}_hits"] for row in rows)
    held = sum(row[system] * row[f"{system}_hits"] for row in rows if row[system] is not None)
    return {"precision": held / hits if hits else 1.0, "lowest": min(scored, default=1.0),
            "below_0_8": [row["noun"] for row in rows if row[system] is not None and row[system] < 0.8],
            "no_hits": [row["noun"] for row in rows if not row[f"{system}_hits"]]}
