"""A quotation aligned with a turn of the minutes, morpheme by morpheme, and the verdict on it.

Both texts are cut into morphemes (Kiwi). The *content* morphemes (nouns, verb and adjective stems in
dictionary form, adverbs, numbers: ``Morpheme.content``) are aligned in order (difflib's longest matching
blocks); particles and endings are compared only between aligned content morphemes. So "가입을
서둘러야 한다" and "가입 서둘러야 합니다" align fully with two minor differences, while a changed noun or verb
is a missing word.

Candidates are ranked by ``closeness`` (recall, coverage and the window's lemma Jaccard) below the
verbatim and minor ones, whatever their verdict: a misquote's own source is nearer than a turn sharing a few
topic words, and the answer is then "not found" at the right turn, with the flip as the reason.

The turn is searched sentence by sentence: the quotation is matched against the best run of one to
three consecutive sentences, so a long turn's other sentences neither help nor hurt.

Verdicts (thresholds chosen on bench/quote_variants.json, tune split; ``hearings eval`` reports both
splits):
- verbatim: the quotation's letters and digits, spacing and punctuation aside, occur in the turn as they are;
- minor: at least MINOR_RECALL of its content morphemes are found in order, at most MINOR_EXTRA of them are
  not in the minutes, at most MINOR_DROPPED of the turn's content morphemes inside the matched span are
  left out (any number where the quotation marks an omission with "…"), and every aligned clause keeps its
  polarity, modality and numbers (hearings/meaning.py);
- paraphrase: at least PARAPHRASE_RECALL of the content morphemes (and at least two) are found in any
  order (a paraphrase reorders), numbers agree, no obligation or promise is made on one side only, and
  polarity agrees wherever FLIP_RECALL of the words are found in order (further off, a rewording changes
  the form of a negation);
- not_found: anything less, or polarity flipped in an aligned clause ("서둘러야 한다" against "서두를 필요가
  없다"), or a number the minutes do not have, or the same words with another modality ("강화하겠다" for
  "강화하였습니다").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from hearings.analysis import Morpheme, compact, compact_with_offsets
from hearings.meaning import (
    clause_ids,
    demand_clash,
    joined,
    linked_groups,
    modality_clash,
    modality_reason,
    number_reason,
    numbers,
    polarity_reason,
    read_clauses,
)

VERBATIM, MINOR, PARAPHRASE, NOT_FOUND = "verbatim", "minor", "paraphrase", "not_found"
MINOR_RECALL = 0.75
MINOR_EXTRA = 2
MINOR_DROPPED = 3
PARAPHRASE_RECALL = 0.5
PARAPHRASE_DENSITY = 2.0  # at most this many left-out content morphemes per found one
FLIP_RECALL = 0.6  # from this share of the words in order on, a flipped clause makes it not found
MAX_SENTENCES_PER_WINDOW = 3
_SENTENCE_END = re.compile(r"(?<=[.?!。])\s+|\n+")


@dataclass
class Alignment:
    verdict: str
    score: float  # for ranking candidates: recall, less for words dropped or added
    recall: float  # share of the quotation's content morphemes found in order
    quote_content: int
    matched: int
    extra: int  # content morphemes of the quotation not found (reworded or added)
    dropped: int  # content morphemes of the turn inside the matched span that the quotation leaves out
    changed: int  # aligned words whose particles or endings differ
    negation_differs: bool
    window: tuple[int, int]  # the characters of the turn text the quotation was matched against
    # Character spans to mark: in the quotation (missing: not in the minutes; changed: other particles or
    # endings) and in the turn text (dropped: left out by the quotation; changed).
    quote_marks: list[tuple[int, int, str]] = field(default_factory=list)
    turn_marks: list[tuple[int, int, str]] = field(default_factory=list)
    tense_differs: bool = False
    elided: bool = False
    coverage: float = 0.0  # share of the quotation's content morphemes found in any order (a paraphrase reorders)
    reasons: list[str] = field(default_factory=list)  # meaning flips, in words ("부정이 다릅니다: 없다 ↔ 있다")
    number_differs: bool = False
    modality_differs: bool = False  # an obligation or a promise made on one side only (meaning.demand_clash)
    jaccard: float = 0.0  # content lemmas shared with the window, over those in either (the window's own words count)
    closeness: float = 0.0  # how near the window is to the quotation, whatever the verdict (``closeness``)


def lemma_jaccard(quote_lemmas: list[str], window_lemmas: list[str]) -> float:
    """Shared content lemmas over all in either: a sentence that says little else ranks above a long
    stretch that happens to hold the same words."""
    quoted, said = set(quote_lemmas), set(window_lemmas)
    return len(quoted & said) / len(quoted | said) if quoted | said else 0.0


def closeness(recall: float, coverage: float, jaccard: float) -> float:
    """One number for ranking candidates by nearness: words in order, words in any order (a paraphrase
    reorders) and the window's lemma Jaccard. A misquote's source (every word but one flipped) is nearer than
    a turn sharing three topic words, so it is the answer and its flip the reason."""
    return round(0.45 * recall + 0.3 * coverage + 0.25 * jaccard, 4)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for brk in _SENTENCE_END.finditer(text):
        if brk.start() > start:
            spans.append((start, brk.start()))
        start = brk.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans or [(0, len(text))]


def excerpt_span(text: str, keys: list[str], quote: str = "") -> tuple[int, int]:
    """The run of sentences worth aligning in a long turn, with a sentence of margin on each side: where the
    quotation stands letter for letter, else the best window of up to three sentences by the quotation's
    words it holds as printed, a word weighing its length (one-letter keys such as 수, 안, 한 are in every
    sentence, and a window of them once hid a quotation said word for word). Only this much is cut into
    morphemes (a turn can be a 20,000-character report)."""
    sentences = sentence_spans(text)
    if len(sentences) <= MAX_SENTENCES_PER_WINDOW + 2:
        return 0, len(text)
    said = verbatim_window(quote, text) if quote else None
    if said:
        best = next(i for i, (start, end) in enumerate(sentences) if start <= said[0] < end or said[0] < start)
    else:
        present = [{key for key in keys if key in text[start:end]} for start, end in sentences]
        best, best_score = 0, -1
        for first in range(len(sentences)):
            held = sum(len(key) for key in set().union(*present[first:first + MAX_SENTENCES_PER_WINDOW]))
            if held > best_score:
                best, best_score = first, held
    first = max(0, best - 1)
    last = min(len(sentences) - 1, best + MAX_SENTENCES_PER_WINDOW)
    return sentences[first][0], sentences[last][1]


def _windows(text: str, morphemes: list[Morpheme]) -> list[tuple[int, int, list[Morpheme]]]:
    sentences = sentence_spans(text)
    # Each sentence's morphemes once (they are in text order), then windows join them.
    per_sentence: list[list[Morpheme]] = [[] for _ in sentences]
    index = 0
    for m in morphemes:
        while index < len(sentences) - 1 and m.start >= sentences[index + 1][0]:
            index += 1
        per_sentence[index].append(m)
    windows = []
    for first in range(len(sentences)):
        joined: list[Morpheme] = []
        for last in range(first, min(first + MAX_SENTENCES_PER_WINDOW, len(sentences))):
            joined = joined + per_sentence[last]
            windows.append((sentences[first][0], sentences[last][1], joined))
    return windows


_TWO_WORDS = re.compile(r"\S*\s*\S*")


def _between(text: str, morphemes: list[Morpheme], content_positions: list[int], k: int) -> tuple[str, ...]:
    """The particles and endings after the k-th content morpheme: up to the next content morpheme, and
    within its printed word and the next (서둘러야 한다), so the last word does not reach to the text's end."""
    start = content_positions[k] + 1
    end = content_positions[k + 1] if k + 1 < len(content_positions) else len(morphemes)
    limit = _TWO_WORDS.match(text, morphemes[content_positions[k]].start).end()
    return tuple(m.lemma for m in morphemes[start:end] if not m.content and m.start < limit)


