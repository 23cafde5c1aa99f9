"""Who spoke, as one identity per person, whatever the source printed.

Tables and JSON Lines often print role and name in one cell (``후보자 이진숙``, ``방송통신위원장 직무대행
김태규``, ``대한변호사협회장 김현``, ``노종면 위원``). That cell is read as a label here, so that the name is
the person's name and the rest their role. Within a sitting, a name printed bare (``이진숙``) beside the
same name printed with a role is that person: the bare turns take the role.

The speaker key is the person: a member's code where a roster or the source gives one; otherwise the
name for members and chairs (as member pages have always been addressed), and name plus term for anyone
else (officials, candidates, witnesses). So 김현 the member and 김현 the bar association's president are
two people, while one official who is an acting head in one sitting and a witness in another is one.
Where it fails: two officials of one name in one term are one key.
"""

from __future__ import annotations

from ingest.models import Meeting, Turn
from ingest.names import looks_like_name, parse_speaker_label
from ingest.roles import CHAIR, MEMBER, turn_role_group

# Member codes as tables print a missing one (pandas and R write NaN/NA into text columns).
_BLANK_CODES = {"", "nan", "none", "null", "na", "n/a", "-"}


def clean_member_id(value: str) -> str:
    return "" if value.strip().casefold() in _BLANK_CODES else value.strip()


def speaker_key(turn: Turn, term: int | None) -> str:
    """The facet's and member pages' key for the person who spoke the turn."""
    if turn.member_id:
        return turn.member_id
    if turn_role_group(turn) in (MEMBER, CHAIR) or term is None:
        return turn.speaker_name
    return f"{turn.speaker_name}·{term}"


def _split_printed_label(turn: Turn) -> None:
    """A name cell that holds role and name together: name and role taken apart."""
    printed = " ".join(turn.speaker_printed.split())
    if " " not in printed:
        return
    label = parse_speaker_label(printed)
    if not looks_like_name(label.printed_name):  # is_speaker_label's test, on the label parsed once
        return
    turn.speaker_printed, turn.speaker_name = label.printed_name, label.name
    turn.role = turn.role or label.role  # a role given apart from the name is the fuller one
    turn.label = label.label
    turn.mark = turn.mark or label.mark


def _inherit_roles(turns: list[Turn]) -> None:
    """A bare name takes the role the same name has elsewhere in the sitting, when that is one role."""
    roles: dict[str, set[tuple[str, str]]] = {}
    for turn in turns:
        if turn.role:
            roles.setdefault(turn.speaker_name, set()).add((turn.role, turn.role_group))
    for turn in turns:
        known = roles.get(turn.speaker_name, set())
        if not turn.role and len(known) == 1:
            turn.role, group = next(iter(known))
            turn.role_group = turn.role_group or group


def settle_speakers(meeting: Meeting) -> Meeting:
    """Every turn's speaker as a person (name apart from role); the meeting is changed in place."""
    for turn in meeting.turns:
        turn.member_id = clean_member_id(turn.member_id)
        _split_printed_label(turn)
    _inherit_roles(meeting.turns)
    return meeting
