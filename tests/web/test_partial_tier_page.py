"""Issue 25 in a real browser: the partial tier after its note, missing words struck through, the speaker chip."""

import pytest

pytestmark = [pytest.mark.es, pytest.mark.browser]

LOOSE = "메르스 격리 해제 기준 바뀐"  # no turn of the sample minutes holds all five words


def test_partial_hits_follow_a_plain_note_and_strike_the_missing_words(page, live_server):
    page.goto(live_server + "/search?q=" + LOOSE)
    assert page.locator("#result-count strong").inner_text() == "0"
    note = page.locator(".partial-note")
    assert "모든 낱말이 든 발언은 없습니다" in note.inner_text()
    partial = page.locator(".hit.partial")
    assert partial.count() > 0
    struck = partial.first.locator(".missing s").all_inner_texts()
    assert struck and set(struck) <= set(LOOSE.split())
    assert page.locator(".hit.partial s", has_text="바뀐").count() > 0
    # the note comes before the first partial hit in the list
    assert page.locator(".hits > li").first.get_attribute("class") == "partial-note"
    page.locator(".partial-note a").click()  # the full tier only
    page.wait_for_load_state()
    assert "match=all" in page.url and page.locator(".hit.partial").count() == 0


def test_a_typed_name_offers_a_speaker_chip_that_becomes_a_removable_filter(page, live_server):
    page.goto(live_server + "/search?q=김강립 검역")
    chip = page.locator(".speaker-chips a", has_text="화자: 김강립만 보기")
    chip.click()
    page.wait_for_load_state()
    assert all(name == "김강립" for name in page.locator(".hit .speaker").all_inner_texts())
    active = page.locator("ul.chips[aria-label='적용된 필터'] a.chip", has_text="김강립")
    assert active.count() == 1
    assert page.locator("input[name=q]").input_value() == "검역"
    page.goto(live_server + "/search?q=화자:김강립 검역")
    typed = page.locator("ul.chips[aria-label='적용된 필터'] a.chip", has_text="화자: 김강립")
    typed.click()
    page.wait_for_load_state()
    assert page.locator("input[name=q]").input_value() == "검역"