def _joined(morphemes: list[Morpheme], wholes: set[str]) -> list[Morpheme]:
    """Adjacent noun pieces printed as one word (블랙 + 리스트) joined where the other side has them as one
    noun (블랙리스트): Kiwi splits the same compound in one sentence and not in the next."""
    out: list[Morpheme] = []
    for morpheme in morphemes:
        last = out[-1] if out else None
        if last is not None and last.end == morpheme.start and last.tag.startswith("NN") \
                and morpheme.tag.startswith("NN") and last.lemma + morpheme.lemma in wholes:
            out[-1] = Morpheme(last.lemma + morpheme.lemma, morpheme.tag, last.start, morpheme.end)
        else:
            out.append(morpheme)
    return out


def joined_compounds(quote_morphemes: list[Morpheme], text_morphemes: list[Morpheme]
                     ) -> tuple[list[Morpheme], list[Morpheme]]:
    """Both sides with a compound split on one side and whole on the other read as the whole noun."""
    quote_nouns = {m.lemma for m in quote_morphemes if m.tag.startswith("NN")}
    text_nouns = {m.lemma for m in text_morphemes if m.tag.startswith("NN")}
    return _joined(quote_morphemes, text_nouns), _joined(text_morphemes, quote_nouns)


def align(quote: str, quote_morphemes: list[Morpheme], text: str, text_morphemes: list[Morpheme],
          elided: bool = False) -> Alignment:
    quote_morphemes, text_morphemes = joined_compounds(quote_morphemes, text_morphemes)
    quote_positions = [i for i, m in enumerate(quote_morphemes) if m.content]
    quote_lemmas = [quote_morphemes[i].lemma for i in quote_positions]
    if not quote_lemmas:
        return Alignment(NOT_FOUND, 0.0, 0.0, 0, 0, 0, 0, 0, False, (0, 0))
    wanted = Counter(quote_lemmas)
    # Cheap pre-ranking of windows by shared lemmas; only the best few are aligned in order.
    candidates = []
    for start, end, morphemes in _windows(text, text_morphemes):
        have = Counter(m.lemma for m in morphemes if m.content)
        shared = sum((wanted & have).values())
        if shared:
            candidates.append((shared, -(end - start), start, end, morphemes))
    candidates.sort(reverse=True)
    best = None
    for _, _, start, end, morphemes in candidates[:4]:
        result = _align_window(quote, quote_morphemes, quote_positions, text, morphemes, (start, end), elided)
        if best is None or result.score > best.score:
            best = result
    if best is None:
        return Alignment(NOT_FOUND, 0.0, 0.0, len(quote_lemmas), 0, len(quote_lemmas), 0, 0, False, (0, 0))
    if compact(quote) and compact(quote) in compact(text):
        best.verdict = VERBATIM
        best.score = max(best.score, 1.0) + 0.5
    return best


