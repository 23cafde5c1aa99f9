"""Threads against hand judgments made by reading (tests/ingest/judgments/): the real KBS confirmation hearing
table (every answer of the candidate and his staff, 183) and the four held-out HWP sittings of agency
questioning (every official's answer right after a chair's turn, plus a sample of ordinary answers).

An answer to a member counts as right when thread_roles puts it in the member's thread as an answer. An
answer to the chair's own question, demand or admonition counts as right when it is filed under no member's
thread (it answers no member)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from ingest.models import Meeting, Turn
from ingest.readers import read_meeting, read_meetings
from ingest.roles import CHAIR, turn_role_group
from ingest.threads import ANSWER, thread_roles
from ingest.turn_columns import TableLayout
from tests.ingest.test_people import KBS_TABLE

HERE = Path(__file__).parent
KBS = json.loads((HERE / "judgments" / "kbs_hearing_table.json").read_text("utf-8"))
HELDOUT = json.loads((HERE / "judgments" / "heldout_threads.json").read_text("utf-8"))


@cache
def kbs_meeting() -> Meeting:
    meeting = next(iter(read_meetings(KBS_TABLE, TableLayout.from_options(None, "assemblykor"))))
    # The judges used the table's own speech_order; the sitting numbers its 920 rows from 1 in that order.
    orders = sorted(row["speech_order"] for row in pq.read_table(KBS_TABLE, columns=["speech_order"]).to_pylist())
    for turn, order in zip(meeting.turns, orders, strict=True):
        turn.seq = order
    return meeting


def _to_chair(item: dict, turns: dict[int, Turn]) -> bool:
    """The judges either said so, or named the chair's own turn as the one answered."""
    asked = turns.get(item["question_seq"])
    return "answers the chair" in item.get("note", "") or (asked is not None and turn_role_group(asked) == CHAIR)


def scores(meeting: Meeting, judged: dict) -> dict[str, tuple[int, int]]:
    roles = {turn.seq: role for turn, role in zip(meeting.turns, thread_roles(meeting.turns), strict=True)}
    turns = {turn.seq: turn for turn in meeting.turns}
    counts = {"member": [0, 0], "chair": [0, 0], "interrupted": [0, 0]}
    for item in judged["answers"]:
        number, role = roles[item["answer_seq"]]
        if _to_chair(item, turns):
            right = role != ANSWER
            kind = "chair"
        else:
            right = role == ANSWER and number is not None and number == roles[item["question_seq"]][0]
            kind = "member"
        for name in (kind, "interrupted") if item.get("note", "").startswith("after") else (kind,):
            counts[name][0] += right
            counts[name][1] += 1
    return {name: (right, total) for name, (right, total) in counts.items()}


def test_the_candidates_answers_in_a_real_hearing_table_are_threaded_to_the_member_who_asked():
    found = scores(kbs_meeting(), KBS)
    print("KBS hearing table:", found)
    right, total = found["member"]
    assert total >= 130 and right / total >= 0.95
    right, total = found["chair"]  # answers to the chair's own questions stay out of members' threads
    assert total >= 40 and right / total >= 0.85


@pytest.mark.parametrize("name", sorted(HELDOUT["files"]))
def test_held_out_answers_are_threaded_and_answers_to_the_chair_are_not_filed_under_a_member(name):
    found = scores(read_meeting(HERE.parent / "heldout" / name), HELDOUT["files"][name])
    print(name, found)
    right, total = found["member"]
    assert right / total >= 0.95


def test_answers_right_after_the_chair_on_held_out_minutes():
    totals = [0, 0]
    for name, judged in HELDOUT["files"].items():
        right, total = scores(read_meeting(HERE.parent / "heldout" / name), judged)["interrupted"]
        totals = [totals[0] + right, totals[1] + total]
    print("after a chair's turn:", totals)
    assert totals[1] >= 20 and totals[0] / totals[1] >= 0.85
