"""`hearings sync` against a replay of the open data service on 127.0.0.1, checking the index after each run."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import textwrap
from datetime import date

import pytest

from hearings.index import ensure_indices, meetings_spec, turns_spec
from ingest.decode import decode_minutes_text
from ingest.open_assembly import OpenAssemblyClient, parse_page
from ingest.sync import SyncState, fold_rows, listed_from_row, run_sync
from tests.conftest import CORPUS
from tests.ingest.hwp_fixture import deflated, hwp_file, section
from tests.sync.replay import Replay, ReplayMeeting, ReplayServer

pytestmark = pytest.mark.es
SINCE, UNTIL = date(2024, 5, 6), date(2024, 5, 8)
KINDS = ["위원회", "소위원회", "국정감사"]
REWORDED = "그러면 이번에는 간사 선임의 건을 상정하겠습니다"


def _minutes_lines(provisional: bool) -> list[str]:
    lines = decode_minutes_text((CORPUS / "8ark_law_1_sagaeteuk_355-1_2018-01-12.cp949.txt").read_bytes()).splitlines()
    if not provisional:
        return lines
    lines.insert(1, "임시회의록")
    first_turn = next(i for i, line in enumerate(lines) if line.startswith("◯"))
    speech = next(i for i, line in enumerate(lines) if i > first_turn and len(line) > 20 and line[0] not in "◯(")
    lines[speech] = REWORDED
    return lines


def _hwp(provisional: bool) -> bytes:
    return hwp_file([deflated(section(_minutes_lines(provisional)))])


def _committee_rows(number: int, day: str, items: list[str]) -> list[dict]:
    return [{"CONFER_NUM": number, "TITLE": f"제22대 제414회 제1차 환경노동위원회 ({day})", "CLASS_NAME": "상임위원회",
             "DAE_NUM": 22, "COMM_NAME": "환경노동위원회", "CONF_DATE": day, "SUB_NAME": item,
             "PDF_LINK_URL": f"https://record.assembly.go.kr/assembly/viewer/minutes/download/pdf.do?id={number}",
             "CONF_ID": f"0{number}"} for item in items]


def _eraco_row(number: int, conf_id: str, day: str, committee: str) -> dict:
    return {"CONF_ID": conf_id, "ERACO": "제22대", "SESS": "제415회", "DGR": "제1차", "CONF_DT": day,
            "CONF_KND": "상임위원회 회의록", "CMIT_NM": committee,
            "DOWN_URL": f"https://record.assembly.go.kr/assembly/viewer/minutes/download/pdf.do?id={number}"}


@pytest.fixture
def replay() -> Replay:
    pdf_2020 = (CORPUS / "congresswatch_sample_2020_bokji_375-1_2020-01-30.pdf").read_bytes()
    return Replay(meetings={
        60001: ReplayMeeting(60001, "ncwgseseafwbuheph",
                             _committee_rows(60001, "2024-05-07", ["청문회 안건", "법률안"]),
                             (CORPUS / "opendataloader_hwanno_414-1_2024-05-07.pdf").read_bytes()),
        60002: ReplayMeeting(60002, "VCONFSUBCCONFLIST",
                             [_eraco_row(60002, "N060002", "2024-05-06", "사법개혁특별위원회")],
                             _hwp(provisional=True)),
        60003: ReplayMeeting(60003, "VCONFAPIGCONFLIST",
                             [_eraco_row(60003, "060003", "2024-05-07", "국토교통위원회")],
                             (CORPUS / "congresswatch_gonghang-teukwi_299-4_2011-04-28.pdf").read_bytes()),
        60004: ReplayMeeting(60004, "VCONFAPIGCONFLIST",
                             [_eraco_row(60004, "060004", "2024-05-08", "국방위원회")], None),
        60005: ReplayMeeting(60005, "VCONFAPIGCONFLIST",
                             [_eraco_row(60005, "060005", "2024-05-08", "보건복지위원회")],
                             pdf_2020[: len(pdf_2020) // 3]),
    }, limited_once={"VCONFAPIGCONFLIST"}, slow_once={"VCONFSUBCCONFLIST"}, xml_always={"VCONFSUBCCONFLIST"}, stall_s=2)


@pytest.fixture
def sync_settings(settings, es_client):
    local = settings.model_copy(update={"index_alias": "test-sync-turns"})
    ensure_indices(es_client, local, recreate=True)
    es_client.options(ignore_status=404).indices.delete(index=SyncState(es_client, local).index)
    return local


def _api(url: str) -> OpenAssemblyClient:
    return OpenAssemblyClient(f"{url}/portal/openapi", f"{url}/assembly/viewer/minutes/download", key="test-key",
                              min_interval_s=0, backoff_s=0.01, timeout_s=1.0)


def _sync(es_client, settings, analyzer, url: str, **kwargs):
    api = _api(url)
    try:
        return run_sync(es_client, settings, api, analyzer, KINDS, 22, SINCE, UNTIL, out=io.StringIO(), **kwargs)
    finally:
        api.close()


def _index(es_client, settings) -> dict[str, dict]:
    es_client.indices.refresh(index=[turns_spec(settings).alias, meetings_spec(settings).alias])
    meetings = es_client.search(index=meetings_spec(settings).alias, size=100)["hits"]["hits"]
    turns = es_client.search(index=turns_spec(settings).alias, size=10_000, _source=["turn_id", "meeting_id"])
    ids = [hit["_source"]["turn_id"] for hit in turns["hits"]["hits"]]
    assert len(ids) == len(set(ids))  # no turn twice
    per_meeting: dict[str, int] = {}
    for hit in turns["hits"]["hits"]:
        per_meeting[hit["_source"]["meeting_id"]] = per_meeting.get(hit["_source"]["meeting_id"], 0) + 1
    return {hit["_source"]["provenance"]["confer_num"]:
            hit["_source"] | {"turns_indexed": per_meeting.get(hit["_source"]["meeting_id"], 0)} for hit in meetings}


def test_rows_fold_by_confer_num_and_keep_ids_as_they_are():
    rows = _committee_rows(52695, "2025-01-23", ["긴급현안질문 실시의 건", "다른 안건"])
    folded = fold_rows((row, "위원회") for row in rows)
    assert list(folded) == [52695] and folded[52695].agenda == ["긴급현안질문 실시의 건", "다른 안건"]
    assert folded[52695].conf_id == "052695"
    sub = listed_from_row(_eraco_row(56691, "N054260", "2026-05-12", "농림축산식품해양수산위원회"), "소위원회")
    assert sub.confer_num == 56691 and sub.conf_id == "N054260"


def test_xml_and_json_answers_read_the_same():
    rows = [_eraco_row(1, "N1", "2024-01-01", "법제사법위원회")]
    from tests.sync.replay import _json, _xml

    as_json, as_xml = parse_page("X", _json("X", 7, rows)), parse_page("X", _xml("X", 7, rows))
    assert as_json.total == as_xml.total == 7 and as_json.rows[0]["CONF_ID"] == as_xml.rows[0]["CONF_ID"] == "N1"


def test_sync_indexes_what_is_listed_then_fetches_nothing_new_then_replaces_the_provisional_text(
        es_client, sync_settings, analyzer, replay):
    with ReplayServer(replay) as server:
        first = _sync(es_client, sync_settings, analyzer, server.url)
        assert (first.listed, first.new, first.updated) == (5, 3, 0), (first.failed, first.listing_failed)
        assert first.failed[60004] == "file not published"
        assert "truncated" in first.failed[60005]
        indexed = _index(es_client, sync_settings)
        assert sorted(indexed) == [60001, 60002, 60003]
        assert {n: m["turns_indexed"] for n, m in indexed.items()} == {
            n: m["turn_count"] for n, m in indexed.items()}
        assert indexed[60001]["turn_count"] == 22 and indexed[60003]["turn_count"] == 132
        assert indexed[60002]["provisional"] is True and indexed[60001]["provisional"] is False
        provenance = indexed[60003]["provenance"]
        assert provenance["conf_id"] == "060003" and len(provenance["sha256"]) == 64 and provenance["fetched_at"]
        assert provenance["file_url"].endswith("/pdf.do?id=60003")
        assert indexed[60003]["source_url"] == "https://record.assembly.go.kr/assembly/viewer/minutes/xml.do?id=60003"
        assert not any(service for service, query in replay.log if query.get("Type") != "json")

        replay.downloads.clear()
        second = _sync(es_client, sync_settings, analyzer, server.url)
        # Only the provisional text is checked again and the failures retried (60004 as PDF, then as HWP);
        # nothing else is fetched.
        assert sorted(replay.downloads) == [60002, 60004, 60004, 60005]
        assert (second.new, second.updated) == (0, 0)
        assert _index(es_client, sync_settings).keys() == indexed.keys()

        replay.meetings[60002].file = _hwp(provisional=False)
        third = _sync(es_client, sync_settings, analyzer, server.url)
        assert third.updated == 1
        final = _index(es_client, sync_settings)[60002]
        assert final["provisional"] is False and final["turns_indexed"] == final["turn_count"]
        [change] = final["revisions"]
        assert change["reworded"] >= 1 and any(REWORDED in c["before"] for c in change["examples"])


def test_the_meeting_page_shows_the_provisional_mark_and_the_change(es_client, sync_settings, analyzer, replay):
    from fastapi.testclient import TestClient

    from web.app import create_app

    app = TestClient(create_app(sync_settings))
    with ReplayServer(replay) as server:
        _sync(es_client, sync_settings, analyzer, server.url)
        provisional = _index(es_client, sync_settings)[60002]
        page = app.get(f"/meetings/{provisional['meeting_id']}", headers={"accept": "text/html"}).text
        assert "임시회의록 — 확정본이 아님" in page
        hits = app.get("/api/search", params={"q": "간사"}).json()["hits"]
        assert any(hit["provisional"] for hit in hits)
        replay.meetings[60002].file = _hwp(provisional=False)
        _sync(es_client, sync_settings, analyzer, server.url)
        page = app.get(f"/meetings/{provisional['meeting_id']}", headers={"accept": "text/html"}).text
    assert "임시회의록 — 확정본이 아님" not in page
    assert "확정본으로 바뀐 내용" in page and REWORDED in page


KILLER = textwrap.dedent("""
    import io, os, signal, sys
    from datetime import date
    import ingest.sync as sync
    from hearings.analysis import get_analyzer
    from hearings.config import Settings
    from hearings.engine import make_client
    from ingest.open_assembly import OpenAssemblyClient

    calls = {"n": 0}
    real = sync.index_meeting
    def killing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] > int(sys.argv[2]):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    sync.index_meeting = killing
    settings = Settings(index_alias=sys.argv[3])
    url = sys.argv[1]
    api = OpenAssemblyClient(url + "/portal/openapi", url + "/assembly/viewer/minutes/download", key="k",
                             min_interval_s=0, backoff_s=0.01, timeout_s=5)
    sync.run_sync(make_client(settings), settings, api, get_analyzer(), ["위원회", "소위원회", "국정감사"], 22,
                  date(2024, 5, 6), date(2024, 5, 8), out=io.StringIO())
