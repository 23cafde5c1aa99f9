import pytest

from search_api.query_parser import And, FieldFilter, Not, Or, Phrase, QuerySyntaxError, Words, parse_query


def test_words_are_grouped_for_analysis():
    assert parse_query("역학조사관을 충원했다") == Words("역학조사관을 충원했다")


def test_phrase_exclusion_or_and_groups():
    assert parse_query('"원천 무효" -사퇴') == And((Phrase("원천 무효"), Not(Words("사퇴"))))
    assert parse_query("(검찰 OR 경찰) 개혁") == And((Or((Words("검찰"), Words("경찰"))), Words("개혁")))


def test_field_prefixes():
    assert parse_query("화자:윤한홍 원천무효") == And((FieldFilter("speaker", "윤한홍"), Words("원천무효")))
    assert parse_query("committee:법제사법위원회") == FieldFilter("committee", "법제사법위원회")


def test_empty_query_browses_everything():
    assert parse_query("   ") is None


@pytest.mark.parametrize("query", ['"원천', "a OR", "OR a", "(a", "a)", "()", '""', "-a", "화자:"])
def test_malformed_queries_get_a_korean_message(query):
    with pytest.raises(QuerySyntaxError) as error:
        parse_query(query)
    assert any("\uac00" <= ch <= "\ud7a3" for ch in str(error.value))


@pytest.mark.parametrize(("query", "said"), [
    ("(((", "괄호가 닫히지 않았습니다"), ("(", "괄호가 닫히지 않았습니다"), ("( OR a)", "OR 앞에"), ("(())", "빈 괄호"),
])
def test_an_empty_group_is_named_for_what_is_wrong_with_it(query, said):
    """`(((` has no OR in it: it used to be told that a word was missing before an OR."""
    with pytest.raises(QuerySyntaxError) as error:
        parse_query(query)
    assert said in str(error.value)
