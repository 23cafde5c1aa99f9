"""What kind of sitting a meeting is, and whom it audits, settled from every source alike.

Tables name an audit's committee ``행정안전위원회(국정감사)``: that is the committee plus the meeting type,
so the committee keeps one name (one facet entry, one page). A sitting where a candidate answers is a
confirmation hearing whatever its committee. An audit whose cover names no audited body (tables, JSON
Lines) takes the bodies its officials answer for, in the order they first answer.
"""

from __future__ import annotations

import re

from ingest.bodies import answering_body
from ingest.models import Meeting
from ingest.roles import CANDIDATE, GOVERNMENT, turn_role_group

_TYPE_SUFFIX = re.compile(r"\s*[(（]\s*(국정감사|국정조사|인사청문회|인사청문)\s*[)）]\s*$")
_SUFFIX_TYPES = {"국정감사": "국정감사", "국정조사": "국정조사", "인사청문회": "인사청문회", "인사청문": "인사청문회"}
# Types a committee's name alone gives: a candidate answering or a printed suffix says more.
_GENERIC_TYPES = {"", "상임위원회", "특별위원회", "소위원회"}


def split_committee_type(committee: str) -> tuple[str, str]:
    """``행정안전위원회(국정감사)`` → (행정안전위원회, 국정감사); a name without a type suffix → (name, "")."""
    found = _TYPE_SUFFIX.search(committee)
    if not found or not committee[: found.start()].strip():
        return committee, ""
    return committee[: found.start()].strip(), _SUFFIX_TYPES[found.group(1)]


def _answered_bodies(meeting: Meeting) -> list[str]:
    bodies = (answering_body(turn.role) for turn in meeting.turns if turn_role_group(turn) == GOVERNMENT)
    return list(dict.fromkeys(body for body in bodies if body))


def settle_sitting(meeting: Meeting) -> Meeting:
    """The committee without a type suffix, the meeting type, and an audit's bodies; changed in place."""
    meeting.committee, printed_type = split_committee_type(meeting.committee)
    if printed_type and meeting.meeting_type in _GENERIC_TYPES:
        meeting.meeting_type = printed_type
    if meeting.meeting_type in _GENERIC_TYPES and any(turn_role_group(t) == CANDIDATE for t in meeting.turns):
        meeting.meeting_type = "인사청문회"
    if meeting.meeting_type == "국정감사" and not meeting.audited_bodies:
        meeting.audited_bodies = _answered_bodies(meeting)
    return meeting
