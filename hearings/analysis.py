"""The one place that owns Kiwi: how turn text and user queries become search terms.

Indexing and querying both call this module, so the two can never drift apart. Elasticsearch only
splits the terms produced here on whitespace (its core ``whitespace`` analyzer), which keeps the
index portable between the dev node (server core only) and the official image.

Two term streams are produced for every text:
- lemma terms: content morphemes (nouns, verb/adjective stems as dictionary forms, roots, foreign
  words, numbers, Hanja) — particles and endings never decide a match;
- compact bigrams: the text with spacing and punctuation removed, cut into overlapping character
  pairs, so a quote matches whatever the spacing (``원천 무효`` = ``원천무효``) and parts of compounds
  are found (``소송법`` inside ``형사소송법``).
"""

from __future__ import annotations

import os
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from kiwipiepy import Kiwi

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


def normalize(text: str) -> str:
    """NFC, so that decomposed Hangul from some PDF text layers matches composed input."""
    return unicodedata.normalize("NFC", text)


# Letters and digits (Unicode categories L* and N*), the only characters compact text keeps. The regex
# runs in C; tests check it equals the category rule over every code point.
_COMPACT_RUN = re.compile(r"[^\W_]+")


def compact_with_offsets(text: str) -> tuple[str, list[int]]:
    """The text without spacing and punctuation, lower-cased, plus each kept char's original offset."""
    runs: list[str] = []
    offsets: list[int] = []
    for run in _COMPACT_RUN.finditer(text):
        runs.append(run.group())
        offsets.extend(range(run.start(), run.end()))
    return normalize("".join(runs).lower()), offsets


def compact(text: str) -> str:
    # Same result as compact_with_offsets, without building offsets: this runs on every indexed turn.
    return normalize("".join(_COMPACT_RUN.findall(normalize(text))).lower())


def bigrams(compact_text: str) -> list[str]:
    """Overlapping character pairs; a single character stays a unigram so it is not lost."""
    if len(compact_text) < 2:
        return [compact_text] if compact_text else []
    return [compact_text[i : i + 2] for i in range(len(compact_text) - 1)]


def _tag_base(tag: str) -> str:
    # Kiwi marks irregular conjugations as VV-I / VA-R; the base tag is what we filter on.
    return tag.split("-", 1)[0]


def _term_of(token) -> Term | None:
    tag = _tag_base(token.tag)
    end = token.start + token.len
    if tag in _NOUN_TAGS:
        return Term(token.form.lower(), token.start, end)
    if tag in _PREDICATE_TAGS:
        lemma = token.lemma if token.lemma.endswith("다") else token.form + "다"
        return Term(lemma, token.start, end, predicate=True)
    return None


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

    def terms(self, text: str) -> list[Term]:
        text = normalize(text)
        with self._lock:
            tokens = self._kiwi.tokenize(text)
        return list(_terms_from_tokens(tokens))

    def restore_spacing(self, texts: list[str]) -> list[str]:
        """Spaces put back where a PDF text layer lost them (Kiwi's spacing model); existing ones kept."""
        normalized = [normalize(t) for t in texts]
        with self._lock:
            return list(self._kiwi.space(normalized, reset_whitespace=False))

    def terms_many(self, texts: list[str]) -> list[list[Term]]:
        """Batch form for ingest: Kiwi spreads the batch over its worker threads."""
        normalized = [normalize(t) for t in texts]
        with self._lock:
            results = self._kiwi.tokenize(normalized)
            return [list(_terms_from_tokens(tokens)) for tokens in results]


def _terms_from_tokens(tokens) -> Iterator[Term]:
    for token in tokens:
        term = _term_of(token)
        if term:
            yield term


@lru_cache(maxsize=1)
def get_analyzer() -> KiwiAnalyzer:
    from hearings.dictionary import load_user_words

    return KiwiAnalyzer(user_words=load_user_words())


def lemma_string(terms: Iterable[Term]) -> str:
    """The whitespace-joined form Elasticsearch indexes."""
    return " ".join(term.lemma for term in terms)


def bigram_string(text: str) -> str:
    return " ".join(bigrams(compact(text)))
