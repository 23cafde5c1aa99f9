"""Cheap refusals first and clear ones: an out-of-range id in a signed link, a webhook on port 0, and a
client over its limit who is told so (429) before any name is looked up in DNS."""

from __future__ import annotations

import pytest

from alerts.tokens import Purpose, sign, signing_key
from tests.alerts.test_alerts_flow import FIRST, app_for, subscribe

pytestmark = pytest.mark.es


def test_a_signed_link_naming_an_id_past_2_63_is_a_bad_link_not_a_500(alert_settings, es_client, analyzer, tmp_path,
                                                                      mailbox):
    _, client = app_for(alert_settings, es_client, analyzer, tmp_path, "big-id", [FIRST])
    key = signing_key(alert_settings)
    for path, purpose in (("/alerts/manage", Purpose.MANAGE), ("/alerts/confirm", Purpose.CONFIRM),
                          ("/alerts/unsubscribe", Purpose.UNSUBSCRIBE_ALL), ("/alerts/manage/export", Purpose.MANAGE)):
        page = client.get(path, params={"t": sign(key, purpose, 2**63, 600)}, headers={"accept": "text/html"})
        assert page.status_code == 400 and "링크가 올바르지 않거나" in page.text, path
    done = client.post("/alerts/unsubscribe", params={"t": sign(key, Purpose.UNSUBSCRIBE, 2**64, None)},
                       content=b"List-Unsubscribe=One-Click",
                       headers={"content-type": "application/x-www-form-urlencoded"})
    assert done.status_code == 400


def test_a_webhook_on_port_0_is_refused_with_the_reason(alert_settings, es_client, analyzer, tmp_path, mailbox):
    _, client = app_for(alert_settings, es_client, analyzer, tmp_path, "port0", [FIRST])
    page = subscribe(client, "dev@example.org", channel="webhook", webhook_url="http://127.0.0.1:0/hook", q="충원")
    assert page.status_code == 422 and "포트" in page.text
    assert mailbox.mails == []


def test_a_client_over_its_limit_gets_429_before_its_webhook_host_is_resolved(alert_settings, es_client, analyzer,
                                                                            tmp_path, mailbox):
    settings = alert_settings.model_copy(update={"alerts_requests_per_client": 1,
                                                 "alerts_webhook_allow_private": False})
    _, client = app_for(settings, es_client, analyzer, tmp_path, "limit-dns", [FIRST])
    assert subscribe(client, "a@example.org", q="충원").status_code == 200
    # a name that cannot resolve: looked up, it would be a 422 about the address
    over = subscribe(client, "b@example.org", channel="webhook", webhook_url="http://no-such-host.invalid/hook",
                     q="충원")
    assert over.status_code == 429 and over.headers["retry-after"] == "3600"
