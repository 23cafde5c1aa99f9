"""A parsed Meeting → the documents Elasticsearch stores (turns with their search terms, one meeting)."""

from __future__ import annotations

from dataclasses import asdict

from hearings.analysis import KiwiAnalyzer, Term, bigram_string, lemma_string, word_bigrams
from ingest.models import Meeting, Turn
from ingest.roles import role_group
from ingest.threads import thread_roles


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


def turn_role_group(turn: Turn) -> str:
    return turn.role_group or role_group(turn.role)


def topic_terms(terms: list[Term]) -> list[str]:
    """Distinct nouns of two or more characters: what a turn is about, for distinctive-term counts."""
    return sorted({t.lemma for t in terms if not t.predicate and len(t.lemma) >= 2 and not t.lemma.isdigit()})


def turn_document(meeting: Meeting, turn: Turn, terms: list[Term], shared: dict) -> dict:
    text = turn.text
    return shared | {
        "turn_id": meeting.turn_id(turn),
        "seq": turn.seq,
        "year": meeting.meeting_date.year,
        "agenda_item": turn.agenda_item,
        "speaker_name": turn.speaker_name,
        "speaker_printed": turn.speaker_printed,
        "speaker_label": turn.label,
        "role": turn.role,
        "role_group": turn_role_group(turn),
        "party": turn.party,
        "member_id": turn.member_id,
        # Who spoke, as the speaker facet and member pages key it: a member by code, anyone else by name.
        "speaker_key": turn.member_id or turn.speaker_name,
        "mark": turn.mark,
        "text": text,
        "text_chars": len(text),
        "paragraphs": [asdict(p) for p in turn.paragraphs],
        "lemmas": lemma_string(terms),
        "topics": topic_terms(terms),
        "bigrams": bigram_string(text),
        "words": word_bigrams(text),
    }


def turn_documents(meeting: Meeting, analyzer: KiwiAnalyzer) -> list[dict]:
    shared = meeting_fields(meeting)
    all_terms = analyzer.terms_many([turn.text for turn in meeting.turns])
    threads = thread_roles(meeting.turns)
    return [
        turn_document(meeting, turn, terms, shared) | {
            "thread_id": f"{meeting.meeting_id}-t{number:04d}" if number else "", "thread_role": role}
        for turn, terms, (number, role) in zip(meeting.turns, all_terms, threads, strict=True)
    ]
