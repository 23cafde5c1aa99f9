"""SearchParams → the Elasticsearch request body. Pure apart from Kiwi, so it is unit-tested on the dict.

Matching (see hearings/analysis.py for the two term streams):
- words: every content lemma must match, either as a lemma or, for nouns, inside a compound
  (a phrase over the compact bigrams); in-order lemmas and the exact compact wording score higher;
- "quotes": a phrase over compact bigrams — exact wording, spacing and punctuation ignored;
- filters go to ``post_filter`` so every facet can count with all filters but its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from hearings.analysis import Term, bigrams, compact
from hearings.readings import hangul_reading
from search_api.facets import FACETS, FacetSpec
from search_api.params import PAGE_SIZE, SearchParams
from search_api.query_parser import And, FieldFilter, Node, Not, Or, Phrase, Words, parse_query

Lemmatize = Callable[[str], list[Term]]
COMPOUND_PART_BOOST = 0.4
IN_ORDER_BOOST = 2.0
EXACT_WORDING_BOOST = 3.0
NAME_BOOST = 4.0


@dataclass
class Needles:
    """What the highlighter marks: lemmas (any inflection) and compact strings (exact wording)."""

    lemmas: set[str] = field(default_factory=set)
    compacts: set[str] = field(default_factory=set)


def _bigram_phrase(compact_text: str, boost: float = 1.0) -> dict:
    return {"match_phrase": {"bigrams": {"query": " ".join(bigrams(compact_text)), "boost": boost}}}


def _lemma_clause(term: Term) -> dict:
    exact = {"term": {"lemmas": {"value": term.lemma}}}
    if term.predicate or len(term.lemma) < 2:
        return exact
    return {"bool": {"should": [exact, _bigram_phrase(compact(term.lemma), COMPOUND_PART_BOOST)]}}


def _could_be_a_name(text: str) -> bool:
    return bool(re.fullmatch(r"[가-힣]{2,4}|[\u4e00-\u9fff\uf900-\ufaff]{2,4}", text.strip()))


def _words_clause(node: Words, lemmatize: Lemmatize, needles: Needles | None) -> dict:
    terms = list({t.lemma: t for t in lemmatize(node.text)}.values())
    wording = compact(node.text)
    if needles is not None:
        needles.lemmas.update(t.lemma for t in terms)
        needles.compacts.update(compact(t.lemma) for t in terms if not t.predicate and len(t.lemma) >= 2)
    if not terms:  # only particles or symbols: fall back to the exact characters
        if needles is not None and wording:
            needles.compacts.add(wording)
        return _bigram_phrase(wording) if wording else {"match_none": {}}
    should = []
    if _could_be_a_name(node.text):
        # "김세연" or "金世淵": turns spoken by that person count too, whatever the printed form.
        name_match = {"term": {"speaker_name": {"value": hangul_reading(node.text.strip()), "boost": NAME_BOOST}}}
        lemma_match = {"bool": {"must": [_lemma_clause(t) for t in terms]}}
        return {"bool": {"should": [name_match, lemma_match], "minimum_should_match": 1}}
    if len(terms) > 1:
        lemma_phrase = " ".join(t.lemma for t in terms)
        should.append({"match_phrase": {"lemmas": {"query": lemma_phrase, "slop": 3, "boost": IN_ORDER_BOOST}}})
    if len(wording) >= 2:
        should.append(_bigram_phrase(wording, EXACT_WORDING_BOOST))
    return {"bool": {"must": [_lemma_clause(t) for t in terms], "should": should}}


def _phrase_clause(node: Phrase, needles: Needles | None) -> dict:
    wording = compact(node.text)
    if needles is not None:
        needles.compacts.add(wording)
    if len(wording) < 2:
        return {"term": {"lemmas": wording}}
    return _bigram_phrase(wording)


def _field_clause(node: FieldFilter) -> dict:
    field_name = {"speaker": "speaker_name", "committee": "committee"}[node.field]
    value = hangul_reading(node.value) if node.field == "speaker" else node.value
    return {"bool": {"should": [{"term": {field_name: value}}, {"prefix": {field_name: value}}]}}


def node_clause(node: Node, lemmatize: Lemmatize, needles: Needles | None = None) -> dict:
    if isinstance(node, Words):
        return _words_clause(node, lemmatize, needles)
    if isinstance(node, Phrase):
        return _phrase_clause(node, needles)
    if isinstance(node, FieldFilter):
        return _field_clause(node)
    if isinstance(node, Not):
        return {"bool": {"must_not": [node_clause(node.node, lemmatize, None)]}}
    if isinstance(node, And):
        return {"bool": {"must": [node_clause(n, lemmatize, needles) for n in node.nodes]}}
    if isinstance(node, Or):
        return {"bool": {"should": [node_clause(n, lemmatize, needles) for n in node.nodes],
                         "minimum_should_match": 1}}
    raise TypeError(f"unknown query node {node!r}")


def _facet_filter(facet: FacetSpec, params: SearchParams) -> dict | None:
    values = params.filter_values(facet.param)
    return {"terms": {facet.field: values}} if values else None


def _date_filter(params: SearchParams) -> dict | None:
    if not (params.date_from or params.date_to):
        return None
    bounds = {}
    if params.date_from:
        bounds["gte"] = params.date_from.isoformat()
    if params.date_to:
        bounds["lte"] = params.date_to.isoformat()
    return {"range": {"date": bounds}}


def _sort(params: SearchParams, has_text: bool) -> list:
    # turn_id breaks ties so that paging is stable.
    if params.sort == "oldest":
        return [{"date": "asc"}, {"turn_id": "asc"}]
    if params.sort == "newest" or not has_text:
        return [{"date": "desc"}, {"turn_id": "asc"}]
    return ["_score", {"date": "desc"}, {"turn_id": "asc"}]


def facet_aggregations(params: SearchParams) -> dict:
    """Each facet counts under every selected filter except its own (multi-select)."""
    filters = {f.param: _facet_filter(f, params) for f in FACETS}
    aggs = {}
    for facet in FACETS:
        others = [flt for name, flt in filters.items() if flt and name != facet.param]
        terms = {"terms": {"field": facet.field, "size": facet.size, "min_doc_count": 1}}
        if facet.param in ("year", "assembly_term"):
            terms["terms"]["order"] = {"_key": "desc"}
        aggs[facet.param] = {"filter": {"bool": {"filter": others}}, "aggs": {"values": terms}}
    aggs["histogram"] = {
        "filter": {"bool": {"filter": [flt for flt in filters.values() if flt]}},
        "aggs": {"by_month": {"date_histogram": {"field": "date", "calendar_interval": "month",
                                                 "min_doc_count": 1}}},
    }
    return aggs


def text_query(params: SearchParams, lemmatize: Lemmatize, needles: Needles | None = None) -> dict:
    """The query part without facet filters: the user's words and the date range."""
    node = parse_query(params.q)
    must = [node_clause(node, lemmatize, needles)] if node else [{"match_all": {}}]
    date_filter = _date_filter(params)
    return {"bool": {"must": must, "filter": [date_filter] if date_filter else []}}


def post_filter(params: SearchParams) -> dict:
    return {"bool": {"filter": [flt for f in FACETS if (flt := _facet_filter(f, params))]}}


def build_query(params: SearchParams, lemmatize: Lemmatize, needles: Needles | None = None) -> dict:
    has_text = bool(params.q.strip())
    return {
        "query": text_query(params, lemmatize, needles),
        "post_filter": post_filter(params),
        "aggs": facet_aggregations(params),
        "sort": _sort(params, has_text),
        "from": (params.page - 1) * PAGE_SIZE,
        "size": PAGE_SIZE,
        "track_total_hits": True,
        "_source": {"excludes": ["paragraphs"]},
    }
