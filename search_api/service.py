"""run_search: the one search function behind the JSON API, the HTML page and (later) exports; list_hits,
its lean form for feeds and alerts."""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass
from datetime import date

from elasticsearch import Elasticsearch

from hearings.analysis import KiwiAnalyzer
from hearings.engine import msearch_responses
from search_api.citation import citation_line, short_citation
from search_api.facets import FACETS
from search_api.highlight import snippets_html
from search_api.models import ActiveFilter, Facet, FacetValue, HistogramBar, Hit, SearchResult
from search_api.params import MAX_PAGE, PAGE_SIZE, SearchParams
from search_api.query import Needles, build_query, page_searches, post_filter, text_query
from search_api.query_parser import QuerySyntaxError
from search_api.speakers import with_speaker_keys
from search_api.spelling import best_correction
from search_api.threads import Partner, stored_partner
from search_api.urls import SearchLinks, cite_links, search_url, turn_url


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
    for spec in FACETS:
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
    for spec in FACETS:
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
    return chips


FEW_HITS = 3


def suggest_spelling(client: Elasticsearch, index: str, params: SearchParams, needles: Needles,
                     analyzer: KiwiAnalyzer, total: int) -> str | None:
    """When a query finds little, a close spelling of its words (engine term suggester) that finds more."""
    # The typed words as well as their lemmas: Kiwi may split a misspelt word (겸역 → 겸 + 역).
    typed = re.findall(r"[가-힣A-Za-z0-9]{2,}", re.sub(r"\S+:\S+", " ", params.q))
    words = sorted({*typed, *(lemma for lemma in needles.lemmas if len(lemma) >= 2 and lemma in params.q)})
    if not words:
        return None
    term = {"field": "lemmas", "suggest_mode": "popular", "min_word_length": 2, "prefix_length": 0, "size": 10}
    suggest = {f"w{i}": {"text": word, "term": term} for i, word in enumerate(words)}
    response = client.search(index=index, size=0, suggest=suggest)
    corrected = params.q
    for i, word in enumerate(words):
        correction = best_correction(word, response["suggest"][f"w{i}"][0]["options"])
        if correction:
            corrected = corrected.replace(word, correction)
    if corrected == params.q:
        return None
    try:
        query = text_query(params.model_copy(update={"q": corrected}), analyzer.terms)
    except QuerySyntaxError:
        return None
    better = client.count(index=index, query={"bool": {"must": [query], "filter": [post_filter(params)]}})["count"]
    return corrected if better > total else None


def run_search(client: Elasticsearch, index: str, params: SearchParams, analyzer: KiwiAnalyzer,
               base: str = "/search") -> SearchResult:
    params = with_speaker_keys(client, index, params)
    needles = Needles()
    body, count_searches = page_searches(params, analyzer.terms, needles)
    # engine errors, also those of one search of the msearch, are classified in search_api.errors
    response, *counted = msearch_responses(client, [part for search in (body, *count_searches)
                                                     for part in ({"index": index}, search)])
    total = response["hits"]["total"]["value"]
    pages = min(MAX_PAGE, max(1, math.ceil(total / PAGE_SIZE)))
    aggs = {name: agg for found in counted for name, agg in found["aggregations"].items()}
    links = SearchLinks(base, params)
    sources = [h["_source"] for h in response["hits"]["hits"]]
    snippets = snippets_html([source.get("text", "") for source in sources], needles, analyzer.terms_many)
    suggestion = suggest_spelling(client, index, params, needles, analyzer, total) if total < FEW_HITS else None
    searched_too = [name for names in needles.expansions.values() for name in names]
    facets = _facets(aggs, params, links)
    return SearchResult(
        expansion_note=f"{', '.join(searched_too)}도 함께 찾았습니다" if searched_too else None,
        unexpanded_url=links.url(expand=False, page=1) if searched_too else None,
        did_you_mean=suggestion,
        did_you_mean_url=links.url(q=suggestion, page=1) if suggestion else None,
        query=params.q,
        total=total,
        page=params.page,
        pages=pages,
        hits=[_hit(source, snippet, params.q, stored_partner(source))
              for source, snippet in zip(sources, snippets, strict=True)],
        facets=facets,
        histogram=_histogram(aggs, links, params),
        active_filters=_active_filters(params, links, facets),
        clear_url=search_url(base, SearchParams(q=params.q, sort=params.sort)),
        prev_url=links.url(page=params.page - 1) if params.page > 1 else None,
        next_url=links.url(page=params.page + 1) if params.page < pages else None,
        took_ms=response.get("took", 0),
    )


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
    body = build_query(params, analyzer.terms, needles)
    filters = [within] if within else []
    response = client.search(index=index, query={"bool": {"must": [body["query"]], "filter": filters}},
                             sort=sort or body["sort"], size=size, search_after=after, track_total_hits=True,
                             **{"_source": body["_source"]})
    found = response["hits"]["hits"]
    sources = [h["_source"] for h in found]
    snippets = snippets_html([source.get("text", "") for source in sources], needles, analyzer.terms_many)
    return HitList(hits=[_hit(source, snippet, params.q) for source, snippet in zip(sources, snippets, strict=True)],
                   sources=sources, cursors=[h["sort"] for h in found], total=response["hits"]["total"]["value"])
