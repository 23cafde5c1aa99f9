"""The trends page and distinctive phrases in headless Chromium: the chart draws, a point leads to its
search, the table stands beside it, the form works, and the member page lists its phrases."""

from __future__ import annotations

import re

import pytest

from tests.conftest import index_meetings, serving
from tests.search_api.insights_data import PHRASE_MEETINGS, TREND_MEETINGS

pytestmark = [pytest.mark.es, pytest.mark.browser]


@pytest.fixture(scope="module")
def insights_server(settings, es_client, analyzer, tmp_path_factory):
    from web.app import create_app

    local = index_meetings(settings, es_client, analyzer, tmp_path_factory.mktemp("trendspage"),
                           "test-trendspage-turns", TREND_MEETINGS + PHRASE_MEETINGS)
    with serving(create_app(local)) as base:
        yield base


@pytest.fixture
def watched(page):
    """The page, with every console error and refused resource (CSP included) collected."""
    problems: list[str] = []

    def console(message) -> None:
        # a failed load is told by its response below, with its address (the browser asks for /favicon.ico)
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(message.text)  # CSP refusals land here

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("response", lambda response: problems.append(f"{response.status} {response.url}")
            if response.status >= 400 and not response.url.endswith("/favicon.ico") else None)
    return page, problems


def test_the_chart_draws_and_a_point_leads_to_its_search(watched, insights_server, artifacts_dir):
    page, problems = watched
    page.goto(f"{insights_server}/trends?term=공수처&term=%22원천+무효%22&date_to=2021-12-31")
    chart = page.locator("figure.trend-chart > svg")
    assert chart.count() == 1
    assert chart.locator("title").first.text_content() == '공수처 · "원천 무효" — 발언 1만 건당 발언 수'
    assert "공수처: 전체 1만 건당" in chart.locator("desc").text_content()
    assert chart.locator("polyline").count() == 2
    assert chart.locator("a.point").count() == 6  # 3 years × 2 terms, each year had turns
    box = chart.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 150  # laid out, not collapsed
    page.screenshot(path=str(artifacts_dir / "trends.png"), full_page=True)

    point = chart.locator('a.point[aria-label^="공수처 · 2019"]')
    assert point.get_attribute("aria-label") == "공수처 · 2019: 1만 건당 3,000 (3/10)"
    point.locator("circle").click()
    page.wait_for_url(re.compile(r"/search\?q=.+date_from=2019-01-01&date_to=2019-12-31"))
    assert page.locator("#result-count strong").inner_text() == "3"
    assert problems == []


def test_the_table_fallback_holds_the_same_numbers_with_links(watched, insights_server):
    page, problems = watched
    page.goto(f"{insights_server}/trends?term=공수처&date_to=2021-12-31")
    table = page.locator(".trend-table table")
    assert table.locator("caption").inner_text().startswith("연도별 발언 1만 건당 발언 수")
    assert table.locator("thead th").all_inner_texts() == ["기간", "공수처"]
    rows = [row.inner_text().split("\t") for row in table.locator("tbody tr").all()]
    assert rows == [["2019", "3,000 (3/10)"], ["2020", "2,000 (1/5)"], ["2021", "0 (0/4)"]]
    table.get_by_role("link", name="2,000 (1/5)").click()
    page.wait_for_url(re.compile(r"date_from=2020-01-01"))
    assert page.locator("#result-count strong").inner_text() == "1"
    assert problems == []


def test_the_form_compares_terms_and_splits_by_party(watched, insights_server):
    page, problems = watched
    page.goto(f"{insights_server}/trends")
    assert page.locator("figure.trend-chart").count() == 0  # nothing asked, nothing drawn
    page.get_by_label("말 1").fill("공수처")
    page.get_by_label("말 2").fill("역학조사관")
    page.get_by_label("나누기").select_option("party")
    page.get_by_role("button", name="그리기").click()
    page.wait_for_url(re.compile(r"split=party"))
    titles = page.locator("figure.trend-chart > svg > title").all_text_contents()
    assert titles == ["공수처 — 발언 1만 건당 발언 수", "역학조사관 — 발언 1만 건당 발언 수"]
    assert "더불어민주당" in page.locator("figure.trend-chart .legend").first.inner_text()
    page.get_by_role("link", name="월별").click()
    page.wait_for_url(re.compile(r"interval=month"))
    assert page.locator(".trend-views a[aria-current=page]").all_inner_texts() == ["월별", "정당별"]
    assert problems == []


def test_a_typed_script_is_shown_as_text(watched, insights_server):
    page, problems = watched
    page.goto(f"{insights_server}/trends?term=%3Cscript%3Ealert(1)%3C/script%3E")
    assert page.get_by_label("말 1").input_value() == "<script>alert(1)</script>"
    assert page.locator("main script").count() == 0
    assert problems == []


def test_the_member_page_lists_distinctive_phrases(watched, insights_server, artifacts_dir):
    page, problems = watched
    page.goto(f"{insights_server}/speakers/박정현")
    phrases = page.locator("section.phrases table.distinctive-phrases")
    first = phrases.locator("tbody tr").first
    assert first.locator("td").all_inner_texts()[0] in ("부다페스트 협약", "협약 가입", "부다페스트 협약 가입")
    row = phrases.locator("tbody tr", has=page.get_by_role("link", name="부다페스트 협약", exact=True))
    assert row.locator("td").all_inner_texts() == ["부다페스트 협약", "5건", "0건"]
    assert "예산 심사" not in phrases.inner_text()
    page.locator("section.phrases").screenshot(path=str(artifacts_dir / "member-phrases.png"))
    row.get_by_role("link", name="부다페스트 협약", exact=True).click()
    page.wait_for_url(re.compile(r"/search\?speaker=.+phrase="))
    assert page.locator("#result-count strong").inner_text() == "5"
    assert problems == []


def test_from_a_member_s_committee_to_the_committee_page(watched, insights_server):
    page, problems = watched
    page.goto(f"{insights_server}/speakers/허은아")
    page.get_by_role("link", name="위원회 보기: 행정안전위원회").click()
    page.wait_for_url(re.compile(r"/committees/"))
    assert page.locator("h1").inner_text() == "행정안전위원회"
    phrases = page.locator("table.distinctive-phrases")
    assert "지방 재정 확충" in phrases.inner_text() and "예산 심사" not in phrases.inner_text()
    assert page.locator(".top-speakers li").count() == 3
    page.get_by_role("link", name="이 표현들의 추이 보기").click()
    page.wait_for_url(re.compile(r"/trends\?phrase="))
    assert page.locator("figure.trend-chart").count() == 1
    # each phrase is a line counted as the phrase (9 turns of 지방 재정 확충), shown as such and removable
    point = page.locator('a.point[aria-label^="표현: 지방 재정 확충 · 2023"]')
    assert point.get_attribute("aria-label").endswith("(9/24)")
    assert "표현: 지방 재정 확충" in page.locator(".legend").inner_text()
    box = page.get_by_role("checkbox", name="표현: 지방 재정 확충")
    assert box.is_checked()
    lines = page.locator(".legend li").count()
    box.uncheck()
    page.get_by_role("button", name="그리기").click()
    page.wait_for_load_state()
    assert "지방 재정 확충" not in page.locator(".legend").inner_text()
    assert page.locator(".legend li").count() == lines - 1
    assert problems == []