""")


def test_a_killed_run_resumes_to_the_same_index_as_an_uninterrupted_one(es_client, sync_settings, analyzer, replay,
                                                                          settings):
    whole = settings.model_copy(update={"index_alias": "test-sync-whole-turns"})
    ensure_indices(es_client, whole, recreate=True)
    es_client.options(ignore_status=404).indices.delete(index=SyncState(es_client, whole).index)
    replay.limited_once, replay.slow_once = set(), set()
    with ReplayServer(replay) as server:
        _sync(es_client, whole, analyzer, server.url)
        for indexed_before_kill in (1, 1):  # each killed run indexes one more meeting, then dies
            killed = subprocess.run([sys.executable, "-c", KILLER, server.url, str(indexed_before_kill),
                                     sync_settings.index_alias], capture_output=True, timeout=300,
                                    env=os.environ | {"PYTHONPATH": "."})
            assert killed.returncode == -signal.SIGKILL
        _sync(es_client, sync_settings, analyzer, server.url)
    resumed, uninterrupted = _index(es_client, sync_settings), _index(es_client, whole)
    assert {n: m["turns_indexed"] for n, m in resumed.items()} == {
        n: m["turns_indexed"] for n, m in uninterrupted.items()}
    assert {n: m["provenance"]["sha256"] for n, m in resumed.items()} == {
        n: m["provenance"]["sha256"] for n, m in uninterrupted.items()}


def test_a_request_without_user_agent_is_refused_by_the_replay_as_by_the_service(replay):
    import httpx

    with ReplayServer(replay) as server:
        response = httpx.get(f"{server.url}/portal/openapi/VCONFAPIGCONFLIST", headers={"User-Agent": ""})
    assert response.status_code == 400


def test_status_shows_the_last_run_kinds_provisional_and_failures(es_client, sync_settings, analyzer, replay):
    from fastapi.testclient import TestClient

    from web.app import create_app

    app = TestClient(create_app(sync_settings))
    assert app.get("/api/status").json()["has_run"] is False
    with ReplayServer(replay) as server:
        _sync(es_client, sync_settings, analyzer, server.url)
    status = app.get("/api/status").json()
    assert status["has_run"] is True and status["last_run"]["new"] == 3 and status["last_run"]["failed"] == 2
    assert status["meetings_per_kind"] == {"위원회": 1, "소위원회": 1, "국정감사": 3}
    assert status["provisional"] == 1
    assert {f["confer_num"]: f["reason"] for f in status["failures"]}[60004] == "file not published"
    page = app.get("/status", headers={"accept": "text/html"}).text
    assert "file not published" in page and "임시회의록(확정본이 아님): 1건" in page


def test_a_dry_run_lists_what_it_would_fetch_and_fetches_nothing(es_client, sync_settings, analyzer, replay):
    with ReplayServer(replay) as server:
        report = _sync(es_client, sync_settings, analyzer, server.url, dry_run=True)
    assert sorted(item.confer_num for item in report.planned) == [60001, 60002, 60003, 60004, 60005]
    assert replay.downloads == []
    assert es_client.count(index=turns_spec(sync_settings).alias)["count"] == 0


def test_a_refused_key_stops_and_a_missing_parameter_is_named(replay):
    from ingest.open_assembly import KeyRefused, ServiceError

    replay.refused_keys = {"test-key"}
    with ReplayServer(replay) as server:
        api = _api(server.url)
        with pytest.raises(KeyRefused):
            list(api.rows("VCONFAPIGCONFLIST", {"ERACO": "제22대"}))
        assert len(replay.log) == 1  # no retry of a refused key
        replay.refused_keys = set()
        with pytest.raises(ServiceError, match="ERROR-300"):
            list(api.rows("nzbyfwhwaoanttzje", {"DAE_NUM": 22}))
        api.close()


def test_without_a_key_only_the_first_five_rows_are_read_and_with_one_every_page(replay):
    replay.meetings = {n: ReplayMeeting(n, "VCONFAPIGCONFLIST", [_eraco_row(n, f"0{n}", "2024-10-10", "국방위원회")])
                       for n in range(70001, 70013)}
    replay.limited_once = set()
    with ReplayServer(replay) as server:
        keyless = OpenAssemblyClient(f"{server.url}/portal/openapi", f"{server.url}/x", min_interval_s=0)
        assert len(list(keyless.rows("VCONFAPIGCONFLIST", {"ERACO": "제22대"}))) == 5
        keyless.close()
        keyed = _api(server.url)
        keyed.page_size = 5
        replay.log.clear()
        rows = list(keyed.rows("VCONFAPIGCONFLIST", {"ERACO": "제22대"}))
        keyed.close()
    assert sorted(int(row["DOWN_URL"].rsplit("=", 1)[1]) for row in rows) == list(range(70001, 70013))
    assert [query["pIndex"] for _, query in replay.log] == ["1", "2", "3"]  # paged through list_total_count


def test_a_second_run_with_nothing_new_fetches_no_file(es_client, sync_settings, analyzer, replay):
    replay.meetings = {n: replay.meetings[n] for n in (60001, 60003)}  # final texts, all published
    with ReplayServer(replay) as server:
        first = _sync(es_client, sync_settings, analyzer, server.url)
        assert first.new == 2 and not first.failed
        replay.downloads.clear()
        second = _sync(es_client, sync_settings, analyzer, server.url)
    assert replay.downloads == [] and second.fetched == 0 and second.unchanged == 2


def test_a_backfill_says_what_it_lists_and_fetches_and_stops_at_until(es_client, sync_settings, analyzer, replay):
    replay.meetings = {60001: replay.meetings[60001]}  # listed on 2024-05-07
    out = io.StringIO()
    with ReplayServer(replay) as server:
        api = _api(server.url)
        try:
            report = run_sync(es_client, sync_settings, api, analyzer, ["위원회"], 22, date(2024, 5, 6),
                              date(2024, 5, 7), out=out)
        finally:
            api.close()
    lines = out.getvalue().splitlines()
    assert [line for line in lines if line.startswith("list ")] == [
        "list 1/2 위원회 2024-05-06: 0 meetings (requests so far: 1)",
        "list 2/2 위원회 2024-05-07: 1 meeting (requests so far: 2)"]
    assert any(line.startswith("fetch 1/1: CONFER_NUM 60001 2024-05-07 위원회") for line in lines)
    assert [query["CONF_DATE"] for _, query in replay.log] == ["2024-05-06", "2024-05-07"]  # nothing past --until
    assert report.new == 1 and report.ok
