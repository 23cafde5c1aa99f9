"""Two- and three-word phrases of a turn, from Kiwi's tokens: what a reader would call a phrase
("부다페스트 협약", "공수처 설치", "검경 수사권 조정", "가입 서두르다"), for distinctive phrases.

Pure: it reads tokens (form, tag, start, len, lemma), never Kiwi itself, so it is tested on made-up
tokens and costs nothing at ingest beyond the tokenization the search terms already need.

A phrase is a run of *words* in lemma form, joined by nothing but spacing, the genitive 의, or the
object particle 을/를 before a verb or a verbal noun (공수처를 설치하는 → 공수처 설치). A word is a noun
(with its suffix: 수사+권 → 수사권; a one-syllable noun glued on: 보호+법 → 보호법; a number glued on:
코로나19), or, only at the end of a run, a verb or adjective stem in dictionary form. Everything else —
endings, other particles, punctuation, determiners, adverbs, light verbs (하다, 있다) — ends a run, so
inflection never splits a phrase and no phrase spans a clause. Phrases whose words are all function
words or numbers are dropped; each turn keeps at most MAX_PHRASES distinct phrases (most repeated first).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

MAX_PHRASES = 40  # per turn: a long report yields hundreds; the cap bounds the index
_NOUNS = {"NNG", "NNP", "SL", "SH", "XR"}
_PREDICATES = {"VV", "VA"}
# Every tag that can start, grow or carry on a run; any other morpheme only ends it.
_RUN_TAGS = frozenset(_NOUNS | _PREDICATES | {"XSN", "SN", "XSV", "XSA", "XPN", "JKG", "JKO"})
_DROPPED_SUFFIXES = {"님", "들", "씨", "께"}  # 장관님 = 장관, 위원들 = 위원: the same word to a reader
# Words that carry no topic: a phrase made only of these (관련 부분, 지금 상황) says nothing distinctive.
FUNCTION_WORDS = frozenset(
    "말씀 생각 부분 경우 정도 관련 문제 사실 지금 오늘 이번 다음 여기 거기 저희 우리 하나 가지 얘기 이야기 "
    "내용 입장 질의 답변 질문 감사 정부 측면 차원 상황 필요 예".split())
# Titles after a word ("곽상도 위원", "법무부 장관") are how a chair or a member addresses someone, not what
# they say; a title may only start a phrase (장관 해임).
TITLES = frozenset("위원 위원장 의원 간사 장관 차관 청장 처장 총리 대표 의장 부의장 후보자 참고인 증인 진술인".split())
# Nouns that only place another (메르스 때, 법안 등) and verbs that only carry the sentence (하다, 있다,
# 말씀 드리다, 예를 들다): they end a run rather than join it.
_RUN_ENDING_NOUNS = frozenset("때 등 중 후 전 내 간 외 뒤 앞 이후 이전 이상 이하 관련".split())
_LIGHT_PREDICATES = frozenset(
    "하다 되다 있다 없다 같다 않다 이다 아니다 계시다 드리다 주다 보다 받다 말다 싶다 알다 모르다 가다 오다 "
    "나오다 들다 그렇다 이렇다 저렇다 어떻다 많다 크다 좋다".split())


class Token(Protocol):
    form: str
    tag: str
    start: int
    len: int
    lemma: str


@dataclass
class _Word:
    text: str
    end: int  # where the word's last token ends, to see what is glued on
    predicate: bool = False
    verbal: bool = False  # a noun followed by 하다/되다 (설치하다): an object may precede it
    number: bool = False


_BASE_TAGS: dict[str, str] = {}  # Kiwi has a few dozen tags; ingest asks for millions of tokens


def base_tag(tag: str) -> str:
    """The tag without Kiwi's mark of an irregular conjugation (VV-I, VA-R → VV, VA); the search terms
    (hearings/analysis.py) read tags through it too."""
    base = _BASE_TAGS.get(tag)
    if base is None:
        base = _BASE_TAGS[tag] = tag.split("-", 1)[0]
    return base


def _predicate_lemma(token: Token) -> str:
    return token.lemma if token.lemma.endswith("다") else token.form + "다"


class _Runs:
    """Maximal runs of words that may form phrases, cut wherever a phrase cannot continue."""

    def __init__(self) -> None:
        self.done: list[list[_Word]] = []
        self.run: list[_Word] = []
        self.after_object = False  # the last word took 을/를: a verb or a verbal noun must follow
        self.tentative: int | None = None  # index of a noun after 을/를, kept only if 하다 follows it

    def cut(self) -> None:
        if not self.run and self.tentative is None:  # most morphemes end nothing: skip the work
            self.after_object = False
            return
        if self.tentative is not None:
            self._split()
        if len(self.run) >= 2:
            self.done.append(self.run)
        self.run, self.after_object = [], False

    def _split(self) -> None:
        # 법안을 신속처리안건으로: the noun after the object is no verbal noun, so the run breaks before it
        head, self.run, self.tentative = self.run[: self.tentative], self.run[self.tentative:], None
        if len(head) >= 2:
            self.done.append(head)

    def _glued_to_last(self, token: Token) -> _Word | None:
        last = self.run[-1] if self.run else None
        return last if last is not None and not last.predicate and last.end == token.start else None

    def add(self, token: Token) -> None:
        tag = base_tag(token.tag)
        if tag not in _RUN_TAGS:  # an ending, another particle, punctuation…: the run ends here
            return self.cut()
        end = token.start + token.len
        glued = self._glued_to_last(token)
        if glued and self._grow(glued, tag, token.form.lower(), end):
            return
        if tag in ("XSV", "XSA") and glued:
            glued.verbal, self.tentative = True, None  # 공수처를 설치하다: the object's verbal noun
            return self.cut()
        if self.tentative is not None:
            self._split()
        if tag == "XPN" or (tag == "JKG" and self.run and not self.after_object):
            return  # a prefix (비, 초) or the genitive 의 (경찰의 수사권): the run goes on
        if tag == "JKO" and self.run and not self.after_object:
            self.after_object = True
        elif tag in _NOUNS and token.form not in _RUN_ENDING_NOUNS:
            self._noun(token.form.lower(), end)
        elif tag in _PREDICATES:
            self._predicate(_predicate_lemma(token), end)
        elif tag == "SN":
            self.cut()
            self.run = [_Word(token.form, end, number=True)]
        else:
            self.cut()

    @staticmethod
    def _grow(word: _Word, tag: str, form: str, end: int) -> bool:
        """A suffix, number or one-syllable noun glued to the word is part of it (수사권, 코로나19, 보호법)."""
        if tag == "XSN" or tag == "SN" or (tag in _NOUNS and len(form) == 1 and form not in _RUN_ENDING_NOUNS):
            if form not in _DROPPED_SUFFIXES or tag != "XSN":
                word.text += form
            word.end = end
            return True
        return False

    def _noun(self, form: str, end: int) -> None:
        if self.after_object:
            self.tentative, self.after_object = len(self.run), False
        self.run.append(_Word(form, end))

    def _predicate(self, lemma: str, end: int) -> None:
        last = self.run[-1] if self.run else None
        if lemma not in _LIGHT_PREDICATES and last is not None and not last.number:
            self.run.append(_Word(lemma, end, predicate=True))
        self.after_object = False
        self.cut()


def _runs(tokens: Iterable[Token]) -> list[list[_Word]]:
    runs = _Runs()
    for token in tokens:
        runs.add(token)
    runs.cut()
    return runs.done


def phrases_of(tokens: Iterable[Token], cap: int = MAX_PHRASES) -> list[str]:
    """The distinct two- and three-word phrases of one text's tokens, most repeated first (then by first
    occurrence), at most ``cap``."""
    counts: Counter[str] = Counter()
    for run in _runs(tokens):
        for size in (2, 3):
            for i in range(len(run) - size + 1):
                words = run[i : i + size]
                if _worth_keeping(words):
                    counts[" ".join(w.text for w in words)] += 1
    return [phrase for phrase, _ in counts.most_common(cap)]


def _worth_keeping(words: list[_Word]) -> bool:
    texts = [w.text for w in words]
    if len(set(texts)) < len(texts) or any(text in TITLES for text in texts[1:]):
        return False  # repetition (네 네), or an address (곽상도 위원, 장제원 위원 질의); 장관 해임 stays
    return not all(w.number or w.text in FUNCTION_WORDS or w.text in TITLES for w in words)
