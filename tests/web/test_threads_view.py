"""The reader folded into question → answer threads: the contents page, one thread's page, their JSON twins,
and a browser test opening a thread from the folded view."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import index_meetings, serving

pytestmark = pytest.mark.es
MEETING = {"committee": "법제사법위원회", "date": "2024-10-08", "session": 418, "meeting_number": 6, "turns": [
    {"speaker": "정성호", "role": "위원장", "text": "법무부의 업무보고를 듣겠습니다. 장관님 보고해 주시기 바랍니다."},
    {"speaker": "홍길동", "role": "법무부장관", "text": "법무부 업무현황을 보고드리겠습니다."},
    {"speaker": "박지원", "role": "위원", "text": "장관님, 수사권 조정은 언제 끝납니까? <script>alert(1)</script>"},
    {"speaker": "홍길동", "role": "법무부장관", "text": "연말까지 마무리하겠습니다."},
    {"speaker": "박지원", "role": "위원", "text": "연말이면 늦습니다."},
    {"speaker": "정성호", "role": "위원장", "text": "다음은 이은재 위원님 질의하시겠습니다."},
    {"speaker": "이은재", "role": "위원", "text": "교정시설 과밀 문제를 묻겠습니다."},
    {"speaker": "김철수", "role": "교정본부장", "text": "과밀 수용률은 120%입니다."},
]}


@pytest.fixture(scope="module")
def threads_app(settings, es_client, analyzer, tmp_path_factory):
    from web.app import create_app

    return create_app(index_meetings(settings, es_client, analyzer, tmp_path_factory.mktemp("threadview"),
                                     "test-threadview-turns", [MEETING]))


@pytest.fixture(scope="module")
def meeting_id(threads_app):
    found = TestClient(threads_app).get("/api/search", params={"q": "과밀"}).json()
    return found["hits"][0]["meeting_id"]


def test_the_contents_list_each_thread_with_asker_answerers_and_opening_words(threads_app, meeting_id):
    contents = TestClient(threads_app).get(f"/api/meetings/{meeting_id}/threads").json()
    assert [(t["number"], t["asker_name"], t["answerers"], t["bodies"], t["turns"]) for t in contents["threads"]] == [
        (1, "박지원", ["홍길동 법무부장관"], ["법무부"], 3), (2, "이은재", ["김철수 교정본부장"], ["교정본부"], 2)]
    first = contents["threads"][0]
    assert first["question"].startswith("장관님, 수사권 조정은") and first["answer"] == "연말까지 마무리하겠습니다."
    # the report before any question and the chair's turns are in no thread
    assert contents["unthreaded_turns"] == 3 and contents["answered"] == 2


def test_a_thread_page_holds_its_turns_whole_and_links_onward(threads_app, meeting_id):
    api = TestClient(threads_app)
    thread = api.get(f"/api/meetings/{meeting_id}/threads/1").json()
    assert [t["seq"] for t in thread["turns"]] == [3, 4, 5]
    assert thread["prev_url"] is None and thread["next_url"].endswith("/threads/2")
    assert thread["answers_url"] == "/search?answers_to=%EB%B0%95%EC%A7%80%EC%9B%90"
    assert api.get(f"/api/meetings/{meeting_id}/threads/3").status_code == 404
    assert api.get(f"/api/meetings/{meeting_id}/threads/0").status_code == 422
    html = api.get(f"/meetings/{meeting_id}/threads/1").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html


def test_in_the_browser_the_folded_reader_opens_a_thread(threads_app, meeting_id, page):
    with serving(threads_app) as base:
        page.goto(f"{base}/meetings/{meeting_id}")
        page.click("text=질의·답변 묶음으로 보기")
        page.wait_for_url(f"**/meetings/{meeting_id}/threads")
        threads = page.locator("li.thread")
        assert threads.count() == 2
        assert not page.is_visible("text=연말까지 마무리하겠습니다.")  # folded
        threads.nth(0).locator("summary").click()
        assert page.is_visible("text=연말까지 마무리하겠습니다.")
        threads.nth(0).locator("text=묶음 전체 읽기").click()
        page.wait_for_url("**/threads/1")
        assert page.locator("section.turn").count() == 3
        page.click("text=다음 묶음")
        page.wait_for_url("**/threads/2")
        assert "과밀 수용률은 120%입니다." in page.inner_text("article")
