"""Acceptance check for question → answer threads against hand judgments (tests/ingest/thread_judgments.json).

Every official's turn in the two agency-questioning sittings was read and judged: which member turn it answers, or
that it answers no one (an opening work report). An answer is attached to the right question when thread_roles puts
it in the same thread as the judged question turn and marks it "answer". At least 95% must be; and of the turns
thread_roles marks "answer" among the judged ones, at least 95% must really be answers (the not-answers count
against it).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from ingest.readers import read_meeting
from ingest.threads import ANSWER, thread_roles

HERE = Path(__file__).parent
HELDOUT = HERE.parent / "heldout"
JUDGMENTS = json.loads((HERE / "thread_judgments.json").read_text(encoding="utf-8"))
FILES = sorted(JUDGMENTS["files"])
SHARE = 0.95


@cache
def _roles_by_seq(name: str) -> dict[int, tuple[int | None, str]]:
    meeting = read_meeting(HELDOUT / name)
    return {turn.seq: role for turn, role in zip(meeting.turns, thread_roles(meeting.turns), strict=True)}


@pytest.mark.parametrize("name", FILES)
def test_the_judgments_cover_real_turns(name):
    judged = JUDGMENTS["files"][name]
    roles = _roles_by_seq(name)
    seqs = [a["answer_seq"] for a in judged["answers"]] + [n["seq"] for n in judged["not_answers"]]
    assert len(seqs) == len(set(seqs)), "a turn is judged twice"
    assert judged["threads_checked"] > 0 and len(judged["answers"]) >= judged["threads_checked"]
    missing = [s for s in seqs + [a["question_seq"] for a in judged["answers"]] if s not in roles]
    assert not missing, f"judged seqs not in the parsed meeting: {missing}"


@pytest.mark.parametrize("name", FILES)
def test_answers_are_attached_to_the_question_they_answer(name):
    judged = JUDGMENTS["files"][name]
    roles = _roles_by_seq(name)
    misses = []
    for item in judged["answers"]:
        (number, role), (question_number, _) = roles[item["answer_seq"]], roles[item["question_seq"]]
        if role != ANSWER or number is None or number != question_number:
            misses.append(f"{item['answer_seq']} (answers {item['question_seq']}, thread {question_number}): "
                          f"got thread {number} {role or '-'}; {item.get('note', '')}")
    share = 1 - len(misses) / len(judged["answers"])
    print(f"{name}: {len(judged['answers']) - len(misses)}/{len(judged['answers'])} answers attached right "
          f"({share:.1%}) over {judged['threads_checked']} threads")
    assert share >= SHARE, f"{name}: only {share:.1%} of judged answers attached right; misses:\n" + "\n".join(misses)


@pytest.mark.parametrize("name", FILES)
def test_turns_marked_answer_are_answers(name):
    """Precision: among judged turns that thread_roles marks "answer", the judged not-answers are errors."""
    judged = JUDGMENTS["files"][name]
    roles = _roles_by_seq(name)
    marked_answers = sum(roles[a["answer_seq"]][1] == ANSWER for a in judged["answers"])
    wrong = [f"{n['seq']}: {n['note']}" for n in judged["not_answers"] if roles[n["seq"]][1] == ANSWER]
    precision = marked_answers / (marked_answers + len(wrong)) if marked_answers + len(wrong) else 1.0
    unmarked = len(judged["not_answers"]) - len(wrong)
    print(f"{name}: precision {precision:.1%} ({len(wrong)} of {len(judged['not_answers'])} not-answers marked "
          f"'answer', {unmarked} correctly unmarked)")
    assert precision >= SHARE, f"{name}: turns wrongly marked 'answer':\n" + "\n".join(wrong)
