"""Marks on the printed words, exact to the character, computed from the original text.

Elasticsearch indexes analysed terms, not the printed text, so its highlighter cannot place marks on
the original words. Here the text is re-analysed with the same Kiwi code; lemma matches and exact
(compact) matches map back to character spans. The output is escaped HTML with only <mark> added.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

from hearings.analysis import Term, compact_with_offsets, normalize
from search_api.query import Needles

WHOLE_TURN_CHARS = 360
FRAGMENT_CHARS = 160
MAX_FRAGMENTS = 2
Span = tuple[int, int]


def _compact_spans(text: str, needles: set[str]) -> list[Span]:
    squeezed, offsets = compact_with_offsets(text)
    spans = []
    for needle in needles:
        if not needle:
            continue
        start = squeezed.find(needle)
        while start != -1:
            spans.append((offsets[start], offsets[start + len(needle) - 1] + 1))
            start = squeezed.find(needle, start + 1)
    return spans


_SENTENCE = re.compile(r"[^.?!\n]+[.?!]*\n?")


def _first_syllable_pattern(lemma: str) -> str:
    """The lemma's first syllable with any final consonant: irregular stems keep initial and vowel
    (덥다 → 더워, 듣다 → 들어), so the probe still finds their sentences."""
    code = ord(lemma[0]) - 0xAC00
    if not 0 <= code < 11172:
        return re.escape(lemma[0])
    start = 0xAC00 + code - code % 28
    return f"[{chr(start)}-{chr(start + 27)}]"


def _lemma_spans(text: str, lemmas: set[str], analyse: Callable[[str], list[Term]]) -> list[Span]:
    """Kiwi runs only on sentences that can hold a match (they contain the lemma's first syllable):
    highlighting then costs a fraction of analysing whole long turns, with the same marks."""
    probe = re.compile("|".join(sorted({_first_syllable_pattern(lemma) for lemma in lemmas if lemma})))
    spans: list[Span] = []
    for sentence in _SENTENCE.finditer(text):
        if probe.search(sentence.group()):
            offset = sentence.start()
            spans += [(offset + t.start, offset + t.end) for t in analyse(sentence.group()) if t.lemma in lemmas]
    return spans


def match_spans(text: str, needles: Needles, analyse: Callable[[str], list[Term]]) -> list[Span]:
    """Sorted, merged character spans of ``text`` to mark."""
    # Quote-only queries need no morphological analysis of the hit: skip Kiwi then.
    spans = _lemma_spans(text, needles.lemmas, analyse) if needles.lemmas else []
    spans += _compact_spans(text, needles.compacts)
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


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
    remaining = list(spans)
    while remaining and len(windows) < MAX_FRAGMENTS:
        best, best_count = None, -1
        for anchor, _ in remaining:
            start = max(0, anchor - FRAGMENT_CHARS // 4)
            count = sum(1 for s, e in remaining if s >= start and e <= start + FRAGMENT_CHARS)
            if count > best_count:
                best, best_count = start, count
        assert best is not None
        window = (best, min(len(text), best + FRAGMENT_CHARS))
        windows.append(window)
        remaining = [(s, e) for s, e in remaining if not (s >= window[0] and e <= window[1])]
    return sorted(windows)


def snippet_html(text: str, needles: Needles, analyse: Callable[[str], list[Term]]) -> str:
    """Short turns whole; long ones as the best fragments around the marks."""
    text = normalize(text)
    spans = match_spans(text, needles, analyse) if (needles.lemmas or needles.compacts) else []
    if len(text) <= WHOLE_TURN_CHARS:
        return render_marked(text, spans)
    windows = _best_windows(text, spans) or [(0, FRAGMENT_CHARS * 2)]
    fragments = []
    for start, end in windows:
        prefix = "…" if start > 0 else ""
        suffix = "…" if end < len(text) else ""
        fragments.append(prefix + render_marked(text, spans, start, end) + suffix)
    return " ".join(fragments)


def marked_html(text: str, needles: Needles, analyse: Callable[[str], list[Term]]) -> str:
    """The whole text, escaped, with every match marked (the meeting reader)."""
    text = normalize(text)
    return render_marked(text, match_spans(text, needles, analyse))
