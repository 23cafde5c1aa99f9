"""In the browser: the reader marks where printed pages begin, and a turn's BibTeX downloads."""

from __future__ import annotations

import pytest

from tests.ingest.test_pages import CHECKED

pytestmark = pytest.mark.es


def test_the_reader_shows_page_markers_and_the_cite_download_works(api, live_server, page):
    checked = CHECKED[1]  # 김강립 from the foot of p.6 onto p.7 (read by hand in tests/ingest/test_pages.py)
    hit = api.get("/api/search", params={"q": f'"{checked.opening}"', "speaker": checked.speaker}).json()["hits"][0]
    page.goto(live_server + hit["url"])
    turn = page.locator(f"#turn-{checked.seq}")
    marker = turn.locator(".page-marker")
    assert marker.is_visible() and marker.inner_text() == "6-7쪽"
    # the turn before it ends on p.6, already marked above it: one marker per new page
    assert page.locator(f"#turn-{checked.seq - 1} .page-marker").count() == 0
    markers = page.locator(".page-marker").all_inner_texts()
    assert markers[0] == "1-2쪽" and markers[-1] == "39-40쪽"  # turn 352, the last to reach a new page
    with page.expect_download() as download_info:
        turn.locator(".cite-downloads a", has_text="BibTeX").click()
    download = download_info.value
    assert download.suggested_filename == f"turn-{hit['turn_id']}.bib"
    entry = open(download.path(), encoding="utf-8").read()
    assert entry.startswith(f"@misc{{{hit['turn_id']},") and "pages = {6--7}" in entry
    assert ("note = {제375회국회(임시회·폐회중) 보건복지위원회회의록 제1호, 2020. 1. 30., 6-7쪽, "
            "김강립 보건복지부차관 발언}") in entry
