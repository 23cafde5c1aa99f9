"""Quote check: a quotation as printed in the press against the minutes.

The candidates are found by the quotation's lemmas (at least a third of them, so dropped or changed words
still find the turn) with the exact wording (compact bigrams) ranked first, once over everyone and once
over the person the sentence names. Each candidate is aligned morpheme by morpheme (hearings/alignment.py)
and judged; the best one is the answer. A better match by someone other than the named person is shown
as a finding of its own. "First said" lists the turns that say it (verbatim or with minor differences) in
date order, each linked. With no good match the page says so and shows the nearest turns as such.
"""

from __future__ import annotations

import math

from elasticsearch import Elasticsearch
from markupsafe import Markup, escape
from pydantic import BaseModel

from hearings.alignment import (
    FLIP_RECALL,
    MINOR,
    MINOR_DROPPED,
    MINOR_EXTRA,
    MINOR_RECALL,
    NOT_FOUND,
    PARAPHRASE,
    PARAPHRASE_RECALL,
    VERBATIM,
    Alignment,
    align,
    excerpt_span,
    shifted,
    verbatim_window,
)
from hearings.analysis import KiwiAnalyzer, bigrams, compact
from hearings.engine import msearch_responses
from hearings.quotes import read_pasted
from hearings.readings import hangul_reading
from ingest.names import parse_speaker_label
from search_api.citation import citation_line, meeting_title
from search_api.params import MAX_QUOTE_CHARS
from search_api.urls import turn_url

CANDIDATES = 30
HINTED_CANDIDATES = 10
REPEATS = 100  # turns saying the quotation word for word, for "first said"
MAX_LEMMAS = 40
VERDICT_LABELS = {
    VERBATIM: "그대로 — 회의록의 말과 같습니다",
    MINOR: "사소한 차이 — 같은 말이나 조사·어미가 다르거나 일부가 빠졌습니다",
    # Measured: on same-topic sentences nobody said, lexical overlap cannot tell a paraphrase from a
    # fabrication (bench/quote_variants.json), so this verdict asks for a reader's judgment.
    PARAPHRASE: "비슷한 발언 — 말은 다릅니다. 같은 뜻인지 직접 읽고 확인하세요",
    NOT_FOUND: "회의록에서 찾지 못했습니다",
}
_SOURCE = ["turn_id", "meeting_id", "seq", "speaker_name", "role", "party", "committee", "meeting_type",
           "session", "session_kind", "meeting_number", "date", "text", "assembly_term"]


class QuoteMatch(BaseModel):
    turn_id: str
    speaker_name: str
    role: str
    party: str
    committee: str
    date: str
    meeting: str
    citation: str
    url: str
    verdict: str
    verdict_label: str
    verdict_short: str  # the label's first words: 그대로, 사소한 차이, 의역
    recall: float
    coverage: float  # share of the quotation's content morphemes found in any order
    matched_words: int  # content morphemes of the quotation found in the turn, in order
    missing_words: int  # content morphemes of the quotation not in the turn
    dropped_words: int  # content morphemes of the turn the quotation leaves out
    changed_words: int  # words with other particles or endings
    negation_differs: bool
    tense_differs: bool
    number_differs: bool = False
    modality_differs: bool = False
    closeness: float = 0.0  # nearness to the quotation, for ranking (hearings/alignment.py ``closeness``)
    quote_html: str  # the quotation, differences marked (escaped text + <mark>/<del>/<ins> only)
    minutes_html: str  # the matched sentences of the turn, differences marked
    named: bool  # the speaker is the person the pasted sentence names
    reasons: list[str] = []  # why the words mean something else: "부정이 다릅니다: 없다 ↔ 있다"


class VerifyResult(BaseModel):
    pasted: str
    quote: str  # what was looked for, the attribution frame taken off
    hint_name: str
    hint_note: str
    verdict: str
    verdict_label: str
    best: QuoteMatch | None  # the turn that matches best, whoever said it
    named_match: QuoteMatch | None  # the named person's best turn, where it is not the best overall
    nearest: list[QuoteMatch]  # other candidates, best first
    first_said: list[QuoteMatch]  # every turn saying it (verbatim or minor), oldest first
    thresholds: dict[str, float]
    rule: str  # the thresholds in words, shown under every answer


def marked_html(text: str, marks: list[tuple[int, int, str]], window: tuple[int, int] | None = None) -> str:
    """Escaped text with the alignment's differences as <del>/<ins>/<mark> (nothing else is markup)."""
    start, end = window or (0, len(text))
    tags = {"missing": "del", "dropped": "ins", "changed": "mark"}
    out, at = [], start
    for left, right, kind in sorted(marks):
        if left < at or right > end:
            continue
        out += [escape(text[at:left]), Markup(f'<{tags[kind]} class="diff-{kind}">'), escape(text[left:right]),
                Markup(f"</{tags[kind]}>")]
        at = right
    out.append(escape(text[at:end]))
    return str(Markup("").join(out))