def judge(recall: float, coverage: float, matched: int, extra: int, dropped: int, negation_differs: bool,
          tense_differs: bool, elided: bool, thresholds: dict | None = None, *, number_differs: bool = False,
          modality_differs: bool = False) -> str:
    """The verdict short of verbatim (see the module docstring); thresholds may be overridden for tuning.
    ``negation_differs``: polarity flipped in an aligned clause; ``tense_differs``: modality or the predicate
    changed; ``modality_differs``: an obligation or a promise made on one side only (해야 한다, 하겠다)."""
    t = {"minor_recall": MINOR_RECALL, "minor_extra": MINOR_EXTRA, "minor_dropped": MINOR_DROPPED,
         "paraphrase_recall": PARAPHRASE_RECALL, "paraphrase_density": PARAPHRASE_DENSITY,
         "flip_recall": FLIP_RECALL} | (thresholds or {})
    if number_differs:
        return NOT_FOUND
    same_words = recall >= t["minor_recall"] and extra <= t["minor_extra"] and (elided or dropped <= t["minor_dropped"])
    if same_words:
        # The same words with another polarity or modality ("해야 한다" → "했다") put words in the speaker's mouth.
        return NOT_FOUND if negation_differs or tense_differs else MINOR
    # Near the words, a flipped clause is a misquote. Further off, a paraphrase rewords its negations too
    # ("하지 못하고" → "모자라"; "위험보다" → "위험이 아니라"), and a flip read on three aligned words is noise.
    if negation_differs and recall >= t["flip_recall"]:
        return NOT_FOUND
    # A demand or a promise the speaker did not make ("폐지해야 한다") is a claim of its own, not a rewording:
    # measured, the invented quotations on a sitting's topics mostly add one.
    if modality_differs:
        return NOT_FOUND
    # A paraphrase says it in one place: found words scattered over three sentences are a coincidence.
    if coverage >= t["paraphrase_recall"] and round(coverage * (matched + extra)) >= 2 \
            and dropped <= t["paraphrase_density"] * max(matched, 1):
        return PARAPHRASE
    return NOT_FOUND


