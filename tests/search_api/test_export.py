"""Bulk export against the real node: more than 10,000 rows, every format, manifest, flat memory."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import zipfile
from datetime import date, timedelta

import pyarrow.parquet as pq
import pytest
from elasticsearch import NotFoundError
from elasticsearch.helpers import bulk

from hearings.index import ensure_indices, turns_spec
from ingest.documents import turn_documents
from ingest.readers import read_meeting
from search_api.export import Export, ExportError, ExportRequest
from search_api.export_formats import EXPORT_FORMATS, check_xlsx_fits
from search_api.params import SearchParams
from tests.golden import corpus_files

pytestmark = pytest.mark.es
BIG_TURNS = 12_000


@pytest.fixture(scope="module")
def big_settings(settings, es_client, analyzer):
    """An index of 12,000 turns: the sample meetings' turns repeated as other sittings on other dates."""
    big = settings.model_copy(update={"index_alias": "test-big-turns"})
    ensure_indices(es_client, big, recreate=True)
    templates = []
    for path in corpus_files():
        if path.suffix != ".hwp":
            templates += turn_documents(read_meeting(path), analyzer)
    docs = []
    copy = 0
    while len(docs) < BIG_TURNS:
        for doc in templates[: BIG_TURNS - len(docs)]:
            day = date.fromisoformat(doc["date"]) + timedelta(days=copy)
            meeting_id = f"{doc['meeting_id']}-c{copy}"
            docs.append(doc | {"meeting_id": meeting_id, "turn_id": f"{meeting_id}-{doc['seq']:04d}",
                               "date": day.isoformat(), "year": day.year})
        copy += 1
    alias = turns_spec(big).alias
    bulk(es_client, ({"_index": alias, "_id": d["turn_id"], "_source": d} for d in docs), chunk_size=2000)
    es_client.indices.refresh(index=alias)
    return big


def _export(es_client, big_settings, analyzer, fmt: str, **params) -> tuple[Export, bytes]:
    request = ExportRequest(SearchParams(**params))
    export = Export(es_client, turns_spec(big_settings).alias, request, analyzer, "http://example.test")
    return export, b"".join(EXPORT_FORMATS[fmt].encode(export))


def test_csv_exports_every_hit_past_the_10000_wall(es_client, big_settings, analyzer):
    export, data = _export(es_client, big_settings, analyzer, "csv")
    assert export.total == BIG_TURNS
    assert data.startswith("\ufeff".encode())  # BOM: Excel reads UTF-8 Korean correctly
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == BIG_TURNS
    assert len({r["turn_id"] for r in rows}) == BIG_TURNS
    assert rows[0]["permalink"].startswith("http://example.test/meetings/")
    assert "국회" in rows[0]["citation"] and rows[0]["speaker_name"]


def test_filtered_export_rows_equal_the_search_total(es_client, big_settings, analyzer, app):
    from search_api.service import run_search

    params = {"q": "회의", "committee": ["사법개혁특별위원회"]}
    total = run_search(es_client, turns_spec(big_settings).alias, SearchParams(**params), analyzer).total
    export, data = _export(es_client, big_settings, analyzer, "jsonl", **params)
    lines = data.decode("utf-8").splitlines()
    assert total > 1000 and export.total == total == len(lines)
    assert {json.loads(line)["committee"] for line in lines} == {"사법개혁특별위원회"}


def test_parquet_schema_types_and_manifest(es_client, big_settings, analyzer, tmp_path):
    export, data = _export(es_client, big_settings, analyzer, "parquet", speaker=["윤한홍"])
    path = tmp_path / "out.parquet"
    path.write_bytes(data)
    table = pq.read_table(path)
    assert table.num_rows == export.total > 0
    assert str(table.schema.field("date").type) == "date32[day]"
    assert str(table.schema.field("seq").type) == "int32"
    manifest = json.loads(pq.read_metadata(path).metadata[b"hearings_manifest"])
    assert manifest["rows"] == export.total and manifest["filters"] == {"speaker": ["윤한홍"]}
    assert manifest["index"].startswith("test-big-turns-v") and manifest["software"].startswith("hearings ")


