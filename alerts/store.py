"""The alerts store: one SQLite file (``HEARINGS_ALERTS_DB``, default ``var/alerts.sqlite3``).

Why SQLite: it needs nothing beyond what `scripts/up` starts (it is in Python's standard library), its
transactions make "record what is sent and queue the mail" one atomic step (the no-duplicate rule rests
on that), its constraints keep one ledger row per alert and turn, and WAL mode lets the web app and
`hearings alerts run` read and write at once. Subscriptions are a few kilobytes per address; the catalogue
of turns is about 80 bytes per turn (1M turns ≈ 80 MB). Back it up online with `hearings alerts backup
FILE` (SQLite's backup API: a consistent copy while both processes keep running).

Personal data is the e-mail address (and a webhook URL, if one is given): deleting an address cascades
to its alerts, ledger and outbox. Rate-limit rows hold only keyed hashes of addresses and clients.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

SCHEMA_VERSION = 2
SCHEMA = """
CREATE TABLE addresses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused, so an old signed link never names a new owner
    email TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
CREATE TABLE alerts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    address_id INTEGER NOT NULL REFERENCES addresses(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    search TEXT NOT NULL,                -- the search as its canonical query string (search_api/urls.py)
    channel TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),
    webhook_url TEXT NOT NULL DEFAULT '',
    webhook_secret TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL CHECK (state IN ('pending', 'active', 'paused')),
    created_at TEXT NOT NULL,
    since TEXT,                          -- nothing written to the index before this (confirmed or resumed)
    last_run INTEGER NOT NULL DEFAULT 0, -- the run that last took this alert's new turns
    last_sent_at TEXT,
    UNIQUE (address_id, search, channel, webhook_url)
);
CREATE TABLE sent (                       -- the ledger: a turn is accounted for once per alert, ever
    alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
    turn_id TEXT NOT NULL,
    delivery_id INTEGER,
    listed INTEGER NOT NULL,             -- 0: over the digest's length, counted with a link, not listed
    PRIMARY KEY (alert_id, turn_id)
) WITHOUT ROWID;
CREATE TABLE turns_seen (                 -- the catalogue: which text of each turn has been seen, and when
    turn_id TEXT PRIMARY KEY,
    text_hash TEXT NOT NULL,
    fresh_run INTEGER NOT NULL           -- the run that first saw this turn, or saw its text change
) WITHOUT ROWID;
CREATE INDEX turns_seen_fresh ON turns_seen(fresh_run);
CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at TEXT NOT NULL,
    scan_from TEXT,                      -- indexed_at from which this run read the index
    high_water TEXT,                     -- the newest indexed_at it saw
    finished_at TEXT,
    report TEXT
);
CREATE TABLE deliveries (                 -- the outbox
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    address_id INTEGER NOT NULL REFERENCES addresses(id) ON DELETE CASCADE,
    alert_id INTEGER REFERENCES alerts(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('confirm', 'notice', 'digest', 'webhook')),
    target TEXT NOT NULL,                -- the address or the webhook URL
    payload BLOB NOT NULL,               -- the whole mail, or the JSON body
    key TEXT NOT NULL UNIQUE,            -- Message-ID / X-Hearings-Delivery: receivers can drop a repeat
    state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'uncertain')),
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    error TEXT NOT NULL DEFAULT '',      -- the last attempt's reason: the server's reply, or what broke
    next_attempt_at TEXT                 -- a deferred row is not tried before this (backoff)
);
CREATE INDEX deliveries_state ON deliveries(state);
CREATE TABLE requests (bucket TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX requests_bucket ON requests(bucket, at);
"""
# Each step brings a store of the version before it to this one, inside the same transaction.
MIGRATIONS = {2: ["ALTER TABLE deliveries ADD COLUMN next_attempt_at TEXT"]}


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Address:
    id: int
    email: str
    created_at: str


@dataclass(frozen=True)
class Alert:
    id: int
    address_id: int
    label: str
    search: str
    channel: str
    webhook_url: str
    webhook_secret: str
    state: str
    created_at: str
    since: str | None
    last_run: int
    last_sent_at: str | None


@dataclass(frozen=True)
class Delivery:
    id: int
    address_id: int
    alert_id: int | None
    kind: str
    target: str
    payload: bytes
    key: str
    state: str
    attempts: int
    error: str = ""
    next_attempt_at: str | None = None


@dataclass(frozen=True)
class Unsent:
    """A delivery that has not (yet) arrived, as `alerts status` and the manage page tell it."""

    id: int
    kind: str
    target: str
    state: str
    attempts: int
    updated_at: str
    next_attempt_at: str | None
    error: str


@dataclass(frozen=True)
class Run:
    id: int
    scan_from: str | None
    high_water: str | None


class AlertStore:
    """One connection; the web app opens one per request, a run one for its duration."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: transactions are begun explicitly (BEGIN IMMEDIATE takes the write lock at
        # once, so two writers queue instead of failing half-way).
        self.db = sqlite3.connect(path, isolation_level=None, timeout=30, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA busy_timeout = 30000")
        if self.db.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
            self._create()

    def _create(self) -> None:
        self.db.execute("PRAGMA journal_mode = WAL")  # persistent: readers never wait for the writer
        with self.transaction():
            # executescript would commit on its own; statement by statement stays inside this transaction
            version = self.db.execute("PRAGMA user_version").fetchone()[0]  # another process may have won
            if version == 0:
                statements = [s for s in SCHEMA.split(";") if s.strip()]
            else:
                statements = [s for step in range(version + 1, SCHEMA_VERSION + 1) for s in MIGRATIONS[step]]
            for statement in statements:
                self.db.execute(statement)
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def backup(self, target: Path) -> None:
        """A consistent copy while others keep writing (SQLite's online backup)."""
        copy = sqlite3.connect(target)
        with copy:
            self.db.backup(copy)
        copy.close()

    # addresses -----------------------------------------------------------------------------------------

    def address(self, address_id: int) -> Address | None:
        row = self.db.execute("SELECT id, email, created_at FROM addresses WHERE id = ?", (address_id,)).fetchone()
        return Address(**row) if row else None

    def address_by_email(self, email: str) -> Address | None:
        row = self.db.execute("SELECT id, email, created_at FROM addresses WHERE email = ?", (email,)).fetchone()
        return Address(**row) if row else None

    def ensure_address(self, email: str) -> Address:
        self.db.execute("INSERT OR IGNORE INTO addresses (email, created_at) VALUES (?, ?)", (email, now_iso()))
        found = self.address_by_email(email)
        assert found is not None  # inserted or already there, inside the caller's transaction
        return found

    def delete_address(self, address_id: int) -> None:
        self.db.execute("DELETE FROM addresses WHERE id = ?", (address_id,))

    def export_address(self, address_id: int) -> dict:
        """Everything kept about one address, as the owner may ask for it."""
        address = self.address(address_id)
        if address is None:
            return {}
        alerts = []
        for alert in self.alerts_of(address_id):
            turns = [r[0] for r in self.db.execute(
                "SELECT turn_id FROM sent WHERE alert_id = ? ORDER BY turn_id", (alert.id,))]
            alerts.append({"label": alert.label, "search": alert.search, "channel": alert.channel,
                           "webhook_url": alert.webhook_url, "state": alert.state, "created_at": alert.created_at,
                           "since": alert.since, "last_sent_at": alert.last_sent_at, "turns_sent": turns})
        deliveries = [dict(r) for r in self.db.execute(
            "SELECT kind, target, state, attempts, created_at, updated_at, next_attempt_at, error FROM deliveries "
            "WHERE address_id = ? ORDER BY id", (address_id,))]
        return {"email": address.email, "created_at": address.created_at, "alerts": alerts,
                "deliveries": deliveries}

    # alerts --------------------------------------------------------------------------------------------

    _ALERT = ("SELECT id, address_id, label, search, channel, webhook_url, webhook_secret, state, created_at, since, "
              "last_run, last_sent_at FROM alerts")

    def alert(self, alert_id: int) -> Alert | None:
        row = self.db.execute(f"{self._ALERT} WHERE id = ?", (alert_id,)).fetchone()
        return Alert(**row) if row else None

    def alerts_of(self, address_id: int) -> list[Alert]:
        return [Alert(**r) for r in self.db.execute(f"{self._ALERT} WHERE address_id = ? ORDER BY id", (address_id,))]

    def active_alerts(self) -> list[Alert]:
        return [Alert(**r) for r in self.db.execute(f"{self._ALERT} WHERE state = 'active' ORDER BY address_id, id")]

    def find_alert(self, address_id: int, search: str, channel: str, webhook_url: str) -> Alert | None:
        row = self.db.execute(f"{self._ALERT} WHERE address_id = ? AND search = ? AND channel = ? AND webhook_url = ?",
                              (address_id, search, channel, webhook_url)).fetchone()
        return Alert(**row) if row else None

    def add_alert(self, address_id: int, label: str, search: str, channel: str, webhook_url: str,
                  webhook_secret: str) -> Alert:
        cursor = self.db.execute(
            "INSERT INTO alerts (address_id, label, search, channel, webhook_url, webhook_secret, state, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)",
            (address_id, label, search, channel, webhook_url, webhook_secret, now_iso()))
        alert = self.alert(int(cursor.lastrowid or 0))
        assert alert is not None
        return alert

    def start_alert(self, alert_id: int, state: str = "active") -> None:
        """Active (or resumed) from now on: turns written to the index before now are never sent to it. It
        takes part from the run after the last finished one (a run under way when it starts includes it)."""
        finished = self.db.execute("SELECT coalesce(max(id), 0) FROM runs WHERE finished_at IS NOT NULL").fetchone()[0]
        self.db.execute("UPDATE alerts SET state = ?, since = ?, last_run = ? WHERE id = ?",
                        (state, now_iso(), finished, alert_id))

    def set_state(self, alert_id: int, state: str) -> None:
        self.db.execute("UPDATE alerts SET state = ? WHERE id = ?", (state, alert_id))

    def edit_alert(self, alert_id: int, label: str, search: str) -> bool:
        """False when the address already has an alert on that search (the unique rule)."""
        try:
            self.db.execute("UPDATE alerts SET label = ?, search = ? WHERE id = ?", (label, search, alert_id))
        except sqlite3.IntegrityError:
            return False
        return True

    def delete_alert(self, alert_id: int) -> None:
        self.db.execute("DELETE FROM alerts WHERE id = ?", (alert_id,))

    def count_alerts(self, address_id: int) -> int:
        return self.db.execute("SELECT count(*) FROM alerts WHERE address_id = ?", (address_id,)).fetchone()[0]

    def took_run(self, alert_ids: Iterable[int], run_id: int, sent: bool) -> None:
        stamp = now_iso() if sent else None
        for alert_id in alert_ids:
            self.db.execute("UPDATE alerts SET last_run = ?, last_sent_at = coalesce(?, last_sent_at) WHERE id = ?",
                            (run_id, stamp, alert_id))

    def prune(self, pending_before: str, sent_before: str, requests_before: float) -> dict[str, int]:
        """Unconfirmed alerts past their link's lifetime, addresses left with nothing, old outbox bodies
        and old rate-limit rows: nothing is kept longer than it serves."""
        counts = {
            "unconfirmed": self.db.execute("DELETE FROM alerts WHERE state = 'pending' AND created_at < ?",
                                           (pending_before,)).rowcount,
            "deliveries": self.db.execute("DELETE FROM deliveries WHERE state IN ('sent', 'failed', 'uncertain') "
                                          "AND updated_at < ?", (sent_before,)).rowcount,
        }
        counts["addresses"] = self.db.execute(
            "DELETE FROM addresses WHERE NOT EXISTS (SELECT 1 FROM alerts WHERE alerts.address_id = addresses.id) "
            "AND NOT EXISTS (SELECT 1 FROM deliveries WHERE deliveries.address_id = addresses.id "
            "AND state IN ('pending', 'sending'))").rowcount
        self.db.execute("DELETE FROM requests WHERE at < ?", (requests_before,))
        return counts

    # the ledger ----------------------------------------------------------------------------------------

    def already_sent(self, alert_id: int, turn_ids: list[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(turn_ids), 500):  # SQLite's default limit on bound parameters is 999
            chunk = turn_ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in self.db.execute(
                f"SELECT turn_id FROM sent WHERE alert_id = ? AND turn_id IN ({marks})", (alert_id, *chunk)))
        return found

    def record_sent(self, alert_id: int, turn_ids: Iterable[str], delivery_id: int | None, listed: bool) -> None:
        self.db.executemany("INSERT OR IGNORE INTO sent (alert_id, turn_id, delivery_id, listed) VALUES (?, ?, ?, ?)",
                            [(alert_id, turn_id, delivery_id, int(listed)) for turn_id in turn_ids])

    # the catalogue -------------------------------------------------------------------------------------

    def _seen_column(self, column: str, turn_ids: list[str]) -> dict:
        """turn id → one column of turns_seen, asked 500 ids at a time (SQLite's bound on parameters)."""
        found: dict = {}
        for start in range(0, len(turn_ids), 500):
            chunk = turn_ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            found.update((r[0], r[1]) for r in self.db.execute(
                f"SELECT turn_id, {column} FROM turns_seen WHERE turn_id IN ({marks})", chunk))
        return found

    def seen_hashes(self, turn_ids: list[str]) -> dict[str, str]:
        return self._seen_column("text_hash", turn_ids)

    def mark_seen(self, rows: Iterable[tuple[str, str]], run_id: int) -> None:
        self.db.executemany(
            "INSERT INTO turns_seen (turn_id, text_hash, fresh_run) VALUES (?, ?, ?) "
            "ON CONFLICT (turn_id) DO UPDATE SET text_hash = excluded.text_hash, fresh_run = excluded.fresh_run",
            [(turn_id, text_hash, run_id) for turn_id, text_hash in rows])

    def fresh_runs(self, turn_ids: list[str]) -> dict[str, int]:
        return self._seen_column("fresh_run", turn_ids)

    def fresh_since(self, run_id: int, limit: int) -> list[str] | None:
        """Turns first seen (or reworded) after that run; None when there are more than ``limit``."""
        ids = [r[0] for r in self.db.execute("SELECT turn_id FROM turns_seen WHERE fresh_run > ? LIMIT ?",
                                             (run_id, limit + 1))]
        return ids if len(ids) <= limit else None

    def catalogue_empty(self) -> bool:
        return self.db.execute("SELECT 1 FROM turns_seen LIMIT 1").fetchone() is None

    # runs ----------------------------------------------------------------------------------------------

    def last_run_id(self) -> int:
        return self.db.execute("SELECT coalesce(max(id), 0) FROM runs").fetchone()[0]

    def run(self, run_id: int) -> Run | None:
        row = self.db.execute("SELECT id, scan_from, high_water FROM runs WHERE id = ?", (run_id,)).fetchone()
        return Run(**row) if row else None

    def begin_run(self) -> int:
        return int(self.db.execute("INSERT INTO runs (started_at) VALUES (?)", (now_iso(),)).lastrowid or 0)

    def scanned(self, run_id: int, scan_from: str | None, high_water: str | None) -> None:
        self.db.execute("UPDATE runs SET scan_from = ?, high_water = ? WHERE id = ?", (scan_from, high_water, run_id))

    def finish_run(self, run_id: int, report: str) -> None:
        self.db.execute("UPDATE runs SET finished_at = ?, report = ? WHERE id = ?", (now_iso(), report, run_id))

    def high_water(self, before_run: int) -> str | None:
        """The newest indexed_at read by the runs before this one: where the next read may start."""
        row = self.db.execute("SELECT max(high_water) FROM runs WHERE id < ?", (before_run,)).fetchone()
        return row[0]

    # the outbox ----------------------------------------------------------------------------------------

    def add_delivery(self, address_id: int, alert_id: int | None, kind: str, target: str, payload: bytes,
                     key: str) -> int:
        stamp = now_iso()
        cursor = self.db.execute(
            "INSERT INTO deliveries (address_id, alert_id, kind, target, payload, key, state, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)",
            (address_id, alert_id, kind, target, payload, key, stamp, stamp))
        return int(cursor.lastrowid or 0)

    def set_payload(self, delivery_id: int, payload: bytes) -> None:
        self.db.execute("UPDATE deliveries SET payload = ? WHERE id = ?", (payload, delivery_id))

    def delivery(self, delivery_id: int) -> Delivery | None:
        row = self.db.execute("SELECT id, address_id, alert_id, kind, target, payload, key, state, attempts, error, "
                              "next_attempt_at FROM deliveries WHERE id = ?", (delivery_id,)).fetchone()
        return Delivery(**row) if row else None

    def pending_deliveries(self, now: str) -> list[int]:
        """Pending rows due by ``now``: new ones, and deferred ones whose wait is over."""
        return [r[0] for r in self.db.execute(
            "SELECT id FROM deliveries WHERE state = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?) "
            "ORDER BY id", (now,))]

    def claim(self, delivery_id: int) -> bool:
        """pending → sending, committed before the first byte goes out; only one process wins a row."""
        cursor = self.db.execute("UPDATE deliveries SET state = 'sending', attempts = attempts + 1, updated_at = ? "
                                 "WHERE id = ? AND state = 'pending'", (now_iso(), delivery_id))
        return cursor.rowcount == 1

    def settle(self, delivery_id: int, state: str, error: str = "", next_attempt_at: str | None = None) -> None:
        self.db.execute("UPDATE deliveries SET state = ?, error = ?, next_attempt_at = ?, updated_at = ? WHERE id = ?",
                        (state, error[:500], next_attempt_at, now_iso(), delivery_id))

    def abandoned_sends(self, before: str) -> list[int]:
        """Rows left in 'sending' by a process that died mid-send: whether they arrived is unknown."""
        return [r[0] for r in self.db.execute(
            "SELECT id FROM deliveries WHERE state = 'sending' AND updated_at < ?", (before,))]

    def delivery_counts(self) -> dict[str, int]:
        return {r[0]: r[1] for r in self.db.execute("SELECT state, count(*) FROM deliveries GROUP BY state")}

    def unsent(self, address_id: int | None = None, limit: int = 100) -> list[Unsent]:
        """Failed, uncertain and deferred deliveries (of one address, or all), newest first."""
        where = "(state IN ('failed', 'uncertain') OR (state = 'pending' AND attempts > 0))"
        args: tuple = (limit,)
        if address_id is not None:
            where, args = where + " AND address_id = ?", (address_id, limit)
        return [Unsent(**r) for r in self.db.execute(
            f"SELECT id, kind, target, state, attempts, updated_at, next_attempt_at, error FROM deliveries "
            f"WHERE {where} ORDER BY updated_at DESC, id DESC LIMIT ?", args)]

    # rate limits ---------------------------------------------------------------------------------------

    def allow(self, bucket: str, limit: int, window_s: float, now: float | None = None) -> bool:
        """One more request in this bucket, unless it already had ``limit`` in the window (call inside a
        transaction: the count and the insert are then one step for every process)."""
        now = now or time.time()
        used = self.db.execute("SELECT count(*) FROM requests WHERE bucket = ? AND at > ?",
                               (bucket, now - window_s)).fetchone()[0]
        if used >= limit:
            return False
        self.db.execute("INSERT INTO requests (bucket, at) VALUES (?, ?)", (bucket, now))
        return True