def _match(source: dict, alignment: Alignment, quote: str, hint: str) -> QuoteMatch:
    return QuoteMatch(
        turn_id=source["turn_id"], speaker_name=source["speaker_name"], role=source.get("role", ""),
        party=source.get("party", ""), committee=source["committee"], date=source["date"],
        meeting=meeting_title(source), citation=citation_line(source),
        url=turn_url(source["meeting_id"], source["seq"]), verdict=alignment.verdict,
        verdict_label=VERDICT_LABELS[alignment.verdict],
        verdict_short=VERDICT_LABELS[alignment.verdict].split(" — ")[0], recall=round(alignment.recall, 3),
        matched_words=alignment.matched, coverage=round(alignment.coverage, 3),
        missing_words=alignment.extra, dropped_words=alignment.dropped, changed_words=alignment.changed,
        negation_differs=alignment.negation_differs, tense_differs=alignment.tense_differs,
        number_differs=alignment.number_differs, modality_differs=alignment.modality_differs,
        closeness=alignment.closeness,
        quote_html=marked_html(quote, alignment.quote_marks),
        minutes_html=marked_html(source["text"], alignment.turn_marks, alignment.window),
        named=bool(hint) and person_name(source["speaker_name"]) == hint, reasons=alignment.reasons)


def person_name(speaker: str) -> str:
    """The person a stored speaker is, whatever role was printed with the name ("후보자 이진숙", "직무대행
    김태규", "윤한홍 위원"): the identity the search uses (ingest/names.py)."""
    return parse_speaker_label(speaker).name


def _query(lemmas: list[str], quote: str) -> dict:
    should = [{"term": {"lemmas": lemma}} for lemma in lemmas]
    exact = " ".join(bigrams(compact(quote)))
    return {"bool": {"must": [{"bool": {"should": should, "minimum_should_match": max(1, math.ceil(len(lemmas) / 3))}}],
                     "should": [{"match_phrase": {"bigrams": {"query": exact, "boost": 5}}}] if exact else []}}


def quote_lemmas(analyzer: KiwiAnalyzer, quote: str) -> list[str]:
    return list(dict.fromkeys(t.lemma for t in analyzer.terms(quote)))[:MAX_LEMMAS]


def candidate_searches(index: str, quote: str, lemmas: list[str], hint: str) -> list[dict]:
    """One msearch body: candidates by lemmas (exact wording first), word-for-word repeats in date order,
    and the named person's candidates."""
    query = _query(lemmas, quote)
    searches = [{"index": index}, {"query": query, "size": CANDIDATES, "_source": _SOURCE}]
    exact = " ".join(bigrams(compact(quote)))
    searches += [{"index": index}, {"query": {"match_phrase": {"bigrams": exact}}, "size": REPEATS, "_source": _SOURCE,
                                    "sort": [{"date": "asc"}, {"turn_id": "asc"}]}]
    if hint:
        # The name as stored may carry a role before or after it ("후보자 이진숙", "윤한홍 위원").
        named = {"bool": {"should": [{"term": {"speaker_name": hint}},
                                     {"wildcard": {"speaker_name": {"value": f"* {hint}"}}},
                                     {"wildcard": {"speaker_name": {"value": f"{hint} *"}}}]}}
        searches += [{"index": index}, {"query": {"bool": {"must": [query], "filter": [named]}},
                                        "size": HINTED_CANDIDATES, "_source": _SOURCE}]
    return searches


