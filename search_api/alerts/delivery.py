"""The outbox: every mail and webhook call is first a row (pending), and is sent from there.

A row is claimed (pending → sending) in its own committed step before the first byte goes out, and
settled after: sent; back to pending when it certainly did not arrive (until the attempts run out:
failed); uncertain when the connection broke while the server may have taken it. An uncertain row, or a
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

from hearings.config import Settings
from search_api.alerts import webhooks
from search_api.alerts.mailer import MaybeDelivered, NotDelivered, send, sender, smtp_session
from search_api.alerts.store import AlertStore, Delivery

log = logging.getLogger(__name__)


def deliver(store: AlertStore, settings: Settings, ids: list[int] | None = None) -> Counter:
    """Send the given pending rows (default: all); returns how many ended in each state."""
    outcome: Counter = Counter()
    with ExitStack() as stack:
        smtp: smtplib.SMTP | None = None
        smtp_down = False
        for delivery_id in store.pending_deliveries() if ids is None else ids:
            row = store.delivery(delivery_id)
            if row is None or row.state != "pending" or (smtp_down and row.kind != "webhook"):
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
            if state == "pending" and row.attempts + 1 >= settings.alerts_max_attempts:
                state = "failed"
            store.settle(delivery_id, state, error)
            outcome[state] += 1
            if state != "sent" and row.kind != "webhook":
                stack.close()  # the session may be broken: the next mail opens a new one
                smtp = None
    return outcome


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
