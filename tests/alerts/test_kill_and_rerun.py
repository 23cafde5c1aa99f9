"""A killed `hearings alerts run` (SIGKILL, in a process of its own) and a rerun never send a turn twice
to an alert: not when it dies while the SMTP server holds a digest unanswered, nor at any other moment."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from alerts.run import run_once
from alerts.store import AlertStore
from tests.alerts.conftest import PUBLIC_URL, index_fresh, ingest_more
from tests.alerts.test_alerts_flow import FIRST, NEW, confirm_from, listed_turns, subscribe

pytestmark = pytest.mark.es

ROOT = Path(__file__).resolve().parents[2]
READERS = ["a@example.org", "b@example.org", "c@example.org"]


def cli_env(settings) -> dict[str, str]:
    return os.environ | {
        "HEARINGS_INDEX_ALIAS": settings.index_alias, "HEARINGS_ES_URL": settings.es_url,
        "HEARINGS_ALERTS_DB": str(settings.alerts_db), "HEARINGS_ALERTS_SECRET_FILE": str(settings.alerts_secret_file),
        "HEARINGS_SMTP_HOST": settings.smtp_host, "HEARINGS_SMTP_PORT": str(settings.smtp_port),
        "HEARINGS_SMTP_TIMEOUT_S": "120", "HEARINGS_PUBLIC_URL": PUBLIC_URL, "HEARINGS_MAIL_FROM": settings.mail_from}


def start_run(settings) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "web.cli", "alerts", "run"], cwd=ROOT, env=cli_env(settings),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


@pytest.fixture
def three_readers(alert_settings, es_client, analyzer, tmp_path, mailbox):
    """Three addresses with an active alert on the same search, a first run done, and a new meeting in."""
    from web.app import create_app

    local = index_fresh(alert_settings, es_client, analyzer, tmp_path, "kill", [FIRST])
    client = TestClient(create_app(local))
    for address in READERS:
        subscribe(client, address, q="역학조사관")
        confirm_from(mailbox.to(address)[0], client)
    assert run_once(local, es_client, analyzer, local.index_alias).digests == 0
    ingest_more(local, es_client, analyzer, tmp_path, [NEW])
    hits = client.get("/api/search", params={"q": "역학조사관", "date_from": "2024-05-09"}).json()["hits"]
    expected = {hit["turn_id"] for hit in hits}
    assert len(expected) == 2
    return local, expected


def digests(mailbox) -> list:
    return [m for m in mailbox.mails if "새 발언" in m.subject]


def test_killed_while_the_server_holds_a_digest_and_rerun(three_readers, es_client, analyzer, mailbox):
    local, expected = three_readers
    mailbox.hold_at = len(mailbox.mails) + 2  # the second digest is taken but never answered
    process = start_run(local)
    mailbox.wait_for(mailbox.hold_at, timeout=120)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert len(digests(mailbox)) == 2

    rerun = run_once(local, es_client, analyzer, local.index_alias)
    assert rerun.digests == 0 and rerun.delivered == Counter({"sent": 1})  # the third, still pending
    got = digests(mailbox)
    assert sorted(m.recipients[0] for m in got) == READERS  # one digest each, none twice
    assert all(set(listed_turns(m)) == expected for m in got)

    store = AlertStore(local.alerts_db)
    assert store.delivery_counts() == {"sent": 5, "sending": 1}  # 3 confirmations, 2 digests; 1 unknown
    store.db.execute("UPDATE deliveries SET updated_at = '2000-01-01T00:00:00.000+00:00' WHERE state = 'sending'")
    store.close()
    later = run_once(local, es_client, analyzer, local.index_alias)
    assert later.abandoned == 1 and later.delivered == Counter() and len(digests(mailbox)) == 3
    assert "marked uncertain (not resent)" in later.summary()


# A run here takes about 4 s: 2.5 s to start (Kiwi, the engine client), then catalogue, digests and sending.
@pytest.mark.parametrize("after_s", [2.6, 3.0, 3.4, 3.8])
def test_killed_at_any_moment_and_rerun(three_readers, es_client, analyzer, mailbox, after_s):
    local, expected = three_readers
    process = start_run(local)
    try:
        process.wait(timeout=after_s)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    for _ in range(2):  # the rerun; and one more, which must find nothing left to do
        report = run_once(local, es_client, analyzer, local.index_alias)
        assert report is not None and report.delivered.get("failed", 0) == 0
    sent = Counter((m.recipients[0], turn) for m in digests(mailbox) for turn in listed_turns(m))
    assert all(count == 1 for count in sent.values()), sent
    store = AlertStore(local.alerts_db)
    unknown = store.delivery_counts().get("sending", 0)
    store.close()
    # Every reader got every turn, unless the kill fell inside an SMTP exchange (then that digest is known
    # to be in doubt, and is not sent again).
    assert len(sent) == len(READERS) * len(expected) or unknown == 1
    assert re.search(r"alerts run \d+", report.summary())
