"""The outbox: every mail and webhook call is first a row (pending), and is sent from there.

A row is claimed (pending → sending) in its own committed step before the first byte goes out, and
settled after: sent on the receiver's 2xx only; failed when it refused for good (a 5xx, with its reply
kept); back to pending when it deferred (a 4xx, a dropped connection), not to be tried again before a
wait that doubles at each attempt, until the attempts run out (failed); uncertain when the server fell
silent after it had the whole message and may have taken it. An uncertain row, or a
'sending' row left by a process that was killed, is never sent again: a lost mail is reported, a mail
twice never happens. The window where that can occur is between the SMTP server's final answer and
our commit of 'sent' — milliseconds.
"""

from __future__ import annotations

import logging
import smtplib
from collections import Counter
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta

from alerts import webhooks
from alerts.mailer import MaybeDelivered, NotDelivered, send, sender, smtp_session
from alerts.store import AlertStore, Delivery
from hearings.config import Settings

log = logging.getLogger(__name__)

MAX_RETRY_WAIT_S = 6 * 3600  # the doubling stops here: a deferred mail is tried at least this often
RETRY = "to retry"  # how a deferred row is counted in a run's outcome


def retry_wait_s(attempt: int, first_wait_s: float) -> float:
    """The wait after the given (1-based) failed attempt: first_wait_s, doubled each time, bounded."""
    return min(first_wait_s * 2 ** min(attempt - 1, 30), MAX_RETRY_WAIT_S)


def _due(row: Delivery, now: str) -> bool:
    return row.state == "pending" and (row.next_attempt_at is None or row.next_attempt_at <= now)


def deliver(store: AlertStore, settings: Settings, ids: list[int] | None = None) -> Counter:
    """Send the given pending rows that are due (default: all); returns how many ended in each state."""
    outcome: Counter = Counter()
    now = datetime.now(UTC).isoformat(timespec="milliseconds")
    with ExitStack() as stack:
        smtp: smtplib.SMTP | None = None
        smtp_down = False
        for delivery_id in store.pending_deliveries(now) if ids is None else ids:
            row = store.delivery(delivery_id)
            if row is None or not _due(row, now) or (smtp_down and row.kind != "webhook"):
                continue
            if row.kind != "webhook" and smtp is None:
                try:
                    smtp = stack.enter_context(smtp_session(settings))
                except (smtplib.SMTPException, OSError) as error:  # nothing claimed: the mail stays pending
                    smtp_down = True
                    outcome[f"smtp unavailable ({type(error).__name__}: {error})"] += 1
                    continue
            if not store.claim(delivery_id):
                continue  # another process took it
            state, error = _attempt(store, row, smtp, settings)
            state = _settle(store, row, state, error, settings)
            outcome[RETRY if state == "pending" else state] += 1
            if state != "sent" and row.kind != "webhook":
                stack.close()  # the session may be broken: the next mail opens a new one
                smtp = None
    return outcome


def _settle(store: AlertStore, row: Delivery, state: str, error: str, settings: Settings) -> str:
    """Record the attempt's outcome; a deferred row gets its next time, or fails once out of attempts."""
    attempt = row.attempts + 1  # claim() counted this one
    if state == "pending" and attempt >= settings.alerts_max_attempts:
        state, error = "failed", f"gave up after {attempt} attempts; last: {error}"
    next_attempt_at = None
    if state == "pending":
        wait = timedelta(seconds=retry_wait_s(attempt, settings.alerts_retry_after_s))
        next_attempt_at = (datetime.now(UTC) + wait).isoformat(timespec="milliseconds")
    store.settle(row.id, state, error, next_attempt_at)
    return state


def _attempt(store: AlertStore, row: Delivery, smtp: smtplib.SMTP | None, settings: Settings) -> tuple[str, str]:
    try:
        if row.kind == "webhook":
            webhooks.post(row.target, _secret(store, row), row.key, row.payload, settings.alerts_webhook_timeout_s,
                          settings.alerts_webhook_allow_private)
        else:
            assert smtp is not None
            send(smtp, sender(settings), row.target, row.payload)
    except NotDelivered as error:
        return ("failed" if error.permanent else "pending"), str(error)
    except MaybeDelivered as error:
        return "uncertain", str(error)
    except Exception as error:  # noqa: BLE001 — one bad row must not stop the rest of the outbox
        log.exception("delivery %s failed unexpectedly", row.id)
        return "failed", f"{type(error).__name__}: {error}"
    return "sent", ""


def _secret(store: AlertStore, row: Delivery) -> str:
    alert = store.alert(row.alert_id or 0)
    if alert is None:  # deleting an alert deletes its rows too; this is a row read just before
        raise NotDelivered("the alert is gone", permanent=True)
    return alert.webhook_secret


def give_up_abandoned(store: AlertStore, settings: Settings) -> int:
    """'sending' rows older than any send can take belong to a killed process: mark them uncertain."""
    longest = settings.smtp_timeout_s * 4 + settings.alerts_webhook_timeout_s + 60
    before = (datetime.now(UTC) - timedelta(seconds=longest)).isoformat(timespec="milliseconds")
    ids = store.abandoned_sends(before)
    for delivery_id in ids:
        store.settle(delivery_id, "uncertain", "the sending process stopped before it knew the outcome")
    return len(ids)
