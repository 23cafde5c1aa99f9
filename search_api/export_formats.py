"""Encoders that turn export rows into file bytes, chunk by chunk, so memory stays flat.

CSV: UTF-8 with BOM (Excel opens Korean correctly). JSON Lines: one object per line. Parquet: typed
columns, one row group per batch, the manifest in the file's key-value metadata. XLSX: constant-memory
mode, the manifest on a second sheet; Excel's row limit is checked before anything is written.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice
from operator import itemgetter
from typing import Literal

import pyarrow as pa
import pyarrow.parquet as pq
import xlsxwriter
from pydantic import Field, field_validator

from search_api.export import INTEGER_COLUMNS, Export, ExportError
from search_api.params import SearchParams

EXCEL_MAX_DATA_ROWS = 1_048_576 - 1  # one row for the header
_CHUNK_ROWS = 2000

# Spreadsheet programs run a CSV cell that starts with one of these as a formula (=HYPERLINK(…),
# =cmd|' /C calc'!A0). OWASP's advice: prefix such a cell with a single quote, which the spreadsheet
# shows as text. Speech can legitimately start with "-" or "+", so the manifest states the rule
# (export.CELL_RULE).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(cell):
    """The CSV form of one cell: text that a spreadsheet would run as a formula gets a leading quote."""
    if type(cell) is str and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


class _Sink(io.RawIOBase):
    """A write-only file whose bytes are handed out after each batch."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.position = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        self.position += len(data)
        return len(data)

    def tell(self) -> int:
        return self.position

    def drain(self) -> bytes:
        data, self.parts = b"".join(self.parts), []
        return data


def _batches(rows: Iterator[dict]) -> Iterator[list[dict]]:
    while batch := list(islice(rows, _CHUNK_ROWS)):
        yield batch


def encode_csv(export: Export) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    columns = export.request.columns
    writer.writerow(columns)
    yield "\ufeff".encode() + buffer.getvalue().encode("utf-8")
    # Rows as tuples in column order: csv.DictWriter's per-row key checks cost a third of the encoding.
    in_order = itemgetter(*columns) if len(columns) > 1 else (lambda row: (row[columns[0]],))
    for batch in _batches(export.rows()):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(tuple(map(neutralised, row)) for row in map(in_order, batch))
        yield buffer.getvalue().encode("utf-8")


def encode_jsonl(export: Export) -> Iterator[bytes]:
    for batch in _batches(export.rows()):
        yield "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in batch).encode("utf-8")


def _arrow_type(column: str) -> pa.DataType:
    if column in INTEGER_COLUMNS:
        return pa.int32()
    return pa.date32() if column == "date" else pa.string()


def parquet_schema(columns: tuple[str, ...]) -> pa.Schema:
    return pa.schema([pa.field(c, _arrow_type(c)) for c in columns])


def _typed(batch: list[dict]) -> list[dict]:
    return [row | {"date": date.fromisoformat(row["date"])} if "date" in row else row for row in batch]


def encode_parquet(export: Export) -> Iterator[bytes]:
    sink = _Sink()
    schema = parquet_schema(export.request.columns)
    with pq.ParquetWriter(sink, schema, compression="zstd") as writer:
        rows = 0
        for batch in _batches(export.rows()):
            writer.write_table(pa.Table.from_pylist(_typed(batch), schema=schema))
            rows += len(batch)
            yield sink.drain()
        writer.add_key_value_metadata({"hearings_manifest": json.dumps(export.manifest(rows, "parquet"),
                                                                        ensure_ascii=False)})
    yield sink.drain()


def check_xlsx_fits(export: Export) -> None:
    if export.total > EXCEL_MAX_DATA_ROWS:
        export.close()
        raise ExportError(
            f"XLSX(엑셀)는 최대 {EXCEL_MAX_DATA_ROWS:,}행까지 담을 수 있는데 이 검색은 {export.total:,}건입니다. "
            "CSV, JSONL 또는 Parquet 형식으로 내보내 주세요."
        )


