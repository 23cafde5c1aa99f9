"""The bounds a value read from a file must keep before a Meeting holds it: numbers, dates, text lengths,
list sizes. A value past them is refused with a reason naming the field, never handed on: a session of
2⁶⁴ would otherwise pass every parser and fail only when the engine's client cannot serialize it, taking
the rest of the batch with it.

The bounds are wide for real minutes (the 22nd Assembly sits in its ~430th session) and far inside what
the index stores (`integer` fields, 2³¹ − 1).
"""

from __future__ import annotations

import re
from datetime import date

from ingest.errors import BadInput
from ingest.models import Meeting

SESSION = (1, 9_999)  # 회기: the 436th sat in 2026
MEETING_NUMBER = (0, 9_999)  # 차수/호 within a session
ASSEMBLY_TERM = (1, 99)  # 대: the 22nd from 2024
FIRST_YEAR, LAST_YEAR = 1948, 2100  # the Assembly first sat in 1948
MAX_DIGITS = 20  # a written number longer than this is not a count (and int() of 5,000 digits raises)
MAX_NAME_CHARS = 300  # committee, speaker, role, party, session kind, meeting type
MAX_LINE_CHARS = 10_000  # place, an agenda item, a source address
MAX_TURNS = 100_000  # a 500-page sitting has a few thousand
MAX_LIST_ITEMS = 5_000  # agenda items, audited bodies
TURN_SEQ = (0, 10_000_000)  # a table's own turn numbers may run past the count of turns
PRINTED_PAGE = (0, 100_000)
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


class OutOfBounds(BadInput):
    """A value of a record outside what the field can hold; the message names the field and the value."""


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def whole_number(value: object, what: str, bounds: tuple[int, int]) -> int | None:
    """A count written as a number or as ASCII digits, within bounds; None or "" is None (not given)."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= MAX_DIGITS:
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise OutOfBounds(f"{what} must be a whole number, not {_shown(value)}")
    low, high = bounds
    if not low <= value <= high:
        raise OutOfBounds(f"{what} {_shown(value)} is outside {low}–{high}")
    return value


def day_in_range(day: date, what: str = "date") -> date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise OutOfBounds(f"{what} {day.isoformat()} is outside {FIRST_YEAR}–{LAST_YEAR}")
    return day


def calendar_day(year: int, month: int, day: int, what: str = "date") -> date:
    """A date from its printed parts; an impossible one (month 13, 30 February) is refused by name."""
    try:
        found = date(year, month, day)
    except (ValueError, OverflowError) as error:
        raise OutOfBounds(f"{what} {year}-{month:02d}-{day:02d} is not a calendar date ({error})") from error
    return day_in_range(found, what)


def iso_day(value: object, what: str = "date") -> date:
    """A date written YYYY-MM-DD, a real one, within the Assembly's years."""
    found = _ISO_DAY.fullmatch(value.strip()) if isinstance(value, str) else None
    if not found:
        raise OutOfBounds(f"{what} {_shown(value)} is not a date (YYYY-MM-DD)")
    return calendar_day(*(int(part) for part in found.groups()), what=what)


def short_text(text: str, what: str, limit: int = MAX_NAME_CHARS) -> str:
    if len(text) > limit:
        raise OutOfBounds(f"{what} is {len(text):,} characters long (at most {limit:,})")
    return text


def sized(items: list, what: str, limit: int) -> list:
    if len(items) > limit:
        raise OutOfBounds(f"{what} has {len(items):,} items (at most {limit:,})")
    return items


def check_meeting(meeting: Meeting) -> Meeting:
    """The meeting, when every value it holds is within bounds, whichever reader made it: the last check
    before its documents are built."""
    for value, what, bounds in ((meeting.session, "session", SESSION),
                                (meeting.meeting_number, "meeting number", MEETING_NUMBER),
                                (meeting.assembly_term, "assembly term", ASSEMBLY_TERM)):
        whole_number(value, what, bounds)
    if not isinstance(meeting.meeting_date, date):
        raise OutOfBounds(f"date {_shown(meeting.meeting_date)} is not a date")
    day_in_range(meeting.meeting_date)
    for text, what in ((meeting.committee, "committee"), (meeting.session_kind, "session kind"),
                       (meeting.meeting_type, "meeting type")):
        short_text(text, what)
    short_text(meeting.place, "place", MAX_LINE_CHARS)
    short_text(meeting.source_url, "source_url", MAX_LINE_CHARS)
    for items, what in ((meeting.agenda, "agenda"), (meeting.audited_bodies, "audited_bodies")):
        for item in sized(items, what, MAX_LIST_ITEMS):
            short_text(item, f"an item of {what}", MAX_LINE_CHARS)
    for turn in sized(meeting.turns, "turns", MAX_TURNS):
        whole_number(turn.seq, "turn number", TURN_SEQ)
        for page in turn.pages:
            whole_number(page, f"turn {turn.seq}: printed page", PRINTED_PAGE)
        for text, what in ((turn.speaker_printed, "speaker"), (turn.role, "role"), (turn.party, "party"),
                           (turn.role_group, "role_group")):
            short_text(text, f"turn {turn.seq}: {what}")
        short_text(turn.agenda_item, f"turn {turn.seq}: agenda_item", MAX_LINE_CHARS)
    return meeting
