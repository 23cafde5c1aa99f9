from search_api.highlight import WHOLE_TURN_CHARS, marked_htmls, snippets_html
from search_api.params import SearchParams
from search_api.query import Needles, build_query


def _needles(analyzer, q: str) -> Needles:
    needles = Needles()
    build_query(SearchParams(q=q), analyzer.terms, needles)
    return needles


def snippet_html(text: str, needles: Needles, analyzer) -> str:
    return snippets_html([text], needles, analyzer.terms_many)[0]


def test_marks_land_on_printed_words_whatever_the_spacing(analyzer):
    html = snippet_html("회의가 원천무효입니다.", _needles(analyzer, '"원천 무효"'), analyzer)
    assert html == "회의가 <mark>원천무효</mark>입니다."
    html = snippet_html("원천 무효입니다.", _needles(analyzer, '"원천무효"'), analyzer)
    assert html == "<mark>원천 무효</mark>입니다."


def test_lemma_matches_mark_the_stem_not_the_ending(analyzer):
    html = snippet_html("역학조사관을 충원하기로 했습니다.", _needles(analyzer, "충원했다"), analyzer)
    assert html == "역학조사관을 <mark>충원</mark>하기로 했습니다."


def test_compound_parts_are_marked_inside_the_word(analyzer):
    html = snippet_html("형사소송법 개정", _needles(analyzer, "소송법"), analyzer)
    assert html == "형사<mark>소송법</mark> 개정"


def test_text_is_escaped_before_marking(analyzer):
    html = snippet_html("<script>alert(1)</script> 원천무효", _needles(analyzer, "원천무효"), analyzer)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.endswith("<mark>원천무효</mark>")


def test_long_turns_are_cut_around_the_matches(analyzer):
    text = "가나다라 " * 200 + "원천무효입니다 " + "마바사 " * 200
    html = snippet_html(text, _needles(analyzer, "원천무효"), analyzer)
    assert "<mark>원천무효</mark>" in html
    assert html.startswith("…") and html.endswith("…")
    assert len(html) < WHOLE_TURN_CHARS


def test_irregular_stems_are_still_marked(analyzer):
    needles = Needles(lemmas={"덥다", "듣다"})
    html = snippet_html("오늘은 날씨가 더워서 말씀을 잘 들었습니다.", needles, analyzer)
    assert "<mark>더워</mark>" in html or "<mark>더</mark>" in html
    assert "<mark>들</mark>" in html or "<mark>들었</mark>" in html


def test_conjugated_stems_are_found_by_the_sentence_probe(analyzer):
    # The probe keeps only the last stem syllable's initial (돕 → 도와) and the one before loosely (부르 → 불러).
    needles = Needles(lemmas={"부르다", "돕다"})
    html = snippet_html("노래를 불러 주세요. 일을 도와 주십시오. 다른 문장입니다.", needles, analyzer)
    assert "<mark>불" in html
    assert "<mark>도와</mark>" in html or "<mark>도</mark>" in html


def test_a_batch_of_texts_is_marked_text_by_text(analyzer):
    texts = ["원천무효입니다.", "아무 관련 없는 말입니다.", "이것도 원천 무효라는 말씀입니까?"]
    htmls = marked_htmls(texts, _needles(analyzer, "\"원천무효\""), analyzer.terms_many)
    assert htmls[0].startswith("<mark>원천무효</mark>")
    assert "<mark>" not in htmls[1]
    assert "<mark>원천 무효</mark>" in htmls[2]


def test_nouns_are_marked_without_analysing_the_hits(analyzer):
    def no_kiwi(texts):
        raise AssertionError(f"Kiwi should not run for a noun query: {texts}")

    htmls = marked_htmls(["역학조사관을 충원하기로 했습니다."], _needles(analyzer, "역학조사관"), no_kiwi)
    assert htmls == ["<mark>역학조사관</mark>을 충원하기로 했습니다."]
