"""run_search: the one search function behind the JSON API, the HTML page and (later) exports; list_hits,
its lean form for feeds and alerts."""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass
from datetime import date

from elasticsearch import Elasticsearch

import search_api.facets as facet_table
from hearings.analysis import KiwiAnalyzer
from hearings.engine import msearch_responses
from hearings.readings import hangul_reading
from search_api.citation import citation_line, short_citation
from search_api.highlight import snippets_html
from search_api.models import ActiveFilter, Facet, FacetValue, HistogramBar, Hit, SearchResult, SpeakerChip
from search_api.near_quotes import SHOWN, near_quote_query, nearest_wordings, quoted_parts
from search_api.noun_reading import query_reader
from search_api.params import MAX_PAGE, PAGE_SIZE, SearchParams
from search_api.query import (
    PARTIAL_LAST_RESORT_WEIGHT,
    PARTIAL_MIN_WEIGHT,
    PARTIAL_SIZE,
    Lemmatize,
    Needles,
    build_query,
    page_searches,
    partial_query,
    post_filter,
    text_query,
    weight_share,
    word_weights,
)
from search_api.query_parser import FIELD_ALIASES, QuerySyntaxError, parse_query
from search_api.speaker_names import known_speakers
from search_api.speakers import with_speaker_keys
from search_api.spelling import best_correction
from search_api.threads import Partner, stored_partner
from search_api.urls import SEARCH, SearchLinks, cite_links, search_url, turn_url
from search_api.verify import marked_html


def _hit(source: dict, snippet: str, q: str, partner: Partner | None = None) -> Hit:
    return Hit(
        **{name: source.get(name) for name in (
            "turn_id", "meeting_id", "seq", "speaker_name", "speaker_printed", "role", "role_group", "party",
            "committee", "meeting_type", "assembly_term", "session", "session_kind", "meeting_number", "date",
            "agenda_item")},
        audited_bodies=source.get("audited_bodies") or [],
        provisional=bool(source.get("provisional")),
        thread_role=source.get("thread_role") or "", partner=partner,
        speaker_body=source.get("speaker_body") or "", thread_asker=source.get("thread_asker") or "",
        snippet_html=snippet,
        url=turn_url(source["meeting_id"], source["seq"], q),
        citation=citation_line(source), citation_short=short_citation(source),
        pages=source.get("pages") or [], cite_links=cite_links(source["turn_id"]),
    )


def _facets(aggs: dict, params: SearchParams, links: SearchLinks) -> list[Facet]:
    facets = []
    for spec in facet_table.FACETS:
        selected = params.filter_values(spec.param)
        raw = [b for b in aggs[spec.param]["buckets"] if b["key"] != ""]
        buckets = {str(b["key"]): b["doc_count"] for b in raw}
        labels = _labels(raw) if spec.names_field else {}
        for value in selected:  # a selected value stays visible even when nothing matches it
            buckets.setdefault(str(value), 0)
        toggle = links.toggler(spec.param)
        values = [
            FacetValue(
                value=value, count=count, selected=_typed(spec.param, value) in selected,
                label=labels.get(value, value),
                toggle_url=toggle(_typed(spec.param, value)),
            )
            for value, count in buckets.items()
        ]
        facets.append(Facet(name=spec.param, label=spec.label, values=values))
    return facets


def _labels(buckets: list[dict]) -> dict[str, str]:
    """Coded values (member codes, a non-member's name and term) shown by name; two people of one name told
    apart by party, else role group (김현 the member, 김현 정부·기관), else key."""
    def first(bucket: dict, agg: str) -> str:
        return str((bucket.get(agg, {}).get("buckets") or [{"key": ""}])[0]["key"])

    names = {str(b["key"]): first(b, "name") or str(b["key"]) for b in buckets}
    apart = {str(b["key"]): first(b, "party") or first(b, "group") or str(b["key"]) for b in buckets}
    repeated = {name for name in names.values() if list(names.values()).count(name) > 1}
    return {key: f"{name} ({apart[key]})" if name in repeated else name for key, name in names.items()}


