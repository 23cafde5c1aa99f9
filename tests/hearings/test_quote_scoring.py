"""The quote check's ranking and verdict rules (pure: no engine, no Kiwi): nearness, the flip and demand
rules at the paraphrase level, and the excerpt of a long turn."""

import pytest

from hearings.alignment import (
    MINOR,
    NOT_FOUND,
    PARAPHRASE,
    VERBATIM,
    Alignment,
    closeness,
    excerpt_span,
    judge,
    lemma_jaccard,
)
from hearings.meaning import demand_clash
from search_api.verify import rank_key


def test_lemma_jaccard_counts_the_windows_own_words():
    assert lemma_jaccard(["수사", "논의"], ["수사", "논의"]) == 1.0
    assert lemma_jaccard(["수사", "논의"], ["논의", "통화"]) == pytest.approx(1 / 3)
    # The same two shared words in a long stretch weigh less than in a short sentence.
    assert lemma_jaccard(["수사", "논의"], ["수사", "논의", "a", "b", "c", "d"]) < lemma_jaccard(
        ["수사", "논의"], ["수사", "논의", "a"])
    assert lemma_jaccard([], []) == 0.0


def test_closeness_rises_with_each_part_and_tops_at_one():
    assert closeness(1.0, 1.0, 1.0) == pytest.approx(1.0)
    base = closeness(0.4, 0.5, 0.2)
    assert closeness(0.5, 0.5, 0.2) > base and closeness(0.4, 0.6, 0.2) > base and closeness(0.4, 0.5, 0.3) > base


def _scored(verdict: str, near: float, score: float = 0.0) -> Alignment:
    return Alignment(verdict, score, 0.0, 0, 0, 0, 0, 0, False, (0, 0), closeness=near)


def test_a_misquotes_own_source_outranks_a_turn_sharing_topic_words():
    flipped_source = _scored(NOT_FOUND, 0.9, score=1.0)  # every word said, one clause flipped
    topic_words = _scored(PARAPHRASE, 0.5, score=0.6)
    assert sorted([topic_words, flipped_source], key=rank_key, reverse=True)[0] is flipped_source


def test_the_same_words_still_rank_above_any_nearness():
    minor, verbatim = _scored(MINOR, 0.7, score=0.8), _scored(VERBATIM, 1.0, score=1.5)
    ranked = sorted([_scored(NOT_FOUND, 0.95, score=1.0), minor, verbatim], key=rank_key, reverse=True)
    assert ranked[:2] == [verbatim, minor]


def test_a_flip_near_the_words_is_not_found_and_further_off_a_reworded_negation_stays_similar():
    # 11 of 12 words in order, one clause flipped: a misquote.
    assert judge(0.9, 0.9, 9, 1, 6, True, False, False) == NOT_FOUND
    # 5 of 12 in order, 6 in any order: a paraphrase that said "위험이 아니라" for "위험보다".
    assert judge(0.42, 0.5, 5, 7, 1, True, True, False) == PARAPHRASE
    assert judge(0.42, 0.5, 5, 7, 1, False, True, False) == PARAPHRASE


def test_an_added_demand_or_a_changed_number_is_never_similar():
    assert judge(0.6, 0.6, 3, 2, 0, False, True, False, modality_differs=True) == NOT_FOUND
    assert judge(0.6, 0.6, 3, 2, 0, False, True, False) == PARAPHRASE
    assert judge(0.9, 0.9, 9, 1, 0, False, False, False, number_differs=True) == NOT_FOUND


def test_a_demand_or_a_promise_on_one_side_clashes_and_a_can_reworded_does_not():
    assert demand_clash(frozenset({"must"}), frozenset())  # 폐지해야 한다 for 폐지됐다
    assert demand_clash(frozenset(), frozenset({"intent"}))  # 했다 for 하겠다
    assert not demand_clash(frozenset({"must"}), frozenset({"must", "can"}))  # 막으려면 해야 한다 / 해야 막을 수 있다
    assert not demand_clash(frozenset({"past"}), frozenset())


def test_a_long_turns_excerpt_holds_the_quotation_said_word_for_word():
    quote = "먼저 국회 운영과 관련해서 한 말씀을 안 드릴 수가 없습니다"
    sentences = ["노회찬입니다.", quote + ".", "제가 법사위원이고 또 사개특위 위원입니다.",
                 "오늘 회의는 여러 안건이 있습니다.", "위원님들의 양해를 구합니다.", "자료를 보시겠습니다.",
                 "정말 통탄할 일일 수밖에 없다는 말씀 드리고요.",
                 "국회 운영이 먼저라고 법무부장관께 한 가지를 더 묻겠습니다.",
                 "안 되는 일은 안 된다고 말씀 드릴 수 있어야 합니다.", "감사합니다."]
    text = " ".join(sentences)
    # Printed-form keys of a quotation miss contracted stems (관련하 in 관련해서); short ones are everywhere.
    keys = ["먼저", "국회", "운영", "관련하", "한", "말씀", "안", "드리", "수", "없"]
    start, end = excerpt_span(text, keys, quote)
    assert quote in text[start:end]
