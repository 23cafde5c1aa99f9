"""Question → answer threads of a sitting: a member's questions, the answers of officials, witnesses and
candidates, and the member's follow-ups, until the next member takes the floor.

Rules (pure; over the turns in order):
- a member's turn (role group 위원) opens a thread unless the same member holds the floor already;
- a turn of an official (정부·기관), a candidate (후보자), a witness (증인), an expert witness (참고인) or a
  hearing's speaker (진술인) inside a thread answers it; before any question it belongs to no thread (a
  report, an oath);
- Assembly staff (국회 직원: 전문위원 reports) answer for no one and belong to no thread;
- the member's turns after an answer are follow-ups, before any answer more question;
- an answer after an interruption (a turn not by the asker) that names, at its start, a member who asked
  earlier ("박범계 위원님이 … 말씀하셨는데") answers that member's latest thread (the chair gave the
  official the floor after another member's turn);
- the chair's turns (의장단: time warnings, "다음 … 위원님") belong to no thread and do not end one,
  except where the chair calls a recess, resumes, or gives the floor for a report or an oath: what
  follows answers no member.
Where it fails: a member who speaks as chair (위원장직무대행) is the chair here; a question put by the chair
to a witness opens no thread; two members questioning together alternate threads.
"""

from __future__ import annotations

import re

from ingest.models import Turn
from ingest.roles import ANSWERING, CHAIR, MEMBER, turn_role_group

QUESTION, ANSWER, FOLLOW_UP = "question", "answer", "follow-up"


def thread_id(meeting_id: str, number: int) -> str:
    """The stored id of a meeting's n-th thread (turns' thread_id)."""
    return f"{meeting_id}-t{number:04d}"


def thread_number(stored_id: str) -> int:
    return int(stored_id.rsplit("-t", 1)[1])

# "정회를 선포합니다", "회의를 속개하겠습니다", "업무현황을 보고받도록 하겠습니다", "업무보고해 주시기 바랍니다"
_CHAIR_ENDS_THREAD = re.compile(r"정회|속개|산회|보고받|보고해\s*주|보고하여\s*주|업무보고|선서")


def thread_roles(turns: list[Turn]) -> list[tuple[int | None, str]]:
    """For each turn, (thread number from 1, role in it) or (None, "")."""
    return [(number, role) for number, role, _ in thread_places(turns)]


def thread_places(turns: list[Turn]) -> list[tuple[int | None, str, int | None]]:
    """For each turn, (thread number from 1, role in it, index of the thread's opening question) or
    (None, "", None)."""
    places: list[tuple[int | None, str, int | None]] = []
    number, asker, opened, answered, chair_asks = 0, "", None, False, False
    latest: dict[str, tuple[int, int]] = {}  # each member's latest thread: (number, index of its question)
    for index, turn in enumerate(turns):
        group = turn_role_group(turn)
        # After the asker's own turn an answer answers the asker, whomever else it names ("조인철 위원님께서
        #재생해 주신 …"); after the chair's or anyone else's, the member it names is the one it answers.
        interrupted = index > 0 and turns[index - 1].speaker_name != asker
        addressed = _addressee(turn.text, latest) if group in ANSWERING and interrupted else None
        if group == MEMBER:
            chair_asks = False
            if turn.speaker_name != asker or number == 0:
                number, asker, opened, answered = number + 1, turn.speaker_name, index, False
                latest[asker] = (number, index)
                places.append((number, QUESTION, opened))
            else:
                places.append((number, FOLLOW_UP if answered else QUESTION, opened))
        elif addressed and addressed != asker and not chair_asks:  # "박범계 위원님이 … 말씀하셨는데"
            places.append((latest[addressed][0], ANSWER, latest[addressed][1]))
        elif group in ANSWERING and asker and not chair_asks:
            answered = True
            places.append((number, ANSWER, opened))
        else:
            if group == CHAIR:
                asker = "" if _CHAIR_ENDS_THREAD.search(turn.text) else asker
                # The chair replying to a witness who spoke outside any thread ("발언 기회를 주시면 …" → "나중에
                # 발언 줄게요" → "예, 알겠습니다") is their own exchange: the reply answers no member either,
                # unless the chair sends the witness back to the member's question ("짧게 답변해 주시지요").
                after_outsider = bool(places) and places[-1][0] is None and \
                    turn_role_group(turns[index - 1]) in ANSWERING and "답변" not in turn.text
                chair_asks = chair_takes_the_floor(turn.text) or after_outsider
            places.append((None, "", None))
    return places


def _addressee(text: str, askers: dict[str, tuple[int, int]]) -> str | None:
    """The member an answer names at its start ("정태옥 위원님 말씀하신 …"), among those who asked before."""
    found = _ADDRESSED.search(text[:ADDRESS_CHARS])
    return found.group(1) if found and found.group(1) in askers else None


ADDRESS_CHARS = 80  # an answer names its addressee in its first sentence or two
_ADDRESSED = re.compile(r"([가-힣]{2,4})\s*위원(?:님|께서)")


def chair_takes_the_floor(text: str) -> bool:
    """Whether a chair's turn is the chair's own exchange with the witness (a question, a demand, a
    correction), which the next answers reply to, rather than managing the floor ("짧게 답변해 주시지요",
    "정리하시지요", "○○ 위원님 수고하셨습니다"). Read by length: managing the floor takes a line, the chair's own
    questions take more (judged on a real confirmation hearing table, where the chair asks a quarter of
    the candidate's questions)."""
    text = text.strip()
    if len(text) >= CHAIR_QUESTION_CHARS:
        return True
    return bool(_ASKS.search(text)) and (bool(_DEMANDS.search(text)) or not _MANAGES_THE_FLOOR.search(text))


CHAIR_QUESTION_CHARS = 60
# A short turn of the chair's own: a question or a request ("총장께서는 … 각별히 유의해 주세요", "검찰국장 뭐
# 말씀 있으신가요?") that is not about the floor (answer briefly, wrap up, the next member, time).
_ASKS = re.compile(r"\?|주세요|주십시오|주시지요|바랍니다")
_MANAGES_THE_FLOOR = re.compile(r"답변|정리|짧게|말씀하|보충|수고|위원|질의|시간|얘기|발언|계속")
# A demand made of the witness is the chair's own even in floor words ("정리를 하셔 가시고요, … 제출해 주시지요").
_DEMANDS = re.compile(r"제출|시정|유의|명심")


def thread_partners(turns: list[Turn], places: list | None = None) -> list[tuple[str, int] | None]:
    """For each turn, its partner in the thread as (relation, index): under an answer the asking turn it
    answers (the nearest question or follow-up before it), under an asking turn the first answer after it.
    Found here, once, so that a results page needs no further search to show them."""
    places = places if places is not None else thread_places(turns)
    partners: list[tuple[str, int] | None] = []
    for index, (number, role, _) in enumerate(places):
        if role == ANSWER:
            partners.append(_nearest(places, number, range(index - 1, -1, -1), (QUESTION, FOLLOW_UP), "질문"))
        elif role in (QUESTION, FOLLOW_UP):
            partners.append(_nearest(places, number, range(index + 1, len(places)), (ANSWER,), "답변"))
        else:
            partners.append(None)
    return partners


def _nearest(places, number: int, indices: range, roles: tuple[str, ...], relation: str) -> tuple[str, int] | None:
    for i in indices:
        other = places[i][0]
        if other is not None and other != number:
            return None  # left the thread (the chair's turns inside it are None)
        if other == number and places[i][1] in roles:
            return relation, i
    return None
