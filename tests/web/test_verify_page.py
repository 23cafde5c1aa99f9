"""The quote check in the browser: paste, see the verdict and the diff, follow the link to the turn."""

from __future__ import annotations

import pytest

from tests.conftest import serving

pytestmark = pytest.mark.es


def test_paste_a_press_quotation_and_open_the_turn_it_matches(app, page):
    with serving(app) as base:
        page.goto(f"{base}/")
        page.click("text=인용문 확인")
        page.fill("#verify-text",
                  "최연희 의원은 동해안이 오징어를 갖고 먹고 사는데 요즘 오징어가 한 마리도 안 잡힌다고 말했다")
        page.click("button:has-text('확인')")
        page.wait_for_selector(".verify-result")
        assert "사소한 차이" in page.inner_text("h2.verdict")
        assert "최연희" in page.inner_text(".hint-note")
        assert page.locator(".diff mark").count() >= 1  # 오징어를 / 잡힌다: other particles and endings
        page.click("text=회의록에서 이 발언 보기")
        page.wait_for_url("**/meetings/**#turn-30")
        assert "오징어가 한 마리도 안 잡힙니다" in page.inner_text("#turn-30")


def test_a_sentence_nobody_said_is_not_found_and_the_nearest_is_labelled_as_such(app, page):
    with serving(app) as base:
        page.goto(f"{base}/verify?text=공항공사+사장은+다음+달까지+활주로+공사를+모두+마치겠다고+약속했다")
        assert page.inner_text("h2.verdict") == "회의록에서 찾지 못했습니다"
        # the airport committee talked of 공항공사 and 활주로: the nearest turn is shown, and said not to match
        assert "일치하지 않음" in page.inner_text(".quote-match h3")
