"""Issue 25: the partial tier, names read as people, hints that help, length-aware ranking."""

import json

import pytest

from search_api.params import SearchParams
from search_api.query import (
    PARTIAL_MIN_WEIGHT,
    Needles,
    build_query,
    partial_query,
    required_words,
    weight_share,
    word_weights,
)
from search_api.service import _correctable, _missing


def test_a_partial_hit_needs_about_half_the_words_never_all():
    assert [required_words(n) for n in (2, 3, 4, 5, 7)] == [1, 2, 2, 3, 4]


def test_partial_query_names_each_word_and_excludes_the_full_matches(analyzer):
    plan = partial_query(SearchParams(q='메르스 격리 해제 "원천 무효" -사퇴'), analyzer.terms)
    assert plan.words == ["메르스", "격리", "해제"]
    # every word's own clause is counted, after one count of all turns: the words' weights
    assert [s["query"] for s in plan.weight_searches()] == [{"match_all": {}}, *plan.clauses]
    assert len(plan.clauses) == 3 and all(s["size"] == 0 for s in plan.weight_searches())
    body = plan.search_body([0, 1, 2])
    text = json.dumps(body, ensure_ascii=False)
    assert all(f'"_name": "w{i}"' in text for i in range(3))
    scored = body["query"]["bool"]["must"][0]["function_score"]["query"]["bool"]
    assert scored["must"][0]["bool"]["minimum_should_match"] == 2
    # the quote stays required (an absent quote is still not said), the full query is excluded
    assert "원천 천무 무효" in json.dumps(scored["must"][1:], ensure_ascii=False)
    assert len(scored["must_not"]) == 1
    # a word no turn holds (misremembered) is left out and raises no bar; one word left is no partial tier
    fewer = plan.search_body([0, 2])["query"]["bool"]["must"][0]["function_score"]["query"]["bool"]
    assert fewer["must"][0]["bool"]["minimum_should_match"] == 1
    assert [c["bool"]["_name"] for c in fewer["must"][0]["bool"]["should"]] == ["w0", "w2"]
    assert plan.search_body([1]) is None


def test_one_syllable_words_without_content_are_no_words_of_the_partial_tier(analyzer):
    plan = partial_query(SearchParams(q="역학조사관 법 바꿨는데 다 못 뽑았다"), analyzer.terms)
    assert "다" not in plan.words and "못" not in plan.words and "역학조사관" in plan.words


def test_no_partial_form_for_one_word_or_an_or(analyzer):
    assert partial_query(SearchParams(q="메르스"), analyzer.terms) is None
    assert partial_query(SearchParams(q="메르스 OR 격리"), analyzer.terms) is None
    assert partial_query(SearchParams(q='"원천 무효"'), analyzer.terms) is None


def test_rare_words_weigh_more_and_a_word_nobody_said_weighs_nothing():
    weights = word_weights(10_000, [9_000, 12, 0])
    assert weights[1] > 5 * weights[0] > 0 and weights[2] == 0
    # the common word alone is under half the weight; the rare one alone is over it
    assert weight_share(weights, ["w0"]) < PARTIAL_MIN_WEIGHT < weight_share(weights, ["w1"])
    assert weight_share(weights, ["w0", "w1", "w2"]) == 1.0
    assert weight_share(word_weights(10, [0, 0]), ["w0"]) == 0.0


def test_missing_words_come_from_the_named_clauses():
    assert _missing(["메르스", "격리", "해제"], ["w0", "w2"]) == ["격리"]


def test_a_known_speakers_name_matches_their_turns_inside_a_longer_query(analyzer):
    with_name = json.dumps(build_query(SearchParams(q="박상기 검찰 개혁"), analyzer.terms,
                                       speakers=frozenset({"박상기"})), ensure_ascii=False)
    without = json.dumps(build_query(SearchParams(q="박상기 검찰 개혁"), analyzer.terms), ensure_ascii=False)
    assert '"speaker_name": {"value": "박상기"' in with_name
    assert "speaker_name" not in without


def test_expansion_only_for_the_term_itself(analyzer):
    needles = Needles()
    build_query(SearchParams(q="방통위원"), analyzer.terms, needles)
    assert needles.expansions == {}
    build_query(SearchParams(q="방통위에서"), analyzer.terms, needles)
    assert needles.expansions == {"방통위에서": ("방송통신위원회",)}


