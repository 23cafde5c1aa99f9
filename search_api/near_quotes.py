"""Near-quotes (issue 25, item 3): a quoted phrase that the minutes never hold letter for letter falls back
to the closest wordings, aligned morpheme by morpheme as the quote check aligns them (hearings/alignment.py).

Only wordings the alignment judges the same words (그대로 or 사소한 차이: other particles or endings, a word
or two left out or added, polarity, modality and numbers kept) are offered, in the partial tier, each with
its differences marked. A phrase nobody said stays not said: a paraphrase or a flipped meaning is no
near-quote. The rest of the query (other words, 화자:, exclusions, filters) stays required.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from hearings.alignment import MINOR, VERBATIM, Alignment, align, excerpt_span, shifted
from hearings.analysis import KiwiAnalyzer, compact
from search_api.query import Lemmatize, _scope_filters, node_clause, post_filter
from search_api.query_parser import And, FieldFilter, Node, Not, Phrase, Words, parse_query

CANDIDATES = 30  # turns aligned per query: the closest by the quote's lemmas
SHOWN = 10
LEMMA_SHARE = 0.6  # a candidate holds at least this share of the quote's lemmas (a near-quote keeps 75% in order)
_NEAR = (VERBATIM, MINOR)
_SOURCE_EXCLUDES = ["paragraphs"]


@dataclass
class NearQuote:
    """One turn's closest wording of the query's quote(s), with what differs."""

    source: dict
    alignment: Alignment  # of the first quote (the one shown)
    quote: str
    missing: list[str]  # the quote's printed words the minutes do not have (struck through)
    differences: list[str]  # "행위를 → 행위": other particles or endings; "+ 정말": words the quote leaves out
    marks: list[tuple[int, int, str]]  # in the turn text: what the differences name


def quoted_parts(node: Node | None) -> tuple[list[Phrase], list[Node]] | None:
    """The query's quotes and its other parts, which stay required. None without a quote, or when the query
    is not a plain list of parts (an OR)."""
    parts = node.nodes if isinstance(node, And) else (node,) if node else ()
    phrases = [part for part in parts if isinstance(part, Phrase)]
    others = [part for part in parts if not isinstance(part, Phrase)]
    if not phrases or not all(isinstance(part, Words | FieldFilter | Not) for part in others):
        return None
    return phrases, others


def _loose_phrase(phrase: Phrase, lemmatize: Lemmatize) -> dict | None:
    """The quote as its lemmas, most of them required: a changed particle or ending changes no lemma."""
    lemmas = list(dict.fromkeys(term.lemma for term in lemmatize(phrase.text)))
    if len(lemmas) < 2:
        return None  # one word: its wording is the whole quote, there is nothing near it to offer
    should = [{"term": {"lemmas": lemma}} for lemma in lemmas]
    # The lemmas in order, a little apart, rank the closer wordings first.
    in_order = {"match_phrase": {"lemmas": {"query": " ".join(lemmas), "slop": 3}}}
    return {"bool": {"must": [{"bool": {"should": should,
                                        "minimum_should_match": max(2, math.ceil(LEMMA_SHARE * len(lemmas)))}}],
                     "should": [in_order]}}


def near_quote_query(params, lemmatize: Lemmatize, speakers: frozenset[str] = frozenset()
                     ) -> tuple[list[str], dict] | None:
    """The candidates for the near-quotes of the query's quotes (pure, on the dict): the quotes and the
    request body, or None when the query has no quote with a near form."""
    quoted = quoted_parts(parse_query(params.q))
    if quoted is None:
        return None
    phrases, others = quoted
    loose = [_loose_phrase(phrase, lemmatize) for phrase in phrases]
    if any(clause is None for clause in loose):
        return None
    kept = [node_clause(part, lemmatize, None, params.expand, speakers) for part in others]
    text = {"bool": {"must": [*loose, *kept], "filter": _scope_filters(params)}}
    body = {"query": {"bool": {"must": [text], "filter": post_filter(params)["bool"]["filter"]}},
            "sort": ["_score", {"date": "desc"}, {"turn_id": "asc"}], "size": CANDIDATES,
            "track_total_hits": False, "_source": {"excludes": _SOURCE_EXCLUDES}}
    return [phrase.text for phrase in phrases], body


def _printed_word(text: str, start: int, end: int) -> tuple[int, int]:
    """The printed word (between spaces) a morpheme's span sits in."""
    left = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
    right = min((i for i in (text.find(" ", end), text.find("\n", end)) if i >= 0), default=len(text))
    return left, right


