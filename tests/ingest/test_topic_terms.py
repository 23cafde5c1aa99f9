"""The nouns a turn is about (its `topics`, read by the member page's 자주 쓰는 말) are words someone said."""

from hearings.analysis import Term
from ingest.documents import topic_terms


def test_the_tail_of_a_word_is_no_topic():
    # 귀걸이 read as a head that is no noun (귀) and a noun 걸이: 걸이 is no word anyone said
    text = "귀걸이를 받았다는 의혹"
    terms = [Term("걸이", 1, 3), Term("받다", 5, 6, predicate=True), Term("의혹", 10, 12)]
    assert topic_terms(text, terms) == ["의혹"]


def test_nouns_written_together_make_one_topic():
    text = "금목걸이, 역학조사관 충원"
    terms = [Term("금", 0, 1), Term("목걸이", 1, 4), Term("역학", 6, 8), Term("조사관", 8, 11), Term("충원", 12, 14)]
    assert topic_terms(text, terms) == ["금목걸이", "역학조사관", "충원"]


def test_single_characters_and_numbers_are_no_topics():
    text = "법 2019 국회"
    assert topic_terms(text, [Term("법", 0, 1), Term("2019", 2, 6), Term("국회", 7, 9)]) == ["국회"]


def test_the_real_analyzer_keeps_a_word_whole(analyzer):
    text = "명품 귀걸이 의혹과 금목걸이"
    assert "걸이" not in topic_terms(text, analyzer.terms(text))
