"""Distinctive phrases of a member or a committee: the two- and three-word phrases (the `phrases` field,
hearings/phrases.py) that its turns use more than everyone else's, judged against the whole index.

How, and why this way:
1. The engine proposes candidates: ``significant_terms`` over the scope's turns against the whole index
   (chi-square, negatives excluded), at least MIN_TURNS turns each. Chi-square rewards a phrase that is
   both frequent in the scope and over-represented there, where JLH, the default, favours phrases said a
   handful of times by one person alone.
2. Python counts each candidate exactly over the alias (the engine's background counts come from index
   statistics, which still include hidden versions and deleted documents until a merge) and keeps a phrase
   when the scope's rate is at least MIN_RATIO times everyone else's and Dunning's log-likelihood ratio
   (G², the usual keyness statistic in corpus linguistics, sound on the small counts phrases have, where
   chi-square's approximation is not) is significant at p < 0.001. The strongest come first.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from elasticsearch import Elasticsearch
from pydantic import BaseModel

CANDIDATES = 50
SHOWN = 15
MIN_TURNS = 3  # a phrase in one or two turns is an anecdote, not a habit
MIN_RATIO = 2.0
CRITICAL_G2 = 10.83  # chi-squared distribution, one degree of freedom, p = 0.001


class DistinctivePhrase(BaseModel):
    phrase: str
    count: int  # turns of this member or committee with the phrase
    others: int  # turns of everyone else with it
    log_likelihood: float  # G²: how surely the scope uses it more than everyone else
    url: str  # the search for its words within the scope


def candidates_aggregation() -> dict:
    """The aggregation proposing candidates; it rides along in the scope's own profile search."""
    return {"significant_terms": {"field": "phrases", "size": CANDIDATES, "min_doc_count": MIN_TURNS,
                                  "chi_square": {"include_negatives": False, "background_is_superset": True}}}


def log_likelihood(count: int, scope: int, others: int, rest: int) -> float:
    """Dunning's G² for a phrase in ``count`` of ``scope`` turns against ``others`` of the ``rest``."""
    observed = [count, scope - count, others, rest - others]
    used = count + others
    expected = [scope * used / (scope + rest), scope * (scope + rest - used) / (scope + rest),
                rest * used / (scope + rest), rest * (scope + rest - used) / (scope + rest)]
    return 2 * sum(o * math.log(o / e) for o, e in zip(observed, expected, strict=True) if o > 0)


def rank(counts: dict[str, int], scope: int, everyone: dict[str, int], total: int) -> list[tuple[str, int, int, float]]:
    """(phrase, count, others, G²) of the phrases the scope uses MIN_RATIO times as often as everyone else,
    significantly; strongest first. ``everyone`` counts the whole index, scope included."""
    rest = total - scope
    if rest <= 0:
        return []  # the scope is everything: no one else to differ from
    kept = []
    for phrase, count in counts.items():
        others = max(0, everyone.get(phrase, count) - count)
        if count < MIN_TURNS or count / scope < MIN_RATIO * others / rest:
            continue
        g2 = log_likelihood(count, scope, others, rest)
        if g2 >= CRITICAL_G2:
            kept.append((phrase, count, others, round(g2, 1)))
    return sorted(kept, key=lambda item: (-item[3], item[0]))[:SHOWN]


def distinctive_phrases(client: Elasticsearch, index: str, candidates: dict, scope: int,
                        search_link: Callable[[str], str]) -> list[DistinctivePhrase]:
    """The candidates the profile search proposed, counted exactly over the whole alias and ranked."""
    counts = {str(b["key"]): b["doc_count"] for b in candidates["buckets"]}
    if not counts:
        return []
    found = client.search(index=index, size=0, track_total_hits=True, aggs={"everyone": {"terms": {
        "field": "phrases", "include": sorted(counts), "size": len(counts)}}})
    everyone = {str(b["key"]): b["doc_count"] for b in found["aggregations"]["everyone"]["buckets"]}
    return [DistinctivePhrase(phrase=phrase, count=count, others=others, log_likelihood=g2,
                              url=search_link(phrase))
            for phrase, count, others, g2 in rank(counts, scope, everyone, found["hits"]["total"]["value"])]