def test_spelling_never_corrects_or_splits_a_name():
    needles = Needles(lemmas={"무성", "사드"})
    assert _correctable(["김무성", "사드"], needles, frozenset()) == ["사드"]
    assert _correctable(["박정", "겸역을"], Needles(lemmas={"겸역"}), frozenset({"박정"})) == ["겸역", "겸역을"]


def test_short_turns_are_scored_down_in_the_partial_tier(analyzer):
    body = partial_query(SearchParams(q="검역 강화"), analyzer.terms).search_body([0, 1])
    functions = body["query"]["bool"]["must"][0]["function_score"]["functions"]
    assert [f["filter"]["range"]["text_chars"]["lt"] for f in functions] == [30, 80]
    assert [f["weight"] for f in functions] == [0.6, 0.85]


LOOSE = "메르스 격리 해제 기준 바뀐"  # no turn of the sample minutes holds all five words


@pytest.mark.es
def test_api_full_then_partial_hits_total_counts_full_only(api):
    found = api.get("/api/search", params={"q": "김강립 검역 강화"}).json()
    tiers = [h["tier"] for h in found["hits"]]
    assert found["total"] == tiers.count("full") and 0 < found["total"] < 10
    assert "partial" in tiers and tiers == sorted(tiers)  # "full" < "partial": full ones first
    assert found["partial_total"] >= tiers.count("partial")
    assert all(h["missing"] for h in found["hits"] if h["tier"] == "partial")
    assert all(not h["missing"] for h in found["hits"] if h["tier"] == "full")
    strict = api.get("/api/search", params={"q": "김강립 검역 강화", "match": "all"}).json()
    assert [h["tier"] for h in strict["hits"]] == ["full"] * found["total"] and strict["partial_total"] == 0


@pytest.mark.es
def test_no_full_match_gives_partial_hits_and_a_plain_note(api):
    found = api.get("/api/search", params={"q": LOOSE}).json()
    assert found["total"] == 0 and found["hits"] and found["partial_note"].startswith("모든 낱말이 든 발언은 없습니다")
    page = api.get("/search", params={"q": LOOSE}, headers={"accept": "text/html"}).text
    assert page.index("모든 낱말이 든 발언은 없습니다") < page.index('data-tier="partial"')
    assert "<s>바뀐</s>" in page


@pytest.mark.es
def test_an_absent_quote_gives_no_hit_of_either_tier(api):
    found = api.get("/api/search", params={"q": '메르스 격리 "원천 무효라고 선언"'}).json()
    assert found["total"] == 0 and found["hits"] == []


@pytest.mark.es
def test_a_typed_name_is_a_speaker_chip_and_a_typed_speaker_filter_is_an_active_chip(api):
    found = api.get("/api/search", params={"q": "김강립 검역"}).json()
    assert found["hits"][0]["speaker_name"] == "김강립"
    [chip] = found["speaker_chips"]
    assert chip["label"] == "화자: 김강립만 보기" and "speaker=" in chip["url"]
    assert "q=%EA%B2%80%EC%97%AD" in chip["url"]  # the name left the words
    typed = api.get("/api/search", params={"q": "화자:김강립 검역"}).json()
    assert [(c["label"], c["value"]) for c in typed["active_filters"]] == [("화자", "김강립")]
    assert typed["active_filters"][0]["remove_url"].endswith("q=%EA%B2%80%EC%97%AD")
    page = api.get("/search", params={"q": "김강립 검역"}, headers={"accept": "text/html"}).text
    assert "화자: 김강립만 보기" in page


def test_full_matches_of_two_words_or_more_are_length_aware_one_word_not_yet(analyzer):
    many = build_query(SearchParams(q="검역 강화 \"원천 무효\""), analyzer.terms)["query"]["bool"]["must"][0]
    assert [f["weight"] for f in many["function_score"]["functions"]] == [0.6, 0.85]
    one = build_query(SearchParams(q='메르스 "원천 무효"'), analyzer.terms)["query"]["bool"]["must"][0]
    assert "function_score" not in one  # one typed word: waits for 137 turns to be judged (bench/pool.py)