def _typed(param: str, value: str):
    return int(value) if param in ("year", "assembly_term") else value


MONTHS_SHOWN = 36  # hits spread wider are shown a bar per year; a year's bar narrows to it and shows months


def _histogram(aggs: dict, links: SearchLinks, params: SearchParams) -> list[HistogramBar]:
    """Hits per month, or per year when they span more than MONTHS_SHOWN months (twenty years of months
    are 240 bars nobody can read or click, and the page's costliest links). A bar's dates stay within the
    search's own: a bar for 2010 under date_from=2010-06-15 counted from 15 June, and narrows to that."""
    months = [(int(b["key_as_string"][:4]), int(b["key_as_string"][5:7]), b["doc_count"])
              for b in aggs["histogram"]["buckets"]]
    if not months:
        return []
    (first_year, first_month, _), (last_year, last_month, _) = months[0], months[-1]
    narrowed = links.varying("date_from", "date_to", "page")
    if (last_year - first_year) * 12 + last_month - first_month < MONTHS_SHOWN:
        periods = [(f"{year}-{month:02d}", date(year, month, 1),
                    date(year, month, calendar.monthrange(year, month)[1]), count) for year, month, count in months]
    else:
        per_year: dict[int, int] = {}
        for year, _, count in months:
            per_year[year] = per_year.get(year, 0) + count
        periods = [(str(year), date(year, 1, 1), date(year, 12, 31), count) for year, count in per_year.items()]
    low, high = params.date_from or date.min, params.date_to or date.max
    bounded = [(period, max(start, low).isoformat(), min(end, high).isoformat(), count)
               for period, start, end, count in periods]
    return [HistogramBar(period=period, date_from=start, date_to=end, count=count,
                         url=narrowed(date_from=start, date_to=end, page=1))
            for period, start, end, count in bounded]


def _active_filters(params: SearchParams, links: SearchLinks, facets: list[Facet]) -> list[ActiveFilter]:
    shown = {(facet.name, v.value): v.label or v.value for facet in facets for v in facet.values}
    chips = []
    for spec in facet_table.FACETS:
        for value in params.filter_values(spec.param):
            chips.append(ActiveFilter(label=spec.label, value=shown.get((spec.param, str(value)), str(value)),
                                      remove_url=links.toggle(spec.param, value)))
    for phrase in params.phrase:
        chips.append(ActiveFilter(label="표현", value=phrase, remove_url=links.toggle("phrase", phrase)))
    for key in params.answers_to:
        chips.append(ActiveFilter(label="답변 대상 위원", value=shown.get(("speaker", key), key),
                                  remove_url=links.toggle("answers_to", key)))
    for name, label in (("date_from", "시작일"), ("date_to", "종료일")):
        if getattr(params, name):
            chips.append(ActiveFilter(label=label, value=getattr(params, name).isoformat(),
                                      remove_url=links.url(**{name: None, "page": 1})))
    return chips + _query_field_chips(params, links)


_LABELS = {"speaker": "화자", "committee": "위원회"}


def _query_tokens(q: str) -> list[str]:
    return re.findall(r'"[^"]*"?|\S+', q)


def _without_token(q: str, token: str) -> str:
    return " ".join(t for t in _query_tokens(q) if t != token)


def _query_field_chips(params: SearchParams, links: SearchLinks) -> list[ActiveFilter]:
    """A 화자: or 위원회: typed in the query is a filter like a ticked facet: shown, and removable."""
    chips = []
    for token in _query_tokens(params.q):
        name, colon, value = token.partition(":")
        if colon and value and name in FIELD_ALIASES:
            field_name = FIELD_ALIASES[name]
            chips.append(ActiveFilter(label=_LABELS[field_name], value=value,
                                      remove_url=links.url(q=_without_token(params.q, token), page=1)))
    return chips


