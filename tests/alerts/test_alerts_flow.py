"""The alert flow end to end on the real node and a real SMTP server: double opt-in, digests of what
was ingested between runs, no repeat after a re-ingest, one-click unsubscribe, manage page, webhooks."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from alerts.delivery import RETRY
from alerts.run import run_once
from alerts.store import AlertStore
from alerts.tokens import Purpose, sign, signing_key
from tests.alerts.conftest import PUBLIC_URL, come_due, index_fresh, ingest_more, meeting

pytestmark = pytest.mark.es

FIRST = meeting("2024-05-07", 1, [("김철수", "위원", "역학조사관 충원 계획을 묻겠습니다."),
                                  ("홍길동", "질병관리청장", "예산이 확보되면 충원하겠습니다.")])
BEFORE_CONFIRMING = meeting("2024-05-08", 2, [("이영희", "위원", "역학조사관 처우 개선이 필요합니다.")])
NEW = meeting("2024-05-09", 3, [("김철수", "위원", "역학조사관 <b>정원</b>을 늘려야 합니다 & 서둘러야 합니다."),
                                ("홍길동", "질병관리청장", "검토하겠습니다."),
                                ("박민수", "위원", "역학조사관 교육도 중요합니다.")])


def app_for(settings, es_client, analyzer, folder, name, meetings):
    from web.app import create_app

    local = index_fresh(settings, es_client, analyzer, folder, name, meetings)
    return local, TestClient(create_app(local))


def subscribe(client: TestClient, email: str, label: str = "", channel: str = "email", webhook_url: str = "",
              **search):
    return client.post("/alerts", data={"email": email, "label": label, "channel": channel, "webhook_url": webhook_url,
                                        **search})


def token_of(link: str) -> str:
    return re.search(r"[?&]t=([^&\s]+)", link).group(1)


def path_of(link: str) -> str:
    parts = urlsplit(link)
    return f"{parts.path}?{parts.query}"


def run(settings, es_client, analyzer):
    report = run_once(settings, es_client, analyzer, settings.index_alias)
    assert report is not None
    return report


def confirm_from(mail, client: TestClient) -> None:
    link = mail.links("/alerts/confirm")[0]
    page = client.get(path_of(link))
    assert page.status_code == 200 and 'method="post" action="/alerts/confirm"' in page.text
    done = client.post("/alerts/confirm", data={"t": token_of(link)})
    assert done.status_code == 200 and "알림을 신청했습니다" in done.text


def listed_turns(mail) -> list[str]:
    return re.findall(rf"{re.escape(PUBLIC_URL)}/turns/([^\"\s]+)", mail.html)


def test_double_opt_in_digest_no_repeat_and_one_click_unsubscribe(alert_settings, es_client, analyzer, tmp_path,
                                                                  mailbox):
    local, client = app_for(alert_settings, es_client, analyzer, tmp_path, "flow", [FIRST])
    answer = subscribe(client, "Aide@Example.org", q="역학조사관")
    assert answer.status_code == 200 and "메일을 확인해 주세요" in answer.text
    [confirmation] = mailbox.wait_for(1)
    assert confirmation.recipients == ["aide@example.org"] and "알림 신청 확인" in confirmation.subject
    assert "‘역학조사관’" in confirmation.text and confirmation.message["Auto-Submitted"] == "auto-generated"

    ingest_more(local, es_client, analyzer, tmp_path, [BEFORE_CONFIRMING])
    assert run(local, es_client, analyzer).digests == 0  # nothing before the address confirms
    confirm_from(confirmation, client)
    assert run(local, es_client, analyzer).digests == 0  # and nothing written before it confirmed
    assert len(mailbox.mails) == 1

    ingest_more(local, es_client, analyzer, tmp_path, [NEW])
    report = run(local, es_client, analyzer)
    assert (report.digests, report.turns, report.delivered["sent"]) == (1, 2, 1)
    digest = mailbox.wait_for(2)[1]
    assert digest.recipients == ["aide@example.org"] and "새 발언 2건" in digest.subject
    api = client.get("/api/search", params={"q": "역학조사관", "date_from": "2024-05-09"}).json()
    assert sorted(listed_turns(digest)) == sorted(h["turn_id"] for h in api["hits"])
    assert "&lt;b&gt;정원&lt;/b&gt;" in digest.html and "<b>정원" not in digest.html  # minutes text escaped
    assert "<b>정원</b>을 늘려야 합니다 & 서둘러야" in digest.text  # the plain part is plain text
    unsubscribe = digest.message["List-Unsubscribe"].strip("<>")
    assert digest.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    ingest_more(local, es_client, analyzer, tmp_path, [NEW])  # re-ingested unchanged: new indexed_at, same turns
    assert run(local, es_client, analyzer).turns == 0
    reworded = dict(NEW, turns=[dict(NEW["turns"][0], text="역학조사관 정원을 늘려야 합니다."), *NEW["turns"][1:],
                                {"speaker": "최지은", "role": "위원", "text": "역학조사관 채용 일정은요?"}])
    ingest_more(local, es_client, analyzer, tmp_path, [reworded])
    report = run(local, es_client, analyzer)
    assert report.turns == 1  # the added turn; the reworded one was already sent to this alert
    assert "최지은" in mailbox.wait_for(3)[2].text
    assert len(mailbox.mails) == 3

    one_click = client.post(path_of(unsubscribe), content=b"List-Unsubscribe=One-Click",
                            headers={"content-type": "application/x-www-form-urlencoded"})
    assert one_click.status_code == 200 and "해지했습니다" in one_click.text
    ingest_more(local, es_client, analyzer, tmp_path, [meeting("2024-05-10", 4, [("김철수", "위원", "역학조사관 또")])])
    assert run(local, es_client, analyzer).alerts == 0 and len(mailbox.mails) == 3


def test_the_answer_never_tells_whether_an_address_is_subscribed(alert_settings, es_client, analyzer, tmp_path,
                                                                 mailbox):
    settings = alert_settings.model_copy(update={"alerts_max_per_address": 2})
    _, client = app_for(settings, es_client, analyzer, tmp_path, "reveal", [FIRST])
    fresh = subscribe(client, "new@example.org", q="충원")
    subscribe(client, "known@example.org", q="충원")
    confirm_from(mailbox.wait_for(2)[1], client)
    again = subscribe(client, "known@example.org", q="충원")  # the very same alert, already active
    subscribe(client, "known@example.org", q="예산")
    capped = subscribe(client, "known@example.org", q="계획")  # a third alert: over the cap of 2
    fresh_too = subscribe(client, "new2@example.org", q="계획")
    assert fresh.status_code == again.status_code == capped.status_code == fresh_too.status_code == 200
    assert fresh.text == again.text and capped.text == fresh_too.text
    subjects = [m.subject for m in mailbox.to("known@example.org")]
    assert subjects[1] == "이미 받고 있는 알림입니다" and subjects[-1] == "알림 개수 한도에 이르렀습니다"
    store = AlertStore(settings.alerts_db)
    assert store.count_alerts(store.address_by_email("known@example.org").id) == 2
    store.close()
    unknown = client.post("/alerts/manage/link", data={"email": "nobody@example.org"})
    known = client.post("/alerts/manage/link", data={"email": "known@example.org"})
    assert unknown.status_code == known.status_code == 200 and unknown.text == known.text
    assert mailbox.to("nobody@example.org") == [] and mailbox.to("known@example.org")[-1].links("/alerts/manage")


def test_rate_limits_per_client_and_per_address(alert_settings, es_client, analyzer, tmp_path, mailbox):
    settings = alert_settings.model_copy(update={"alerts_requests_per_client": 4, "alerts_requests_per_address": 2})
    _, client = app_for(settings, es_client, analyzer, tmp_path, "rates", [FIRST])
    answers = [subscribe(client, "target@example.org", q=f"충원 {n}") for n in range(3)]
    other = subscribe(client, "other@example.org", q="충원 2")
    assert [a.status_code for a in answers] == [200, 200, 200] and answers[2].text == other.text
    assert len(mailbox.to("target@example.org")) == 2  # the third request for that address mails nothing
    assert len(mailbox.to("other@example.org")) == 1
    refused = subscribe(client, "third@example.org", q="충원")  # this client's fifth request in the hour
    assert refused.status_code == 429 and refused.headers["retry-after"] == "3600"
    assert mailbox.to("third@example.org") == []


def test_bad_forms_and_links_get_clear_answers(alert_settings, es_client, analyzer, tmp_path, mailbox):
    _, client = app_for(alert_settings, es_client, analyzer, tmp_path, "bad", [FIRST])
    assert subscribe(client, "not an address", q="충원").status_code == 422
    assert subscribe(client, "a@example.org\r\nBcc: b@example.org", q="충원").status_code == 422
    assert subscribe(client, "a@example.org", q="(((").status_code == 422
    assert subscribe(client, "a@example.org", q="충원", year="1066").status_code == 422
    ftp = subscribe(client, "a@example.org", channel="webhook", webhook_url="ftp://x.org/h", q="충원")
    assert ftp.status_code == 422
    assert client.post("/alerts", content=b"email=" + b"a" * 20_000,
                       headers={"content-type": "application/x-www-form-urlencoded"}).status_code == 413
    key = signing_key(alert_settings)
    expired = sign(key, Purpose.CONFIRM, 1, ttl_s=-10)
    for path in (f"/alerts/confirm?t={expired}", "/alerts/unsubscribe?t=forged.token", "/alerts/manage?t=x.y",
                 f"/alerts/manage/export?t={sign(key, Purpose.CONFIRM, 1, ttl_s=60)}"):
        page = client.get(path, headers={"accept": "text/html"})
        assert page.status_code == 400 and "링크가 올바르지 않거나" in page.text, path
    assert client.get("/alerts/confirm?t=" + "a" * 300).status_code == 422
    assert mailbox.mails == []


def test_the_manage_page_edits_pauses_exports_and_erases(alert_settings, es_client, analyzer, tmp_path, mailbox):
    local, client = app_for(alert_settings, es_client, analyzer, tmp_path, "manage", [FIRST])
    subscribe(client, "aide@example.org", label="<img src=x onerror=alert(1)> 역학", q="역학조사관")
    confirmation = mailbox.wait_for(1)[0]
    assert "&lt;img src=x" in confirmation.html and "<img" not in confirmation.html
    confirm_from(confirmation, client)
    run(local, es_client, analyzer)
    client.post("/alerts/manage/link", data={"email": "aide@example.org"})
    manage = path_of(mailbox.wait_for(2)[1].links("/alerts/manage")[0])
    page = client.get(manage)
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert "&lt;img src=x onerror=alert(1)&gt; 역학" in page.text and "<img src=x" not in page.text
    token = token_of(manage)
    alert_id = re.search(r'name="alert" value="(\d+)"', page.text).group(1)

    paused = client.post("/alerts/manage", data={"t": token, "alert": alert_id, "action": "pause"})
    assert "멈췄습니다" in paused.text and 'data-state="paused"' in paused.text
    ingest_more(local, es_client, analyzer, tmp_path, [NEW])
    assert run(local, es_client, analyzer).alerts == 0
    client.post("/alerts/manage", data={"t": token, "alert": alert_id, "action": "resume"})
    assert run(local, es_client, analyzer).turns == 0  # what appeared while paused is not sent
    edited = client.post("/alerts/manage", data={"t": token, "alert": alert_id, "action": "edit",
                                                 "label": "교육 얘기", "q": "교육"})
    assert "고쳤습니다" in edited.text and "교육 얘기" in edited.text
    ingest_more(local, es_client, analyzer, tmp_path, [meeting("2024-06-01", 5, [
        ("박민수", "위원", "방역 교육 예산을 묻겠습니다."), ("김철수", "위원", "역학조사관 이야기는 아닙니다.")])])
    assert run(local, es_client, analyzer).turns == 1
    assert "방역 교육" in mailbox.wait_for(3)[2].text

    store = AlertStore(alert_settings.alerts_db)
    with store.transaction():
        someone_else = store.add_alert(store.ensure_address("else@example.org").id, "남의 알림", "q=x", "email", "", "")
    store.close()
    refused = client.post("/alerts/manage", data={"t": token, "alert": someone_else.id, "action": "delete"})
    assert "이 주소의 알림이 아닙니다" in refused.text and "남의 알림" not in refused.text
    huge = client.post("/alerts/manage", data={"t": token, "alert": "9" * 5000, "action": "delete"})
    assert huge.status_code == 200 and "이 주소의 알림이 아닙니다" in huge.text and 'data-state="active"' in huge.text
    other = sign(signing_key(alert_settings), Purpose.MANAGE, 999, ttl_s=60)
    assert client.post("/alerts/manage", data={"t": other, "alert": alert_id, "action": "delete"}).status_code == 400
    exported = client.get(f"/alerts/manage/export?t={token}")
    data = exported.json()
    assert data["email"] == "aide@example.org" and data["alerts"][0]["label"] == "교육 얘기"
    assert len(data["alerts"][0]["turns_sent"]) == 1 and "attachment" in exported.headers["content-disposition"]
    erased = client.post("/alerts/manage/erase", data={"t": token})
    assert erased.status_code == 200 and "모두 지웠습니다" in erased.text
    store = AlertStore(alert_settings.alerts_db)
    assert store.address_by_email("aide@example.org") is None and store.alert(someone_else.id) is not None
    assert store.db.execute("SELECT count(*) FROM deliveries").fetchone()[0] == 0
    assert store.db.execute("SELECT count(*) FROM sent").fetchone()[0] == 0
    store.close()
    assert client.get(manage).status_code == 400


def test_webhooks_are_signed_retried_and_never_repeated(alert_settings, es_client, analyzer, tmp_path, mailbox,
                                                        webhook_receiver):
    local, client = app_for(alert_settings, es_client, analyzer, tmp_path, "hooks", [FIRST])
    subscribe(client, "dev@example.org", channel="webhook", webhook_url=webhook_receiver.url, q="역학조사관")
    confirm_from(mailbox.wait_for(1)[0], client)
    run(local, es_client, analyzer)
    ingest_more(local, es_client, analyzer, tmp_path, [NEW])
    webhook_receiver.answers = [503]  # the receiver is down for the first call
    assert run(local, es_client, analyzer).delivered[RETRY] == 1
    assert run(local, es_client, analyzer).delivered == {} and len(webhook_receiver.calls) == 1  # backing off
    come_due(local)
    assert run(local, es_client, analyzer).delivered["sent"] == 1
    first, second = webhook_receiver.calls
    assert first["body"] == second["body"]
    assert first["headers"]["X-Hearings-Delivery"] == second["headers"]["X-Hearings-Delivery"]

    manage = client.post("/alerts/manage/link", data={"email": "dev@example.org"})
    assert manage.status_code == 200
    page = client.get(path_of(mailbox.wait_for(2)[1].links("/alerts/manage")[0])).text
    secret = re.search(r"서명 비밀값[^<]*<code>([^<]+)</code>", page).group(1)
    signature = dict(part.split("=", 1) for part in second["headers"]["X-Hearings-Signature"].split(","))
    expected = hmac.new(secret.encode(), f"{signature['t']}.".encode() + second["body"], hashlib.sha256).hexdigest()
    assert hmac.compare_digest(signature["v1"], expected)
    body = json.loads(second["body"])
    assert body["count"] == 2 and {t["speaker_name"] for t in body["turns"]} == {"김철수", "박민수"}
    assert all(t["permalink"].startswith(f"{PUBLIC_URL}/turns/") for t in body["turns"])
    assert "<b>정원</b>" in body["turns"][0]["text"] or "<b>정원</b>" in body["turns"][1]["text"]
    ingest_more(local, es_client, analyzer, tmp_path, [NEW])
    assert run(local, es_client, analyzer).webhooks == 0 and len(webhook_receiver.calls) == 2


def test_a_webhook_to_this_network_is_refused_unless_allowed(alert_settings, es_client, analyzer, tmp_path, mailbox,
                                                             webhook_receiver):
    local, client = app_for(alert_settings, es_client, analyzer, tmp_path, "ssrf", [FIRST])
    subscribe(client, "dev@example.org", channel="webhook", webhook_url=webhook_receiver.url, q="역학조사관")
    confirm_from(mailbox.wait_for(1)[0], client)
    run(local, es_client, analyzer)
    ingest_more(local, es_client, analyzer, tmp_path, [NEW])
    strict = local.model_copy(update={"alerts_webhook_allow_private": False})
    assert run(strict, es_client, analyzer).delivered["failed"] == 1
    assert webhook_receiver.calls == []
    store = AlertStore(local.alerts_db)
    assert "non-public address 127.0.0.1" in store.db.execute("SELECT error FROM deliveries WHERE kind = 'webhook'"
                                                              ).fetchone()[0]
    store.close()


def test_a_webhook_to_this_network_is_refused_when_subscribing(alert_settings, es_client, analyzer, tmp_path,
                                                               mailbox, webhook_receiver):
    strict = alert_settings.model_copy(update={"alerts_webhook_allow_private": False})
    _, client = app_for(strict, es_client, analyzer, tmp_path, "ssrf-form", [FIRST])
    for url in ("http://169.254.169.254/latest/meta-data/", "http://127.0.0.1/hook", "http://10.0.0.1/hook",
                webhook_receiver.url):
        form = subscribe(client, "dev@example.org", channel="webhook", webhook_url=url, q="역학조사관")
        assert form.status_code == 422 and "공개 인터넷에서 찾을 수 있는 주소여야 합니다" in form.text, url
        assert f'value="{url}"' in form.text  # the form comes back filled in, to be corrected
    store = AlertStore(strict.alerts_db)
    assert store.db.execute("SELECT count(*) FROM alerts").fetchone()[0] == 0  # nothing stored, nothing mailed
    store.close()
    assert mailbox.mails == [] and webhook_receiver.calls == []
    # where private addresses are allowed (the tests' own receiver, an intranet), the same form is accepted
    _, allowed = app_for(alert_settings, es_client, analyzer, tmp_path, "ssrf-allowed", [FIRST])
    ok = subscribe(allowed, "dev@example.org", channel="webhook", webhook_url=webhook_receiver.url, q="역학조사관")
    assert ok.status_code == 200 and len(mailbox.wait_for(1)) == 1


def test_mail_waits_in_the_outbox_while_the_smtp_server_is_away(alert_settings, es_client, analyzer, tmp_path,
                                                                 mailbox):
    from tests.conftest import free_port

    local, client = app_for(alert_settings, es_client, analyzer, tmp_path, "outbox", [FIRST])
    subscribe(client, "aide@example.org", q="역학조사관")
    confirm_from(mailbox.wait_for(1)[0], client)
    run(local, es_client, analyzer)
    ingest_more(local, es_client, analyzer, tmp_path, [NEW])
    away = local.model_copy(update={"smtp_port": free_port()})  # nothing listens there
    report = run(away, es_client, analyzer)
    assert report.digests == 1 and report.delivered["sent"] == 0 and len(mailbox.mails) == 1
    later = run(local, es_client, analyzer)
    assert later.digests == 0 and later.delivered["sent"] == 1
    new_hits = client.get("/api/search", params={"q": "역학조사관", "date_from": "2024-05-09"}).json()["hits"]
    assert len(mailbox.wait_for(2)) == 2
    assert sorted(listed_turns(mailbox.mails[1])) == sorted(h["turn_id"] for h in new_hits)
