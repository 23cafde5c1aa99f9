"""Findings 2 and 8: exported cells never run as formulas, and every export releases its point in time."""

from __future__ import annotations

import csv
import io
import re
import time
import zipfile

import httpx
import pytest

from search_api.export import CELL_RULE
from search_api.export_formats import neutralised
from tests.conftest import serving
from tests.service.conftest import EVIL_TEXTS

pytestmark = pytest.mark.es


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "=HYPERLINK(\"x\")"])
def test_formula_starts_get_a_quote(cell):
    assert neutralised(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["국정감사", "1+1=2", " =1", "", 42, None])
def test_other_cells_are_unchanged(cell):
    assert neutralised(cell) == cell


def test_csv_cells_cannot_become_formulas(hostile_api):
    response = hostile_api.get("/api/export?format=csv&committee=보건복지위원회")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    texts = {row["text"] for row in rows}
    assert len(rows) == len(EVIL_TEXTS)
    for text in EVIL_TEXTS:
        expected = "'" + text if text[0] in "=+-@\t" else text
        assert expected in texts
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_xlsx_has_no_formula_and_no_link(hostile_api):
    response = hostile_api.get("/api/export?format=xlsx&committee=보건복지위원회")
    with zipfile.ZipFile(io.BytesIO(response.content)) as book:
        names = book.namelist()
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
        strings = book.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in names else ""
    assert "<f>" not in sheet and "<f " not in sheet
    assert not any("hyperlink" in name.lower() for name in names)
    assert "HYPERLINK" in strings or "HYPERLINK" in sheet  # the text itself is kept, as text


def test_the_manifest_states_the_cell_rule(hostile_api):
    manifest = hostile_api.get("/api/export/manifest?format=csv&committee=보건복지위원회").json()
    assert manifest["cell_rule"] == CELL_RULE and "'" in CELL_RULE


def _open_contexts(es_client) -> int:
    stats = es_client.nodes.stats(metric="indices", index_metric="search")
    return sum(node["indices"]["search"]["open_contexts"] for node in stats["nodes"].values())


def _settles_at(es_client, expected: int) -> int:
    """Open search contexts once closing has had its moment (closing runs after the response ends)."""
    deadline = time.monotonic() + 10
    while (count := _open_contexts(es_client)) != expected and time.monotonic() < deadline:
        time.sleep(0.1)
    return count


def test_an_export_that_fails_after_opening_closes_its_point_in_time(es_client, hostile_settings, monkeypatch):
    from web.app import create_app

    before = _open_contexts(es_client)
    app = create_app(hostile_settings)
    real_search = app.state.client.search

    def failing_search(*args, **kwargs):
        if "pit" in kwargs:
            raise RuntimeError("engine trouble right after the point in time was opened")
        return real_search(*args, **kwargs)

    monkeypatch.setattr(app.state.client, "search", failing_search)
    from fastapi.testclient import TestClient

    for path in ("/api/export?format=csv", "/api/export/manifest", "/api/export?format=xlsx"):
        assert TestClient(app).get(path).status_code == 500
    assert _settles_at(es_client, before) == before


def test_an_export_abandoned_right_after_the_headers_closes_its_point_in_time(es_client, app):
    before = _open_contexts(es_client)
    with serving(app) as url:
        for fmt in ("csv", "parquet", "xlsx", "jsonl"):
            # The server frees the abandoned export's admission slot when it notices the client left; on a busy
            # machine the next download can come first and be refused 503 with Retry-After, as any client
            # past the bound is. A client that waits that out gets its export.
            deadline = time.monotonic() + 20
            while True:
                with httpx.Client(base_url=url) as client, \
                        client.stream("GET", f"/api/export?format={fmt}") as response:
                    status, wait = response.status_code, float(response.headers.get("retry-after", "1"))
                # leaving the block closed the connection without reading the body
                if status != 503 or time.monotonic() > deadline:
                    break
                time.sleep(min(wait, 1.0))
            assert status == 200, fmt
        assert _settles_at(es_client, before) == before


def test_exports_that_run_to_the_end_leave_nothing_open(es_client, api):
    before = _open_contexts(es_client)
    for fmt in ("csv", "jsonl"):
        assert api.get(f"/api/export?format={fmt}&q=법").status_code == 200
    assert _settles_at(es_client, before) == before


def test_export_rows_header_matches_rows(hostile_api):
    response = hostile_api.get("/api/export?format=jsonl&committee=보건복지위원회")
    assert int(response.headers["x-export-rows"]) == len(re.findall(b"\n", response.content))


def test_xlsx_says_where_it_cut_a_text_longer_than_a_cell():
    from search_api.export_formats import EXCEL_CELL_CHARS, _fits_a_cell

    cut = _fits_a_cell("가" * 45_004)
    assert len(cut) == EXCEL_CELL_CHARS and "잘림: 원문 45,004자" in cut
    assert _fits_a_cell("짧은 발언") == "짧은 발언"
