"""SearchParams → the Elasticsearch request body. Pure apart from Kiwi, so it is unit-tested on the dict.

Matching (see hearings/analysis.py for the two term streams):
- words: each typed word matches whole (see _typed_word_clause): as its lemmas, or for nouns inside
  one printed word (a phrase over the word bigrams, never across a space); in-order lemmas and the exact
  compact wording score higher;
- "quotes": a phrase over compact bigrams — exact wording, spacing and punctuation ignored;
- facet filters are filter clauses of the query (they never score): the hits and the unselected facets
  count over the filtered turns, and each selected facet is counted by a search of its own without its
  own filter (multi-select; ``page_searches``). A ``post_filter`` would make every facet aggregate over
  all the words' hits: 3–6× slower at 1M turns (BENCHMARKS.md, session 6).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import search_api.facets as facet_table
from hearings.analysis import NUMBER_VALUE, Term, bigrams, compact, search_form
from hearings.dictionary import alternative_names
from hearings.index import SEARCH_TERM_FIELDS
from hearings.readings import hangul_reading
from search_api.facets import FacetSpec
from search_api.params import PAGE_SIZE, SearchParams
from search_api.query_parser import And, FieldFilter, Node, Not, Or, Phrase, Words, parse_query

Lemmatize = Callable[[str], list[Term]]
COMPOUND_PART_BOOST = 0.4
IN_ORDER_BOOST = 2.0
EXACT_WORDING_BOOST = 3.0
NAME_BOOST = 10.0


@dataclass
class Needles:
    """What the highlighter marks: lemmas (any inflection), wording inside one printed word (nouns, as
    the search matches them) and compact strings with any spacing (quotes)."""

    lemmas: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)
    compacts: set[str] = field(default_factory=set)
    expansions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # typed word → names searched too


def _bigram_phrase(compact_text: str, boost: float = 1.0) -> dict:
    """The wording across printed words, spacing ignored (quotes, and the exact-wording bonus)."""
    return {"match_phrase": {"bigrams": {"query": " ".join(bigrams(compact_text)), "boost": boost}}}


def _in_one_word(compact_word: str, boost: float = 1.0) -> dict:
    """The wording inside one printed word: a compound part, never a string across a space."""
    if len(compact_word) < 2:
        return {"term": {"words": {"value": compact_word, "boost": boost}}}
    return {"match_phrase": {"words": {"query": " ".join(bigrams(compact_word)), "boost": boost}}}


def _lemma(lemma: str) -> dict:
    return {"term": {"lemmas": {"value": lemma}}}


def _any(*clauses: dict) -> dict:
    return {"bool": {"should": list(clauses), "minimum_should_match": 1}}


def _could_be_a_name(text: str) -> bool:
    return bool(re.fullmatch(r"[가-힣]{2,4}|[\u4e00-\u9fff\uf900-\ufaff]{2,4}", text.strip()))


def _object_particle(word: str) -> str:
    last = ord(word[-1]) - 0xAC00
    return "을" if 0 <= last < 11172 and last % 28 else "를"


def _reads_as_one_noun(word: str, lemmatize: Lemmatize) -> bool:
    """Kiwi reads a lone word by itself, without the sentence it would stand in, and sometimes wrongly
    (위임 → 위 + 이다, 농업인 → 농업 + 이다, 자가 → 자 + 가). Given an object particle, a noun reads as
    that one noun again (위임을 → 위임), while an inflected form (충원했다를) does not."""
    terms = lemmatize(word + _object_particle(word))
    return len(terms) == 1 and not terms[0].predicate and compact(terms[0].lemma) == word


# What may follow a noun in one printed word without making it another word: particles, the copula,
# and the syllables that open a 하다/되다/시키다/받다/드리다 verb (충원했다, 검역을, 국감에서).
PARTICLES = {"이", "가", "을", "를", "은", "는", "에", "에서", "의", "와", "과", "도", "로", "으로", "에게", "께서",
             "까지", "부터", "만", "이나", "나", "라고", "이라고", "에서는", "에는", "으로는", "로는", "하고",
             "이랑", "랑", "처럼", "보다", "마다", "조차", "밖에", "에서도", "에도", "으로도", "로도", "께",
             "한테", "이다", "입니다", "이고", "인", "이며", "이라는", "라는", "이란", "란", "들", "들이", "들을",
             "들은", "들의", "들에", "들도"}
VERB_OPENINGS = ("하", "했", "해", "한", "할", "함", "합", "되", "됐", "돼", "된", "될", "됨", "됩", "시키", "시켜",
                 "시킨", "받", "드리", "드렸", "드린", "드립", "당하", "당했")


def _noun_with_inflection(tail: str) -> bool:
    return not tail or tail in PARTICLES or tail.startswith(VERB_OPENINGS)


def _typed_word_clause(word: str, lemmatize: Lemmatize, needles: Needles | None) -> dict | None:
    """One typed word: matched whole, as a word, or not at all (see the README's search design).

    - a noun (or nouns Kiwi splits it into, 입국금지 = 입국 + 금지): the same lemmas together and in order,
      or the word inside one printed word (a compound part);
    - an inflected form (충원했다, 검역을, 먹었다): its content lemmas, whatever the inflection;
    - anything else (위임, 농업인 and 자가, which Kiwi misreads when alone; fragments that start or end
      inside a word, 고국가 or 누리호): the word itself, as a lemma or inside one printed word — never
      one of its pieces (a one-syllable piece never matches by itself).
    """
    typed = compact(word)
    if not typed:
        return None
    form = search_form(word)
    terms = list({t.lemma: t for t in lemmatize(word)}.values())
    if (number := _number_clause(typed, terms, needles)) is not None:
        return number
    nouns = [t for t in terms if not t.predicate]
    if terms and len(nouns) == len(terms) and "".join(compact(t.lemma) for t in nouns) == typed:
        return _noun_clause(typed, [t.lemma for t in nouns], needles)
    only_syllables = len(nouns) == len(terms) and all(len(t.lemma) < 2 for t in nouns)
    starts_inside = bool(terms) and bool(compact(form[:terms[0].start]))
    tail = compact(form[max(t.end for t in terms):]) if terms else typed
    noun_tail_odd = len(nouns) == len(terms) and not _noun_with_inflection(tail)
    if not terms or only_syllables or starts_inside or noun_tail_odd or _reads_as_one_noun(typed, lemmatize):
        return _noun_clause(typed, [typed], needles)
    clause = _inflected_clause(terms, needles)
    light_verb = terms[-1].predicate and form[terms[-1].start:].startswith(VERB_OPENINGS)
    # Its pieces next to each other as typed (전세사기 is not 전세 … 사다), unless the verb is a light one
    # that may stand apart from its noun (보상받았다 = 보상을 받았다).
    if len(terms) > 1 and not light_verb:
        span = compact(form[terms[0].start:terms[-1].end])
        clause = {"bool": {"must": [clause, _bigram_phrase(span)]}} if len(span) >= 2 else clause
    return clause


def _number_clause(typed: str, terms: list[Term], needles: Needles | None) -> dict | None:
    """A number, with its unit if typed (24.8조, 22만명, 2인, 제13항): that value as a term, never inside
    another word (13 is not in 13483 nor in 제13항; analysis.py indexes 13만 and 제13항 without the bare 13)."""
    values = [t.lemma for t in terms if NUMBER_VALUE.fullmatch(t.lemma)]
    if not values or not (typed[0].isdigit() or typed.startswith("제") or len(terms) == len(values)):
        return None
    if needles is not None:
        needles.compacts.add(typed)
    return {"bool": {"must": [_lemma(value) for value in values if len(value) == max(map(len, values))][:1]}}


# A counter typed apart from its number (22만 명, 두 명) is one value with it, as the index reads it.
_COUNTER_APART = re.compile(r"(\d[만억조천]?|(?<![가-힣])(?:한|두|세|네|다섯|여섯|일곱|여덟|아홉|열))"
                            r"\s+(명|인|건|개|원)"
                            r"(?=$|\s|이|의|을|은|는|도|에|과|와|가)")


def typed_words(text: str) -> list[str]:
    return _COUNTER_APART.sub(r"\1\2", text).split()


def _noun_clause(typed: str, pieces: list[str], needles: Needles | None) -> dict:
    if needles is not None:
        needles.words.add(typed)
        if len(typed) < 2:
            needles.lemmas.add(typed)
    if len(typed) < 2:
        return _lemma(typed)
    # The word itself as a printed word that is no compound of nouns (무조건, 그만두: hearings/analysis.py
    # keeps such a word whole), as a lemma, or inside a compound.
    whole = [_lemma(typed), _in_one_word(typed, COMPOUND_PART_BOOST)]
    if len(typed) > 2:  # two characters are one bigram: the phrase above already is that term
        whole.insert(1, {"term": {"words": {"value": typed, "boost": COMPOUND_PART_BOOST}}})
    # With a one-syllable piece, only the printed word itself: a syllable before a space is far more
    # often the tail of another word (김영희 위원 holds no 희위원).
    if len(pieces) > 1 and all(len(piece) >= 2 for piece in pieces):
        # Kiwi's pieces of the word, together and in this order: the word as printed with a space inside
        # (입국금지 = 입국 금지). Both conditions: adjacent as lemmas (each piece a word of its own there,
        # not the tail of another: 하게 법 is no 게법), and adjacent as characters (particles or whole
        # sentences between two lemmas leave no gap in the lemma stream).
        whole.append({"bool": {"must": [{"match_phrase": {"lemmas": {"query": " ".join(pieces)}}},
                                         _bigram_phrase(typed)]}})
    return _any(*whole)


def _inflected_clause(terms: list[Term], needles: Needles | None) -> dict:
    must = []
    for term in terms:
        if term.predicate:
            must.append(_lemma(term.lemma))
            if needles is not None:
                needles.lemmas.add(term.lemma)
        elif len(term.lemma) >= 2:
            must.append(_any(_lemma(term.lemma), _in_one_word(compact(term.lemma), COMPOUND_PART_BOOST)))
            if needles is not None:
                needles.words.add(compact(term.lemma))
    nouns = [t.lemma for t in terms if not t.predicate]
    if len(nouns) > 1 and any(len(n) < 2 for n in nouns):  # a one-syllable piece only beside its neighbours
        must.append({"match_phrase": {"lemmas": {"query": " ".join(nouns)}}})
        must.append(_bigram_phrase(compact("".join(nouns))))
    return {"bool": {"must": must}} if must else {"match_none": {}}


def _other_names(word: str, lemmatize: Lemmatize) -> tuple[str, ...]:
    """Names of the same thing in the Assembly's vocabulary: of the word as typed, or of its one noun
    (국감에서 → 국감 → 국정감사)."""
    names = alternative_names(compact(word))
    if not names:
        terms = lemmatize(word)
        # Only the noun itself with a particle (국감에서); a longer word holding it is another thing
        # (방통위원, a commissioner, is not 방통위, the commission).
        if len(terms) == 1 and not terms[0].predicate and compact(word).startswith(compact(terms[0].lemma)) \
                and compact(word)[len(compact(terms[0].lemma)):] in PARTICLES | {""}:
            names = alternative_names(terms[0].lemma)
    return names


def _expanded_clause(word: str, lemmatize: Lemmatize, needles: Needles | None, expand: bool) -> dict | None:
    clause = _typed_word_clause(word, lemmatize, needles)
    names = _other_names(word, lemmatize) if expand and clause else ()
    if not names:
        return clause
    if needles is not None:
        needles.expansions[word] = names
    return _any(clause, *(c for name in names if (c := _typed_word_clause(name, lemmatize, needles))))


def _name_match(word: str) -> dict:
    return {"term": {"speaker_name": {"value": hangul_reading(word.strip()), "boost": NAME_BOOST}}}


def _word_clause(word: str, lemmatize: Lemmatize, needles: Needles | None, expand: bool,
                 speakers: frozenset[str]) -> dict | None:
    """One typed word; a known speaker's name (이준석, 金世淵) also matches that person's turns, and those
    rank first: people remember who said a thing and type the name without 화자:."""
    clause = _expanded_clause(word, lemmatize, needles, expand)
    if clause and hangul_reading(word) in speakers:
        return _any(_name_match(word), clause)
    return clause


def _words_clause(node: Words, lemmatize: Lemmatize, needles: Needles | None, expand: bool = True,
                  speakers: frozenset[str] = frozenset()) -> dict:
    words = typed_words(node.text)
    clauses = [clause for word in words
               if (clause := _word_clause(word, lemmatize, needles, expand, speakers))]
    if not clauses:
        return {"match_none": {}}
    wording = compact(node.text)
    should = []
    if len(words) > 1:
        lemmas = [t.lemma for t in lemmatize(node.text)]
        if len(lemmas) > 1:
            should.append({"match_phrase": {"lemmas": {"query": " ".join(lemmas), "slop": 3,
                                                       "boost": IN_ORDER_BOOST}}})
    if len(wording) >= 2:
        should.append(_bigram_phrase(wording, EXACT_WORDING_BOOST))
    text_match = {"bool": {"must": clauses, "should": should}}
    if _could_be_a_name(node.text) and hangul_reading(node.text.strip()) not in speakers:
        # "김세연" or "金世淵": turns spoken by that person count too, whatever the printed form.
        return _any(_name_match(node.text), text_match)
    return text_match


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


def node_clause(node: Node, lemmatize: Lemmatize, needles: Needles | None = None, expand: bool = True,
                speakers: frozenset[str] = frozenset()) -> dict:
    if isinstance(node, Words):
        return _words_clause(node, lemmatize, needles, expand, speakers)
    if isinstance(node, Phrase):
        return _phrase_clause(node, needles)
    if isinstance(node, FieldFilter):
        return _field_clause(node)
    if isinstance(node, Not):
        return {"bool": {"must_not": [node_clause(node.node, lemmatize, None, expand, speakers)]}}
    if isinstance(node, And):
        return {"bool": {"must": [node_clause(n, lemmatize, needles, expand, speakers) for n in node.nodes]}}
    if isinstance(node, Or):
        return {"bool": {"should": [node_clause(n, lemmatize, needles, expand, speakers) for n in node.nodes],
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


def _facet_terms(facet: FacetSpec) -> dict:
    terms = {"terms": {"field": facet.field, "size": facet.size, "min_doc_count": 1}}
    if facet.names_field:  # values are codes: bring each one's name, party and role group along
        terms["aggs"] = {"name": {"terms": {"field": facet.names_field, "size": 1}},
                         "party": {"terms": {"field": "party", "size": 1}},
                         "group": {"terms": {"field": "role_group", "size": 1}}}
    if facet.param in ("year", "assembly_term"):
        terms["terms"]["order"] = {"_key": "desc"}
    return terms


def facet_aggregations(params: SearchParams) -> dict:
    """The facets counted with the hits: those with no value selected, which count under every filter.
    Plain aggregations over the filtered hits: a facet wrapped in a filter of its own costs a third more
    at 1M turns even when that filter is empty (measured; BENCHMARKS.md)."""
    aggs = {facet.param: _facet_terms(facet) for facet in facet_table.FACETS if not params.filter_values(facet.param)}
    aggs["histogram"] = {"date_histogram": {"field": "date", "calendar_interval": "month", "min_doc_count": 1}}
    return aggs


def selected_facet_searches(params: SearchParams, text: dict) -> dict[str, dict]:
    """A facet with values selected counts under every filter except its own (multi-select), so it cannot
    be counted with the hits: one small search each (no hits, so the engine may cache it)."""
    filters = _facet_filters(params)
    return {
        facet.param: {
            "query": {"bool": {"must": [text], "filter": [flt for name, flt in filters.items()
                                                            if flt and name != facet.param]}},
            "size": 0, "track_total_hits": False, "aggs": {facet.param: _facet_terms(facet)},
        }
        for facet in facet_table.FACETS if filters[facet.param]
    }


def _answers_filter(params: SearchParams) -> dict | None:
    """Answers given in the threads these members opened (values are speaker keys by now)."""
    if not params.answers_to:
        return None
    return {"bool": {"filter": [{"terms": {"thread_asker": params.answers_to}}, {"term": {"thread_role": "answer"}}]}}


def _scope_filters(params: SearchParams) -> list[dict]:
    # A phrase is counted on the `phrases` field (distinctive phrases): its link asks that field too.
    phrase = {"terms": {"phrases": params.phrase}} if params.phrase else None
    return [flt for flt in (_date_filter(params), _answers_filter(params), phrase) if flt]


def text_query(params: SearchParams, lemmatize: Lemmatize, needles: Needles | None = None,
               speakers: frozenset[str] = frozenset()) -> dict:
    """The query part without facet filters: the user's words, the date range and whose answers."""
    node = parse_query(params.q)
    must = [node_clause(node, lemmatize, needles, params.expand, speakers)] if node else [{"match_all": {}}]
    return {"bool": {"must": must, "filter": _scope_filters(params)}}


def _facet_filters(params: SearchParams) -> dict[str, dict | None]:
    """Each facet's filter, None where nothing is selected."""
    return {facet.param: _facet_filter(facet, params) for facet in facet_table.FACETS}


def post_filter(params: SearchParams) -> dict:
    """Every selected facet value, as one filter."""
    return {"bool": {"filter": [flt for flt in _facet_filters(params).values() if flt]}}


# Length-aware ranking: BM25 alone lets a one-line procedural turn ("네, 그렇게 하겠습니다") that holds
# the words outrank the turn that says the thing. A step down for short turns saturates at once (a turn
# of 80 characters or more is not favoured over a longer one) and costs a range filter, not a script.
# Applied to the partial tier and to full matches of two typed words or more. On one-word queries, with the
# 132 turns the factors bring into their top 10s graded by reading (bench/judging/grades-6.json), they lift
# nDCG 0.888 → 0.908 on the 110 judged one-word queries but lower P@10 0.990 → 0.988 and R@10 0.998 → 0.995
# (inflected verbs most: P@10 0.974 → 0.961), so they stay off there: precision and recall come first.
# On the 20 judged multi-word queries they bring three turns: P@10 0.994 → 0.994, nDCG 0.795 → 0.799.
SHORT_TURNS = ((30, 0.6), (80, 0.85))  # (fewer characters than, score factor)


def length_aware(query: dict) -> dict:
    functions = [{"filter": {"range": {"text_chars": {"lt": chars}}}, "weight": factor}
                 for chars, factor in SHORT_TURNS]
    # Nested ranges: a turn under 40 characters matches both, so its factor is the lower one (min).
    return {"function_score": {"query": query, "functions": functions, "score_mode": "min",
                               "boost_mode": "multiply"}}


def typed_word_count(q: str) -> int:
    """How many words the query types outside quotes, filters and exclusions."""
    node = parse_query(q)
    parts = node.nodes if isinstance(node, And) else (node,) if node else ()
    return sum(len(typed_words(part.text)) for part in parts if isinstance(part, Words))


def build_query(params: SearchParams, lemmatize: Lemmatize, needles: Needles | None = None,
                speakers: frozenset[str] = frozenset()) -> dict:
    """The hits of a results page. The facet filters are part of the query (they never score)."""
    has_text = bool(params.q.strip())
    text = text_query(params, lemmatize, needles, speakers)
    if has_text and typed_word_count(params.q) >= 2:
        text = length_aware(text)
    return {
        "query": {"bool": {"must": [text], "filter": post_filter(params)["bool"]["filter"]}},
        "sort": _sort(params, has_text),
        "from": (params.page - 1) * PAGE_SIZE,
        "size": PAGE_SIZE,
        "track_total_hits": True,
        "_source": {"excludes": ["paragraphs", *SEARCH_TERM_FIELDS]},
    }


def page_searches(params: SearchParams, lemmatize: Lemmatize, needles: Needles | None = None,
                  speakers: frozenset[str] = frozenset()) -> tuple[dict, list[dict]]:
    """What one results page asks the engine, in one msearch: the hits, then the counts — the unselected
    facets and the chart over the filtered hits, and one search per selected facet. The counts ask for no
    hits, so the engine's shard request cache keeps them until the index next changes: the next page of
    the same search, its JSON twin and the same search by another reader count nothing again. Apart, the
    hits and the counts also run side by side on the engine's threads (BENCHMARKS.md, session 6)."""
    body = build_query(params, lemmatize, needles, speakers)
    counts = {"query": body["query"], "size": 0, "track_total_hits": False, "aggs": facet_aggregations(params)}
    return body, [counts, *selected_facet_searches(params, body["query"]["bool"]["must"][0]).values()]


# The partial tier (issue 25, item 1): when few turns hold every word, the turns that hold most of them.
PARTIAL_SIZE = 10  # partial hits shown after the full ones
# A partial hit must hold most of the typed words' weight, each word weighing its rarity (BM25's idf over the
# whole index): a long opening statement that shares the query's common words (위원님, 생각, 자료) but none of
# its rare ones (형사보상금, 내로남불) is not shown. Chosen on the loose-memory set's tune part, judged by reading
# (bench/loose_judgments.json): P@10 0.78 → 0.99 there with no target lost. A page that would otherwise be
# empty still shows the one best candidate holding half the weight: an empty page helps no one.
PARTIAL_MIN_WEIGHT = 0.7
PARTIAL_LAST_RESORT_WEIGHT = 0.5
PARTIAL_WINDOW = 40  # candidates ranked by the engine, of which those holding enough weight are shown
PROXIMITY_BOOST = 0.5


def _loose_parts(node: Node | None) -> tuple[list[str], list[Node]] | None:
    """The typed words a partial match may lack, and the parts it must keep (quotes, 화자:, exclusions: an
    absent quote stays not said). None when the query has no partial form (one word, OR)."""
    parts = node.nodes if isinstance(node, And) else (node,) if node else ()
    words: list[str] = []
    kept: list[Node] = []
    for part in parts:
        if isinstance(part, Words):
            words += typed_words(part.text)
        elif isinstance(part, Phrase | FieldFilter | Not):
            kept.append(part)
        else:
            return None
    return (words, kept) if len(words) >= 2 else None


def required_words(count: int) -> int:
    """How many of the typed words a partial hit must hold: about half of them (2 of 3, 3 of 6), never
    all (that is the full tier), and at least one."""
    return max(1, min(count - 1, (count + 1) // 2))


def _proximity(words: list[str], lemmatize: Lemmatize) -> list[dict]:
    """Neighbouring typed words that stand near each other in the turn score higher."""
    lemmas = [[t.lemma for t in lemmatize(word)] for word in words]
    pairs = zip(lemmas, lemmas[1:], strict=False)
    return [{"match_phrase": {"lemmas": {"query": f"{a[-1]} {b[0]}", "slop": 4, "boost": PROXIMITY_BOOST}}}
            for a, b in pairs if a and b]


def partial_query(params: SearchParams, lemmatize: Lemmatize, needles: Needles | None = None,
                  speakers: frozenset[str] = frozenset()) -> PartialPlan | None:
    """The partial tier's plan: the typed words a hit may lack, each with its clause. The search itself
    (PartialPlan.search_body) is written once the engine has said how many turns hold each word. None when
    the query has no partial form."""
    node = parse_query(params.q)
    loose = _loose_parts(node)
    if loose is None:
        return None
    words, kept = loose
    # A one-syllable word Kiwi finds no content in (다, 못, 안, 좀, 더) is no word to hold or lack.
    clauses = [(word, clause) for word in words if lemmatize(word) or len(compact(word)) > 1
               if (clause := _word_clause(word, lemmatize, needles, params.expand, speakers))]
    if len(clauses) < 2:
        return None
    predicates = [any(term.predicate for term in lemmatize(word)) for word, _ in clauses]
    return PartialPlan([word for word, _ in clauses], [clause for _, clause in clauses], predicates,
                       [node_clause(part, lemmatize, needles, params.expand, speakers) for part in kept],
                       _proximity(words, lemmatize), text_query(params, lemmatize, None, speakers),
                       _scope_filters(params), post_filter(params)["bool"]["filter"])


@dataclass
class PartialPlan:
    words: list[str]  # the typed words, in the order of their clauses w0, w1, …
    clauses: list[dict]  # each word's clause, to count the turns holding it (its weight)
    predicates: list[bool]  # the words that are verbs or adjectives (충원했다, 바뀐): see word_weights
    kept: list[dict]  # what a partial hit must still hold: quotes, 화자:, exclusions
    proximity: list[dict]
    full: dict  # the full tier's query: its hits are not partial ones
    scope: list[dict]
    filters: list[dict]

    def weight_searches(self) -> list[dict]:
        """Size-0 searches: all turns, then the turns holding each word (document frequencies)."""
        return [{"size": 0, "track_total_hits": True, "query": query}
                for query in ({"match_all": {}}, *self.clauses)]

    def search_body(self, present: list[int]) -> dict | None:
        """The partial search over the words some turn holds (``present``: their indices): a word nobody
        said (a misremembered one) raises no bar. Each word's clause is named ``w<i>``, so each hit tells
        which words it lacks (``matched_queries``). Ranked by BM25 over the words present (rare words weigh
        more), their proximity and the turn's length. None when fewer than two words are present."""
        if len(present) < 2:
            return None
        named = [{"bool": {"must": [self.clauses[i]], "_name": f"w{i}"}} for i in present]
        text = {"bool": {"must": [{"bool": {"should": named, "minimum_should_match": required_words(len(named))}},
                                  *self.kept],
                         "should": self.proximity, "must_not": [self.full], "filter": self.scope}}
        return {"query": {"bool": {"must": [length_aware(text)], "filter": self.filters}},
                "sort": ["_score", {"date": "desc"}, {"turn_id": "asc"}], "size": PARTIAL_WINDOW,
                "track_total_hits": True, "_source": {"excludes": ["paragraphs", *SEARCH_TERM_FIELDS]}}


# People remember what was talked about better than how it was said: the verb is the part of a remembered
# sentence most often not the speaker's (갖게 된다 for 부여됩니다), so it weighs half.
PREDICATE_WEIGHT = 0.5


def word_weights(turns: int, holding: list[int], predicates: list[bool] | None = None) -> list[float]:
    """Each word's weight: BM25's idf over the index, halved for a verb or adjective; a word no turn holds
    weighs nothing (it is missing from every hit alike, so it must not make every hit too light)."""
    predicates = predicates or [False] * len(holding)
    return [math.log(1 + (turns - n + 0.5) / (n + 0.5)) * (PREDICATE_WEIGHT if verb else 1.0) if n else 0.0
            for n, verb in zip(holding, predicates, strict=True)]


def weight_share(weights: list[float], matched: list[str]) -> float:
    """The share of the words' weight that a hit holds (``matched``: the names w<i> of its clauses)."""
    total = sum(weights)
    held = sum(w for i, w in enumerate(weights) if f"w{i}" in matched)
    return held / total if total else 0.0
