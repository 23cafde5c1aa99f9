"""Issue 25, item 3 in a real browser: a misremembered quote says it is not in the minutes, then shows the
closest wording with its difference marked."""

import pytest

pytestmark = [pytest.mark.es, pytest.mark.browser]

NEAR = '"이 조문을 굉장히 엄격하게 해석해서 남용하지 말라"'  # 368-10 seq 289: "이 조문은 … 남용하지 마라"


def test_a_near_quote_follows_the_not_said_note_with_its_difference_marked(page, live_server):
    page.goto(live_server + "/search?q=" + NEAR)
    assert page.locator("#result-count strong").inner_text() == "0"
    assert "그대로인 발언은 회의록에 없습니다" in page.locator(".not-said").inner_text()
    near = page.locator(".hit.partial").first
    assert near.locator(".difference").all_inner_texts() == ["조문을 → 조문은", "남용하지 말라 → 남용하지 마라"]
    assert near.locator(".snippet mark.diff-changed").all_inner_texts() == ["조문은", "남용하지 마라"]
    page.goto(live_server + "/search?q=" + '"원천 무효라고 선언"')
    assert page.locator(".not-said").count() == 1 and page.locator(".hit").count() == 0
