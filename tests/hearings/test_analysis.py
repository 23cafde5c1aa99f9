import sys
import unicodedata

import pytest

from hearings.analysis import (
    DASHES,
    DOUBLE_QUOTES,
    MIDDLE_DOTS,
    SINGLE_QUOTES,
    bigram_string,
    compact,
    compact_with_offsets,
    fold,
    search_form,
)


def test_compact_keeps_exactly_letters_and_digits_of_every_code_point():
    # The fast regex must agree with the rule the index was built on: Unicode categories L* and N*, of
    # the character as folded (ㆍ U+318D is a letter but prints as the middle dot it folds to).
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        kept = unicodedata.category(search_form(ch)[0])[0] in "LN" if search_form(ch) else False
        assert bool(compact_with_offsets(ch)[1]) == kept, hex(code)


def test_the_search_form_keeps_the_length_of_every_code_point():
    for code in range(sys.maxunicode + 1):
        ch = unicodedata.normalize("NFC", chr(code))
        assert len(search_form(ch)) == len(ch), hex(code)


@pytest.mark.parametrize("dot", list(MIDDLE_DOTS))
def test_every_middle_dot_folds_the_same(dot, analyzer):
    assert fold(f"사{dot}보임") == "사·보임"
    assert compact(f"사{dot}보임") == "사보임"
    assert [t.lemma for t in analyzer.terms(f"사{dot}보임")] == [t.lemma for t in analyzer.terms("사·보임")]


@pytest.mark.parametrize(("variant", "plain"), [
    *[(f"{q}원천 무효{q}", '"원천 무효"') for q in DOUBLE_QUOTES],
    *[(f"{q}원천{q}", "'원천'") for q in SINGLE_QUOTES],
    *[(f"2019{d}2020", "2019-2020") for d in DASHES],
    ("ＡＢＣ１２３！", "ABC123!"), ("국회\u3000회의록", "국회 회의록"),
])
def test_quotes_dashes_and_full_width_forms_fold_the_same(variant, plain):
    assert fold(variant) == plain


def test_compatibility_ideographs_fold_to_the_unified_ones():
    for code in range(0xF900, 0xFB00):
        unified = unicodedata.normalize("NFC", chr(code))
        if len(unified) == 1:
            assert fold(chr(code)) == unified, hex(code)
    assert search_form("\uf9e1恩宰") == search_form("李恩宰") == "이은재"  # 李 as HWP files print it


@pytest.mark.parametrize(("printed", "read"), [
    ("姜東錫 사장, 李弼元 부사장", "강동석 사장, 이필원 부사장"), ("國政監査", "국정감사"),
    ("金世淵 委員", "금세연 위원"),  # the plain reading; the name reading is an extra lemma (below)
    ("金融", "금융"), ("林業", "임업"),
])
def test_hanja_is_read_in_hangul_character_for_character(printed, read):
    assert search_form(printed) == read


def test_a_three_character_run_beginning_with_a_surname_also_gets_its_name_reading(analyzer):
    lemmas = [t.lemma for t in analyzer.terms("金世淵 委員, 金融業")]
    assert "김세연" in lemmas and "금융업" in lemmas


def test_hanja_words_are_found_by_their_reading(analyzer):
    assert "강동석" in [t.lemma for t in analyzer.terms("姜東錫 사장")]
    assert compact("國政監査") == compact("국정감사")


def _word_bigrams(analyzer, text):
    [(_, _, words)] = analyzer.turn_terms_many([text])
    return words


def test_word_bigrams_stay_inside_each_printed_word(analyzer):
    assert _word_bigrams(analyzer, "지금 지정하고, 금지를") == ["지금", "지정", "금지"]
    assert _word_bigrams(analyzer, "사·보임을") == ["사보임"]


def test_word_bigrams_end_where_the_inflection_begins(analyzer):
    # 사드 (THAAD) must not be found inside 감사드립니다 or 인사드립니다: the stem ends before the verb.
    words = _word_bigrams(analyzer, "감사드립니다. 인사드립니다. 사드를 말씀드리겠습니다")
    assert words == ["감사", "인사", "사드", "말씀"]
    # Compounds keep their parts: 소송법 stays inside 형사소송법, 의원 inside 국회의원들.
    assert _word_bigrams(analyzer, "형사소송법을 국회의원들이") == ["형사 사소 소송 송법", "국회 회의 의원 원들"]
    # A word that is no compound of nouns holds no other word: 조건 is not in 무조건, 주도 not in 주도록.
    assert _word_bigrams(analyzer, "무조건 제출해 주도록") == ["무조건", "제출"]


def test_compact_offsets_point_at_the_printed_characters():
    text = "원천 무효, OK!"
    squeezed, offsets = compact_with_offsets(text)
    assert squeezed == "원천무효ok"
    assert [text[i] for i in offsets] == list("원천무효OK")


def test_spacing_and_punctuation_do_not_change_the_bigrams():
    assert bigram_string("원천 무효!") == bigram_string("원천무효") == "원천 천무 무효"
    assert compact("ᄒᆞᆫ") == compact(unicodedata.normalize("NFC", "ᄒᆞᆫ"))


def test_lemmas_ignore_particles_and_endings(analyzer):
    lemmas = [term.lemma for term in analyzer.terms("역학조사관을 충원했습니다")]
    assert "충원" in lemmas and "을" not in lemmas
    terms = {term.lemma: term.predicate for term in analyzer.terms("날씨가 더웠다")}
    assert terms == {"날씨": False, "덥다": True}
