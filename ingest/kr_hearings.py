"""The kr-hearings-data tables (CC-BY-4.0; 16th–22nd Assembly) → meetings, streamed.

``meetings_*.parquet`` has one row per sitting (``conf_num`` and its metadata); ``turns_t*_*.parquet`` one
row per speaker turn (``conf_num``, ``turn_seq``, ``speech_date``, ``speaker_name``, ``role``,
``role_group``, ``party``, ``text``). Turns are read in record batches and grouped by ``conf_num`` as
they arrive (the tables are ordered by sitting), so a 15-million-row table never sits in memory.
A turns table is ingested with the meetings table found beside it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pyarrow.parquet as pq

from ingest.bounds import day_in_range, iso_day
from ingest.decode import strip_controls
from ingest.errors import BadInput, BadRecord, check_regular_file
from ingest.minutes_text import meeting_type_of
from ingest.models import Meeting, Turn
from ingest.records import turn_from_record
from ingest.roles import CANDIDATE, CHAIR, EXPERT, GOVERNMENT, MEMBER, STATEMENT, WITNESS, role_group
from ingest.terms import assembly_term_on

REQUIRED_TURN_COLUMNS = {"conf_num", "turn_seq", "speaker_name", "text"}
# The dataset's "witness" lumps 증인, 참고인 and 진술인 together: the printed role tells them apart.
_ROLE_GROUPS = {"member": MEMBER, "chair": CHAIR, "government": GOVERNMENT}
_WITNESS_GROUPS = (WITNESS, EXPERT, STATEMENT, CANDIDATE)


def is_turns_table(path: Path) -> bool:
    return path.suffix == ".parquet" and path.name.startswith("turns_")


def _meetings_table(turns_path: Path) -> dict[str, dict]:
    tables = sorted(turns_path.parent.glob("meetings_*.parquet"))
    meetings: dict[str, dict] = {}
    for table in tables:
        try:
            check_regular_file(table)
        except BadInput as error:
            raise BadInput(f"{table.name}: {error}") from error
        for batch in pq.ParquetFile(table).iter_batches(batch_size=10_000):
            for row in batch.to_pylist():
                meetings[str(row["conf_num"])] = row
    return meetings


def _as_date(value) -> date:
    if isinstance(value, datetime):
        value = value.date()
    return day_in_range(value) if isinstance(value, date) else iso_day(str(value)[:10])


def _meeting(conf_num: str, info: dict, first_turn: dict, source: str) -> Meeting:
    day = _as_date(info.get("date") or info.get("conf_date") or first_turn.get("speech_date"))
    committee = _text(info.get("committee") or info.get("comm_name") or "본회의")
    return Meeting(
        committee=committee, meeting_date=day, session=_int(info.get("session") or info.get("sess_num")),
        session_kind=_text(info.get("session_kind")),
        meeting_number=_int(info.get("meeting_number") or info.get("degree")),
        assembly_term=_int(info.get("term")) or assembly_term_on(day),
        meeting_type=str(info.get("meeting_type") or meeting_type_of(committee)), place=_text(info.get("place")),
        source_file=f"{source}#{conf_num}", source_format="kr-hearings-data",
    )


def _text(value) -> str:
    return strip_controls(str(value or ""))


def _int(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _turn(row: dict) -> Turn:
    group = str(row.get("role_group") or "")
    if group == "witness":
        printed = role_group(str(row.get("role") or ""))
        group = printed if printed in _WITNESS_GROUPS else EXPERT
    return turn_from_record(int(row["turn_seq"]), row["speaker_name"], row.get("role"), row["text"],
                            party=row.get("party"), role_group=_ROLE_GROUPS.get(group, group))


def read_kr_hearings_turns(path: Path, batch_size: int = 50_000) -> Iterator[Meeting | BadRecord]:
    """Meetings of one turns table, one at a time; a sitting with an unreadable date or turn is a BadRecord."""
    try:
        table = pq.ParquetFile(path)
    except Exception as error:  # pyarrow raises ArrowInvalid/OSError variants for damaged files
        raise BadInput(f"broken Parquet file: {error}") from error
    missing = REQUIRED_TURN_COLUMNS - set(table.schema_arrow.names)
    if missing:
        raise BadInput(f"not a kr-hearings-data turns table (missing columns: {', '.join(sorted(missing))})")
    meetings = _meetings_table(path)
    current: Meeting | None = None  # None while the turns of a bad sitting are stepped over
    current_id = None
    for batch in table.iter_batches(batch_size=batch_size):
        for row in batch.to_pylist():
            conf_num = str(row["conf_num"])
            if conf_num != current_id:
                if current is not None:
                    yield current
                current_id = conf_num
                current, bad = _sitting(conf_num, meetings.get(conf_num, {}), row, path)
                if bad:
                    yield bad
            if current is not None:
                try:
                    current.turns.append(_turn(row))
                except (TypeError, ValueError, KeyError, OverflowError) as error:  # the sitting, not the table
                    yield BadRecord(f"{path}#{conf_num}", f"sitting {conf_num}: turn {row.get('turn_seq')!r:.40} "
                                                          f"cannot be read ({type(error).__name__}: {error})")
                    current = None
    if current is not None:
        yield current


def _sitting(conf_num: str, info: dict, first_turn: dict, path: Path) -> tuple[Meeting | None, BadRecord | None]:
    """The sitting a turn opens, or why it cannot be one (its turns are then stepped over)."""
    try:
        return _meeting(conf_num, info, first_turn, path.name), None
    except (BadInput, TypeError, ValueError) as error:
        return None, BadRecord(f"{path}#{conf_num}", f"sitting {conf_num}: {error}")
