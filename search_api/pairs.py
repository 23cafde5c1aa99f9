"""Question → answer pairs for export: one row per answer, beside the member's turn it answers.

An answer's question is the questioning member's last turn before it in the same thread (the opening
question, or a follow-up once the member pressed): several answers to one question give several rows that
share it. The questions are read from the export's own point in time, so pairs and rows agree.
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
THREADS_PER_LOOKUP = 100  # threads of one question lookup; a thread has at most a few dozen member turns
MEMBER_TURNS_PER_LOOKUP = 10_000


def _member_turns(client: Elasticsearch, pit: dict, thread_ids: list[str]) -> dict[str, list[dict]]:
    """The questioning member's turns of these threads, in order, by thread."""
    by_thread: dict[str, list[dict]] = {}
    for start in range(0, len(thread_ids), THREADS_PER_LOOKUP):
        chunk = thread_ids[start:start + THREADS_PER_LOOKUP]
        found = client.search(
            pit=pit, size=MEMBER_TURNS_PER_LOOKUP, track_total_hits=False,
            query={"bool": {"filter": [{"terms": {"thread_id": chunk}},
                                       {"terms": {"thread_role": ["question", "follow-up"]}}]}},
            sort=[{"thread_id": "asc"}, {"seq": "asc"}],
            _source=["turn_id", "thread_id", "seq", "speaker_name", "party", "text", "meeting_id"])
        for hit in found["hits"]["hits"]:
            by_thread.setdefault(hit["_source"]["thread_id"], []).append(hit["_source"])
    return by_thread


def _question_for(answer: dict, questions: list[dict]) -> dict | None:
    earlier = [q for q in questions if q["seq"] < answer["seq"]]
    return earlier[-1] if earlier else None


def pair_rows(client: Elasticsearch, pit: dict, answers: list[dict], public_url: str,
              columns: tuple[str, ...]) -> Iterator[dict]:
    """Rows for one page of answer turns (their _source), in the page's order."""
    questions = _member_turns(client, pit, sorted({a["thread_id"] for a in answers if a.get("thread_id")}))
    for answer in answers:
        question = _question_for(answer, questions.get(answer.get("thread_id", ""), [])) or {}
        full = {name: answer.get(name) for name in ("meeting_id", "assembly_term", "session", "committee",
                                                    "meeting_type", "meeting_number", "date", "thread_id")}
        full |= {
            "audited_bodies": "; ".join(answer.get("audited_bodies") or []),
            "questioner": question.get("speaker_name", ""), "questioner_party": question.get("party", ""),
            "question_turn_id": question.get("turn_id", ""), "question_seq": question.get("seq"),
            "question": question.get("text", ""),
            "answerer": answer["speaker_name"], "answerer_role": answer.get("role", ""),
            "answering_body": answer.get("speaker_body", ""), "answer_turn_id": answer["turn_id"],
            "answer_seq": answer["seq"], "answer": answer.get("text", ""),
            "question_permalink": public_url + turn_url(question["meeting_id"], question["seq"]) if question else "",
            "answer_permalink": public_url + turn_url(answer["meeting_id"], answer["seq"]),
            "answer_citation": citation_line(answer),
            "provisional": PROVISIONAL_LABEL if answer.get("provisional") else "",
        }
        yield {name: full[name] for name in columns}
