"""The one place that owns Kiwi: how turn text and user queries become search terms.

Indexing and querying both call this module, so the two can never drift apart. Elasticsearch only
splits the terms produced here on whitespace (its core ``whitespace`` analyzer), which keeps the
index portable between the dev node (server core only) and the official image.

Every text, indexed or typed, is first put in its *search form* (``search_form``): one character fold
(middle dots, quotes, dashes, full-width forms, compatibility ideographs) and Hanja read in Hangul
(``姜東錫`` → ``강동석``, ``國政監査`` → ``국정감사``; a three-character run that may be a name beginning
with 金 also gets its name reading as a lemma). The search form has exactly the printed text's length,
character for character, so offsets found in it mark the printed text.

Three term streams are produced from the search form:
- lemma terms: content morphemes (nouns, verb/adjective stems as dictionary forms, roots, foreign
  words, numbers) — particles and endings never decide a match;
- compact bigrams: the text with spacing and punctuation removed, cut into overlapping character
  pairs, so a quote matches whatever the spacing (``원천 무효`` = ``원천무효``);
- word bigrams: the same pairs, but inside each printed word's stem only (one array value per word, so
  a phrase cannot reach into the next word, and the stem ends where its particles and endings begin): a
  noun is found inside a compound (``소송법`` in ``형사소송법``) but never across the space between two
  words (``금지`` is not in ``지금 지정``) nor inside an inflection (``사드`` is not in ``감사드립니다``).
"""

from __future__ import annotations

import os
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from kiwipiepy import Kiwi

from hearings.phrases import base_tag, phrases_of
from hearings.readings import SURNAME_READINGS, read_hanja

# Content tags kept as lemma terms. Verb and adjective stems are indexed in dictionary form (먹다).
_NOUN_TAGS = {"NNG", "NNP", "XR", "SL", "SH", "SN"}
_PREDICATE_TAGS = {"VV", "VA"}


@dataclass(frozen=True, slots=True)
class Term:
    """One search term found in a text, with the span of the printed characters it came from."""

    lemma: str
    start: int
    end: int
    predicate: bool = False  # verb/adjective in dictionary form (먹다): matched by lemma only


# Morphemes a quotation is aligned on (hearings/alignment.py): what carries meaning, so that a changed
# particle or ending is a minor difference and a changed noun, verb or adverb is not.
_ALIGN_TAG_PREFIXES = ("NN", "NP", "NR", "VV", "VA", "MAG", "MM", "XR", "SL", "SH", "SN", "IC")
_NEGATIONS = {"안", "못", "않다", "없다", "아니다", "말다"}


@dataclass(frozen=True, slots=True)
class Morpheme:
    """One morpheme of a text with its printed span; verbs and adjectives in dictionary form."""

    lemma: str
    tag: str
    start: int
    end: int

    @property
    def content(self) -> bool:
        return self.tag.startswith(_ALIGN_TAG_PREFIXES)

    @property
    def negation(self) -> bool:
        return self.lemma in _NEGATIONS


def normalize(text: str) -> str:
    """NFC, so that decomposed Hangul from some PDF text layers matches composed input."""
    return unicodedata.normalize("NFC", text)


MIDDLE_DOTS = "\u00b7\u2024\u2027\u30fb\u318d\uff65\u2219\u22c5"  # all print as the dot in 사·보임
DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u300c\u300d\u300e\u300f\uff02"
SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u00b4\uff07"
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"


def _fold_table() -> dict[int, str]:
    table = {ord(c): "\u00b7" for c in MIDDLE_DOTS} | {ord(c): '"' for c in DOUBLE_QUOTES}
    table |= {ord(c): "'" for c in SINGLE_QUOTES} | {ord(c): "-" for c in DASHES}
    table |= {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}  # full-width ASCII forms
    table[0x3000] = " "  # ideographic space
    # CJK compatibility ideographs (李 U+F9E1 in HWP files) need no entry: NFC, applied first, unifies them.
    return table


