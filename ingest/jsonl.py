"""JSON Lines of meetings, for sources with no official layout. One meeting per line:

    {"committee": "보건복지위원회", "date": "2020-01-30", "session": 375, "session_kind": "임시회",
     "meeting_number": 1, "assembly_term": 20, "meeting_type": "상임위원회", "place": "…",
     "agenda": ["…"], "audited_bodies": ["…"], "source_url": "…",
     "turns": [{"speaker": "김강립", "role": "보건복지부차관", "party": "", "text": "…",
                "agenda_item": "…", "role_group": ""}]}

Required: committee, date, turns (a non-empty list, each with a non-blank speaker and text). A line
that is not UTF-8, not valid JSON (or nested too deeply), longer than MAX_LINE_BYTES, or off the schema
is reported by file and line number; the other lines still load. Optional fields default as the
official parser would derive them (term from the date, meeting type from the committee). Control
characters are stripped from every field.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import BinaryIO

from hearings.digits import ascii_digits
from ingest.decode import strip_controls
from ingest.errors import BadInput, BadRecord, check_text_length, open_regular_file
from ingest.minutes_text import meeting_type_of
from ingest.models import Meeting, Turn
from ingest.records import turn_from_record
from ingest.terms import assembly_term_on

# One sitting per line: the longest runs to a few MB of JSON; a longer line is skipped, not held in memory.
MAX_LINE_BYTES = 50 * 1024 * 1024
_SCALARS = (str, int, float)


class _NotAMeeting(ValueError):
    """A record that parses as JSON but breaks the schema; the message says where."""


def _text(raw: dict, key: str, where: str = "", required: bool = False) -> str:
    value = raw.get(key)
    if value is not None and (not isinstance(value, _SCALARS) or isinstance(value, bool)):
        raise _NotAMeeting(f'{where}"{key}" must be a string, not {type(value).__name__}')
    text = strip_controls(str(value)) if value is not None else ""
    if required and not text.strip():
        raise _NotAMeeting(f"{where}blank {key}" if where else f'"{key}" must not be blank')
    return text


def _number(raw: dict, key: str) -> int | None:
    value = raw.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) and not (isinstance(value, str) and ascii_digits(value)):
        raise _NotAMeeting(f'"{key}" must be a whole number, not {value!r:.40}')
    return int(value)


def _list(raw: dict, key: str) -> list:
    value = raw.get(key, [])
    if not isinstance(value, list):
        raise _NotAMeeting(f'"{key}" must be a list, not {type(value).__name__}')
    return value


def _strings(raw: dict, key: str) -> list[str]:
    items = _list(raw, key)
    if not all(isinstance(item, _SCALARS) and not isinstance(item, bool) for item in items):
        raise _NotAMeeting(f'"{key}" must be a list of strings')
    return [text for item in items if (text := strip_controls(str(item)).strip())]


def _turn(seq: int, raw: object) -> Turn:
    where = f"turn {seq}: "
    if not isinstance(raw, dict):
        raise _NotAMeeting(f"{where}not an object")
    for key in ("speaker", "text"):
        if key not in raw:
            raise _NotAMeeting(f'{where}missing "{key}"')
    return turn_from_record(seq, _text(raw, "speaker", where, required=True), _text(raw, "role", where),
                            _text(raw, "text", where, required=True), party=_text(raw, "party", where),
                            role_group=_text(raw, "role_group", where), agenda_item=_text(raw, "agenda_item", where))


def meeting_from_json(raw: object, source_file: str) -> Meeting:
    if not isinstance(raw, dict):
        raise _NotAMeeting(f"not a JSON object but a JSON {type(raw).__name__}")
    missing = [key for key in ("committee", "date", "turns") if key not in raw]
    if missing:
        raise _NotAMeeting(f"missing required field{'s' * (len(missing) > 1)}: {', '.join(missing)}")
    day = date.fromisoformat(str(raw["date"]))
    committee = _text(raw, "committee", required=True)
    turns = [_turn(seq, turn) for seq, turn in enumerate(_list(raw, "turns"), 1)]
    if not turns:
        raise _NotAMeeting("no turns")
    check_text_length(sum(len(turn.text) for turn in turns))
    return Meeting(
        committee=committee, meeting_date=day, session=_number(raw, "session"),
        session_kind=_text(raw, "session_kind"), meeting_number=_number(raw, "meeting_number"),
        assembly_term=_number(raw, "assembly_term") or assembly_term_on(day),
        meeting_type=_text(raw, "meeting_type") or meeting_type_of(committee), place=_text(raw, "place"),
        agenda=_strings(raw, "agenda"), audited_bodies=_strings(raw, "audited_bodies"), turns=turns,
        source_file=source_file, source_format="jsonl", source_url=_text(raw, "source_url"),
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


def _meeting_or_reason(line: bytes | None, source: str) -> Meeting | str:
    """The meeting a line holds, or why it holds none."""
    if line is None:
        return f"longer than {MAX_LINE_BYTES // (1024 * 1024)} MB; skipped"
    try:
        return meeting_from_json(json.loads(line.decode("utf-8")), source)
    except UnicodeDecodeError as error:
        return f"not UTF-8 text (byte 0x{line[error.start]:02x} at offset {error.start})"
    except RecursionError:
        return "JSON nested too deeply"
    except json.JSONDecodeError as error:
        return f"not valid JSON (JSONDecodeError: {error})"
    except (_NotAMeeting, BadInput) as error:
        return str(error)
    except (TypeError, ValueError, AttributeError) as error:
        return f"not a meeting in the documented schema ({type(error).__name__}: {error})"


def read_jsonl_meetings(path: Path) -> Iterator[Meeting | BadRecord]:
    """Every meeting of the file; a bad line becomes a BadRecord naming it and reading goes on."""
    with open_regular_file(path) as file:
        for number, line in _numbered_lines(file):
            if line is not None and not line.strip():
                continue
            found = _meeting_or_reason(line, f"{path.name}#{number}")
            yield found if isinstance(found, Meeting) else BadRecord(f"{path}#{number}", f"line {number}: {found}")
