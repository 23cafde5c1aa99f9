"""The outbox's backoff and its store: the wait doubles and is bounded, only due rows are handed out,
and a store written by the version before (no next_attempt_at) is brought forward with its rows."""

from __future__ import annotations

import re
import sqlite3

from alerts.delivery import MAX_RETRY_WAIT_S, retry_wait_s
from alerts.store import SCHEMA, SCHEMA_VERSION, AlertStore


def test_the_wait_doubles_per_attempt_and_stops_at_its_bound():
    assert [retry_wait_s(n, 300) for n in (1, 2, 3, 4)] == [300, 600, 1200, 2400]
    assert retry_wait_s(8, 300) == MAX_RETRY_WAIT_S == 6 * 3600
    assert retry_wait_s(10_000, 300) == MAX_RETRY_WAIT_S  # no overflow however many attempts


def _queued(store: AlertStore, key: str) -> int:
    address = store.ensure_address("a@example.org")
    return store.add_delivery(address.id, None, "notice", "a@example.org", b"mail", key)


def test_only_rows_whose_wait_is_over_are_due(tmp_path):
    store = AlertStore(tmp_path / "alerts.sqlite3")
    new, later, over = (_queued(store, k) for k in ("new", "later", "over"))
    for row in (later, over):
        store.claim(row)
    store.settle(later, "pending", "451 try later", "2999-01-01T00:00:00.000+00:00")
    store.settle(over, "pending", "451 try later", "2000-01-01T00:00:00.000+00:00")
    assert store.pending_deliveries("2024-05-09T00:00:00.000+00:00") == [new, over]
    assert [(u.id, u.state, u.error) for u in store.unsent()] == [(over, "pending", "451 try later"),
                                                                 (later, "pending", "451 try later")]
    store.close()


def test_a_version_1_store_gains_the_column_and_keeps_its_rows(tmp_path):
    path = tmp_path / "alerts.sqlite3"
    old = sqlite3.connect(path, isolation_level=None)
    version_1 = re.sub(r"\n\s*next_attempt_at TEXT[^\n]*", "", SCHEMA)
    version_1 = version_1.replace("error TEXT NOT NULL DEFAULT '',", "error TEXT NOT NULL DEFAULT ''")
    for statement in version_1.split(";"):
        if statement.strip():
            old.execute(statement)
    assert "next_attempt_at" not in [r[1] for r in old.execute("PRAGMA table_info(deliveries)")]
    old.execute("PRAGMA user_version = 1")
    old.execute("INSERT INTO addresses (email, created_at) VALUES ('a@example.org', 'x')")
    old.execute("INSERT INTO deliveries (address_id, kind, target, payload, key, state, created_at, updated_at) "
                "VALUES (1, 'notice', 'a@example.org', x'00', 'k', 'pending', 'x', 'x')")
    old.close()
    store = AlertStore(path)
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    row = store.delivery(1)
    assert row is not None and (row.state, row.next_attempt_at) == ("pending", None)
    store.close()
