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
    top = page.locator(".top-speakers li").first
    assert top.locator("a").inner_text() == "윤한홍"  # who says this most: grouped by speaker, with counts
    page.screenshot(path=str(artifacts_dir / "search.png"), full_page=True)

    yoon.get_by_role("link", name="회의록에서 보기").click()
    page.wait_for_url(re.compile(r"/meetings/.+#turn-\d+$"))
    anchor = page.url.split("#")[1]
    target = page.locator(f"section#{anchor}")
    assert "윤한홍" in target.locator(".turn-speaker").inner_text()
    assert "원천무효" in target.inner_text()
    assert target.locator("mark", has_text="원천무효").count() > 0  # the reader marks the search terms
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


def test_histogram_bar_narrows_to_its_year_then_to_a_month(page, live_server):
    page.goto(live_server + "/search?q=회의")  # the sample minutes span 2011–2020: a bar per year
    assert page.locator(".histogram figcaption").inner_text().startswith("연도별")
    page.locator(".histogram a.bar-link").last.click()
    page.wait_for_url(re.compile(r"date_from=(\d{4})-01-01&date_to=\1-12-31"))
    year = re.search(r"date_from=(\d{4})", page.url).group(1)
    assert page.locator(".histogram figcaption").inner_text().startswith("월별")
    page.locator(".histogram a.bar-link").first.click()
    page.wait_for_url(re.compile(rf"date_from={year}-\d{{2}}-01&date_to={year}-\d{{2}}-\d{{2}}"))
    month = re.search(r"date_from=(\d{4}-\d{2})", page.url).group(1)
    assert all(t.startswith(month) for t in page.locator(".hit time").evaluate_all("els => els.map(e => e.dateTime)"))
    assert page.get_by_role("link", name=re.compile("시작일 .* 필터 해제")).count() == 1


def test_member_page(page, live_server, artifacts_dir):
    page.goto(live_server + "/search?q=검역")
    page.locator(".hit .speaker", has_text="김세연").first.click()
    page.wait_for_url(re.compile(r"/speakers/"))
    assert page.locator("h1").inner_text().startswith("김세연")
    assert "金世淵" in page.locator("h1").inner_text()
    assert page.locator(".profile-grid").get_by_text("보건복지위원회").count() == 1
    page.get_by_label("이 발언자의 발언 안에서 검색").fill("참고인")
    page.get_by_label("이 발언자의 발언 안에서 검색").press("Enter")
    page.wait_for_url(re.compile(r"/speakers/.+q="))
    assert all(s == "김세연" for s in page.locator(".hit .speaker").all_inner_texts())
    assert page.get_by_role("link", name="CSV").get_attribute("href").startswith("/api/export?")
    page.screenshot(path=str(artifacts_dir / "speaker.png"), full_page=True)


def test_phone_width_layout(browser, live_server, artifacts_dir):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ko-KR")
    page = context.new_page()
    page.goto(live_server + "/search?q=원천무효")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"horizontal scrolling at phone width ({width}px)"
    page.screenshot(path=str(artifacts_dir / "search-phone.png"))
    context.close()


def test_who_said_it_most_leads_to_their_page_with_the_same_words(page, live_server):
    page.goto(live_server + "/search?q=%22원천+무효%22")
    top = page.locator(".top-speakers li")
    counts = [int(text.removesuffix("건").replace(",", "")) for text in top.locator(".count").all_inner_texts()]
    assert 0 < len(counts) <= 10 and counts == sorted(counts, reverse=True) and all(counts)
    first = top.first.locator("a")
    name = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r"/speakers/[^?]+\?q=%22"))
    assert page.locator("h1").inner_text().startswith(name)
    assert page.get_by_label("이 발언자의 발언 안에서 검색").input_value() == '"원천 무효"'
    assert int(page.locator("#result-count strong").inner_text()) == counts[0]  # the count shown is what it finds


def test_member_page_committee_year_and_term_links_narrow_it(page, live_server):
    page.goto(live_server + "/speakers/박범계")
    committees = page.locator(".profile-grid section", has=page.get_by_role("heading", name="위원회", exact=True))
    committee = committees.locator("li").first
    name, count = committee.locator("a").first.inner_text(), committee.locator(".count").inner_text()
    committee.locator("a").first.click()
    page.wait_for_url(re.compile(r"/speakers/[^?]+\?committee="))
    assert page.locator("#result-count strong").inner_text() == count
    assert set(page.locator(".hit .committee").all_inner_texts()) == {name}

    page.goto(live_server + "/speakers/박범계")
    bars = page.locator(".profile-grid svg a")
    assert bars.count() == 2  # 2018 and 2019
    year, said = re.fullmatch(r"(\d{4})년 (\d+)건", bars.first.locator("title").text_content()).groups()
    bars.first.click()
    page.wait_for_url(re.compile(rf"/speakers/[^?]+\?year={year}$"))
    assert page.locator("#result-count strong").inner_text() == said
    assert all(t.startswith(year) for t in page.locator(".hit time").evaluate_all("els => els.map(e => e.dateTime)"))

    page.goto(live_server + "/speakers/박범계")
    term = page.locator("p.terms a").first
    word = term.inner_text()
    term.click()
    page.wait_for_url(re.compile(r"/speakers/[^?]+\?q="))
    assert page.get_by_label("이 발언자의 발언 안에서 검색").input_value() == word
    assert int(page.locator("#result-count strong").inner_text()) > 0


def test_the_people_who_said_it_most_are_numbered_apart(page, live_server):
    """The rank is printed inside each item: CSS markers sat in the wrapped row's gap and read "13건2. 문무일"."""
    page.goto(live_server + "/search?q=위원장")
    items = page.locator(".top-speakers li")
    texts = items.all_inner_texts()
    assert len(texts) > 2
    assert all(re.fullmatch(rf"{rank}\. \S.* [\d,]+건", text) for rank, text in enumerate(texts, 1)), texts
    boxes = [items.nth(i).bounding_box() for i in range(len(texts))]
    for before, after in zip(boxes, boxes[1:], strict=False):
        if before["y"] == after["y"]:  # the same row: the next item starts after this one ends
            assert after["x"] >= before["x"] + before["width"]