def _speaker_chips(params: SearchParams, links: SearchLinks, speakers: frozenset[str]) -> list[SpeakerChip]:
    """A typed word that is a speaker's name, offered as that speaker's filter (the word leaves the query)."""
    chips = []
    for token in _query_tokens(params.q):
        name = hangul_reading(token)
        if name in speakers and name not in params.speaker and all(c.name != name for c in chips):
            chips.append(SpeakerChip(name=name, label=f"화자: {name}만 보기",
                                     url=links.url(q=_without_token(params.q, token),
                                                   speaker=[*params.speaker, name], page=1)))
    return chips


FEW_HITS = 3


# Surnames that open most Korean names: a three-syllable word opening with one is read as a name, and a
# name is never corrected or split (김무성 must not become 김성).
SURNAMES = set("김이박최정강조윤장임한오서신권황안송류유홍전고문양손배백허"
               "남심노하곽성차주우구민진나지엄채원천방공현함변염여추도")


def _looks_like_a_name(word: str, speakers: frozenset[str]) -> bool:
    return hangul_reading(word) in speakers or bool(re.fullmatch(r"[가-힣]{3}", word) and word[0] in SURNAMES)


def _correctable(typed: list[str], needles: Needles, speakers: frozenset[str]) -> list[str]:
    """The typed words, and lemmas that open one (겸역을 → 겸역), that a correction may replace; never a
    name or a piece inside a word."""
    words = [word for word in typed if not _looks_like_a_name(word, speakers)]
    lemmas = [lemma for lemma in needles.lemmas if len(lemma) >= 2
              and any(word.startswith(lemma) and word != lemma for word in words)]
    return sorted({*words, *lemmas})


def suggest_spelling(client: Elasticsearch, index: str, params: SearchParams, needles: Needles,
                     analyzer: KiwiAnalyzer, total: int, speakers: frozenset[str] = frozenset()) -> str | None:
    """When a query finds little, a close spelling of its words (engine term suggester) that finds more."""
    # The typed words as well as their lemmas: Kiwi may split a misspelt word (겸역 → 겸 + 역).
    typed = re.findall(r"[가-힣A-Za-z0-9]{2,}", re.sub(r"\S+:\S+", " ", params.q))
    words = _correctable(typed, needles, speakers)
    if not words:
        return None
    term = {"field": "lemmas", "suggest_mode": "popular", "min_word_length": 2, "prefix_length": 0, "size": 10}
    suggest = {f"w{i}": {"text": word, "term": term} for i, word in enumerate(words)}
    response = client.search(index=index, size=0, suggest=suggest)
    corrected = params.q
    for i, word in enumerate(words):
        correction = best_correction(word, response["suggest"][f"w{i}"][0]["options"])
        if correction:  # at the start of a typed word only: a correction never splits one
            corrected = re.sub(rf"(?<![가-힣A-Za-z0-9]){re.escape(word)}", correction, corrected)
    if corrected == params.q:
        return None
    try:
        query = text_query(params.model_copy(update={"q": corrected}), analyzer.terms)
    except QuerySyntaxError:
        return None
    better = client.count(index=index, query={"bool": {"must": [query], "filter": [post_filter(params)]}})["count"]
    return corrected if better > total else None


FEW_FULL = 10  # fewer full matches than this on the first page, and the partial tier is searched too


def _missing(words: list[str], matched: list[str] | dict) -> list[str]:
    return [word for i, word in enumerate(words) if f"w{i}" not in matched]


