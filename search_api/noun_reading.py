"""A typed word that Kiwi, reading it alone, takes for an inflected verb (보고 → 보다, 당해 → 당하다, 가지 → 가다)
is read as the noun it also is, when the index holds that noun.

Alone, a word has no context, and Kiwi's best guess for 보고 is "seeing" (보다 + 고): a search for the Assembly's
업무보고 would then find every turn that sees anything. In the minutes the same letters are far more often
the noun, and the index says so: a noun is a turn's `topics` term only where Kiwi read it as a noun in the
text. So the query's bare words that read as one inflected verb are counted in `topics` (one msearch, kept
for a few minutes), and those that several turns hold as a noun are read as that noun. A word with an ending
or a particle (보고를, 당했다) has its context and is read as typed.

`query_reader` gives the page, the export, the trends and the alerts the same reading of the same query: a
lemmatizer that is still pure, so query building stays a function of its inputs.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator

from elasticsearch import Elasticsearch

from hearings.analysis import KiwiAnalyzer, Term, compact
from hearings.engine import msearch_responses
from search_api.query import Lemmatize, typed_words
from search_api.query_parser import And, Node, Not, Or, QuerySyntaxError, Words, parse_query

NOUN_MIN_TURNS = 3  # a noun read once or twice is as likely Kiwi's misreading as the word itself
NOUNS_KEPT_S = 300.0
MAX_CACHED = 20_000  # readings kept at most: expired ones go first, then all (they are one count each to redo)
MAX_CHECKED = 8  # words counted per query; more ambiguous bare words than this are read as typed
_VERB_ENDS = ("다", "요", "까", "죠")  # 받았다, 했어요: a sentence ending leaves no doubt

_lock = threading.Lock()
_cache: dict[tuple[str, str], tuple[float, bool]] = {}


def _words(node: Node | None) -> Iterator[str]:
    if isinstance(node, Words):
        yield from typed_words(node.text)
    elif isinstance(node, And | Or):
        for part in node.nodes:
            yield from _words(part)
    elif isinstance(node, Not):
        yield from _words(node.node)


def ambiguous_words(queries: Iterable[str], lemmatize: Lemmatize) -> list[str]:
    """The bare typed words (quotes and filters aside) that Kiwi reads as one inflected verb or adjective."""
    found: list[str] = []
    for q in queries:
        try:
            node = parse_query(q)
        except QuerySyntaxError:
            continue
        for word in _words(node):
            typed = compact(word)
            terms = lemmatize(word) if len(typed) >= 2 else []
            if len(terms) == 1 and terms[0].predicate and not typed.endswith(_VERB_ENDS) and typed not in found:
                found.append(typed)
    return found[:MAX_CHECKED]


def noun_first(lemmatize: Lemmatize, nouns: frozenset[str]) -> Lemmatize:
    """``lemmatize``, except that a word of ``nouns`` typed bare is that noun."""
    if not nouns:
        return lemmatize

    def read(text: str) -> list[Term]:
        typed = compact(text)
        if typed in nouns and typed == text.strip():
            start = text.index(typed)
            return [Term(typed, start, start + len(typed))]
        return lemmatize(text)

    return read


def indexed_nouns(client: Elasticsearch, index: str, words: list[str], now: float | None = None) -> frozenset[str]:
    """Those of ``words`` that at least NOUN_MIN_TURNS turns hold as a noun (their `topics`), cached."""
    now = time.monotonic() if now is None else now
    known, unknown = {}, []
    with _lock:
        for word in words:
            kept = _cache.get((index, word))
            if kept and now - kept[0] < NOUNS_KEPT_S:
                known[word] = kept[1]
            else:
                unknown.append(word)
    if unknown:
        searches = [part for word in unknown for part in (
            {"index": index}, {"size": 0, "track_total_hits": NOUN_MIN_TURNS, "query": {"term": {"topics": word}}})]
        for word, response in zip(unknown, msearch_responses(client, searches), strict=True):
            known[word] = response["hits"]["total"]["value"] >= NOUN_MIN_TURNS
        with _lock:
            if len(_cache) + len(unknown) > MAX_CACHED:  # every distinct word typed would stay otherwise
                for key in [key for key, (at, _) in _cache.items() if now - at >= NOUNS_KEPT_S] or list(_cache):
                    _cache.pop(key)
            _cache.update({(index, word): (now, known[word]) for word in unknown})
    return frozenset(word for word, noun in known.items() if noun)


def query_reader(client: Elasticsearch, index: str, analyzer: KiwiAnalyzer, *queries: str) -> Lemmatize:
    """The lemmatizer to build these queries with (see the module docstring)."""
    words = ambiguous_words(queries, analyzer.terms)
    return noun_first(analyzer.terms, indexed_nouns(client, index, words)) if words else analyzer.terms


def forget(index: str) -> None:
    """Drop the cached readings of an index (tests that re-create an index under the same name)."""
    with _lock:
        for key in [key for key in _cache if key[0] == index]:
            _cache.pop(key)
