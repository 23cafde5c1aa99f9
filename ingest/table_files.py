"""A table file's header and rows (CSV, XLSX, Parquet), from its bytes (read size-checked by the caller).

Rows are numbered as the table's own tool shows them: in CSV and XLSX the header is row 1, so the first
turn is row 2; Parquet has no header row, so its first row is row 1. A row whose layout is off (more
non-blank fields than the header in a CSV) comes back as the reason instead of its values.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.parquet as pq

from ingest.decode import decode_table_text
from ingest.errors import MAX_TEXT_CHARS, BadInput

TABLE_SUFFIXES = frozenset({".csv", ".xlsx", ".parquet"})
# XLSX is zipped XML and Parquet compressed columns: what they unpack to is capped, not just the file.
# XML runs 2–5 times the size of its text, so this leaves room for the largest file readers accept.
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
MAX_ZIP_ENTRIES = 10_000

Row = tuple[int, tuple | str]  # row number, the wanted values in order (or why the row cannot be read)


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: Callable[[Sequence[str]], Iterator[Row]]  # the named columns' values, row by row


def open_table(data: bytes, suffix: str) -> Table:
    readers = {".csv": _csv_table, ".xlsx": _xlsx_table, ".parquet": _parquet_table}
    if suffix not in readers:
        raise BadInput(f"not a table file ({', '.join(sorted(TABLE_SUFFIXES))})")
    return readers[suffix](data)


def _blank(values: Sequence[object]) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def _positional(header: list[str], records: Iterator[tuple[int, Sequence[object]]], strict_width: bool,
                columns: Sequence[str]) -> Iterator[Row]:
    """Values of the named columns from rows given by position; blank rows skipped."""
    where = [header.index(column) for column in columns]
    for number, record in records:
        if _blank(record):
            continue
        if strict_width and len(record) > len(header) and not _blank(record[len(header):]):
            yield number, f"{len(record)} fields where the header has {len(header)} (an unquoted comma?)"
            continue
        yield number, tuple(record[i] if i < len(record) else None for i in where)


def _header(cells: Sequence[object] | None) -> list[str]:
    if cells is None or _blank(cells):
        raise BadInput("no header row (the first row must name the columns)")
    return ["" if cell is None else str(cell).removeprefix("\ufeff").strip() for cell in cells]


def _csv_table(data: bytes) -> Table:
    if not data.strip():
        raise BadInput("empty file")
    text = decode_table_text(data)
    # A speech can outrun csv's default field limit (128 K characters); the limit is process-wide, so it is
    # only ever raised, to the cap of text per sitting.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_TEXT_CHARS))
    reader = csv.reader(io.StringIO(text, newline=""))
    header = _header(_csv_next(reader))
    return Table(header, lambda columns: _positional(header, _numbered(reader), True, columns))


def _csv_next(reader) -> list[str] | None:
    try:
        return next(reader, None)
    except csv.Error as error:
        raise BadInput(f"not readable as CSV at line {reader.line_num}: {error}") from error


def _numbered(reader) -> Iterator[tuple[int, list[str]]]:
    """Records numbered as a spreadsheet shows them (a quoted field may span lines: records, not lines)."""
    number = 1
    while (record := _csv_next(reader)) is not None:
        number += 1
        yield number, record


def _check_zip(data: bytes) -> None:
    """Refuse a zip bomb from its directory, before anything is inflated. The sizes declared there bound
    what is read: Python's zipfile stops each member at its declared size (and checks its CRC)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise BadInput(f"not an XLSX file (not a zip archive: {error})") from error
    with archive:
        members = archive.infolist()
    if len(members) > MAX_ZIP_ENTRIES:
        raise BadInput(f"not a plausible XLSX file ({len(members):,} members in the archive)")
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise BadInput(f"XLSX unpacks to {unpacked // (1024 * 1024):,} MB, more than "
                       f"{MAX_UNPACKED_BYTES // (1024 * 1024):,} MB (a zip bomb, or a table to split)")