def _partial_hits(client: Elasticsearch, index: str, params: SearchParams, analyzer: KiwiAnalyzer,
                  needles: Needles, speakers: frozenset[str], total: int, read: Lemmatize) -> tuple[list[Hit], int]:
    """The partial tier (turns with most of the words' weight, each saying which words it lacks) and how many
    of the engine's candidates hold enough."""
    plan = partial_query(params, read, needles, speakers)
    if plan is None:
        return [], 0
    everything, *holding = msearch_responses(client, [part for search in plan.weight_searches()
                                                      for part in ({"index": index}, search)])
    counts = [r["hits"]["total"]["value"] for r in holding]
    body = plan.search_body([i for i, n in enumerate(counts) if n])
    if body is None:
        return [], 0
    weights = word_weights(everything["hits"]["total"]["value"], counts, plan.predicates)
    candidates = client.search(index=index, **body)["hits"]["hits"]
    shares = [weight_share(weights, h.get("matched_queries", [])) for h in candidates]
    found = [h for h, share in zip(candidates, shares, strict=True) if share >= PARTIAL_MIN_WEIGHT]
    if not found and not total:  # the last resort of an otherwise empty page
        found = [h for h, share in zip(candidates, shares, strict=True) if share >= PARTIAL_LAST_RESORT_WEIGHT][:1]
    shown = found[:PARTIAL_SIZE]
    sources = [h["_source"] for h in shown]
    snippets = snippets_html([source.get("text", "") for source in sources], needles, analyzer.terms_many)
    hits = [_hit(source, snippet, params.q, stored_partner(source)).model_copy(
                update={"tier": "partial", "missing": _missing(plan.words, h.get("matched_queries", []))})
            for h, source, snippet in zip(shown, sources, snippets, strict=True)]
    return hits, len(found)


def _near_quote_hits(client: Elasticsearch, index: str, params: SearchParams, analyzer: KiwiAnalyzer,
                     speakers: frozenset[str], read: Lemmatize) -> tuple[list[Hit], int]:
    """A quote with no exact match: the closest wordings, aligned as the quote check aligns them, each
    with its differences marked (search_api/near_quotes.py), and how many of the candidates are near."""
    plan = near_quote_query(params, read, speakers)
    if plan is None:
        return [], 0
    quotes, body = plan
    near = nearest_wordings(quotes, [h["_source"] for h in client.search(index=index, **body)["hits"]["hits"]],
                            analyzer)
    hits = [_hit(n.source, marked_html(n.source["text"], n.marks, n.alignment.window), params.q,
                 stored_partner(n.source)).model_copy(
                update={"tier": "partial", "missing": n.missing, "differences": n.differences})
            for n in near[:SHOWN]]
    return hits, len(near)


def _wants_partial(params: SearchParams, total: int) -> bool:
    return params.match == "best" and params.page == 1 and total < FEW_FULL and bool(params.q.strip())


def run_search(client: Elasticsearch, index: str, params: SearchParams, analyzer: KiwiAnalyzer,
               base: str = SEARCH) -> SearchResult:
    params = with_speaker_keys(client, index, params)
    speakers = known_speakers(client, index)
    needles = Needles()
    read = query_reader(client, index, analyzer, params.q)  # 보고 typed bare is the noun (noun_reading.py)
    body, count_searches = page_searches(params, read, needles, speakers)
    # engine errors, also those of one search of the msearch, are classified in search_api.errors
    response, *counted = msearch_responses(client, [part for search in (body, *count_searches)
                                                     for part in ({"index": index}, search)])
    total = response["hits"]["total"]["value"]
    pages = min(MAX_PAGE, max(1, math.ceil(total / PAGE_SIZE)))
    aggs = {name: agg for found in counted for name, agg in found["aggregations"].items()}
    links = SearchLinks(base, params)
    sources = [h["_source"] for h in response["hits"]["hits"]]
    snippets = snippets_html([source.get("text", "") for source in sources], needles, analyzer.terms_many)
    partial, partial_total = (_partial_hits(client, index, params, analyzer, needles, speakers, total, read)
                              if _wants_partial(params, total) else ([], 0))
    quoted = total == 0 and quoted_parts(parse_query(params.q)) is not None
    near = quoted and not partial and _wants_partial(params, total)
    if near:  # the quote itself is what no turn holds: its closest wordings
        partial, partial_total = _near_quote_hits(client, index, params, analyzer, speakers, read)
    suggestion = (suggest_spelling(client, index, params, needles, analyzer, total, speakers)
                  if total < FEW_HITS else None)
    # Other names were searched too: said only where something was found by them.
    searched_too = [name for names in needles.expansions.values() for name in names] if total else []
    facets = _facets(aggs, params, links)
    return SearchResult(
        expansion_note=f"{', '.join(searched_too)}도 함께 찾았습니다" if searched_too else None,
        unexpanded_url=links.url(expand=False, page=1) if searched_too else None,
        did_you_mean=suggestion,
        did_you_mean_url=links.url(q=suggestion, page=1) if suggestion else None,
        query=params.q,
        total=total,
        partial_total=partial_total,
        partial_note=(NEAR_QUOTE_NOTE if near else _partial_note(total)) if partial else None,
        not_said_note=NOT_SAID_NOTE if quoted else None,
        all_words_url=links.url(match="all", page=1) if partial else None,
        speaker_chips=_speaker_chips(params, links, speakers),
        page=params.page,
        pages=pages,
        hits=[_hit(source, snippet, params.q, stored_partner(source))
              for source, snippet in zip(sources, snippets, strict=True)] + partial,
        facets=facets,
        histogram=_histogram(aggs, links, params),
        active_filters=_active_filters(params, links, facets),
        clear_url=search_url(base, SearchParams(q=params.q, sort=params.sort)),
        prev_url=links.url(page=params.page - 1) if params.page > 1 else None,
        next_url=links.url(page=params.page + 1) if params.page < pages else None,
        took_ms=response.get("took", 0),
    )