def test_xlsx_has_rows_and_a_manifest_sheet(es_client, big_settings, analyzer):
    export, data = _export(es_client, big_settings, analyzer, "xlsx", speaker=["윤한홍"])
    with zipfile.ZipFile(io.BytesIO(data)) as workbook:
        names = workbook.namelist()
    assert "xl/worksheets/sheet1.xml" in names and "xl/worksheets/sheet2.xml" in names


def test_xlsx_refuses_more_rows_than_excel_holds(es_client, big_settings, analyzer, monkeypatch):
    import search_api.export_formats as formats

    monkeypatch.setattr(formats, "EXCEL_MAX_DATA_ROWS", 5000)
    request = ExportRequest(SearchParams())
    export = Export(es_client, turns_spec(big_settings).alias, request, analyzer, "")
    with pytest.raises(ExportError, match="CSV, JSONL 또는 Parquet"):
        check_xlsx_fits(export)


def test_stage_directions_only_on_request(es_client, big_settings, analyzer):
    request = ExportRequest(SearchParams(speaker=["윤한홍"], date_to="2019-04-26"), ("turn_id", "text"), True)
    export = Export(es_client, turns_spec(big_settings).alias, request, analyzer, "")
    texts = [row["text"] for row in export.rows()]
    assert any("(위원장석 앞에서)" in t for t in texts)
    request = ExportRequest(SearchParams(speaker=["윤한홍"], date_to="2019-04-26"), ("turn_id", "text"), False)
    export = Export(es_client, turns_spec(big_settings).alias, request, analyzer, "")
    assert not any("(위원장석 앞에서)" in row["text"] for row in export.rows())


@pytest.mark.parametrize("rows_read", [1, 2500, BIG_TURNS])
def test_the_point_in_time_is_closed_however_the_export_stops(es_client, big_settings, analyzer, rows_read):
    """A download abandoned in its first page (the prefetch of the next page in flight), one abandoned
    between pages, and one read to the end all release their point in time on the node."""
    export = Export(es_client, turns_spec(big_settings).alias, ExportRequest(SearchParams()), analyzer, "")
    pit_id = export.pit_id
    rows = export.rows()
    for _ in range(rows_read):
        next(rows)
    rows.close()
    assert export.written == rows_read
    with pytest.raises(NotFoundError):
        es_client.search(pit={"id": pit_id}, size=0)