def _align_window(quote: str, quote_morphemes: list[Morpheme], quote_positions: list[int], text: str,
                  morphemes: list[Morpheme], window: tuple[int, int], elided: bool) -> Alignment:
    text_positions = [i for i, m in enumerate(morphemes) if m.content]
    quote_lemmas = [quote_morphemes[i].lemma for i in quote_positions]
    text_lemmas = [morphemes[i].lemma for i in text_positions]
    blocks = SequenceMatcher(None, quote_lemmas, text_lemmas, autojunk=False).get_matching_blocks()
    pairs = [(b.a + k, b.b + k) for b in blocks for k in range(b.size)]
    matched = len(pairs)
    quote_marks: list[tuple[int, int, str]] = []
    turn_marks: list[tuple[int, int, str]] = []
    found_q = {q for q, _ in pairs}
    found_t = {t for _, t in pairs}
    for k, position in enumerate(quote_positions):
        if k not in found_q:
            m = quote_morphemes[position]
            quote_marks.append((m.start, m.end, "missing"))
    dropped = 0
    if pairs:
        first_t, last_t = pairs[0][1], pairs[-1][1]
        for k in range(first_t, last_t + 1):
            if k not in found_t:
                dropped += 1
                m = morphemes[text_positions[k]]
                turn_marks.append((m.start, m.end, "dropped"))
    changed = 0
    for q, t in pairs:
        if _between(quote, quote_morphemes, quote_positions, q) != _between(text, morphemes, text_positions, t):
            changed += 1
            qm, tm = quote_morphemes[quote_positions[q]], morphemes[text_positions[t]]
            quote_marks.append((qm.start, _word_end(quote, qm.end), "changed"))
            turn_marks.append((tm.start, _word_end(text, tm.end), "changed"))
    recall = matched / len(quote_lemmas)
    extra = len(quote_lemmas) - matched
    flips, demand = _meaning_flips(quote_morphemes, quote_positions, morphemes, text_positions, pairs,
                           text[window[0]:window[1]])
    # A changed modality or predicate keeps the words but changes the claim: never a minor difference.
    negation_differs, tense_differs = bool(flips["polarity"]), bool(flips["modality"] or flips["predicate"])
    shared = Counter(quote_lemmas) & Counter(text_lemmas)
    coverage = sum(shared.values()) / len(quote_lemmas)
    # A number the minutes do not have ("500명" where 320 was said) makes it a misquote, not a paraphrase.
    # Against the aligned stretch only: a "7년" two sentences earlier must not vouch for a changed "5년".
    stretch = morphemes[text_positions[pairs[0][1]]:text_positions[pairs[-1][1]] + 4] if pairs else morphemes
    flips["number"] = number_reason(numbers(quote_morphemes), numbers(stretch))
    verdict = judge(recall, coverage, matched, extra, dropped, negation_differs, tense_differs, elided,
                    number_differs=bool(flips["number"]), modality_differs=demand)
    # The source turn of a flipped quotation still ranks first among the nearest: it is what was said.
    score = recall + 0.2 * coverage - 0.03 * min(dropped, 10) - 0.01 * changed
    jaccard = lemma_jaccard(quote_lemmas, text_lemmas)
    return Alignment(verdict, score, recall, len(quote_lemmas), matched, extra, dropped, changed, negation_differs,
                     window, sorted(quote_marks), sorted(turn_marks), tense_differs, elided, coverage,
                     reasons=[reason for reason in flips.values() if reason], jaccard=jaccard,
                     number_differs=bool(flips["number"]), modality_differs=demand,
                     closeness=closeness(recall, coverage, jaccard))


