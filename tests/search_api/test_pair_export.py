"""Question → answer pairs export: one row per answer beside the member's turn it answers, in every format,
with the manifest saying what the rows are."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from tests.conftest import index_meetings

pytestmark = pytest.mark.es
MEETING = {"committee": "법제사법위원회", "date": "2024-10-08", "session": 418, "meeting_number": 6, "turns": [
    {"speaker": "정성호", "role": "위원장", "text": "질의를 시작하겠습니다."},
    {"speaker": "박지원", "role": "위원", "party": "더불어민주당", "text": "=수사권 조정은 언제 끝납니까?"},
    {"speaker": "홍길동", "role": "법무부장관", "text": "연말까지 마무리하겠습니다."},
    {"speaker": "김영희", "role": "법무부차관", "text": "보완하여 보고드리겠습니다."},
    {"speaker": "박지원", "role": "위원", "party": "더불어민주당", "text": "연말이면 늦습니다. 앞당기십시오."},
    {"speaker": "홍길동", "role": "법무부장관", "text": "서두르겠습니다."},
    {"speaker": "이은재", "role": "위원", "text": "교정시설 과밀 문제를 묻겠습니다."},
    {"speaker": "김철수", "role": "교정본부장", "text": "과밀 수용률은 120%입니다."},
]}


@pytest.fixture(scope="module")
def pairs_api(settings, es_client, analyzer, tmp_path_factory):
    from web.app import create_app

    return TestClient(create_app(index_meetings(settings, es_client, analyzer, tmp_path_factory.mktemp("pairs"),
                                                "test-pairs-turns", [MEETING])))


def test_each_answer_is_a_row_beside_the_question_it_answers(pairs_api):
    response = pairs_api.get("/api/export", params={"rows": "pairs", "format": "jsonl"})
    rows = [json.loads(line) for line in response.text.splitlines()]
    assert [(r["question_seq"], r["questioner"], r["answer_seq"], r["answerer"], r["answering_body"])
            for r in rows] == [(2, "박지원", 3, "홍길동", "법무부"), (2, "박지원", 4, "김영희", "법무부"),
                               (5, "박지원", 6, "홍길동", "법무부"), (7, "이은재", 8, "김철수", "교정본부")]
    first = rows[0]
    assert first["question"] == "=수사권 조정은 언제 끝납니까?" and first["answer"] == "연말까지 마무리하겠습니다."
    assert first["questioner_party"] == "더불어민주당" and first["question_turn_id"].endswith("-0002")
    assert first["answer_permalink"].endswith("#turn-3") and first["question_permalink"].endswith("#turn-2")
    assert response.headers["X-Export-Rows"] == "4"


def test_pairs_follow_the_search_and_open_in_a_spreadsheet(pairs_api):
    params = {"rows": "pairs", "format": "csv", "answers_to": "박지원", "q": "서두르"}
    table = list(csv.DictReader(io.StringIO(pairs_api.get("/api/export", params=params).text.lstrip("\ufeff"))))
    assert [(r["question"], r["answer"]) for r in table] == [("연말이면 늦습니다. 앞당기십시오.", "서두르겠습니다.")]
    every = list(csv.DictReader(io.StringIO(pairs_api.get("/api/export", params={
        "rows": "pairs", "format": "csv"}).text.lstrip("\ufeff"))))
    assert every[0]["question"] == "'=수사권 조정은 언제 끝납니까?"  # no formula in a spreadsheet
    parquet = pq.read_table(io.BytesIO(pairs_api.get("/api/export", params={"rows": "pairs", "format": "parquet"})
                                       .content))
    assert parquet.num_rows == 4 and parquet.schema.field("answer_seq").type == "int32"
    xlsx = pairs_api.get("/api/export", params={"rows": "pairs", "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 4 and rows[0][:2] == ("meeting_id", "assembly_term")
    header = rows[0]
    assert rows[1][header.index("question")] == "=수사권 조정은 언제 끝납니까?"  # a text cell, not a formula


def test_the_manifest_says_the_rows_are_pairs_and_unknown_columns_are_refused(pairs_api):
    manifest = pairs_api.get("/api/export/manifest", params={"rows": "pairs", "format": "csv"}).json()
    assert manifest["rows_are"].startswith("question → answer pairs") and manifest["rows"] == 4
    assert "questioner" in manifest["columns"] and "speaker_name" not in manifest["columns"]
    refused = pairs_api.get("/api/export", params={"rows": "pairs", "columns": "speaker_name"})
    assert refused.status_code == 400 and "questioner" in refused.text
    chosen = pairs_api.get("/api/export", params={"rows": "pairs", "format": "csv", "columns": "questioner,answerer"})
    assert chosen.text.lstrip("\ufeff").splitlines()[:2] == ["questioner,answerer", "박지원,홍길동"]


def test_pairs_keep_stage_directions_when_asked(api):
    """On the sample corpus: 김강립's answer whose microphone was cut (turn 102 of the 2020 health committee)."""
    params = {"rows": "pairs", "format": "jsonl", "q": "위험률", "committee": "보건복지위원회"}
    plain = [json.loads(line) for line in api.get("/api/export", params=params).text.splitlines()]
    staged = [json.loads(line) for line in api.get("/api/export", params=params | {"stage_directions": "true"})
              .text.splitlines()]
    [answer] = [row for row in staged if row["answer_seq"] == 102]
    assert "(발언시간 초과로 마이크 중단)" in answer["answer"]
    assert all("(발언시간 초과로 마이크 중단)" not in row["answer"] for row in plain)
