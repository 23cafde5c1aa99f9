"""Recognise a minutes file by its content and parse it into a Meeting."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ingest.decode import decode_minutes_text
from ingest.errors import BadInput, BadRecord, check_regular_file, open_regular_file
from ingest.hwp import hwp_text
from ingest.jsonl import read_jsonl_meetings
from ingest.kr_hearings import is_turns_table, read_kr_hearings_turns
from ingest.markdown import looks_like_viewer_markdown, markdown_to_minutes_text, official_source_url
from ingest.minutes_text import parse_minutes_text
from ingest.models import Meeting
from ingest.pdf import pdf_text
from ingest.people import settle_speakers
from ingest.sitting_kind import settle_sitting
from ingest.table_files import TABLE_SUFFIXES
from ingest.turn_columns import TableLayout
from ingest.turn_table import read_turn_table

MAX_FILE_BYTES = 200 * 1024 * 1024
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PARQUET = b"PAR1"  # a Parquet file's first and last four bytes


def sniff_format(data: bytes) -> str:
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(_OLE2):
        return "hwp"
    return "txt"


PROVISIONAL_MARK = "임시회의록"  # printed on the cover of minutes published before their final text


def parse_minutes_bytes(data: bytes, source_file: str) -> Meeting:
    kind = sniff_format(data)
    if kind == "hwp":
        text = hwp_text(data)
    elif kind == "pdf":
        text = pdf_text(data)
    source_url = ""
    if kind == "txt":
        text = decode_minutes_text(data)
        if looks_like_viewer_markdown(text):
            source_url = official_source_url(text)
            text, kind = markdown_to_minutes_text(text), "md"
    meeting = parse_minutes_text(text, source_file=source_file, source_format=kind)
    meeting.source_url = source_url
    meeting.provisional = PROVISIONAL_MARK in text[:3000].replace(" ", "")
    return meeting


def read_file_bytes(path: Path) -> bytes:
    """A regular file's bytes. At most MAX_FILE_BYTES + 1 are read, so a file that grows while it is read,
    or whose size lies, is still refused at the limit."""
    size = check_regular_file(path)
    if size > MAX_FILE_BYTES:
        raise BadInput(f"file too large ({size // (1024 * 1024)} MB)")
    with open_regular_file(path) as file:
        data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise BadInput(f"file too large (more than {MAX_FILE_BYTES // (1024 * 1024)} MB)")
    return data


def read_meeting(path: Path) -> Meeting:
    return settled(_minutes_file(path))


def _minutes_file(path: Path) -> Meeting:
    data = read_file_bytes(path)
    if path.suffix.lower() == ".parquet" or data.startswith(_PARQUET):
        raise BadInput(_parquet_reason(data))
    return parse_minutes_bytes(data, source_file=path.name)


def _parquet_reason(data: bytes) -> str:
    """Why a Parquet file that is no kr-hearings-data turns table (nor read as a table) is not read: a
    broken one says so, rather than being tried, and refused, as text."""
    if not (data.startswith(_PARQUET) and data.endswith(_PARQUET)) or len(data) < 12:
        return "broken Parquet file (no PAR1 marker at its start and end: damaged, cut off, or not Parquet)"
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pq.ParquetFile(pa.BufferReader(data))
    except Exception as error:  # pyarrow raises ArrowInvalid/OSError variants for damaged files
        return f"broken Parquet file ({str(error)[:200]})"
    return ("a Parquet file that is not a kr-hearings-data turns table (turns_*.parquet); to read it as a table "
            "of turns, name its columns with --columns or --preset")


def settled(meeting: Meeting) -> Meeting:
    """People as identities and the sitting's kind, the same whichever source the meeting came from."""
    return settle_sitting(settle_speakers(meeting))


def read_meetings(path: Path, table: TableLayout | None = None) -> Iterator[Meeting | BadRecord]:
    for found in _read_meetings(path, table):
        yield settled(found) if isinstance(found, Meeting) else found


def _read_meetings(path: Path, table: TableLayout | None = None) -> Iterator[Meeting | BadRecord]:
    """Every meeting a file holds: one for minutes files, many for a kr-hearings-data turns table, JSON
    Lines or, given a column layout, a CSV/XLSX/Parquet table of turns (where a bad record is yielded as
    BadRecord and the rest still loads). Anything but a regular file (a FIFO, a device, a folder) is
    refused before it is opened."""
    check_regular_file(path)
    if table is not None and path.suffix.lower() in TABLE_SUFFIXES:
        yield from read_turn_table(read_file_bytes(path), path, table)
    elif is_turns_table(path):
        yield from read_kr_hearings_turns(path)
    elif path.suffix.lower() == ".jsonl":
        yield from read_jsonl_meetings(path)
    else:
        yield _minutes_file(path)
