"""build_query is pure: these tests assert on the request body, without Elasticsearch."""

from search_api.params import PAGE_SIZE, SearchParams
from search_api.query import Needles, build_query


def _clauses(body: dict) -> str:
    import json

    return json.dumps(body["query"], ensure_ascii=False)


def test_inflected_words_become_lemma_terms(analyzer):
    needles = Needles()
    body = build_query(SearchParams(q="역학조사관을 충원했다"), analyzer.terms, needles)
    text = _clauses(body)
    assert '"term": {"lemmas": {"value": "충원"}}' in text
    assert "했다" not in text.split("bigrams")[0]  # endings never become lemma terms
    assert {"충원", "역학조사관"} <= needles.words  # nouns are marked where printed inside a word


def test_quotes_become_a_phrase_over_compact_bigrams(analyzer):
    body = build_query(SearchParams(q='"원천 무효"'), analyzer.terms)
    words = body["query"]["bool"]["must"][0]["bool"]["must"]
    assert words == [{"match_phrase": {"bigrams": {"query": "원천 천무 무효", "boost": 1.0}}}]


def test_user_text_never_reaches_query_string_syntax(analyzer):
    body = build_query(SearchParams(q='a:b* OR "x" (y) -z {"script": 1}'), analyzer.terms)
    text = _clauses(body)
    assert "query_string" not in text and "simple_query_string" not in text and "script" not in text.replace(
        '"script"', "")


def test_filters_narrow_the_hits_and_a_selected_facet_is_counted_without_its_own_filter(analyzer):
    from search_api.query import page_searches

    params = SearchParams(q="회의", committee=["보건복지위원회"], speaker=["김강립"])
    body, (counts, *selected) = page_searches(params, analyzer.terms)
    filters = body["query"]["bool"]["filter"]
    assert {"terms": {"committee": ["보건복지위원회"]}} in filters and {"terms": {"speaker_key": ["김강립"]}} in filters
    assert "aggs" not in body and body["size"] == PAGE_SIZE
    # the unselected facets and the chart are counted over the filtered hits, by a search without hits
    # (so the engine may cache it), the two selected facets by a search each, without their own filter
    assert counts["query"] == body["query"] and counts["size"] == 0
    assert "committee" not in counts["aggs"] and "speaker" not in counts["aggs"]
    assert {"party", "year", "histogram"} <= set(counts["aggs"])
    by_facet = {next(iter(search["aggs"])): search for search in selected}
    assert set(by_facet) == {"committee", "speaker"}
    committee = by_facet["committee"]
    assert committee["query"]["bool"]["filter"] == [{"terms": {"speaker_key": ["김강립"]}}]
    assert committee["query"]["bool"]["must"] == body["query"]["bool"]["must"]  # the same words and dates
    assert committee["size"] == 0 and set(committee["aggs"]) == {"committee"}


def test_sort_has_a_deterministic_tie_breaker(analyzer):
    for sort in ("relevance", "newest", "oldest"):
        body = build_query(SearchParams(q="회의", sort=sort), analyzer.terms)
        assert body["sort"][-1] == {"turn_id": "asc"}


def test_page_depth_is_bounded():
    import pytest
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        SearchParams(page=51)


def test_did_you_mean_prefers_one_jamo_off():
    from search_api.spelling import best_correction, jamo

    assert jamo("검") == "\u1100\u1165\u11b7"
    options = [{"text": "지역", "freq": 90}, {"text": "겸허", "freq": 2}, {"text": "검역", "freq": 19}]
    assert best_correction("겸역", options) == "검역"
    assert best_correction("겸역", [{"text": "사법개혁", "freq": 50}]) is None


def test_a_new_facet_is_one_entry_in_the_facet_table_plus_its_filter_field(monkeypatch):
    """A throwaway facet on the index's `mark` field: one FacetSpec, and its SearchParams field (FilterValues,
    blanks dropped like every filter). It is counted, filtered on, and counted under the other filters."""
    import search_api.facets as facet_table
    from search_api.facets import FacetSpec
    from search_api.params import FilterValues, SearchParams
    from search_api.query import facet_aggregations, post_filter, selected_facet_searches

    class WithMark(SearchParams):
        mark: FilterValues = []

    monkeypatch.setattr(facet_table, "FACETS", (*facet_table.FACETS, FacetSpec("mark", "mark", "표시")))
    assert facet_aggregations(WithMark())["mark"]["terms"]["field"] == "mark"
    chosen = WithMark(mark=["비", " "])
    assert chosen.mark == ["비"]
    assert {"terms": {"mark": ["비"]}} in post_filter(chosen)["bool"]["filter"]
    assert "mark" not in facet_aggregations(chosen) and "mark" in selected_facet_searches(chosen, {"match_all": {}})
