"""Noun precision over every hit (issue 25, item 5), not only the top 10: a seeded sample of the corpus's
nouns, each searched alone; every full-tier hit (what an export holds) is judged for holding the noun as
a word.

The judge reads the turn with Kiwi, apart from the index: a hit holds the noun when the noun occurs in
the printed text and every character of that occurrence belongs to a noun-like morpheme (nouns, roots,
foreign words, numbers, noun suffixes), or the occurrence is one morpheme exactly (잘못 as an adverb) —
so 사드 in 감사드립니다 (감사 + 드리다) and 조건 in 무조건 are no word, 소송법 in 형사소송법 is. A name
search also counts the person's own turns. The judge's calls were checked by reading a sample of hits.
"""

from __future__ import annotations

import random

from elasticsearch import Elasticsearch

from hearings.analysis import KiwiAnalyzer, compact_with_offsets
from hearings.phrases import base_tag
from search_api.noun_reading import query_reader
from search_api.params import SearchParams
from search_api.query import build_query
from search_api.speaker_names import known_speakers

SAMPLE_NOUNS = 30
SEED = 25
MAX_HITS = 10_000
_NOUN_LIKE = ("NN", "NR", "NP", "XR", "XSN", "XPN", "SL", "SH", "SN")


def noun_sample(client: Elasticsearch, index: str, n: int = SAMPLE_NOUNS, seed: int = SEED) -> list[str]:
    """Nouns of two or more characters drawn from the index's topics, seeded."""
    found = client.search(index=index, size=0, aggs={"nouns": {"terms": {"field": "topics", "size": 20_000}}})
    nouns = sorted(b["key"] for b in found["aggregations"]["nouns"]["buckets"] if len(b["key"]) >= 2)
    return random.Random(seed).sample(nouns, n)


def all_hits(client: Elasticsearch, index: str, q: str, analyzer: KiwiAnalyzer) -> list[dict]:
    """Every full-tier hit of the query (match=all), as the export would hold them."""
    params = SearchParams(q=q, match="all")
    body = build_query(params, query_reader(client, index, analyzer, q), None, known_speakers(client, index))
    body |= {"from": 0, "size": MAX_HITS, "_source": ["turn_id", "text", "speaker_name"]}
    return [hit["_source"] for hit in client.search(index=index, body=body)["hits"]["hits"]]


def holds_as_word(text: str, noun: str, analyzer: KiwiAnalyzer) -> bool:
    """The noun occurs with every character inside a noun-like morpheme (see the module docstring)."""
    squeezed, offsets = compact_with_offsets(text)
    wanted, _ = compact_with_offsets(noun)
    if not wanted or wanted not in squeezed:
        return False
    [morphemes] = analyzer.morphemes_many([text])
    nounish = set()
    for m in morphemes:
        if base_tag(m.tag).startswith(_NOUN_LIKE):
            nounish.update(range(m.start, m.end))
    whole = {(m.start, m.end) for m in morphemes}  # 잘못 read as an adverb is still the word 잘못
    at = squeezed.find(wanted)
    while at >= 0:
        span = range(at, at + len(wanted))
        if all(offsets[i] in nounish for i in span) or (offsets[at], offsets[span[-1]] + 1) in whole:
            return True
        at = squeezed.find(wanted, at + 1)
    return False


def noun_precision(client: Elasticsearch, index: str, analyzer: KiwiAnalyzer, nouns: list[str]) -> dict:
    """Per noun: hits and hits holding the noun as a word (or spoken by the person of that name)."""
    rows = []
    for noun in nouns:
        hits = all_hits(client, index, noun, analyzer)
        held = [hit for hit in hits if hit.get("speaker_name") == noun or holds_as_word(hit["text"], noun, analyzer)]
        rows.append({"noun": noun, "hits": len(hits), "held": len(held),
                     "wrong": [hit["turn_id"] for hit in hits if hit not in held]})
    total = sum(row["hits"] for row in rows)
    return {"rows": rows, "hits": total, "precision": sum(row["held"] for row in rows) / total if total else 1.0}