_FOLD = _fold_table()
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def fold(text: str) -> str:
    """One character fold for index and query; never changes the text's length."""
    return normalize(text).translate(_FOLD)


def _hangul_run(match: re.Match[str]) -> str:
    return read_hanja(match.group())  # one syllable per character; the initial-sound rule (李 → 이, 林 → 임)


def _surname_terms(text: str, terms: list[Term]) -> list[Term]:
    """A three-character Hanja run that begins with a surname read otherwise (金) may be a name: its name
    reading is indexed beside the plain one (金世淵: 김세연 beside 금세연), so that neither 金融業 loses
    금융업 nor a name its reading."""
    extra = []
    for run in _HAN_RUN.finditer(text):
        if len(run.group()) == 3 and run.group()[0] in SURNAME_READINGS:
            plain = _hangul_run(run)
            named = SURNAME_READINGS[run.group()[0]] + plain[1:]
            if named != plain:
                extra.append(Term(named, run.start(), run.end()))
    return terms + extra if extra else terms


def _read_hanja(folded: str) -> str:
    return _HAN_RUN.sub(_hangul_run, folded) if _HAN_RUN.search(folded) else folded


def search_form(text: str) -> str:
    """The folded text with Hanja read in Hangul, as long as the printed text character for character."""
    return _read_hanja(fold(text))


# Letters and digits (Unicode categories L* and N*), the only characters compact text keeps. The regex
# runs in C; tests check it equals the category rule over every code point.
_COMPACT_RUN = re.compile(r"[^\W_]+")


def compact_with_offsets(text: str) -> tuple[str, list[int]]:
    """compact() plus each kept character's offset in the (NFC) text."""
    runs: list[str] = []
    offsets: list[int] = []
    for run in _COMPACT_RUN.finditer(search_form(text)):
        runs.append(run.group())
        offsets.extend(range(run.start(), run.end()))
    return "".join(runs).lower(), offsets


def _compacted(form: str) -> str:
    return "".join(_COMPACT_RUN.findall(form)).lower()


def compact(text: str) -> str:
    """The search form without spacing and punctuation, lower-cased."""
    return _compacted(search_form(text))


def bigrams(compact_text: str) -> list[str]:
    """Overlapping character pairs; a single character stays a unigram so it is not lost."""
    if len(compact_text) < 2:
        return [compact_text] if compact_text else []
    return [compact_text[i : i + 2] for i in range(len(compact_text) - 1)]


def _morpheme(token) -> Morpheme:
    tag = base_tag(token.tag)
    lemma = token.lemma if tag in _PREDICATE_TAGS or tag == "VX" else token.form.lower()
    if tag in _PREDICATE_TAGS | {"VX"} and not lemma.endswith("다"):
        lemma += "다"
    return Morpheme(lemma, tag, token.start, token.start + token.len)


CACHED_TEXT_CHARS = 500  # a query's longest form (search_api.params.MAX_QUERY_CHARS)


