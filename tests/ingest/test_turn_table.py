"""Researchers' tables of speaker turns (CSV, XLSX, Parquet): the column mapping, grouping into sittings,
turn order, bad rows named by row number, size caps; then ingested into the real node and through the CLI."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import xlsxwriter

import ingest.readers
import ingest.table_files
import ingest.turn_table
from ingest.errors import BadInput, BadRecord
from ingest.models import Meeting
from ingest.readers import read_meetings
from ingest.turn_columns import MappingError, TableLayout, parse_columns
from ingest.turn_table import BadRow, group_sittings, parse_count, parse_day, parse_order, sitting_meeting, table_turn

MAPPING = "speaker=name,text=speech,date=day,committee=body,order=n,member_id=code,role=title"
HEADER = ["day", "body", "n", "name", "code", "title", "speech"]
ROWS = [  # two sittings interleaved, out of order within each
    ["2020-01-30", "보건복지위원회", 2, "윤일규", "M001", "", "감염병 검역 질문입니다."],
    ["2020-01-31", "법제사법위원회", 1, "여상규", "", "위원장", "회의를 열겠습니다."],
    ["2020-01-30", "보건복지위원회", 1, "김세연", "", "위원장", "회의를 시작하겠습니다."],
    ["2020-01-30", "보건복지위원회", 3, "김강립", "", "보건복지부차관", "검역을 강화하겠습니다."],
]


def layout(spec: str = MAPPING, preset: str | None = None) -> TableLayout:
    found = TableLayout.from_options(spec, preset)
    assert found is not None
    return found


def csv_bytes(header: list[str], rows: list[list[object]], encoding: str = "utf-8") -> bytes:
    import csv

    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    return buffer.getvalue().encode(encoding)


def read(path: Path, table: TableLayout) -> tuple[list[Meeting], list[BadRecord]]:
    found = list(read_meetings(path, table))
    return [m for m in found if isinstance(m, Meeting)], [b for b in found if isinstance(b, BadRecord)]


# --- the mapping ---------------------------------------------------------------------------------------

def test_columns_parse_into_keys():
    assert parse_columns(" speaker = 발언자명 , text=발언내용,date=회의일자,") == {
        "speaker": "발언자명", "text": "발언내용", "date": "회의일자"}


@pytest.mark.parametrize(("spec", "reason"), [
    ("speaker", "not key=column"), ("talker=x", 'unknown key "talker"'), ("text=a,text=b", "mapped twice"),
    ("text=", "not key=column"), (",", "no column mapped"),
])
def test_bad_column_specs_are_refused(spec, reason):
    with pytest.raises(MappingError, match=reason):
        parse_columns(spec)


def test_a_mapping_without_a_preset_must_name_the_required_keys():
    with pytest.raises(MappingError, match="committee, speaker or label"):
        TableLayout.from_options("text=t,date=d", None)
    with pytest.raises(MappingError, match="unknown preset"):
        TableLayout.from_options(None, "hansard")
    assert TableLayout.from_options(None, None) is None
    assert TableLayout.from_options("label=발언자,text=t,date=d,committee=c", None) is not None


def test_mapping_resolves_against_the_header_past_spaces_and_case():
    resolved = layout("speaker=Name,text=speech,date=DAY,committee=body").resolve([" name ", "SPEECH", "day", "body"])
    assert resolved == {"speaker": " name ", "text": "SPEECH", "date": "day", "committee": "body"}
    with pytest.raises(BadInput, match='no column "body" \\(committee\\).*its columns: name, speech, day'):
        layout("speaker=name,text=speech,date=day,committee=body").resolve(["name", "speech", "day"])
    with pytest.raises(BadInput, match='"day" appears 2 times'):
        layout("speaker=name,text=speech,date=day,committee=body").resolve(["name", "speech", "day", "Day", "body"])


def test_preset_finds_the_open_data_columns_and_columns_override_one():
    header = ["CONF_DATE", "COMM_NAME", "발언자", "HG_NM", "MONA_CD", "발언순서", "발언내용", "DGR"]
    resolved = layout("", "open-assembly").resolve(header)
    assert resolved == {"date": "CONF_DATE", "committee": "COMM_NAME", "label": "발언자", "speaker": "HG_NM",
                        "member_id": "MONA_CD", "order": "발언순서", "text": "발언내용", "meeting": "DGR"}
    assert layout("text=HG_NM", "open-assembly").resolve(header)["text"] == "HG_NM"
    with pytest.raises(BadInput, match="no column for text"):
        layout("", "open-assembly").resolve(["회의일자", "위원회", "발언자"])


# --- cells ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["2020-01-30", "2020.1.30", "2020/01/30", "20200130", "2020년 1월 30일",
                                   "2020-01-30 10:02:00", "2020-01-30T10:02", date(2020, 1, 30),
                                   datetime(2020, 1, 30, 10, 2), 20200130])
def test_dates_in_the_shapes_tables_hold(value):
    assert parse_day(value) == date(2020, 1, 30)


@pytest.mark.parametrize(("value", "reason"), [("", "no date"), ("30/01/2020", "not a date"),
                                               ("2020-02-30", "out of range"), ("1900-01-01", "outside"),
                                               (43860, "not a date"), ("2020-01-30 later", "not a date")])
def test_dates_that_do_not_parse(value, reason):
    with pytest.raises(BadRow, match=reason):
        parse_day(value)


def test_orders_and_counts():
    assert [parse_order(v) for v in (3, 3.0, "3", " 1,204 ", "2.5")] == [3, 3, 3, 1204, 2.5]
    for bad in ("x", "", None, "nan", "inf", True):
        with pytest.raises(BadRow):
            parse_order(bad)
    assert [parse_count(v, "meeting number") for v in ("제2차", "2", 2.0, "2.0", "제 429 회", "", None)] == [
        2, 2, 2, 2, 429, None, None]
    with pytest.raises(BadRow, match="meeting number 'two' is not a number"):
        parse_count("two", "meeting number")


# --- rows, roles and grouping -------------------------------------------------------------------------

def cells(**overrides) -> dict[str, object]:
    return {"date": "2020-01-30", "committee": "보건복지위원회", "speaker": "윤일규", "text": "질문입니다."} | overrides


def test_roles_from_the_role_column_then_the_label_then_member_id():
    assert table_turn(2, cells(role="보건복지부차관", label="위원장 김세연")).turn.role == "보건복지부차관"
    labelled = table_turn(2, cells(speaker="", label="◯이수진(비) 위원")).turn
    assert (labelled.speaker_name, labelled.role, labelled.mark) == ("이수진", "위원", "비")
    assert labelled.label == "이수진(비) 위원"
    assert table_turn(2, cells(label="위원장 金世淵", speaker="")).turn.speaker_name == "김세연"
    assert table_turn(2, cells(member_id="M001")).turn.role == "위원"
    assert table_turn(2, cells()).turn.role == ""


@pytest.mark.parametrize(("overrides", "reason"), [
    ({"text": "  "}, "no text"), ({"committee": ""}, "no committee"), ({"speaker": ""}, "no speaker"),
    ({"date": "내일"}, "not a date"), ({"order": "첫째"}, "order '첫째' is not a number"),
])
def test_rows_that_cannot_be_turns(overrides, reason):
    with pytest.raises(BadRow, match=reason):
        table_turn(2, cells(**overrides))


def test_turns_group_by_date_committee_and_meeting_number_in_order():
    rows = [table_turn(2, cells(order=2, meeting="제1차", speaker="나")), table_turn(3, cells(order=1, meeting=1)),
            table_turn(4, cells(order=1, meeting="제2차")), table_turn(5, cells(order=2, committee="법제사법위원회")),
            table_turn(6, cells(order=1, meeting="1", speaker="다"))]
    sittings = group_sittings(rows)
    assert [(s.committee, s.number) for s in sittings] == [("보건복지위원회", 1), ("보건복지위원회", 2),
                                                          ("법제사법위원회", None)]
    first = sitting_meeting(next(iter(sittings)), sittings[next(iter(sittings))], "t.csv")
    assert [(t.seq, t.speaker_name) for t in first.turns] == [(1, "윤일규"), (2, "다"), (3, "나")]
    assert first.warnings == ["order 1 on rows 3, 6; kept in row order"]
    assert (first.meeting_number, first.assembly_term, first.meeting_type) == (1, 20, "상임위원회")
    assert first.source_file == "t.csv#2020-01-30 보건복지위원회 제1차"


# --- files ---------------------------------------------------------------------------------------------

def test_csv_groups_orders_and_names_bad_rows_while_the_rest_loads(tmp_path):
    path = tmp_path / "turns.csv"
    rows = [*ROWS, ["2020-01-30", "보건복지위원회", 4, "기동민", "M002", "", ""],
            ["2020-13-01", "보건복지위원회", 5, "기동민", "M002", "", "날짜가 틀렸습니다."],
            ["2020-01-30", "보건복지위원회", "다섯", "기동민", "M002", "", "순서가 글자입니다."],
            ["", "", "", "", "", "", ""],
            ["2020-01-30", "보건복지위원회", 6, "기동민", "M002", "", '=HYPERLINK("http://x","y")', "extra"],
            ["2020-01-30", "보건복지위원회", 7, "기동민", "M002", "", '=HYPERLINK("http://x","y")']]
    path.write_bytes(csv_bytes(HEADER, rows))
    meetings, bad = read(path, layout())
    assert [(b.source, b.reason) for b in bad] == [
        (f"{path}#row6", "row 6: no text"),
        (f"{path}#row7", "row 7: date '2020-13-01' is not a date (month must be in 1..12)"),
        (f"{path}#row8", "row 8: order '다섯' is not a number"),
        (f"{path}#row10", "row 10: 8 fields where the header has 7 (an unquoted comma?)"),
    ]
    health, justice = meetings
    assert [t.speaker_name for t in health.turns] == ["김세연", "윤일규", "김강립", "기동민"]
    assert [t.role for t in health.turns] == ["위원장", "위원", "보건복지부차관", "위원"]
    assert health.turns[1].member_id == "M001"
    assert health.turns[3].text == '=HYPERLINK("http://x","y")'  # a formula-looking cell is just text
    assert (justice.committee, justice.meeting_date, len(justice.turns)) == ("법제사법위원회", date(2020, 1, 31), 1)
    assert health.source_format == "turn-table" and health.meeting_id != justice.meeting_id


def test_csv_in_cp949_as_korean_excel_saves_it(tmp_path):
    path = tmp_path / "turns.csv"
    path.write_bytes(csv_bytes(HEADER, ROWS, encoding="cp949"))
    meetings, bad = read(path, layout())
    assert not bad and [len(m.turns) for m in meetings] == [3, 1]


def write_xlsx(path: Path, header: list[str], rows: list[list[object]]) -> None:
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, header)
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    for number, row in enumerate(rows, 1):
        for column, value in enumerate(row):
            if isinstance(value, datetime):
                sheet.write_datetime(number, column, value, day)
            elif isinstance(value, str):
                sheet.write_string(number, column, value)  # never a formula, whatever it starts with
            else:
                sheet.write(number, column, value)
    book.close()


def test_xlsx_with_date_cells_numbers_and_a_gap_row(tmp_path):
    path = tmp_path / "turns.xlsx"
    rows = [[datetime.fromisoformat(r[0]), *r[1:]] for r in ROWS]
    rows.insert(2, [None] * 7)  # an empty sheet row: skipped, and the rows after keep their sheet numbers
    rows.append([datetime(2020, 1, 30), "보건복지위원회", "x", "기동민", "", "", "=1+1"])
    write_xlsx(path, HEADER, rows)
    meetings, bad = read(path, layout())
    assert [(b.source, b.reason) for b in bad] == [(f"{path}#row7", "row 7: order 'x' is not a number")]
    assert [[t.speaker_name for t in m.turns] for m in meetings] == [["김세연", "윤일규", "김강립"], ["여상규"]]


def test_parquet_rows_are_numbered_from_one(tmp_path):
    path = tmp_path / "turns.parquet"
    rows = [*ROWS, ["2020-01-30", "보건복지위원회", None, "기동민", "", "", "순서가 없습니다."]]
    columns = list(zip(*rows, strict=True))
    pq.write_table(pa.table({name: list(values) for name, values in zip(HEADER, columns, strict=True)}), path,
                   row_group_size=2)
    meetings, bad = read(path, layout())
    assert [b.reason for b in bad] == ["row 5: no order"]
    assert [len(m.turns) for m in meetings] == [3, 1]


def test_a_parquet_turns_table_without_a_layout_still_goes_to_kr_hearings(tmp_path):
    path = tmp_path / "turns_t21.parquet"
    pq.write_table(pa.table({"day": ["2020-01-30"]}), path)
    with pytest.raises(BadInput, match="not a kr-hearings-data turns table"):
        list(read_meetings(path))


def test_files_over_the_caps_are_refused_before_reading(tmp_path, monkeypatch):
    csv_path, xlsx_path = tmp_path / "turns.csv", tmp_path / "turns.xlsx"
    csv_path.write_bytes(csv_bytes(HEADER, ROWS))
    write_xlsx(xlsx_path, HEADER, ROWS)
    monkeypatch.setattr(ingest.readers, "MAX_FILE_BYTES", 100)
    with pytest.raises(BadInput, match="file too large"):
        read(csv_path, layout())
    monkeypatch.undo()
    # XLSX is a zip: what it unpacks to is checked in its directory before anything is inflated.
    monkeypatch.setattr(ingest.table_files, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(BadInput, match="XLSX unpacks to"):
        read(xlsx_path, layout())
    monkeypatch.undo()
    monkeypatch.setattr(ingest.turn_table, "MAX_TABLE_ROWS", 3)
    with pytest.raises(BadInput, match="more than 3 rows"):
        read(csv_path, layout())


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("t.xlsx", b"PK\x03\x04 not really", "not an XLSX file"), ("t.parquet", b"PAR1", "broken Parquet file"),
    ("t.csv", b"", "empty file"), ("t.csv", b"\n\n", "empty file"),
])
def test_damaged_table_files_are_named(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(BadInput, match=reason):
        read(path, layout())


# --- the real node -------------------------------------------------------------------------------------

@pytest.mark.es
def test_csv_xlsx_and_parquet_tables_are_searchable(tmp_path, es_client, settings, analyzer):
    from hearings.index import ensure_indices, turns_spec
    from ingest.pipeline import ingest_paths
    from search_api.params import SearchParams
    from search_api.service import run_search

    local = settings.model_copy(update={"index_alias": "test-turntable-turns"})
    ensure_indices(es_client, local, recreate=True)
    committees = {"a.csv": "보건복지위원회", "b.xlsx": "법제사법위원회", "c.parquet": "국토교통위원회"}
    rows = {name: [["2020-01-30", committee, 1, "윤일규", "M001", "", f"{committee}에서 검역 강화를 묻습니다."],
                   ["2020-01-30", committee, 2, "김강립", "", "보건복지부차관", "답변드리겠습니다."]]
            for name, committee in committees.items()}
    (tmp_path / "a.csv").write_bytes(csv_bytes(HEADER, rows["a.csv"]))
    write_xlsx(tmp_path / "b.xlsx", HEADER, rows["b.xlsx"])
    columns = list(zip(*rows["c.parquet"], strict=True))
    pq.write_table(pa.table({n: list(v) for n, v in zip(HEADER, columns, strict=True)}), tmp_path / "c.parquet")
    summary = ingest_paths(es_client, local, analyzer, [tmp_path], out=io.StringIO(), table=layout())
    assert not summary.failed and summary.turns == 6, summary.outcomes
    result = run_search(es_client, turns_spec(local).alias, SearchParams(q="검역"), analyzer)
    assert sorted(h.committee for h in result.hits) == sorted(committees.values())
    assert {h.speaker_name for h in result.hits} == {"윤일규"}


@pytest.mark.es
def test_cli_ingest_with_the_open_assembly_preset(tmp_path, es_client, settings, capsys):
    from hearings.index import turns_spec
    from web.cli import build_parser, cmd_ingest

    table = tmp_path / "open_assembly_turns.csv"
    header = ["회의일자", "위원회", "회의차수", "발언자", "발언자명", "의원코드", "발언순서", "발언내용"]
    table.write_bytes(csv_bytes(header, [
        ["2024-07-02", "법제사법위원회", "제3차", "윤한홍 위원", "윤한홍", "M100", 2, "공수처 수사 범위를 묻겠습니다."],
        ["2024-07-02", "법제사법위원회", "제3차", "위원장 정청래", "정청래", "M200", 1, "회의를 개의하겠습니다."],
        ["2024-07-02", "법제사법위원회", "제3차", "법무부장관 박성재", "박성재", "", 3, "법에 따라 답변드리겠습니다."],
        ["2024-07-02", "법제사법위원회", "제3차", "윤한홍 위원", "윤한홍", "M100", 4, ""],
        ["2024-07-03", "법제사법위원회", "제4차", "위원장 정청래", "정청래", "M200", 1, "다음 회의입니다."],
    ]))
    local = settings.model_copy(update={"index_alias": "test-turntable-turns"})
    args = build_parser().parse_args(["ingest", str(table), "--preset", "open-assembly", "--recreate"])
    assert cmd_ingest(local, args) == 1  # a bad row is a failure, and the rest is indexed all the same
    output = capsys.readouterr()
    assert f"{table}#row5  — row 5: no text" in output.out  # the summary names the row (so did the ✗ line)
    assert "3 files: 2 indexed, 1 failed" in output.out
    es_client.indices.refresh(index=turns_spec(local).alias)
    hits = es_client.search(index=turns_spec(local).alias, size=10, sort=["meeting_id", "seq"],
                            source=["meeting_id", "seq", "speaker_name", "role", "member_id", "committee"])
    turns = [hit["_source"] for hit in hits["hits"]["hits"]]
    assert [(t["seq"], t["speaker_name"], t["role"], t["member_id"]) for t in turns] == [
        (1, "정청래", "위원장", "M200"), (2, "윤한홍", "위원", "M100"), (3, "박성재", "법무부장관", ""),
        (1, "정청래", "위원장", "M200")]
    assert len({t["meeting_id"] for t in turns}) == 2


def test_cli_refuses_a_bad_mapping_before_indexing(settings, capsys):
    from web.cli import build_parser, cmd_ingest

    args = build_parser().parse_args(["ingest", "turns.csv", "--columns", "talker=발언자"])
    assert cmd_ingest(settings, args) == 2
    assert 'unknown key "talker"' in capsys.readouterr().err
