"""JSON Lines of meetings, for sources with no official layout. One meeting per line:

    {"committee": "보건복지위원회", "date": "2020-01-30", "session": 375, "session_kind": "임시회",
     "meeting_number": 1, "assembly_term": 20, "meeting_type": "상임위원회", "place": "…",
     "agenda": ["…"], "audited_bodies": ["…"], "source_url": "…",
     "turns": [{"speaker": "김강립", "role": "보건복지부차관", "party": "", "text": "…",
                "agenda_item": "…", "role_group": ""}]}

Required: committee, date, turns (a non-empty list, each with a non-blank speaker and text). A line
that is not UTF-8, not valid JSON (or nested too deeply), longer than MAX_LINE_BYTES, or off the schema
or a value past the bounds of ingest/bounds.py (a session of 2⁶⁴, 30 February, a 1,000-character committee)
is reported by file and line number; the other lines still load. A file whose first lines are none of them
JSON (random bytes, another format) is one failure, not one per line. Optional fields default as the
official parser would derive them (term from the date, meeting type from the committee). Control
characters are stripped from every field.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ingest import bounds
from ingest.decode import strip_controls
from ingest.errors import MAX_TEXT_CHARS, BadInput, BadRecord, check_text_length, open_regular_file
from ingest.minutes_text import meeting_type_of
from ingest.models import Meeting, Turn
from ingest.records import turn_from_record
from ingest.terms import assembly_term_on

# One sitting per line: the longest runs to a few MB of JSON; a longer line is skipped, not held in memory.
MAX_LINE_BYTES = 50 * 1024 * 1024
_SCALARS = (str, int, float)
_HEAD_BYTES = 4096
# Random bytes, or another format named .jsonl, would give one error per "line": a file whose first lines
# are none of them JSON is refused as one. A file of JSON meetings gets each bad one named, up to a bound.
GIVE_UP_LINES = 10
MAX_LISTED_LINES = 100


class _NotAMeeting(ValueError):
    """A record that parses as JSON but breaks the schema; the message says where."""


def _text(raw: dict, key: str, where: str = "", required: bool = False, limit: int = bounds.MAX_NAME_CHARS) -> str:
    value = raw.get(key)
    if value is not None and (not isinstance(value, _SCALARS) or isinstance(value, bool)):
        raise _NotAMeeting(f'{where}"{key}" must be a string, not {type(value).__name__}')
    text = bounds.short_text(strip_controls(str(value)), f'{where}"{key}"', limit) if value is not None else ""
    if required and not text.strip():
        raise _NotAMeeting(f"{where}blank {key}" if where else f'"{key}" must not be blank')
    return text


def _number(raw: dict, key: str, limits: tuple[int, int]) -> int | None:
    return bounds.whole_number(raw.get(key), f'"{key}"', limits)


def _list(raw: dict, key: str, limit: int = bounds.MAX_LIST_ITEMS) -> list:
    value = raw.get(key, [])
    if not isinstance(value, list):
        raise _NotAMeeting(f'"{key}" must be a list, not {type(value).__name__}')
    return bounds.sized(value, f'"{key}"', limit)


def _strings(raw: dict, key: str) -> list[str]:
    items = _list(raw, key)
    if not all(isinstance(item, _SCALARS) and not isinstance(item, bool) for item in items):
        raise _NotAMeeting(f'"{key}" must be a list of strings')
    return [bounds.short_text(text, f'an item of "{key}"', bounds.MAX_LINE_CHARS)
            for item in items if (text := strip_controls(str(item)).strip())]


def _turn(seq: int, raw: object) -> Turn:
    where = f"turn {seq}: "
    if not isinstance(raw, dict):
        raise _NotAMeeting(f"{where}not an object")
    for key in ("speaker", "text"):
        if key not in raw:
            raise _NotAMeeting(f'{where}missing "{key}"')
    return turn_from_record(seq, _text(raw, "speaker", where, required=True), _text(raw, "role", where),
                            _text(raw, "text", where, required=True, limit=MAX_TEXT_CHARS),
                            party=_text(raw, "party", where), role_group=_text(raw, "role_group", where),
                            agenda_item=_text(raw, "agenda_item", where, limit=bounds.MAX_LINE_CHARS))


def meeting_from_json(raw: object, source_file: str) -> Meeting:
    if not isinstance(raw, dict):
        raise _NotAMeeting(f"not a JSON object but a JSON {type(raw).__name__}")
    missing = [key for key in ("committee", "date", "turns") if key not in raw]
    if missing:
        raise _NotAMeeting(f"missing required field{'s' * (len(missing) > 1)}: {', '.join(missing)}")
    day = bounds.iso_day(raw["date"], '"date"')
    committee = _text(raw, "committee", required=True)
    turns = [_turn(seq, turn) for seq, turn in enumerate(_list(raw, "turns", bounds.MAX_TURNS), 1)]
    if not turns:
        raise _NotAMeeting("no turns")
    check_text_length(sum(len(turn.text) for turn in turns))
    return Meeting(
        committee=committee, meeting_date=day, session=_number(raw, "session", bounds.SESSION),
        session_kind=_text(raw, "session_kind"),
        meeting_number=_number(raw, "meeting_number", bounds.MEETING_NUMBER),
        assembly_term=_number(raw, "assembly_term", bounds.ASSEMBLY_TERM) or assembly_term_on(day),
        meeting_type=_text(raw, "meeting_type") or meeting_type_of(committee),
        place=_text(raw, "place", limit=bounds.MAX_LINE_CHARS), agenda=_strings(raw, "agenda"),
        audited_bodies=_strings(raw, "audited_bodies"), turns=turns, source_file=source_file,
        source_format="jsonl", source_url=_text(raw, "source_url", limit=bounds.MAX_LINE_CHARS),
    )


def _numbered_lines(file: BinaryIO) -> Iterator[tuple[int, bytes | None]]:
    """Each line with its number; None for a line longer than MAX_LINE_BYTES, which is read past in
    pieces, never held whole."""
    number = 0
    while line := file.readline(MAX_LINE_BYTES + 1):
        number += 1
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = file.readline(1024 * 1024)
            yield number, None
        else:
            yield number, line.removeprefix(b"\xef\xbb\xbf") if number == 1 else line


def _json_int(digits: str) -> int:
    """Integers as JSON writes them, refused past MAX_DIGITS before int() reads them (5,000 digits raise)."""
    if len(digits.lstrip("-")) > bounds.MAX_DIGITS:
        raise bounds.OutOfBounds(f"a number of {len(digits.lstrip('-')):,} digits (at most {bounds.MAX_DIGITS})")
    return int(digits)


def _no_constant(name: str) -> float:
    raise bounds.OutOfBounds(f"{name} is not a JSON value")


def parse_json_line(line: bytes) -> object:
    """One line as JSON, its integers bounded and NaN/Infinity refused."""
    return json.loads(line.decode("utf-8"), parse_int=_json_int, parse_constant=_no_constant)


@dataclass(frozen=True)
class _Unread:
    reason: str
    json: bool  # the line is JSON (off the schema), not bytes of some other kind


def _meeting_or_reason(line: bytes | None, source: str) -> Meeting | _Unread:
    """The meeting a line holds, or why it holds none."""
    if line is None:
        return _Unread(f"longer than {MAX_LINE_BYTES // (1024 * 1024)} MB; skipped", False)
    try:
        return meeting_from_json(parse_json_line(line), source)
    except UnicodeDecodeError as error:
        return _Unread(f"not UTF-8 text (byte 0x{line[error.start]:02x} at offset {error.start})", False)
    except RecursionError:
        return _Unread("JSON nested too deeply", True)
    except json.JSONDecodeError as error:
        return _Unread(f"not valid JSON (JSONDecodeError: {error})", False)
    except (_NotAMeeting, BadInput) as error:
        return _Unread(str(error), True)
    except (TypeError, ValueError, AttributeError) as error:
        return _Unread(f"not a meeting in the documented schema ({type(error).__name__}: {error})", True)


def _check_head(file: BinaryIO) -> None:
    """Refuse binary data as one file, not line by line: JSON Lines is UTF-8 text, which has no NUL bytes
    (random bytes have one in every 256)."""
    head = file.read(_HEAD_BYTES)
    file.seek(0)
    if b"\x00" in head:
        raise BadInput("binary data (NUL bytes), not JSON Lines (UTF-8 text; UTF-16 is not read)")


def read_jsonl_meetings(path: Path) -> Iterator[Meeting | BadRecord]:
    """Every meeting of the file; a bad line becomes a BadRecord naming it and reading goes on. A file
    whose first lines are none of them JSON is refused whole (one reason, not one per line), and past
    MAX_LISTED_LINES bad lines the rest are counted in one record."""
    listed = unlisted = 0
    syntax: list[BadRecord] | None = []  # lines that are not JSON, before the first that is
    with open_regular_file(path) as file:
        _check_head(file)
        for number, line in _numbered_lines(file):
            if line is not None and not line.strip():
                continue
            found = _meeting_or_reason(line, f"{path.name}#{number}")
            if syntax is not None and isinstance(found, _Unread) and not found.json:
                syntax.append(BadRecord(f"{path}#{number}", f"line {number}: {found.reason}"))
                if len(syntax) >= GIVE_UP_LINES:
                    raise BadInput(f"not JSON Lines: none of the first {GIVE_UP_LINES} lines is JSON "
                                   f"({syntax[0].reason})")
                continue
            yield from syntax or ()  # the file is JSON after all: its first bad lines are named like the rest
            syntax = None
            if isinstance(found, Meeting):
                yield found
            elif listed < MAX_LISTED_LINES:
                listed += 1
                yield BadRecord(f"{path}#{number}", f"line {number}: {found.reason}")
            else:
                unlisted += 1
    yield from syntax or ()
    if unlisted:
        yield BadRecord(f"{path}#…", f"{unlisted:,} more bad lines, not listed")