NOT_SAID_NOTE = "따옴표 안의 말 그대로인 발언은 회의록에 없습니다."
NEAR_QUOTE_NOTE = ("아래는 그 말에 가장 가까운 발언입니다: 같은 말이되 조사·어미가 다르거나 한두 낱말이 다릅니다. "
                   "회의록에 없는 말은 줄을 긋고, 다른 곳은 '인용 → 회의록'으로 적습니다.")
PARTIAL_NOTE = "아래는 낱말 일부만 든 발언이며, 빠진 낱말은 줄을 그어 표시합니다."


def _partial_note(total: int) -> str:
    """Said before the partial hits, so that they never pass for turns holding every word."""
    if total:
        return f"모든 낱말이 든 발언은 위의 {total:,}건뿐입니다. {PARTIAL_NOTE}"
    return f"모든 낱말이 든 발언은 없습니다. {PARTIAL_NOTE}"


@dataclass(frozen=True)
class HitList:
    """Hits with the documents they came from: feeds and alerts also need `indexed_at` and the whole text."""

    hits: list[Hit]
    sources: list[dict]
    cursors: list[list]  # each hit's sort values, to continue after it (search_after)
    total: int


def list_hits(client: Elasticsearch, index: str, params: SearchParams, analyzer: KiwiAnalyzer, *, size: int,
              within: dict | None = None, sort: list | None = None, after: list | None = None) -> HitList:
    """The hits of a search and nothing else — no facets, spelling or thread partners — for feeds and alert
    runs, which poll many searches. The same parameters and query builder as run_search; ``within`` narrows
    it (an alert: turns indexed since it last ran), ``sort`` and ``after`` page through it."""
    params = with_speaker_keys(client, index, params)
    needles = Needles()
    body = build_query(params, query_reader(client, index, analyzer, params.q), needles, known_speakers(client, index))
    filters = [within] if within else []
    response = client.search(index=index, query={"bool": {"must": [body["query"]], "filter": filters}},
                             sort=sort or body["sort"], size=size, search_after=after, track_total_hits=True,
                             **{"_source": body["_source"]})
    found = response["hits"]["hits"]
    sources = [h["_source"] for h in found]
    snippets = snippets_html([source.get("text", "") for source in sources], needles, analyzer.terms_many)
    return HitList(hits=[_hit(source, snippet, params.q) for source, snippet in zip(sources, snippets, strict=True)],
                   sources=sources, cursors=[h["sort"] for h in found], total=response["hits"]["total"]["value"])