class KiwiAnalyzer:
    """Thread-safe wrapper around one Kiwi instance (loading the model takes about a second)."""

    def __init__(self, num_workers: int | None = None, user_words: Iterable[tuple[str, str]] = ()):
        # Batches (ingest) are spread over worker threads; Kiwi refuses batches in single-thread mode.
        # The multi-word and typo dictionaries cost ~200 MB of RSS and 2 s of start-up for every process
        # (API workers, exports); names and institutions come from our own user dictionary instead.
        self._kiwi = Kiwi(num_workers=num_workers or max(2, os.cpu_count() or 2), load_multi_dict=False,
                          load_typo_dict=False)
        for word, tag in user_words:
            self._kiwi.add_user_word(word, tag, 0.0)
        self._lock = threading.Lock()
        self._cached_terms = lru_cache(maxsize=4096)(lambda text: tuple(self._terms(text)))

    def terms(self, text: str) -> list[Term]:
        # Queries repeat (the same search paged, faceted, charted, fed): short texts are analysed once.
        if len(text) <= CACHED_TEXT_CHARS:
            return list(self._cached_terms(text))
        return self._terms(text)

    def _terms(self, text: str) -> list[Term]:
        folded = fold(text)
        with self._lock:
            tokens = self._kiwi.tokenize(_read_hanja(folded))
        return _surname_terms(folded, _terms_from_tokens(tokens))

    def morphemes_many(self, texts: list[str]) -> list[list[Morpheme]]:
        """Every morpheme but punctuation, for aligning a quotation with the minutes."""
        forms = [search_form(t) for t in texts]
        with self._lock:
            results = self._kiwi.tokenize(forms)
        return [[_morpheme(token) for token in tokens if not base_tag(token.tag).startswith(("SF", "SP", "SS", "SE",
                                                                                              "SO", "SW"))]
                for tokens in results]

    def restore_spacing(self, texts: list[str]) -> list[str]:
        """Spaces put back where a PDF text layer lost them (Kiwi's spacing model); existing ones kept."""
        normalized = [normalize(t) for t in texts]
        with self._lock:
            return list(self._kiwi.space(normalized, reset_whitespace=False))

    def terms_many(self, texts: list[str]) -> list[list[Term]]:
        """Batch form for ingest: Kiwi spreads the batch over its worker threads."""
        folded = [fold(t) for t in texts]  # once per text: the search form and the surname readings share it
        with self._lock:
            results = self._kiwi.tokenize([_read_hanja(f) for f in folded])
        return [_surname_terms(text, _terms_from_tokens(tokens))
                for text, tokens in zip(folded, results, strict=True)]

    def terms_and_phrases_many(self, texts: list[str]) -> list[tuple[list[Term], list[str]]]:
        """terms_many plus each text's two- and three-word phrases (hearings/phrases.py) from the same
        tokens: ingest needs both, and Kiwi is the costly part."""
        folded = [fold(t) for t in texts]
        with self._lock:
            results = self._kiwi.tokenize([_read_hanja(f) for f in folded])
        return [(_surname_terms(text, _terms_from_tokens(tokens)), phrases_of(tokens))
                for text, tokens in zip(folded, results, strict=True)]

    def turn_terms_many(self, texts: list[str]) -> list[tuple[list[Term], list[str], list[str]]]:
        """What ingest indexes of each text, from one Kiwi pass: its terms, its phrases and its word
        bigrams (word_bigrams, which need the morphemes to know where each word's stem ends)."""
        folded = [fold(t) for t in texts]
        forms = [_read_hanja(f) for f in folded]
        with self._lock:
            results = self._kiwi.tokenize(forms)
        return [(_surname_terms(text, _terms_from_tokens(tokens)), phrases_of(tokens), word_bigrams(form, tokens))
                for text, form, tokens in zip(folded, forms, results, strict=True)]


# Numbers are read with their units as one value (issue 25, item 4): 24.8조, 13만, 22만 명 → 22만명, 2인 and
# 두 명 → 2명, 5G → 5g, 28㎓ → 28ghz. A magnitude makes another number (13만 is not 13), and 제13항 is a
# paragraph: neither keeps the bare number as a term, so a search for 13 finds neither.
_MAGNITUDES = {"십", "백", "천", "만", "억", "조"}
_COUNTERS = {"명": "명", "인": "명", "건": "건", "개": "개", "원": "원", "곳": "곳", "번": "번", "회": "회",
             "개월": "개월",
             "년": "년", "세": "세", "석": "석", "표": "표", "배": "배", "대": "대", "개국": "개국", "%": "%"}
_ORDINAL_UNITS = {"항", "조", "호", "장", "절", "관", "편", "차", "회", "기"}
_NUMBER_WORDS = {"한": "1", "두": "2", "세": "3", "네": "4", "다섯": "5", "여섯": "6", "일곱": "7", "여덟": "8",
                 "아홉": "9", "열": "10", "스무": "20"}


