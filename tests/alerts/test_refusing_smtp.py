"""A mail counts as sent only when the SMTP server answers its final dot with 2xx: against a real server
that refuses the message (554), one that asks to come back later (451), and one that drops the
connection in the middle of DATA. The ledger, `alerts run` and `alerts status` say what happened."""

from __future__ import annotations

import argparse
import re
from datetime import UTC, datetime

import pytest

from alerts.commands import run_command
from alerts.store import AlertStore
from alerts.tokens import Purpose, sign, signing_key
from tests.alerts.conftest import come_due
from tests.alerts.test_alerts_flow import FIRST, NEW, app_for, confirm_from, run, subscribe

pytestmark = pytest.mark.es

HTTPS_URL = "https://hearings.test"


def listed_turns(mail) -> list[str]:
    return sorted(re.findall(rf"{re.escape(HTTPS_URL)}/turns/([^\"\s]+)", mail.html))


def command(settings, action: str, capsys) -> tuple[int, str]:
    code = run_command(settings, argparse.Namespace(action=action, target=None, every=None))
    return code, capsys.readouterr().out


def digest_row(settings):
    store = AlertStore(settings.alerts_db)
    try:
        [row] = [r for r in (store.delivery(i) for i in range(1, 20)) if r is not None and r.kind == "digest"]
        return row
    finally:
        store.close()


@pytest.fixture
def news_waiting(alert_settings, es_client, analyzer, tmp_path, mailbox):
    """An active mail alert, and new turns for it that the next run will mail."""
    local, client = app_for(alert_settings, es_client, analyzer, tmp_path, "refusing", [FIRST])
    subscribe(client, "aide@example.org", q="역학조사관")
    confirm_from(mailbox.wait_for(1)[0], client)
    local = local.model_copy(update={"public_url": HTTPS_URL})  # as a deployment's: https, so the header is
    run(local, es_client, analyzer)
    ingest_more_new(local, es_client, analyzer, tmp_path)
    hits = client.get("/api/search", params={"q": "역학조사관", "date_from": "2024-05-09"}).json()["hits"]
    return local, client, sorted(h["turn_id"] for h in hits)


def ingest_more_new(settings, es_client, analyzer, folder) -> None:
    from tests.alerts.conftest import ingest_more

    ingest_more(settings, es_client, analyzer, folder, [NEW])


def test_a_digest_refused_at_data_is_failed_with_the_reply_and_never_counted_sent(news_waiting, mailbox, capsys):
    local, _, _ = news_waiting
    mailbox.replies = ["554 5.7.1 Message rejected as spam"]
    code, out = command(local, "run", capsys)
    assert code == 1 and "outbox: failed 1;" in out
    assert len(mailbox.refused) == 1 and len(mailbox.mails) == 1  # the server had it, and said no
    row = digest_row(local)
    assert (row.state, row.attempts) == ("failed", 1)
    assert "554" in row.error and "Message rejected as spam" in row.error
    code, status = command(local, "status", capsys)
    assert code == 0 and "failed 1" in status and "sent 1" in status  # the confirmation went out
    assert "digest" in status and "aide@example.org" in status and "554 5.7.1 Message rejected as spam" in status

    code, out = command(local, "run", capsys)  # a failed row is not tried again, and its turns are accounted for
    assert code == 0 and "outbox: nothing to send" in out and len(mailbox.refused) == 1


def test_451_at_data_is_retried_after_its_backoff_and_then_sent_once(news_waiting, mailbox, capsys):
    local, _, expected = news_waiting
    mailbox.replies = ["451 4.3.0 Try again later"]
    code, out = command(local, "run", capsys)
    assert code == 0 and "outbox: to retry 1;" in out and len(mailbox.mails) == 1
    row = digest_row(local)
    assert (row.state, row.attempts) == ("pending", 1) and "451 4.3.0 Try again later" in row.error
    assert row.next_attempt_at is not None and row.next_attempt_at > datetime.now(UTC).isoformat()
    code, status = command(local, "status", capsys)
    assert "pending 1" in status and "451 4.3.0 Try again later" in status and row.next_attempt_at[:16] in status

    code, out = command(local, "run", capsys)  # before its time: left alone
    assert "outbox: nothing to send" in out and len(mailbox.mails) + len(mailbox.refused) == 1 + 1
    come_due(local)
    code, out = command(local, "run", capsys)
    assert code == 0 and "outbox: sent 1;" in out
    digest = mailbox.wait_for(2)[1]
    assert listed_turns(digest) == expected
    assert b"\r\nList-Unsubscribe: <https://hearings.test/alerts/unsubscribe?t=" in digest.raw
    assert b"\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" in digest.raw
    assert "새 발언 2건" in digest.subject  # the Korean subject still arrives whole
    assert digest_row(local).state == "sent"
    come_due(local)  # even when due, a sent row is never sent again
    command(local, "run", capsys)
    assert len(mailbox.mails) == 2


def test_a_connection_dropped_mid_data_is_retried_not_lost(news_waiting, mailbox, dropping_smtp, capsys):
    local, _, expected = news_waiting
    dropping = local.model_copy(update={"smtp_port": dropping_smtp.port})
    code, out = command(dropping, "run", capsys)
    assert len(dropping_smtp.received) == 1 and dropping_smtp.received[0]  # the transfer had begun
    assert code == 0 and "outbox: to retry 1;" in out
    row = digest_row(local)
    assert (row.state, row.attempts) == ("pending", 1) and "connection" in row.error
    come_due(local)
    code, out = command(local, "run", capsys)
    assert code == 0 and "outbox: sent 1;" in out
    assert listed_turns(mailbox.wait_for(2)[1]) == expected


def test_a_refused_confirmation_is_failed_and_shown_on_the_manage_page(alert_settings, es_client, analyzer, tmp_path,
                                                                        mailbox, capsys):
    local, client = app_for(alert_settings, es_client, analyzer, tmp_path, "refused-confirm", [FIRST])
    mailbox.replies = ["550 5.1.1 Mailbox unavailable"]
    assert subscribe(client, "nobody@example.org", q="역학조사관").status_code == 200
    assert mailbox.mails == [] and len(mailbox.refused) == 1
    store = AlertStore(local.alerts_db)
    [confirmation] = [store.delivery(1)]
    address = store.address_by_email("nobody@example.org")
    store.close()
    assert confirmation.kind == "confirm" and confirmation.state == "failed"
    assert "550 5.1.1 Mailbox unavailable" in confirmation.error
    code, status = command(local, "status", capsys)
    assert "confirm" in status and "550 5.1.1 Mailbox unavailable" in status
    token = sign(signing_key(local), Purpose.MANAGE, address.id, ttl_s=600)
    page = client.get("/alerts/manage", params={"t": token})
    assert page.status_code == 200 and "550 5.1.1 Mailbox unavailable" in page.text and "보내지 못한" in page.text
