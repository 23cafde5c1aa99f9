"""A researcher's table of speaker turns (CSV, XLSX or Parquet; columns named by ingest/turn_columns.py)
→ meetings.

Turns are grouped into sittings by date and committee, plus session and meeting number where those are
mapped, and ordered by `order` (row order where there is none, or where two rows share an order). The
rows of a sitting need not be adjacent, so the table is held whole: the file is capped by the readers'
file size, what it unpacks to (ingest/table_files.py) and MAX_TABLE_ROWS. A row without text, date,
committee or speaker, or with a date, order or number that does not parse, is a BadRecord naming its row
number and reason; the other rows still load. Cells are data only: a cell starting with ``=`` is text.

Roles: the `role` column where mapped, else the role printed in the speaker `label` (``위원장 이상민``,
``윤한홍 위원``), else 위원 for a speaker with a member id. A `role` column holding a dataset's speaker
class (``legislator``, ``nominee``, ``chair``) gives the role group, and the label the role.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ingest.bounds import MEETING_NUMBER, SESSION, OutOfBounds, short_text, whole_number
from ingest.decode import strip_controls
from ingest.errors import BadInput, BadRecord, check_text_length
from ingest.minutes_text import meeting_type_of
from ingest.models import Meeting, Turn
from ingest.names import parse_speaker_label
from ingest.people import clean_member_id
from ingest.records import turn_from_record
from ingest.roles import MEMBER, class_group
from ingest.table_files import open_table
from ingest.terms import assembly_term_on
from ingest.turn_columns import TableLayout

# Held in memory to group sittings whatever the row order; a whole term of committee turns is well under it.
MAX_TABLE_ROWS = 2_000_000
SOURCE_FORMAT = "turn-table"
_DAY = re.compile(r"(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})(?:\s*일)?|(\d{4})(\d{2})(\d{2})")
_TIME = re.compile(r"(?:[T\s]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_LABEL_MARKS = "◯○ "  # a label copied from the minutes may keep the speaker mark


class BadRow(ValueError):
    """A row that cannot be a turn; the message says why."""


@dataclass(frozen=True, slots=True)
class Sitting:
    day: date
    committee: str
    session: int | None = None
    number: int | None = None


@dataclass(slots=True)
class TableTurn:
    row: int
    sitting: Sitting
    order: float | None
    turn: Turn


def cell_text(value: object) -> str:
    """A cell as text: blanks (None, NaN) empty, whole floats without ``.0`` (Excel stores numbers so)."""
    if value is None or isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return strip_controls(str(value)).strip()


def parse_day(value: object) -> date:
    """A date cell: a date (XLSX, Parquet) or text such as 2020-01-30, 2020.1.30, 20200130, 2020년 1월 30일,
    with a time after it allowed."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    found = _DAY.match(text)
    if not found or not _TIME.fullmatch(text[found.end():]):
        raise BadRow(f"date {text!r:.40} is not a date (YYYY-MM-DD)" if text else "no date")
    year, month, day = (int(part) for part in (found.groups()[:3] if found.group(1) else found.groups()[3:]))
    try:
        parsed = date(year, month, day)
    except ValueError as error:
        raise BadRow(f"date {text!r:.40} is not a date ({error})") from error
    if not 1948 <= parsed.year <= 2100:  # the Assembly first sat in 1948
        raise BadRow(f"date {text!r:.40} is outside 1948–2100")
    return parsed


def parse_order(value: object) -> float:
    """The turn's place in its sitting: any finite number (a half step keeps an inserted turn in place)."""
    if isinstance(value, bool):
        raise BadRow(f"order {value!r} is not a number")
    text = cell_text(value)
    try:
        order = float(value) if isinstance(value, int | float) else float(text.replace(",", ""))
    except ValueError:
        order = math.nan
    if not math.isfinite(order):
        raise BadRow(f"order {text!r:.40} is not a number" if text else "no order")
    return order


def parse_count(value: object, what: str, bounds: tuple[int, int] = MEETING_NUMBER) -> int | None:
    """A session or meeting number: 2, 2.0, ``제2차``, ``제429회``; blank is None."""
    text = cell_text(value)
    if not text:
        return None
    found = re.fullmatch(r"(?:제\s*)?(\d{1,6})(?:\.0+)?\s*(?:차|회|호)?(?:\s*\(.*\))?", text)
    if not found:
        raise BadRow(f"{what} {text!r:.40} is not a number")
    try:
        return whole_number(found.group(1), what, bounds)
    except OutOfBounds as error:
        raise BadRow(str(error)) from error