def _meaning_flips(quote_morphemes: list[Morpheme], quote_positions: list[int], morphemes: list[Morpheme],
                   text_positions: list[int], pairs: list[tuple[int, int]], said_text: str
                   ) -> tuple[dict[str, str], bool]:
    """Polarity and modality compared clause by clause on the alignment (hearings/meaning.py). Clauses linked
    by aligned words are compared as one group, so a quotation that cuts a clause in two ("그것에 대해 판단할"
    for "그것에 대한 판단을 할") is compared with the clause it came from. The first flip of each kind, as
    the reason to show; and whether an obligation or a promise differs (``demand_clash``)."""
    quote_ids, text_ids = clause_ids(quote_morphemes), clause_ids(morphemes)
    quoted, said = read_clauses(quote_morphemes, quote_ids), read_clauses(morphemes, text_ids)
    predicate = _changed_predicate(quote_morphemes, quote_positions, quote_ids, {q for q, _ in pairs}, said_text)
    flips = {"polarity": "", "modality": "", "predicate": predicate, "number": ""}
    demand = False
    for q_clauses, t_clauses in linked_groups([(quote_ids[quote_positions[q]], text_ids[text_positions[t]])
                                               for q, t in pairs]):
        mine, theirs = joined([quoted[c] for c in q_clauses]), joined([said[c] for c in t_clauses])
        if mine.negative != theirs.negative and not flips["polarity"]:
            flips["polarity"] = polarity_reason(theirs, mine)
        if modality_clash(mine.modality, theirs.modality) and not flips["modality"]:
            flips["modality"] = modality_reason(theirs.modality, mine.modality)
        if demand_clash(mine.modality, theirs.modality):
            demand = True
    return flips, demand


def _changed_predicate(quote_morphemes: list[Morpheme], quote_positions: list[int], quote_ids: list[int],
                       found: set[int], said: str) -> str:
    """A quoted clause whose other words were said but whose last content word (its predicate: 역행한다 →
    부합한다) is not in the minutes' letters either: the reason, else "". The letters, since Kiwi cuts one
    word two ways in two contexts (찾아봤지만 찾아보다, 찾아봤으나 찾다 + 보다)."""
    letters = compact(said)
    last: dict[int, int] = {}
    if not found:
        return ""
    for k, position in enumerate(quote_positions):
        last[quote_ids[position]] = k
    for k in (last[clause] for clause in sorted(last)):
        lemma = quote_morphemes[quote_positions[k]].lemma
        stem = lemma[:-2] if lemma.endswith("다") and len(lemma) > 2 else lemma
        # Any clause of it, aligned or not: "진행될지 압니다" for "진행될지 모릅니다" keeps all but the predicate.
        if k not in found and compact(stem) not in letters:
            return f"서술어가 다릅니다: 회의록에 없는 '{lemma}'"
    return ""


def _word_end(text: str, position: int) -> int:
    """The end of the printed word a morpheme sits in: a changed ending is marked with its word."""
    match = re.compile(r"\S*").match(text, position)
    return match.end() if match else position


def shifted(alignment: Alignment, offset: int) -> Alignment:
    """An alignment made on an excerpt, in the offsets of the whole turn text."""
    if offset:
        alignment.window = (alignment.window[0] + offset, alignment.window[1] + offset)
        alignment.turn_marks = [(start + offset, end + offset, kind) for start, end, kind in alignment.turn_marks]
    return alignment


def verbatim_window(quote: str, text: str) -> tuple[int, int] | None:
    """The sentences of the text holding the quotation letter for letter (spacing and punctuation aside)."""
    wanted = compact(quote)
    if not wanted:
        return None
    letters, offsets = compact_with_offsets(text)
    at = letters.find(wanted)
    if at < 0:
        return None
    first, last = offsets[at], offsets[at + len(wanted) - 1]
    spans = sentence_spans(text)
    start = next((s for s, e in spans if s <= first < e), 0)
    end = next((e for s, e in spans if s <= last < e), len(text))
    return start, end
