"""The search page and meeting reader in a real browser."""

import re

import pytest

pytestmark = [pytest.mark.es, pytest.mark.browser]


def test_search_highlight_and_open_the_turn(page, live_server, artifacts_dir):
    page.goto(live_server + "/")
    page.get_by_label("검색어").fill("원천무효")
    page.get_by_role("button", name="검색").click()
    page.wait_for_url(re.compile(r"/search\?q="))
    assert "발언" in page.locator("#result-count").inner_text()
    first_mark = page.locator(".hit .snippet mark").first
    assert first_mark.inner_text() in ("원천무효", "원천 무효")
    yoon = page.locator(".hit", has=page.locator(".speaker", has_text="윤한홍")).first
    assert "2019년 4월 26일" in yoon.locator(".hit-meta").inner_text()
    page.screenshot(path=str(artifacts_dir / "search.png"), full_page=True)

    yoon.get_by_role("link", name="회의록에서 보기").click()
    page.wait_for_url(re.compile(r"/meetings/.+#turn-\d+$"))
    anchor = page.url.split("#")[1]
    target = page.locator(f"section#{anchor}")
    assert "윤한홍" in target.locator(".turn-speaker").inner_text()
    assert "원천무효" in target.inner_text()
    # The anchored turn is the CSS :target, i.e. highlighted, and scrolled into view.
    assert page.evaluate(f"document.querySelector('#{anchor}').matches(':target')")
    page.screenshot(path=str(artifacts_dir / "meeting.png"))


def test_facet_checkbox_narrows_results(page, live_server):
    page.goto(live_server + "/search?q=원천무효")
    total_before = page.locator("#result-count strong").inner_text()
    page.locator(".facet[data-facet=speaker] label", has_text="윤한홍").locator("input").check()
    page.wait_for_url(re.compile(r"speaker="))
    assert page.locator("#result-count strong").inner_text() != total_before
    assert all(s == "윤한홍" for s in page.locator(".hit .speaker").all_inner_texts())
    page.get_by_role("link", name=re.compile("화자 윤한홍 필터 해제")).click()
    page.wait_for_url(re.compile(r"^(?!.*speaker=)"))
    assert page.locator("#result-count strong").inner_text() == total_before


def test_search_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, locale="ko-KR")
    page = context.new_page()
    page.goto(live_server + "/")
    page.get_by_label("검색어").fill('"원천 무효"')
    page.get_by_label("검색어").press("Enter")
    page.wait_for_url(re.compile(r"/search\?"))
    assert page.locator(".hit").count() > 0
    page.locator(".facet[data-facet=speaker] label", has_text="윤한홍").locator("input").check()
    page.get_by_role("button", name="필터 적용").click()
    page.wait_for_url(re.compile(r"speaker="))
    assert all(s == "윤한홍" for s in page.locator(".hit .speaker").all_inner_texts())
    context.close()
