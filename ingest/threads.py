"""Question → answer threads of a sitting: a member's questions, the answers of officials, witnesses and
candidates, and the member's follow-ups, until the next member takes the floor.

Rules (pure; over the turns in order):
- a member's turn (role group 위원) opens a thread unless the same member holds the floor already;
- a turn of an official (정부·기관) or a witness, expert witness or candidate (참고인·증인) inside a thread
  answers it; before any question it belongs to no thread (a report, an oath);
- the member's turns after an answer are follow-ups, before any answer more question;
- the chair's turns (의장단: time warnings, "다음 … 위원님") belong to no thread and do not end one.
Where it fails: a member who speaks as chair (위원장직무대행) is the chair here; a question put by the chair
to a witness opens no thread; two members questioning together alternate threads.
"""

from __future__ import annotations

from ingest.models import Turn
from ingest.roles import GOVERNMENT, MEMBER, WITNESS, role_group

QUESTION, ANSWER, FOLLOW_UP = "question", "answer", "follow-up"


def thread_roles(turns: list[Turn]) -> list[tuple[int | None, str]]:
    """For each turn, (thread number from 1, role in it) or (None, "")."""
    roles: list[tuple[int | None, str]] = []
    number, asker, answered = 0, "", False
    for turn in turns:
        group = turn.role_group or role_group(turn.role)
        if group == MEMBER:
            if turn.speaker_name != asker or number == 0:
                number, asker, answered = number + 1, turn.speaker_name, False
                roles.append((number, QUESTION))
            else:
                roles.append((number, FOLLOW_UP if answered else QUESTION))
        elif group in (GOVERNMENT, WITNESS) and asker:
            answered = True
            roles.append((number, ANSWER))
        else:
            roles.append((None, ""))
    return roles