def _unit(token) -> str:
    return unicodedata.normalize("NFKC", token.form).lower()


def _number_values(tokens) -> tuple[list[Term], set[int]]:
    """The number values of a text and the starts of the bare numbers they replace (see above)."""
    values, replaced, n = [], set(), len(tokens)
    for i, token in enumerate(tokens):
        tag = base_tag(token.tag)
        digits = token.form.replace(",", "") if tag == "SN" else _NUMBER_WORDS.get(token.form) if tag == "MM" else None
        if not digits:
            continue
        end, j, value = token.start + token.len, i + 1, digits
        if tag == "SN" and j < n and tokens[j].start == end and tokens[j].form in _MAGNITUDES:
            value, end, j = value + tokens[j].form, tokens[j].start + tokens[j].len, j + 1
            replaced.add(token.start)
            values.append(Term(value, token.start, end))
        if tag == "SN" and i and base_tag(tokens[i - 1].tag) == "XPN" and j < n and tokens[j].start == end \
                and tokens[j].form in _ORDINAL_UNITS:
            replaced.add(token.start)
            values.append(Term(f"제{value}{tokens[j].form}", tokens[i - 1].start, end + tokens[j].len))
            continue
        # a counter right after, or after one space (22만 명, 두 명); a unit letter or sign right after (5G)
        if j < n and tokens[j].start - end <= 1 and _COUNTERS.get(tokens[j].form):
            values.append(Term(value + _COUNTERS[tokens[j].form], token.start, tokens[j].start + tokens[j].len))
        elif tag == "SN" and j < n and tokens[j].start == end and base_tag(tokens[j].tag) in ("SL", "SW") \
                and len(unit := _unit(tokens[j])) <= 3:
            values.append(Term(value + unit, token.start, tokens[j].start + tokens[j].len))
    return values, replaced


NUMBER_VALUE = re.compile(r"제?\d[\d.]*[^\s\d]*")  # a number term, bare or with its unit (13, 13만, 제13항)


def _with_numbers(tokens, terms: list[Term]) -> list[Term]:
    if not any(base_tag(t.tag) in ("SN", "MM") for t in tokens):
        return terms
    values, replaced = _number_values(tokens)
    kept = [t for t in terms if t.start not in replaced or not t.lemma[:1].isdigit()]
    return sorted(kept + values, key=lambda t: t.start)  # in text order: lemma phrases rely on it


def _terms_from_tokens(tokens) -> list[Term]:
    """Nouns as written (lower-cased) and verbs/adjectives in dictionary form; other morphemes are no terms.
    The ingest's hottest Python loop (one step per morpheme), hence the local names."""
    terms, nouns, predicates, base_of = [], _NOUN_TAGS, _PREDICATE_TAGS, base_tag
    for token in tokens:
        tag = base_of(token.tag)
        if tag in nouns:
            start = token.start
            terms.append(Term(token.form.lower(), start, start + token.len))
        elif tag in predicates:
            start, lemma = token.start, token.lemma
            terms.append(Term(lemma if lemma.endswith("다") else token.form + "다", start, start + token.len,
                              predicate=True))
    return _with_numbers(tokens, terms)


@lru_cache(maxsize=1)
def get_analyzer() -> KiwiAnalyzer:
    from hearings.dictionary import load_user_words

    return KiwiAnalyzer(user_words=load_user_words())


def lemma_string(terms: Iterable[Term]) -> str:
    """The whitespace-joined form Elasticsearch indexes."""
    return " ".join(term.lemma for term in terms)


def bigram_string(text: str) -> str:
    return " ".join(bigrams(compact(text)))


# Where one printed word ends and the next begins: spaces and the punctuation that separates words.
# A middle dot does not (사·보임 is one word), nor does a hyphen.
_WORD_BREAK_CHARS = r"\s,.;:!?()\[\]{}<>\"'…/"
_WORD_BREAK = re.compile(f"[{_WORD_BREAK_CHARS}]+")
_PRINTED_WORD = re.compile(f"[^{_WORD_BREAK_CHARS}]+")


