"""Marks on the printed words, exact to the character, computed from the original text.

Elasticsearch indexes analysed terms, not the printed text, so its highlighter cannot place marks on
the original words. Here, marks are placed in two ways: the query's wording (quotes, nouns) is found
in the printed text with any spacing or punctuation between its characters, as the compact-bigram
search matches it; verbs and adjectives, whose printed forms vary, are found by re-analysing only the
sentences that can hold them with the same Kiwi code. The output is escaped HTML with only <mark> added.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from html import escape

from hearings.analysis import Term, compact, normalize, search_form
from search_api.query import Needles

WHOLE_TURN_CHARS = 360
FRAGMENT_CHARS = 160
MAX_FRAGMENTS = 2
Span = tuple[int, int]
AnalyseMany = Callable[[list[str]], list[list[Term]]]


def _wording_pattern(needles: set[str], within_word: set[str] = frozenset()) -> re.Pattern | None:
    """Compact needles as printed: any spacing or punctuation between their characters (quotes), or for
    words only punctuation that stays inside a word (사·보임), as the search matches them. A lookahead
    finds overlapping occurrences too; the caller takes the span of group 1."""
    gaps = [("[\\W_]*", needle) for needle in needles if needle]
    gaps += [("[^\\w\\s]*", needle) for needle in within_word if needle]
    alternatives = sorted((gap.join(map(re.escape, needle)) for gap, needle in gaps), key=len, reverse=True)
    return re.compile(f"(?=({'|'.join(alternatives)}))", re.IGNORECASE) if alternatives else None


def _wording_spans(text: str, pattern: re.Pattern | None) -> list[Span]:
    return [match.span(1) for match in pattern.finditer(text)] if pattern else []


_HANGUL_FIRST, _HANGUL_COUNT = 0xAC00, 11172


def _syllable_class(syllable: str, keep_vowel: bool) -> str:
    """A regex class of the Hangul syllables sharing ``syllable``'s initial (and vowel if asked)."""
    code = ord(syllable) - _HANGUL_FIRST
    if not 0 <= code < _HANGUL_COUNT:
        return re.escape(syllable)
    size = 28 if keep_vowel else 588
    start = _HANGUL_FIRST + code - code % size
    return f"[{chr(start)}-{chr(start + size - 1)}]"


def _lemma_probe(lemma: str) -> str:
    """What a sentence must contain to hold ``lemma`` in some inflection.

    Nouns are printed as they are. A verb or adjective stem may change at its end when conjugated:
    the last syllable keeps only its initial (하 → 해, 덥 → 더워, 듣 → 들어), the one before keeps
    initial and vowel (르-irregular 부르 → 불러), the rest is printed as is.
    """
    alternatives = [re.escape(lemma)]
    if len(lemma) >= 2 and lemma.endswith("다"):
        stem = lemma[:-1]
        head = re.escape(stem[:-2]) + (_syllable_class(stem[-2], keep_vowel=True) if len(stem) >= 2 else "")
        alternatives.append(head + _syllable_class(stem[-1], keep_vowel=False))
    return "|".join(alternatives)


_SENTENCE = re.compile(r"[^.?!\n]+[.?!]*\n?")


# A snippet shows two fragments of a long turn: Kiwi reads only its few sentences that can hold the most of the
# query's verbs, not all of them. A loose query of many words (the partial tier) otherwise has Kiwi read ten
# long turns nearly whole: 100+ ms on 2 cores for marks the snippet never shows. The reader marks everything.
SNIPPET_SENTENCES = 4


def _candidate_sentences(texts: list[str], lemmas: set[str], per_long_text: int | None = None
                         ) -> list[tuple[int, int, str]]:
    """(text index, offset, sentence) for every sentence that can hold one of the lemmas; with
    ``per_long_text``, only that many per text longer than a whole-turn snippet: those that can hold the most
    distinct lemmas (earlier first on ties)."""
    probes = [re.compile(_lemma_probe(lemma), re.IGNORECASE) for lemma in sorted(lemmas) if lemma]
    probe = re.compile("|".join(p.pattern for p in probes), re.IGNORECASE)
    found = []
    for index, text in enumerate(texts):
        if not probe.search(text):
            continue
        sentences = [(index, s.start(), s.group()) for s in _SENTENCE.finditer(text) if probe.search(s.group())]
        if per_long_text is not None and len(text) > WHOLE_TURN_CHARS and len(sentences) > per_long_text:
            ranked = sorted(sentences, key=lambda c: (-sum(1 for p in probes if p.search(c[2])), c[1]))
            sentences = sorted(ranked[:per_long_text], key=lambda c: c[1])
        found += sentences
    return found