def verify_quote(client: Elasticsearch, index: str, analyzer: KiwiAnalyzer, pasted: str) -> VerifyResult:
    read = read_pasted(pasted[:MAX_QUOTE_CHARS])
    quote, hint = read.quote, hangul_reading(read.hint_name) if read.hint_name else ""
    lemmas = quote_lemmas(analyzer, quote)
    thresholds = {"minor_recall": MINOR_RECALL, "minor_missing_max": MINOR_EXTRA,
                  "minor_dropped_max": MINOR_DROPPED, "paraphrase_recall": PARAPHRASE_RECALL,
                  "flip_recall": FLIP_RECALL}
    rule = (f"내용어의 {MINOR_RECALL:.0%} 이상이 같은 순서로 있고 회의록에 없는 말이 {MINOR_EXTRA}개 이하, 생략된 말이 "
            f"{MINOR_DROPPED}개 이하('…' 표시가 있으면 제한 없음)이면 사소한 차이, 내용어의 {PARAPHRASE_RECALL:.0%} "
            "이상(두 개 이상)이 한곳에 있으면 비슷한 발언. 숫자가 다르거나, 말이 거의 같은데(내용어의 "
            f"{FLIP_RECALL:.0%} 이상) 맞춘 절의 부정(안/못, -지 않다, 아니다, 없다/있다, 반대/찬성 …)이 다르거나, "
            "회의록에 없는 당위·약속(해야 한다/하겠다)이 있으면 찾지 못한 것으로, 같은 말에 양태(했다/하겠다/해야 "
            "한다/할 수 있다)나 서술어가 다르면 찾지 못한 것으로 봅니다. 후보는 가장 가까운 발언부터 보입니다.")
    empty = VerifyResult(rule=rule, pasted=pasted, quote=quote, hint_name=hint, hint_note="", verdict=NOT_FOUND,
                         verdict_label=VERDICT_LABELS[NOT_FOUND], best=None, named_match=None, nearest=[],
                         first_said=[], thresholds=thresholds)
    if not lemmas:
        return empty
    responses = msearch_responses(client, candidate_searches(index, quote, lemmas, hint))
    sources = {hit["_source"]["turn_id"]: hit["_source"] for r in responses for hit in r["hits"]["hits"]}
    if not sources:
        return empty.model_copy(update={"hint_note": _hint_note(hint, None, None)})
    # Word-for-word repeats beyond the candidates need no morphemes: they are verbatim where their letters
    # hold the quotation's (the phrase query matched bigrams in order, which is nearly that).
    candidate_ids = {hit["_source"]["turn_id"] for i, r in enumerate(responses) if i != 1 for hit in r["hits"]["hits"]}
    scored = []
    ordered = []
    for turn_id, source in sources.items():
        window = None if turn_id in candidate_ids else verbatim_window(quote, source["text"])
        if window:
            scored.append((Alignment(VERBATIM, 1.5, 1.0, 0, 0, 0, 0, 0, False, window, coverage=1.0, jaccard=1.0,
                                     closeness=1.0), source))
        else:
            ordered.append(source)
    # Only the sentences around the quotation's words are cut into morphemes (hearings/alignment.py).
    keys = [lemma[:-1] if lemma.endswith("다") and len(lemma) > 2 else lemma for lemma in lemmas]
    # Where the phrase query found the quotation's letters in order, the excerpt is centred on them (looking
    # for them in every long candidate cost a fifth of the check's time).
    repeat_ids = {hit["_source"]["turn_id"] for hit in responses[1]["hits"]["hits"]}
    spans = [excerpt_span(s["text"], keys, quote if s["turn_id"] in repeat_ids else "") for s in ordered]
    morphemes = analyzer.morphemes_many([quote] + [s["text"][start:end] for s, (start, end) in zip(ordered, spans,
                                                                                                   strict=True)])
    for source, (start, end), turn_morphemes in zip(ordered, spans, morphemes[1:], strict=True):
        alignment = shifted(align(quote, morphemes[0], source["text"][start:end], turn_morphemes, read.elided), start)
        scored.append((alignment, source))
    scored.sort(key=lambda pair: (pair[1]["date"], pair[1]["turn_id"]))  # among equals, the first said wins
    scored.sort(key=lambda pair: rank_key(pair[0]), reverse=True)
    matches = [_match(source, alignment, quote, hint) for alignment, source in scored]
    best = matches[0]
    named = next((m for m in matches if m.named and m.verdict != NOT_FOUND), None)
    said = sorted((m for m in matches if m.verdict in (VERBATIM, MINOR)), key=lambda m: (m.date, m.turn_id))
    return VerifyResult(
        pasted=pasted, quote=quote, hint_name=hint, hint_note=_hint_note(hint, named, best),
        verdict=best.verdict, verdict_label=VERDICT_LABELS[best.verdict], best=best,
        named_match=named if named is not best else None,
        nearest=[m for m in matches if m is not best][:5], first_said=said, thresholds=thresholds, rule=rule)


def rank_key(alignment: Alignment) -> tuple[int, float, float]:
    """Candidates best first: the same words (verbatim, then minor) above all; below them by nearness
    alone, whatever the verdict, so a misquote's own source (one clause flipped: not found) outranks a turn
    that shares a few topic words (similar) and the answer is "not found" with the flip as its reason."""
    tier = {VERBATIM: 2, MINOR: 1}.get(alignment.verdict, 0)
    return tier, alignment.closeness if tier == 0 else alignment.score, alignment.score


def _hint_note(hint: str, named: QuoteMatch | None, best: QuoteMatch | None) -> str:
    """What the pasted sentence's attribution turned out to be: a wrong attribution is a finding too."""
    if not hint:
        return ""
    if best is None:
        return f"문장에 나온 '{hint}'을(를) 힌트로 썼습니다."
    if best.named:
        return f"문장에 나온 '{hint}'을(를) 힌트로 썼습니다. {hint}의 발언이 가장 잘 맞습니다."
    if named is None:
        return (f"문장에 나온 '{hint}'의 발언에서는 이 말을 찾지 못했습니다. "
                f"가장 잘 맞는 발언은 {best.speaker_name}의 발언입니다.")
    return (f"문장에 나온 '{hint}'의 발언은 '{named.verdict_short}' 정도로만 맞습니다. "
            f"{best.speaker_name}의 발언이 더 잘 맞습니다.")

