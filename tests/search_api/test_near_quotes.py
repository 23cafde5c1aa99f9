"""Issue 25, item 3: a quote with no exact match falls back to its closest wordings, differences marked."""

import json

import pytest

from hearings.alignment import align
from search_api.near_quotes import differences, near_quote_query, nearest_wordings, quoted_parts
from search_api.params import SearchParams
from search_api.query_parser import parse_query

# tests/corpus 368-10 seq 289 says: "이 조문은 굉장히 엄격하게 해석해서 남용하지 마라"
NEAR = '"이 조문을 굉장히 엄격하게 해석해서 남용하지 말라"'
SOURCE_TURN = "20190426-368-10-5b578c08-0289"
FLIPPED = '"이 조문은 굉장히 느슨하게 해석해서 남용해도 된다"'  # the words' claim reversed: nobody said it
ABSENT = '"원천 무효라고 선언"'


def test_quoted_parts_keep_the_rest_of_the_query_required():
    phrases, others = quoted_parts(parse_query('메르스 "원천 무효" -사퇴 화자:김강립'))
    assert [p.text for p in phrases] == ["원천 무효"] and len(others) == 3
    assert quoted_parts(parse_query("메르스 격리")) is None
    assert quoted_parts(parse_query('"원천 무효" OR 메르스')) is None


def test_near_quote_query_asks_most_of_the_quotes_lemmas_and_every_other_part(analyzer):
    quotes, body = near_quote_query(SearchParams(q='"소란 행위를 당장 그만두세요" 화자:윤한홍'), analyzer.terms)
    assert quotes == ["소란 행위를 당장 그만두세요"]
    text = json.dumps(body, ensure_ascii=False)
    assert '"lemmas": "행위"' in text and '"lemmas": "그만두다"' in text
    assert "bigrams" not in text  # the exact wording is what failed: it is not asked again
    assert '"speaker_name": "윤한홍"' in text
    [loose, speaker] = body["query"]["bool"]["must"][0]["bool"]["must"]
    assert loose["bool"]["must"][0]["bool"]["minimum_should_match"] == 3  # 3 of 4 lemmas
    assert near_quote_query(SearchParams(q='"무효"'), analyzer.terms) is None  # one word has no near form


def test_a_changed_particle_is_marked_as_quoted_then_as_said(analyzer):
    quote, said = "소란 행위를 당장 그만두세요", "위원님들, 소란 행위 당장 그만두세요."
    quote_m, said_m = analyzer.morphemes_many([quote, said])
    alignment = align(quote, quote_m, said, said_m)
    assert alignment.verdict == "minor"
    assert differences(quote, said, alignment) == ([], ["행위를 → 행위"])


def test_only_the_same_words_are_near_a_reversed_claim_is_not(analyzer):
    source = {"turn_id": "t", "text": "그래서 국회법 보시면 이 조문은 굉장히 엄격하게 해석해서 남용하지 마라, "
                                      "그래서 본인의 동의가 없이는 사․보임하지 말라는 게 너무나 명백한 것입니다."}
    [near] = nearest_wordings([NEAR.strip('"')], [source], analyzer)
    # the same word with another ending in the next word: both words named (말라 / 마라)
    assert near.missing == [] and near.differences == ["조문을 → 조문은", "남용하지 말라 → 남용하지 마라"]
    assert nearest_wordings([FLIPPED.strip('"')], [source], analyzer) == []


@pytest.mark.es
def test_api_a_near_quote_is_a_partial_hit_with_its_differences(api):
    found = api.get("/api/search", params={"q": NEAR}).json()
    assert found["total"] == 0 and found["not_said_note"]
    assert found["hits"][0]["turn_id"] == SOURCE_TURN
    assert all(h["tier"] == "partial" for h in found["hits"])
    assert found["hits"][0]["differences"] == ["조문을 → 조문은", "남용하지 말라 → 남용하지 마라"]
    assert found["partial_total"] >= 1 and "가장 가까운" in found["partial_note"]
    strict = api.get("/api/search", params={"q": NEAR, "match": "all"}).json()
    assert strict["hits"] == [] and strict["not_said_note"]


@pytest.mark.es
def test_page_says_not_said_then_shows_the_near_quote_and_export_holds_none(api):
    page = api.get("/search", params={"q": NEAR}, headers={"accept": "text/html"}).text
    assert page.index("따옴표 안의 말 그대로인 발언은 회의록에 없습니다") < page.index('data-tier="partial"')
    assert '<span class="difference">조문을 → 조문은</span>' in page
    assert '<mark class="diff-changed">조문은</mark>' in page  # the minutes' sentence, its changed word marked
    export = api.get("/api/export", params={"q": NEAR, "format": "csv", "columns": "turn_id"})
    assert export.status_code == 200 and SOURCE_TURN not in export.text


@pytest.mark.es
def test_an_absent_or_reversed_quote_is_still_not_said(api):
    for q in (ABSENT, FLIPPED):
        found = api.get("/api/search", params={"q": q}).json()
        assert found["total"] == 0 and found["hits"] == [] and found["not_said_note"], q
    page = api.get("/search", params={"q": ABSENT}, headers={"accept": "text/html"}).text
    assert "따옴표 안의 말 그대로인 발언은 회의록에 없습니다" in page and 'data-tier="partial"' not in page
