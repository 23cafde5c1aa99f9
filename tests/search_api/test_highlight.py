from search_api.highlight import WHOLE_TURN_CHARS, snippet_html
from search_api.params import SearchParams
from search_api.query import Needles, build_query


def _needles(analyzer, q: str) -> Needles:
    needles = Needles()
    build_query(SearchParams(q=q), analyzer.terms, needles)
    return needles


def test_marks_land_on_printed_words_whatever_the_spacing(analyzer):
    html = snippet_html("회의가 원천무효입니다.", _needles(analyzer, '"원천 무효"'), analyzer.terms)
    assert html == "회의가 <mark>원천무효</mark>입니다."
    html = snippet_html("원천 무효입니다.", _needles(analyzer, '"원천무효"'), analyzer.terms)
    assert html == "<mark>원천 무효</mark>입니다."


def test_lemma_matches_mark_the_stem_not_the_ending(analyzer):
    html = snippet_html("역학조사관을 충원하기로 했습니다.", _needles(analyzer, "충원했다"), analyzer.terms)
    assert html == "역학조사관을 <mark>충원</mark>하기로 했습니다."


def test_compound_parts_are_marked_inside_the_word(analyzer):
    html = snippet_html("형사소송법 개정", _needles(analyzer, "소송법"), analyzer.terms)
    assert html == "형사<mark>소송법</mark> 개정"


def test_text_is_escaped_before_marking(analyzer):
    html = snippet_html("<script>alert(1)</script> 원천무효", _needles(analyzer, "원천무효"), analyzer.terms)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.endswith("<mark>원천무효</mark>")


def test_long_turns_are_cut_around_the_matches(analyzer):
    text = "가나다라 " * 200 + "원천무효입니다 " + "마바사 " * 200
    html = snippet_html(text, _needles(analyzer, "원천무효"), analyzer.terms)
    assert "<mark>원천무효</mark>" in html
    assert html.startswith("…") and html.endswith("…")
    assert len(html) < WHOLE_TURN_CHARS


def test_irregular_stems_are_still_marked(analyzer):
    needles = Needles(lemmas={"덥다", "듣다"})
    html = snippet_html("오늘은 날씨가 더워서 말씀을 잘 들었습니다.", needles, analyzer.terms)
    assert "<mark>더워</mark>" in html or "<mark>더</mark>" in html
    assert "<mark>들</mark>" in html or "<mark>들었</mark>" in html