def _xlsx_table(data: bytes) -> Table:
    import openpyxl  # only tables in XLSX need it
    from openpyxl.utils.exceptions import InvalidFileException

    _check_zip(data)
    try:
        # read_only streams the sheet XML (no cell objects kept); data_only gives what Excel showed, never a
        # formula to evaluate. The XML parser is expat ≥ 2.4.1, which refuses entity-expansion bombs.
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise BadInput(f"not a readable XLSX file ({type(error).__name__}: {error})") from error
    if not book.worksheets:
        book.close()
        raise BadInput("XLSX file without a worksheet")
    sheet = book.worksheets[0]
    sheet.reset_dimensions()  # some writers record a wrong used range; read to the real end instead
    rows = _damage_named(enumerate(sheet.iter_rows(values_only=True), 1))
    header = _header(next(rows, (0, None))[1])

    def read(columns: Sequence[str]) -> Iterator[Row]:
        try:
            yield from _positional(header, rows, False, columns)
        finally:
            book.close()

    return Table(header, read)


def _damage_named(rows: Iterator[tuple[int, Sequence[object]]]) -> Iterator[tuple[int, Sequence[object]]]:
    """An XLSX sheet's rows; what openpyxl raises for damaged XML or a cell it cannot read (a number of
    5,000 digits, a date past year 9999) becomes BadInput naming the last row read."""
    number = 0
    try:
        for number, cells in rows:
            yield number, cells
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, OSError, zipfile.BadZipFile) as error:
        raise BadInput(f"XLSX file damaged after row {number} ({type(error).__name__}: {str(error)[:200]})") from error


def _parquet_table(data: bytes) -> Table:
    try:
        table = pq.ParquetFile(pa.BufferReader(data))
    except Exception as error:  # pyarrow raises ArrowInvalid/OSError variants for damaged files
        raise BadInput(f"broken Parquet file: {error}") from error
    meta = table.metadata
    unpacked = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    if unpacked > MAX_UNPACKED_BYTES:
        raise BadInput(f"Parquet unpacks to {unpacked // (1024 * 1024):,} MB, more than "
                       f"{MAX_UNPACKED_BYTES // (1024 * 1024):,} MB (a table to split)")

    def read(columns: Sequence[str]) -> Iterator[Row]:
        wanted = list(dict.fromkeys(columns))
        number = 0
        try:
            for batch in table.iter_batches(batch_size=10_000, columns=wanted):
                values = _batch_values(batch, wanted)
                for i in range(batch.num_rows):
                    number += 1
                    yield number, (tuple(values[column][i] for column in columns) if values is not None
                                   else _row_values(batch, i, columns))
        except (pa.ArrowException, OSError) as error:
            raise BadInput(f"Parquet file damaged after row {number}: {error}") from error

    return Table(list(table.schema_arrow.names), read)


# What converting a column to Python raises for a value Python cannot hold: a date32 of 2³¹ days, a
# timestamp past year 9999.
_VALUE_FAULTS = (ValueError, OverflowError, pa.ArrowException)


def _batch_values(batch: pa.RecordBatch, columns: list[str]) -> dict[str, list] | None:
    """The batch's columns as Python values; None when a value cannot be one (then read row by row)."""
    try:
        return {name: batch.column(name).to_pylist() for name in columns}
    except _VALUE_FAULTS:
        return None


def _row_values(batch: pa.RecordBatch, index: int, columns: Sequence[str]) -> tuple | str:
    """One row's values, or why one of them cannot be read: that row alone is bad, not the batch."""
    values = []
    for column in columns:
        try:
            values.append(batch.column(column)[index].as_py())
        except _VALUE_FAULTS as error:
            return f"{column}: a value that cannot be read ({type(error).__name__}: {str(error)[:100]})"
    return tuple(values)