def _next_word_end(text: str, end: int) -> int:
    """The end of the next printed word, its trailing punctuation left out."""
    match = _NEXT_WORD.match(text, end)
    return match.end(1) if match else end


_NEXT_WORD = re.compile(r"\s*(\S*?)[.,?!·…'\"’”)]*(?=\s|$)")


def changed_words(quote: str, text: str, alignment: Alignment) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The aligned words whose particles or endings differ, as (quoted span, said span), in order. Where the
    word itself reads alike, the ending that differs sits in the next word (남용하지 말라 / 남용하지 마라):
    both spans reach over it. Pairs that still read alike are left out."""
    quoted = [(s, e) for s, e, kind in alignment.quote_marks if kind == "changed"]
    said = [(s, e) for s, e, kind in alignment.turn_marks if kind == "changed"]
    pairs = []
    for (qs, qe), (ts, te) in zip(quoted, said, strict=False):  # alignment pairs are in order on both sides
        if compact(quote[qs:qe]) == compact(text[ts:te]):
            qe, te = _next_word_end(quote, qe), _next_word_end(text, te)
        if compact(quote[qs:qe]) != compact(text[ts:te]):
            pairs.append(((qs, qe), (ts, te)))
    return pairs


def differences(quote: str, text: str, alignment: Alignment) -> tuple[list[str], list[str]]:
    """What differs, in words: the quote's words not in the minutes, and each changed word as quoted →
    as said, and the minutes' words the quote leaves out (+ word)."""
    if alignment.verdict == VERBATIM:
        return [], []  # letter for letter, spacing and punctuation aside
    missing = list(dict.fromkeys(quote[slice(*_printed_word(quote, s, e))] for s, e, kind in alignment.quote_marks
                                 if kind == "missing"))
    changed = [f"{quote[qs:qe]} → {text[ts:te]}" for (qs, qe), (ts, te) in changed_words(quote, text, alignment)]
    dropped = [f"+ {text[s:e]}" for s, e, kind in alignment.turn_marks if kind == "dropped"]
    return missing, changed + dropped


def shown_marks(quote: str, text: str, alignment: Alignment) -> list[tuple[int, int, str]]:
    """The turn's marks as the differences list them: changed words as changed_words spans them."""
    if alignment.verdict == VERBATIM:
        return []
    changed = [(ts, te, "changed") for _, (ts, te) in changed_words(quote, text, alignment)]
    return sorted([mark for mark in alignment.turn_marks if mark[2] != "changed"] + changed)


def _aligned(quote: str, quote_morphemes, source: dict, analyzer: KiwiAnalyzer) -> Alignment:
    text = source.get("text", "")
    keys = [t.lemma[:-1] if t.lemma.endswith("다") and len(t.lemma) > 2 else t.lemma for t in analyzer.terms(quote)]
    start, end = excerpt_span(text, keys)
    [morphemes] = analyzer.morphemes_many([text[start:end]])
    return shifted(align(quote, quote_morphemes, text[start:end], morphemes), start)


def nearest_wordings(quotes: list[str], sources: list[dict], analyzer: KiwiAnalyzer) -> list[NearQuote]:
    """The candidates whose every quote aligns as the same words (그대로 or 사소한 차이), closest first."""
    quote_morphemes = analyzer.morphemes_many(quotes)
    found = []
    for source in sources:
        alignments = [_aligned(quote, morphemes, source, analyzer)
                      for quote, morphemes in zip(quotes, quote_morphemes, strict=True)]
        if all(a.verdict in _NEAR for a in alignments):
            missing, differing = differences(quotes[0], source.get("text", ""), alignments[0])
            marks = shown_marks(quotes[0], source.get("text", ""), alignments[0])
            found.append((sum(a.score for a in alignments), NearQuote(source, alignments[0], quotes[0], missing,
                                                                      differing, marks)))
    found.sort(key=lambda pair: pair[0], reverse=True)  # stable: the engine's order among equals
    return [near for _, near in found]