def test_api_streams_the_export_with_a_manifest_link(api):
    response = api.get("/api/export", params={"q": "원천무효", "format": "csv", "columns": "turn_id,speaker_name"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["turn_id", "speaker_name"] and len(rows) - 1 == int(response.headers["x-export-rows"])
    manifest = api.get(response.headers["link"].split(">")[0].lstrip("<")).json()
    assert manifest["rows"] == len(rows) - 1 and manifest["query"] == "원천무효"
    bad = api.get("/api/export", params={"columns": "turn_id,nope"})
    assert bad.status_code == 400 and "nope" in bad.json()["error"]


def _peak_rss_kb(big_settings, tmp_path, date_to: str) -> tuple[int, int]:
    """Peak RSS of a `hearings export` process. It is started from a small intermediate Python, because
    Linux carries a process's peak RSS across fork+exec and pytest itself is large."""
    out = tmp_path / f"export-{date_to}.csv"
    env = os.environ | {"HEARINGS_INDEX_ALIAS": turns_spec(big_settings).alias}
    hop = ("import resource, subprocess, sys; done = subprocess.run(sys.argv[1:]); "
           "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(done.returncode)")
    export = [sys.executable, "-m", "web.cli", "export", "--format", "csv", "--date-to", date_to,
              "--out", str(out)]
    done = subprocess.run([sys.executable, "-c", hop, *export], env=env, capture_output=True, text=True, check=True)
    lines = done.stdout.strip().splitlines()
    return int(lines[-1]), int(lines[0].split()[0])


def test_export_memory_stays_flat(big_settings, tmp_path):
    small_rss, small_rows = _peak_rss_kb(big_settings, tmp_path, "2011-05-01")
    large_rss, large_rows = _peak_rss_kb(big_settings, tmp_path, "2099-12-31")
    assert large_rows == BIG_TURNS and small_rows < BIG_TURNS / 10
    assert large_rss < 500 * 1024, f"export peak RSS {large_rss} kB (small export: {small_rss} kB)"
    assert large_rss / small_rss < 1.25, (small_rss, large_rss)


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "parquet", "jsonl"])
def test_an_export_dropped_after_its_headers_stops_and_frees_its_point_in_time(big_settings, es_client, monkeypatch,
                                                                                fmt):
    """A client that reads the headers and leaves: the export stops at its next page, well before its
    12,000 rows, and its point in time is released within seconds, for every format (an XLSX workbook is
    built whole before its first byte, so only a watch on the connection can stop it)."""
    import socket
    import threading
    import time
    from urllib.parse import urlsplit

    from search_api.export import Export as RealExport
    from tests.conftest import serving
    from web.app import create_app

    abandoned: list[tuple[str, RealExport]] = []
    original = RealExport.abandon

    def recording_abandon(self):
        abandoned.append((self.pit_id, self))
        original(self)

    monkeypatch.setattr(RealExport, "abandon", recording_abandon)
    started = threading.Event()
    original_pages = RealExport._pages

    def slow_pages(self):  # each page takes a while, as on a large index, so the drop lands mid-export
        for page in original_pages(self):
            started.set()
            time.sleep(0.3)
            yield page

    monkeypatch.setattr(RealExport, "_pages", slow_pages)
    with serving(create_app(big_settings)) as url:
        where = urlsplit(url)
        with socket.create_connection((where.hostname, where.port), timeout=10) as connection:
            connection.sendall(f"GET /api/export?format={fmt} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            if fmt != "xlsx":  # the streamed formats send their headers with the first page
                assert connection.recv(1024).startswith(b"HTTP/1.1 200")
            assert started.wait(10)
        deadline = time.monotonic() + 10
        while not abandoned and time.monotonic() < deadline:
            time.sleep(0.05)
        assert abandoned, "the export never noticed the client had gone"
        pit_id, export = abandoned[0]
        time.sleep(1)
        assert export.written < BIG_TURNS
        with pytest.raises(NotFoundError):
            es_client.search(pit={"id": pit_id}, size=0)


def test_a_new_export_format_is_one_registry_entry(api, monkeypatch):
    """A throwaway TSV format, registered in one place, is offered by the API, its schema, the pages' export
    links and the CLI, and served."""
    from search_api.export_formats import EXPORT_FORMATS, ExportFormat
    from web.cli import build_parser
    from web.routes import export_links

    def encode_tsv(export):
        yield "\n".join("\t".join(str(row[c]) for c in export.request.columns) for row in export.rows()).encode()

    monkeypatch.setitem(EXPORT_FORMATS, "tsv", ExportFormat("tsv", "text/tab-separated-values", "tsv", encode_tsv))
    response = api.get("/api/export", params={"q": "원천무효", "format": "tsv", "columns": "turn_id,speaker_name"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/tab-separated-values")
    assert response.headers["content-disposition"].endswith('.tsv"') and "\t" in response.text
    assert "tsv" in export_links(SearchParams(q="원천무효"))
    assert build_parser().parse_args(["export", "--format", "tsv"]).format == "tsv"
    from search_api.export_formats import ExportParams

    assert "tsv" in ExportParams.model_json_schema()["properties"]["format"]["enum"]
