"""A parsed Meeting → the documents Elasticsearch stores (turns with their search terms, one meeting)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from hearings.analysis import KiwiAnalyzer, Term, bigram_string, lemma_string
from ingest.bodies import answering_body
from ingest.models import Meeting, Turn
from ingest.people import speaker_key
from ingest.roles import ANSWERING, turn_role_group
from ingest.threads import thread_id, thread_partners, thread_places


def meeting_fields(meeting: Meeting) -> dict:
    return {
        "meeting_id": meeting.meeting_id,
        "assembly_term": meeting.assembly_term,
        "session": meeting.session,
        "session_kind": meeting.session_kind,
        "committee": meeting.committee,
        "meeting_type": meeting.meeting_type,
        "meeting_number": meeting.meeting_number,
        "date": meeting.meeting_date.isoformat(),
        "audited_bodies": meeting.audited_bodies,
        "source_file": meeting.source_file,
        "source_format": meeting.source_format,
        "provisional": meeting.provisional,
    }


def meeting_document(meeting: Meeting) -> dict:
    return meeting_fields(meeting) | {
        "place": meeting.place,
        "agenda": meeting.agenda,
        "turn_count": len(meeting.turns),
        "spacing_restored": meeting.spacing_restored,
        "source_url": meeting.source_url,
        "provenance": meeting.provenance,
        "revisions": meeting.revisions,
    }


def _is_letter(char: str) -> bool:
    return char.isalpha() or char.isdigit()


def _whole_nouns(text: str, terms: list[Term]) -> list[str]:
    """Nouns printed as words: nouns written together are joined (금+목걸이 → 금목걸이), and a noun that is the
    tail of a longer word whose head is no noun (귀걸이 read as 귀 + 걸이) is dropped, since it is no word anyone
    said (the member page listed 걸이 among what a member often says)."""
    nouns = [t for t in terms if not t.predicate]
    words, i = [], 0
    while i < len(nouns):
        run = [nouns[i]]
        while i + 1 < len(nouns) and nouns[i + 1].start == run[-1].end:
            i += 1
            run.append(nouns[i])
        i += 1
        head = run[0].start
        if head > 0 and _is_letter(text[head - 1]):
            continue
        words.append("".join(t.lemma for t in run))
    return words


def topic_terms(text: str, terms: list[Term]) -> list[str]:
    """Distinct nouns of two or more characters: what a turn is about, for distinctive-term counts. Numbers,
    with their units or not (208억원, 7페이지, 9.6), are values, not topics."""
    return sorted({w for w in _whole_nouns(text, terms) if len(w) >= 2 and not w[0].isdigit()})


@dataclass(frozen=True, slots=True)
class TurnAnalysis:
    """What Kiwi makes of one turn, and all a turn document needs of Kiwi: what the analysis store keeps, so
    that a re-index builds the same document without analysing again."""

    lemmas: str
    topics: list[str]
    phrases: list[str]
    words: list[str]  # each printed word's stem bigrams: where Kiwi cuts the word's endings off


def analyse_texts(texts: list[str], analyzer: KiwiAnalyzer) -> list[TurnAnalysis]:
    """The texts through Kiwi in one batch: its worker threads idle at the end of every batch."""
    return [TurnAnalysis(lemma_string(terms), topic_terms(text, terms), phrases, words)
            for text, (terms, phrases, words) in zip(texts, analyzer.turn_terms_many(texts), strict=True)]


def turn_document(meeting: Meeting, turn: Turn, analysis: TurnAnalysis, shared: dict) -> dict:
    text = turn.text
    group = turn_role_group(turn)
    return shared | {
        "turn_id": meeting.turn_id(turn),
        "seq": turn.seq,
        "year": meeting.meeting_date.year,
        "agenda_item": turn.agenda_item,
        "speaker_name": turn.speaker_name,
        "speaker_printed": turn.speaker_printed,
        "speaker_label": turn.label,
        "role": turn.role,
        "role_group": group,
        "speaker_body": answering_body(turn.role, meeting.audited_bodies) if group in ANSWERING else "",
        "party": turn.party,
        "member_id": turn.member_id,
        "speaker_key": speaker_key(turn, meeting.assembly_term),
        "mark": turn.mark,
        "text": text,
        "text_chars": len(text),
        "paragraphs": [asdict(p) for p in turn.paragraphs],
        "pages": turn.pages,
        "lemmas": analysis.lemmas,
        "topics": analysis.topics,
        "bigrams": bigram_string(text),
        "words": analysis.words,
    }


def thread_fields(meeting: Meeting) -> list[dict]:
    """Each turn's place in its question → answer thread, with the questioning member, so that a search
    can ask for the answers given to one member."""
    fields = []
    places = thread_places(meeting.turns)
    for (number, role, opened), partner in zip(places, thread_partners(meeting.turns, places), strict=True):
        asker = meeting.turns[opened] if opened is not None else None
        fields.append({"thread_id": thread_id(meeting.meeting_id, number) if number else "", "thread_role": role,
                       "thread_asker": speaker_key(asker, meeting.assembly_term) if asker else "",
                       "thread_asker_name": asker.speaker_name if asker else "",
                       "partner": _partner(meeting, partner)})
    return fields


PARTNER_EXCERPT_CHARS = 160


def _partner(meeting: Meeting, partner: tuple[str, int] | None) -> dict | None:
    """What a hit shows of its partner, stored with the turn: a results page needs no search for it."""
    if partner is None:
        return None
    relation, index = partner
    turn = meeting.turns[index]
    text = " ".join(turn.text.split())
    return {"relation": relation, "turn_id": meeting.turn_id(turn), "seq": turn.seq, "speaker_name": turn.speaker_name,
            "role": turn.role, "excerpt": text[:PARTNER_EXCERPT_CHARS] + ("…" if len(text) > PARTNER_EXCERPT_CHARS
                                                                            else "")}


def turn_documents(meeting: Meeting, analyzer: KiwiAnalyzer) -> list[dict]:
    return meetings_turn_documents([meeting], analyzer)[0]


def write_time() -> str:
    """One write time per group: alerts find "turns indexed since the last run" by it."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def analysed_turn_documents(meeting: Meeting, analyses: list[TurnAnalysis], indexed_at: str) -> list[dict]:
    """The meeting's turn documents from its turns' analysis, fresh or from the store: no Kiwi here."""
    shared = meeting_fields(meeting) | {"indexed_at": indexed_at}
    return [turn_document(meeting, turn, analysis, shared) | thread | {"phrases": analysis.phrases}
            for turn, analysis, thread in zip(meeting.turns, analyses, thread_fields(meeting), strict=True)]


def analyse_meetings(meetings: list[Meeting], analyzer: KiwiAnalyzer) -> list[list[TurnAnalysis]]:
    """Each meeting's turn analyses. All their turns go to Kiwi as one batch: a meeting is often only a few
    dozen turns, too few to keep Kiwi's threads busy."""
    analysed = analyse_texts([turn.text for meeting in meetings for turn in meeting.turns], analyzer)
    per_meeting, start = [], 0
    for meeting in meetings:
        per_meeting.append(analysed[start:start + len(meeting.turns)])
        start += len(meeting.turns)
    return per_meeting


def meetings_turn_documents(meetings: list[Meeting], analyzer: KiwiAnalyzer) -> list[list[dict]]:
    """Each meeting's turn documents, its turns analysed now."""
    written = write_time()
    return [analysed_turn_documents(meeting, analyses, written)
            for meeting, analyses in zip(meetings, analyse_meetings(meetings, analyzer), strict=True)]
