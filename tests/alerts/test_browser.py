"""An aide in headless Chromium: subscribe from a search page, confirm by the link in the mail the SMTP
server received, get the digest after a new meeting is indexed, open a turn from it, and unsubscribe by
the mail's link."""

from __future__ import annotations

import re

import pytest

from alerts.run import run_once
from tests.alerts.conftest import index_fresh, ingest_more, meeting
from tests.alerts.test_alerts_flow import FIRST, NEW
from tests.conftest import serving
from tests.web.axe import axe_violations

pytestmark = [pytest.mark.es, pytest.mark.browser]


def test_subscribe_confirm_receive_and_unsubscribe(page, alert_settings, es_client, analyzer, tmp_path,  # noqa: F811
                                                   mailbox, artifacts_dir):
    from web.app import create_app

    local = index_fresh(alert_settings, es_client, analyzer, tmp_path, "browser", [FIRST])
    app = create_app(local)
    with serving(app) as url:
        local = local.model_copy(update={"public_url": url})
        app.state.settings = local  # links in mails point at this live server
        page.goto(f"{url}/search?q=역학조사관")
        page.get_by_role("link", name="메일·웹훅 알림").click()
        page.wait_for_url(re.compile(r"/alerts/new\?q="))
        assert "‘역학조사관’" in page.locator("main").inner_text()
        page.get_by_label("메일 주소").fill("aide@example.org")
        page.screenshot(path=str(artifacts_dir / "alerts-new.png"))
        assert axe_violations(page) == []
        page.get_by_role("button", name="알림 신청").click()
        page.get_by_role("heading", name="메일을 확인해 주세요").wait_for()
        page.screenshot(path=str(artifacts_dir / "alerts-subscribed.png"))
        assert axe_violations(page) == []

        confirmation = mailbox.wait_for(1)[0]
        page.goto(re.search(rf"{re.escape(url)}/alerts/confirm\S+", confirmation.text).group(0))
        confirming = page.locator("main").inner_text()
        assert "‘역학조사관’" in confirming and "‘‘" not in confirming  # quoted once, not ‘‘역학조사관’’
        assert axe_violations(page) == []
        page.get_by_role("button", name="신청 확인").click()
        page.get_by_role("heading", name="알림을 신청했습니다").wait_for()
        page.get_by_role("link", name="알림 관리").click()
        page.get_by_role("heading", name="알림 관리").wait_for()
        assert page.locator(".alert-item h2").inner_text() == "‘역학조사관’"
        assert page.locator(".alert-item").get_attribute("data-state") == "active"
        page.screenshot(path=str(artifacts_dir / "alerts-manage.png"), full_page=True)
        assert axe_violations(page) == []

        assert run_once(local, es_client, analyzer, local.index_alias).digests == 0
        ingest_more(local, es_client, analyzer, tmp_path, [NEW])
        assert run_once(local, es_client, analyzer, local.index_alias).digests == 1
        digest = mailbox.wait_for(2)[1]
        assert "새 발언 2건" in digest.subject and "김철수" in digest.text and "박민수" in digest.text

        page.set_content(digest.html)  # the HTML part as a mail client shows it
        assert page.locator(".turn").count() == 2
        assert page.locator(".turn mark").first.inner_text() == "역학조사관"
        turn_link = page.get_by_role("link", name="회의록에서 보기").first.get_attribute("href")
        unsubscribe = page.get_by_role("link", name="이 알림 해지").get_attribute("href")
        page.goto(turn_link)
        target = page.locator("section:target")
        assert target.count() == 1 and "역학조사관" in target.inner_text()

        page.goto(unsubscribe)
        page.get_by_role("button", name="해지").click()
        page.get_by_role("heading", name="알림을 해지했습니다").wait_for()
        page.screenshot(path=str(artifacts_dir / "alerts-unsubscribed.png"))
        assert axe_violations(page) == []
        later = meeting("2024-05-10", 4, [("김철수", "위원", "역학조사관 또")])
        ingest_more(local, es_client, analyzer, tmp_path, [later])
        assert run_once(local, es_client, analyzer, local.index_alias).alerts == 0
        assert len(mailbox.mails) == 2
