"""Question → answer pairs for export: one row per answer, beside the member's turn it answers.

An answer's question is its partner found at ingest (ingest/threads.py: the questioning member's last turn
before it in the same thread, the opening question or a follow-up once the member pressed): several answers
to one question give several rows that share it. The questions are read from the export's own point in
time, so pairs and rows agree.
"""

from __future__ import annotations

from collections.abc import Iterator

from elasticsearch import Elasticsearch

from search_api.citation import PROVISIONAL_LABEL, citation_line
from search_api.urls import turn_url

PAIR_COLUMNS = (
    "meeting_id", "assembly_term", "session", "committee", "meeting_type", "meeting_number", "date",
    "audited_bodies", "thread_id",
    "questioner", "questioner_party", "question_turn_id", "question_seq", "question",
    "answerer", "answerer_role", "answering_body", "answer_turn_id", "answer_seq", "answer",
    "question_permalink", "answer_permalink", "answer_citation", "provisional",
)
PAIR_INTEGER_COLUMNS = {"question_seq", "answer_seq"}
QUESTIONS_PER_LOOKUP = 1000


def turn_text(source: dict, include_stage_directions: bool) -> str:
    """A turn's text as exported: the speech, or every paragraph with stage directions and time marks."""
    if not include_stage_directions:
        return source.get("text", "")
    return "\n".join(p["text"] for p in source.get("paragraphs", []))


def _questions(client: Elasticsearch, pit: dict, turn_ids: list[str], paragraphs: bool) -> dict[str, dict]:
    """The asking turns of a page of answers, by id, whole."""
    found: dict[str, dict] = {}
    for start in range(0, len(turn_ids), QUESTIONS_PER_LOOKUP):
        chunk = turn_ids[start:start + QUESTIONS_PER_LOOKUP]
        response = client.search(pit=pit, size=len(chunk), track_total_hits=False,
                                 query={"terms": {"turn_id": chunk}},
                                 _source=["turn_id", "seq", "speaker_name", "party", "text", "meeting_id",
                                          *(["paragraphs"] if paragraphs else [])])
        found |= {hit["_source"]["turn_id"]: hit["_source"] for hit in response["hits"]["hits"]}
    return found


def pair_rows(client: Elasticsearch, pit: dict, answers: list[dict], public_url: str,
              columns: tuple[str, ...], include_stage_directions: bool = False) -> Iterator[dict]:
    """Rows for one page of answer turns (their _source), in the page's order."""
    asked = sorted({a["partner"]["turn_id"] for a in answers if a.get("partner")})
    questions = _questions(client, pit, asked, include_stage_directions)
    for answer in answers:
        question = questions.get((answer.get("partner") or {}).get("turn_id", ""), {})
        full = {name: answer.get(name) for name in ("meeting_id", "assembly_term", "session", "committee",
                                                    "meeting_type", "meeting_number", "date", "thread_id")}
        full |= {
            "audited_bodies": "; ".join(answer.get("audited_bodies") or []),
            "questioner": question.get("speaker_name", ""), "questioner_party": question.get("party", ""),
            "question_turn_id": question.get("turn_id", ""), "question_seq": question.get("seq"),
            "question": turn_text(question, include_stage_directions) if question else "",
            "answerer": answer["speaker_name"], "answerer_role": answer.get("role", ""),
            "answering_body": answer.get("speaker_body", ""), "answer_turn_id": answer["turn_id"],
            "answer_seq": answer["seq"], "answer": turn_text(answer, include_stage_directions),
            "question_permalink": public_url + turn_url(question["meeting_id"], question["seq"]) if question else "",
            "answer_permalink": public_url + turn_url(answer["meeting_id"], answer["seq"]),
            "answer_citation": citation_line(answer),
            "provisional": PROVISIONAL_LABEL if answer.get("provisional") else "",
        }
        yield {name: full[name] for name in columns}