def _write_cell(sheet, row: int, column: int, value) -> None:
    if value is None:
        sheet.write_blank(row, column, None)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        sheet.write_number(row, column, value)
    else:
        sheet.write_string(row, column, _fits_a_cell(str(value)))


EXCEL_CELL_CHARS = 32_767


def _fits_a_cell(text: str) -> str:
    """Excel holds 32,767 characters per cell; a longer text is cut with a note, never silently."""
    if len(text) <= EXCEL_CELL_CHARS:
        return text
    note = f" …[잘림: 원문 {len(text):,}자 — 엑셀 셀 한도 32,767자. 전문은 CSV·JSONL·Parquet로]"
    return text[: EXCEL_CELL_CHARS - len(note)] + note


def encode_xlsx(export: Export) -> Iterator[bytes]:
    check_xlsx_fits(export)
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        # Text is always written as a text cell: never as a formula, a link or a number.
        workbook = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_urls": False,
                                              "strings_to_formulas": False, "strings_to_numbers": False})
        sheet = workbook.add_worksheet("발언")
        for column, name in enumerate(export.request.columns):
            sheet.write_string(0, column, name)
        rows = 0
        for row in export.rows():
            rows += 1
            for column, name in enumerate(export.request.columns):
                _write_cell(sheet, rows, column, row[name])
        about = workbook.add_worksheet("manifest")
        for index, (key, value) in enumerate(export.manifest(rows, "xlsx").items()):
            about.write_string(index, 0, key)
            about.write_string(index, 1, value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
        workbook.close()
        with open(path, "rb") as finished:
            while chunk := finished.read(1 << 20):
                yield chunk
    finally:
        os.unlink(path)


@dataclass(frozen=True)
class ExportFormat:
    """One export format: everything the API, the pages, the CLI and the manifest need to know of it."""

    name: str
    media_type: str
    extension: str
    encode: Callable[[Export], Iterator[bytes]]
    check: Callable[[Export], None] = lambda export: None  # refuses before the first byte (XLSX row limit)


# The one list of export formats: the params type, the routes, the CLI choices and the pages' export links
# are made from it. A new format is one entry here plus its encoder.
EXPORT_FORMATS: dict[str, ExportFormat] = {f.name: f for f in (
    ExportFormat("csv", "text/csv; charset=utf-8", "csv", encode_csv),
    ExportFormat("jsonl", "application/x-ndjson; charset=utf-8", "jsonl", encode_jsonl),
    ExportFormat("parquet", "application/vnd.apache.parquet", "parquet", encode_parquet),
    ExportFormat("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", encode_xlsx,
                 check_xlsx_fits),
)}


def _format_names(schema: dict) -> None:
    schema["enum"] = list(EXPORT_FORMATS)  # read when the OpenAPI document is made: the registry as it is


class ExportParams(SearchParams):
    """A search plus how to export it; `page` is ignored (an export has every hit)."""

    format: str = Field("csv", description="파일 형식", json_schema_extra=_format_names)
    columns: str | None = Field(None, max_length=1000, description="쉼표로 구분한 열 이름 (기본: 전체)")
    stage_directions: bool = Field(False, description="발언 본문에 지문·시각 표시 포함")
    rows: Literal["turns", "pairs"] = Field(
        "turns", description="행 단위: turns = 발언 하나씩, pairs = 질의→답변 한 쌍씩 (검색은 답변을 고름)")

    @field_validator("format")
    @classmethod
    def _registered(cls, name: str) -> str:
        if name not in EXPORT_FORMATS:
            raise ValueError(f"형식은 {', '.join(EXPORT_FORMATS)} 가운데 하나입니다")
        return name

    def search_params(self) -> SearchParams:
        return SearchParams(**self.model_dump(exclude={"format", "columns", "stage_directions", "rows"}))
