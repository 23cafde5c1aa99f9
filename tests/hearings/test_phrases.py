"""Two- and three-word phrases: made-up tokens for the rules, Kiwi's own tokens for what a reader expects."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from hearings.analysis import fold, search_form
from hearings.phrases import MAX_PHRASES, phrases_of


@dataclass
class Tok:
    form: str
    tag: str
    start: int
    len: int
    lemma: str = ""


def tokens(*pieces: str) -> list[Tok]:
    """'form/TAG' pieces; a leading space in a piece means a space before it in the text."""
    out, at = [], 0
    for piece in pieces:
        if piece.startswith(" "):
            at += 1
            piece = piece[1:]
        form, tag = piece.rsplit("/", 1)
        out.append(Tok(form, tag, at, len(form), form + "다" if tag.startswith(("VV", "VA")) else form))
        at += len(form)
    return out


def test_nouns_in_a_row_make_two_and_three_word_phrases():
    assert set(phrases_of(tokens("검경/NNG", " 수사/NNG", "권/XSN", " 조정/NNG"))) == {
        "검경 수사권", "수사권 조정", "검경 수사권 조정"}


def test_particles_and_endings_never_split_a_phrase():
    # 공수처를 설치하는 = 공수처 설치하다 = 공수처 설치
    with_object = tokens("공수처/NNP", "를/JKO", " 설치/NNG", "하/XSV", "는/ETM")
    bare = tokens("공수처/NNP", " 설치/NNG", "하/XSV", "다/EF")
    assert phrases_of(with_object) == phrases_of(bare) == ["공수처 설치"]


def test_an_object_joins_a_verb_but_not_a_plain_noun():
    assert phrases_of(tokens("가입/NNG", "을/JKO", " 서두르/VV", "어야/EC")) == ["가입 서두르다"]
    # 법안을 본회의에서: 본회의 is no verbal noun, so no "법안 본회의"
    assert phrases_of(tokens("설치/NNG", " 법안/NNG", "을/JKO", " 본회의/NNG", "에서/JKB")) == ["설치 법안"]


def test_a_verb_ends_a_phrase_and_clause_endings_cut():
    found = phrases_of(tokens("예산/NNG", "을/JKO", " 늘리/VV", "고/EC", " 인력/NNG", "도/JX", " 충원/NNG",
                              "하/XSV", "다/EF"))
    assert found == ["예산 늘리다"]  # nothing across 늘리고 or 인력도


def test_genitive_joins_and_coordination_cuts():
    found = phrases_of(tokens("검찰/NNG", "과/JC", " 경찰/NNG", "의/JKG", " 수사권/NNG"))
    assert found == ["경찰 수사권"]


def test_suffixes_numbers_and_glued_syllables_stay_in_their_word():
    assert phrases_of(tokens("코로나/NNP", "19/SN", " 확진자/NNG")) == ["코로나19 확진자"]
    assert phrases_of(tokens("정보/NNG", "보호/NNG", "법/NNG", " 개정/NNG")) == ["정보 보호법", "보호법 개정",
                                                                            "정보 보호법 개정"]
    assert phrases_of(tokens("장관/NNG", "님/XSN", " 답변/NNG")) == []  # 님 dropped; both words carry no topic


def test_function_words_numbers_titles_and_light_verbs_make_no_phrase():
    assert phrases_of(tokens("이/MM", " 부분/NNG", "에/JKB", " 말씀/NNG", "드리/VV", "다/EF")) == []
    assert phrases_of(tokens("2020/SN", " 3/SN", "조/NR")) == []
    assert phrases_of(tokens("곽상도/NNP", " 위원/NNG", "님/XSN")) == []  # an address, not a phrase
    assert phrases_of(tokens("장제원/NNP", " 위원/NNG", " 질의/NNG")) == []
    assert phrases_of(tokens("장관/NNG", " 해임/NNG", " 건의안/NNG")) == ["장관 해임", "해임 건의안",
                                                                     "장관 해임 건의안"]
    assert phrases_of(tokens("검토/NNG", "를/JKO", " 하/VV", "다/EF")) == []
    assert phrases_of(tokens("메르스/NNP", " 때/NNG")) == []


def test_each_phrase_once_most_repeated_first_and_capped():
    repeated = tokens("원천/NNG", " 무효/NNG", "./SF", " 사법/NNG", " 개혁/NNG", "./SF", " 원천/NNG", " 무효/NNG")
    assert phrases_of(repeated) == ["원천 무효", "사법 개혁"]
    many = [tok for i in range(MAX_PHRASES + 10) for tok in (Tok(f"가{i}", "NNG", i * 10, 2),
                                                               Tok(f"나{i}", "NNG", i * 10 + 3, 2),
                                                               Tok(".", "SF", i * 10 + 5, 1))]
    assert len(phrases_of(many)) == MAX_PHRASES


@pytest.mark.parametrize(("text", "expected"), [
    ("부다페스트 협약 가입을 서둘러야 한다고 말씀드렸습니다.",
     {"부다페스트 협약", "부다페스트 협약 가입", "가입 서두르다"}),
    ("공수처를 설치하는 것은 검경 수사권 조정과 함께 가야 합니다.", {"공수처 설치", "검경 수사권 조정"}),
    ("검경수사권조정에 대해서 말씀드리겠습니다", {"검경 수사권 조정"}),  # spacing does not matter
    ("이른바 원천무효라는 주장은", {"원천 무효"}),
])
def test_with_kiwi_a_reader_s_phrases_come_out(analyzer, text, expected):
    [(_, found)] = analyzer.terms_and_phrases_many([text])
    assert expected <= set(found)
    assert not {p for p in found if "말씀" in p}


def test_with_kiwi_inflection_gives_the_same_phrase(analyzer):
    texts = ["부다페스트 협약에 가입해야", "부다페스트협약의 가입은", "부다페스트 協約 가입"]
    found = [set(phrases) for _, phrases in analyzer.terms_and_phrases_many(texts)]
    assert all("부다페스트 협약" in f for f in found), found
    assert search_form(texts[2]) == fold("부다페스트 협약 가입")