def _lemma_spans(texts: list[str], lemmas: set[str], analyse_many: AnalyseMany,
                 per_long_text: int | None = None) -> list[list[Span]]:
    """Kiwi runs only on the sentences that can hold a match, all hits in one batch (Kiwi's worker
    threads share it): a fraction of the cost of analysing whole turns one by one, same marks."""
    candidates = _candidate_sentences(texts, lemmas, per_long_text)
    spans: list[list[Span]] = [[] for _ in texts]
    analysed = analyse_many([sentence for _, _, sentence in candidates]) if candidates else []
    for (index, offset, _), terms in zip(candidates, analysed, strict=True):
        spans[index] += [(offset + t.start, offset + t.end) for t in terms if t.lemma in lemmas]
    return spans


def _merged(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def match_spans(texts: list[str], needles: Needles, analyse_many: AnalyseMany,
                per_long_text: int | None = None) -> list[list[Span]]:
    """For each (normalized) text, the sorted, merged character spans to mark (verbs: see SNIPPET_SENTENCES)."""
    # Quote-only queries need no morphological analysis of the hits: Kiwi is skipped then.
    # Nouns of two or more characters are also compact needles, marked wherever printed (as the search
    # matches them inside compounds); only verbs, adjectives and one-character nouns need Kiwi.
    # Matching runs on the search form (Hanja read in Hangul, one fold), which has the printed text's
    # length character for character: spans found there mark the printed characters.
    forms = [search_form(text) for text in texts]
    inflected = {lemma for lemma in needles.lemmas if compact(lemma) not in needles.compacts | needles.words}
    lemma_spans = _lemma_spans(forms, inflected, analyse_many, per_long_text) if inflected else [[] for _ in texts]
    wording = _wording_pattern(needles.compacts, needles.words)
    return [_merged(spans + _wording_spans(form, wording)) for form, spans in zip(forms, lemma_spans, strict=True)]


def render_marked(text: str, spans: list[Span], start: int = 0, end: int | None = None) -> str:
    end = len(text) if end is None else end
    parts, cursor = [], start
    for s, e in spans:
        s, e = max(s, start), min(e, end)
        if s >= e:
            continue
        parts.append(escape(text[cursor:s]))
        parts.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    parts.append(escape(text[cursor:end]))
    return "".join(parts)


def _best_windows(text: str, spans: list[Span]) -> list[Span]:
    """Up to MAX_FRAGMENTS windows, each placed to cover as many marks as possible."""
    windows: list[Span] = []
    remaining = sorted(spans)
    while remaining and len(windows) < MAX_FRAGMENTS:
        best, best_count = None, -1
        ends = [end for _, end in remaining]
        for anchor, _ in remaining:
            # Marks are sorted, so the marks a window holds are found by bisection, not by a scan: a turn
            # with thousands of marks (a long speech, a query of many words) stays linear-logarithmic.
            start = max(0, anchor - FRAGMENT_CHARS // 4)
            first = bisect_left(remaining, (start, -1))
            count = bisect_right(ends, start + FRAGMENT_CHARS, lo=first) - first
            if count > best_count:
                best, best_count = start, count
        assert best is not None
        window = (best, min(len(text), best + FRAGMENT_CHARS))
        windows.append(window)
        remaining = [(s, e) for s, e in remaining if not (s >= window[0] and e <= window[1])]
    return sorted(windows)


def _snippet(text: str, spans: list[Span]) -> str:
    if len(text) <= WHOLE_TURN_CHARS:
        return render_marked(text, spans)
    windows = _best_windows(text, spans) or [(0, FRAGMENT_CHARS * 2)]
    fragments = []
    for start, end in windows:
        prefix = "…" if start > 0 else ""
        suffix = "…" if end < len(text) else ""
        fragments.append(prefix + render_marked(text, spans, start, end) + suffix)
    return " ".join(fragments)


def snippets_html(texts: list[str], needles: Needles, analyse_many: AnalyseMany) -> list[str]:
    """Search hits: short turns whole, long ones as the best fragments around the marks."""
    texts = [normalize(text) for text in texts]
    spans = match_spans(texts, needles, analyse_many, SNIPPET_SENTENCES)
    return [_snippet(text, text_spans) for text, text_spans in zip(texts, spans, strict=True)]


def marked_htmls(texts: list[str], needles: Needles, analyse_many: AnalyseMany) -> list[str]:
    """Whole texts, escaped, with every match marked (the meeting reader)."""
    texts = [normalize(text) for text in texts]
    spans = match_spans(texts, needles, analyse_many)
    return [render_marked(text, text_spans) for text, text_spans in zip(texts, spans, strict=True)]
