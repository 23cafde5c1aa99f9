"""A bare typed word Kiwi reads alone as a verb (보고 → 보다, 당해 → 당하다) is the noun the index holds
(search_api/noun_reading.py): on the page, in the export and in trends alike."""

from __future__ import annotations

import pytest

from hearings.analysis import Term
from search_api.noun_reading import ambiguous_words, indexed_nouns, noun_first, query_reader


def test_only_bare_words_read_as_one_verb_are_in_doubt(analyzer):
    assert ambiguous_words(["보고", "업무보고 당해 연도"], analyzer.terms) == ["보고", "당해"]
    # with a particle or an ending the word has its context; a quote is taken as printed; nouns are nouns
    assert ambiguous_words(['보고를 받았다 "보고" 예산 화자:보고'], analyzer.terms) == []


def test_noun_first_reads_only_the_listed_words_typed_bare():
    def verb(text: str) -> list[Term]:
        return [Term("보다", 0, len(text), True)]

    read = noun_first(verb, frozenset({"보고"}))
    assert read("보고") == [Term("보고", 0, 2)]
    assert read("보고를") == [Term("보다", 0, 3, True)]
    assert noun_first(verb, frozenset()) is verb


@pytest.mark.es
def test_words_the_index_holds_as_nouns_are_read_as_nouns(es_client, indexed_corpus, settings):
    from hearings.index import turns_spec
    from search_api.noun_reading import forget

    index = turns_spec(settings).alias
    forget(index)
    assert indexed_nouns(es_client, index, ["보고", "모아"]) == frozenset({"보고"})


@pytest.mark.es
def test_a_bare_noun_kiwi_takes_for_a_verb_finds_the_noun(api, es_client, settings, analyzer):
    found = api.get("/api/search", params={"q": "보고", "match": "all"}).json()
    assert found["total"] > 0
    marked = [h["snippet_html"] for h in found["hits"]]
    assert all("<mark>보고</mark>" in snippet or "<mark>보고" in snippet for snippet in marked), marked[:3]
    # the export reads it the same way: the same count as the page
    manifest = api.get("/api/export/manifest", params={"q": "보고", "format": "csv"}).json()
    assert manifest["rows"] == found["total"]
    from hearings.index import turns_spec

    read = query_reader(es_client, turns_spec(settings).alias, analyzer, "보고")
    assert read("보고") == [Term("보고", 0, 2)]


@pytest.mark.es
def test_the_cache_of_readings_is_bounded(es_client, indexed_corpus, settings, monkeypatch):
    import search_api.noun_reading as reading
    from hearings.index import turns_spec

    index = turns_spec(settings).alias
    monkeypatch.setattr(reading, "MAX_CACHED", 10)
    reading.forget(index)
    for n in range(25):  # a stream of distinct words, as hostile input would type them
        assert reading.indexed_nouns(es_client, index, [f"없는말{n}", "보고"], now=float(n)) == frozenset({"보고"})
        assert len(reading._cache) <= 10
    reading.forget(index)