def printed_words(text: str) -> list[str]:
    """Each printed word of the text, compacted, in its search form."""
    return [word for word in (_compacted(w) for w in _WORD_BREAK.split(search_form(text))) if word]


# Where a printed word's stem ends: at its first particle, ending, copula, auxiliary or verb-forming
# suffix, or at a verb that follows a noun in the same word (감사|드립니다, 보상|받았다). What follows
# is inflection, and a noun found there is no word of the text: 사드 is not in 감사드립니다.
# A nominalizing ending (보임, 처리함) keeps the word a noun. A copula or ending of one syllable is kept:
# that is how Kiwi misreads a noun's last syllable (사·보임 → 사·보 + 이 + ㅁ, 농업인 → 농업 + 이 + ㄴ).
_ALWAYS_ENDS = ("J", "VX", "XSV", "XSA")
_ENDS_IF_LONGER = ("E", "VCP", "VCN")
_VERB_TAGS = ("VV", "VA")
_NOUN_LIKE_TAGS = ("NN", "NP", "NR", "XR", "XSN", "SL", "SH", "SN")


def _ends_stem(tag: str, previous: str | None, tail: str, previous_form: str | None = None) -> bool:
    if tag.startswith(_ALWAYS_ENDS):
        return True
    if tag == "ETN":
        return False
    if tag.startswith(_ENDS_IF_LONGER):  # nor after a one-syllable noun, another misread (사·보 + 임이)
        return len(_compacted(tail)) >= 2 and not (previous_form is not None and len(previous_form) < 2)
    return tag.startswith(_VERB_TAGS) and previous is not None and previous.startswith(_NOUN_LIKE_TAGS)


# Morphemes a noun may be found inside, as a part of a compound (소송법 in 형사소송법). A stem with any
# other morpheme (an adverb, a verb stem, a determiner) is one word that holds no other: 조건 is not in
# 무조건, 주도 not in 주도록.
_COMPOUND_TAGS = ("NN", "NR", "NP", "XR", "XSN", "XPN", "SL", "SH", "SN", "SP", "SO", "SS", "SW")


def _word_values(form: str, tokens) -> list[tuple[str, bool]]:
    """Each printed word's stem (see _STEM_END_TAGS), compacted, and whether it is a compound of nouns."""
    values, tokens = [], sorted(tokens, key=lambda t: t.start)
    i = 0
    for word in _PRINTED_WORD.finditer(form):
        cut, previous, previous_noun, compound = word.end(), None, None, True
        while i < len(tokens) and tokens[i].start < word.end():
            token, i = tokens[i], i + 1
            if token.start < word.start() or cut < word.end():
                continue
            tag = base_tag(token.tag)
            if _ends_stem(tag, previous, form[token.start:word.end()], previous_noun):
                cut = max(word.start(), token.start)
                continue
            # a kept one-syllable copula or ending is a misread noun syllable (무증상인, 사·보임)
            compound = compound and tag.startswith((*_COMPOUND_TAGS, *_ENDS_IF_LONGER))
            previous = tag
            previous_noun = token.form if tag.startswith("NN") else None
        if stem := _compacted(form[word.start():cut]):
            values.append((stem, compound))
    return values


def word_stems(form: str, tokens) -> list[str]:
    """Each printed word of a search-form text (search_form), cut where its stem ends, compacted:
    감사드립니다 → 감사, 형사소송법을 → 형사소송법, 국회의원들이 → 국회의원들."""
    return [stem for stem, _ in _word_values(form, tokens)]


def word_bigrams(form: str, tokens) -> list[str]:
    """One value per printed word (see the module docstring): a compound of nouns as its bigrams, so
    that its parts are found; any other stem as itself, whole (무조건, 그만두), found only whole."""
    return [" ".join(bigrams(stem)) if compound and len(stem) > 1 else stem
            for stem, compound in _word_values(form, tokens)]