def _speaker_turn(cells: dict[str, object], text: str) -> Turn:
    label_text = short_text(cell_text(cells.get("label")).lstrip(_LABEL_MARKS), "label")
    label = parse_speaker_label(label_text) if label_text else None
    printed = short_text(cell_text(cells.get("speaker")) or (label.printed_name if label else ""), "speaker")
    if not printed:
        raise BadRow("no speaker")
    member_id = clean_member_id(short_text(cell_text(cells.get("member_id")), "member_id"))
    role_cell = short_text(cell_text(cells.get("role")), "role")
    group = class_group(role_cell)  # a dataset's class (legislator, nominee) is a group, not a printed role
    role = (role_cell if not group else "") or (label.role if label else "") or (MEMBER if member_id else "")
    # The printed role says more than a class: a dataset's "chair" or "nominee" covers an acting head or a
    # candidate's staff, who answer.
    turn = turn_from_record(0, printed, role, text, role_group="" if role else group)
    turn.member_id = member_id
    if label:  # the label as printed, and its (비)-style mark
        turn.label, turn.mark = label.label, label.mark
    return turn


def table_turn(row: int, cells: dict[str, object]) -> TableTurn:
    """One row (cells by key) as a turn of its sitting; BadRow says why it cannot be one."""
    text = cell_text(cells.get("text"))
    if not text:
        raise BadRow("no text")
    committee = short_text(cell_text(cells.get("committee")), "committee")
    if not committee:
        raise BadRow("no committee")
    sitting = Sitting(parse_day(cells.get("date")), committee,
                      parse_count(cells.get("session"), "session", SESSION),
                      parse_count(cells.get("meeting"), "meeting number", MEETING_NUMBER))
    order = parse_order(cells.get("order")) if "order" in cells else None
    return TableTurn(row, sitting, order, _speaker_turn(cells, text))


def _shared_orders(turns: list[TableTurn]) -> list[str]:
    rows: dict[float, list[int]] = {}
    for turn in turns:
        if turn.order is not None:
            rows.setdefault(turn.order, []).append(turn.row)
    shared = [f"order {order:g} on rows {', '.join(map(str, found))}" for order, found in rows.items()
              if len(found) > 1]
    return [f"{'; '.join(shared[:5])}{' …' * (len(shared) > 5)}; kept in row order"] if shared else []


def sitting_meeting(sitting: Sitting, turns: list[TableTurn], source_name: str) -> Meeting:
    """The sitting's turns in order (by `order`, then row), numbered from 1."""
    ordered = sorted(turns, key=lambda t: (t.order if t.order is not None else 0.0, t.row))
    for seq, table_row in enumerate(ordered, 1):
        table_row.turn.seq = seq
    committee, day = sitting.committee, sitting.day
    where = " ".join(part for part in (f"{day}", committee, sitting.session and f"제{sitting.session}회",
                                       sitting.number and f"제{sitting.number}차") if part)
    return Meeting(committee=committee, meeting_date=day, session=sitting.session, session_kind="",
                   meeting_number=sitting.number, assembly_term=assembly_term_on(day),
                   meeting_type=meeting_type_of(committee), turns=[t.turn for t in ordered],
                   source_file=f"{source_name}#{where}", source_format=SOURCE_FORMAT,
                   warnings=_shared_orders(ordered))


def group_sittings(turns: Iterable[TableTurn]) -> dict[Sitting, list[TableTurn]]:
    """Turns by sitting, sittings in the order they first appear."""
    sittings: dict[Sitting, list[TableTurn]] = {}
    for turn in turns:
        sittings.setdefault(turn.sitting, []).append(turn)
    return sittings


def read_turn_table(data: bytes, path: Path, layout: TableLayout) -> Iterator[Meeting | BadRecord]:
    """Bad rows first, as they are met (each a BadRecord), then the meetings of every good row."""
    table = open_table(data, path.suffix.lower())
    columns = layout.resolve(table.header)
    keys = list(columns)
    good: list[TableTurn] = []
    for count, (row, values) in enumerate(table.rows([columns[key] for key in keys]), 1):
        if count > MAX_TABLE_ROWS:
            raise BadInput(f"more than {MAX_TABLE_ROWS:,} rows (split the table, e.g. by year)")
        try:
            if isinstance(values, str):
                raise BadRow(values)
            good.append(table_turn(row, dict(zip(keys, values, strict=True))))
        except (BadRow, OutOfBounds) as error:
            yield BadRecord(f"{path}#row{row}", f"row {row}: {error}")
    for sitting, turns in group_sittings(good).items():
        meeting = sitting_meeting(sitting, turns, path.name)
        try:
            check_text_length(sum(len(turn.text) for turn in meeting.turns))
        except BadInput as error:
            yield BadRecord(f"{path}#{meeting.source_file.partition('#')[2]}", str(error))
            continue
        yield meeting
