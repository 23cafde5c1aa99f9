"""`hearings alerts run|status|export|delete|backup`: the operator's side of alerts."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from elasticsearch import ApiError, TransportError

from alerts.mailer import BadAddress, normalize_address
from alerts.store import AlertStore, Unsent
from hearings.config import Settings


def run_command(settings: Settings, args: argparse.Namespace) -> int:
    if args.action == "run":
        return _run(settings, args.every)
    if args.action == "status":
        return _status(settings)
    if not args.target:
        print(f"hearings alerts {args.action} needs {'a file' if args.action == 'backup' else 'an e-mail address'}",
              file=sys.stderr)
        return 2
    store = AlertStore(settings.alerts_db)
    try:
        if args.action == "backup":
            store.backup(Path(args.target))
            print(f"alerts store copied to {args.target}")
            return 0
        return _personal(store, args.action, args.target)
    finally:
        store.close()


def _status(settings: Settings) -> int:
    """The outbox by state, then each delivery that has not arrived, with the receiver's reply."""
    store = AlertStore(settings.alerts_db)
    try:
        counts, unsent = store.delivery_counts(), store.unsent()
    finally:
        store.close()
    print("alerts outbox: " + (", ".join(f"{state} {n}" for state, n in sorted(counts.items())) or "empty"))
    for row in unsent:
        print("  " + unsent_line(row))
    return 0


def unsent_line(row: Unsent) -> str:
    when = f"next attempt {row.next_attempt_at[:19]}" if row.state == "pending" and row.next_attempt_at else \
        f"since {row.updated_at[:19]}"
    return (f"#{row.id} {row.kind} to {row.target}: {row.state} after {row.attempts} attempt(s), {when}: "
            f"{row.error or '(no reason recorded)'}")


def _personal(store: AlertStore, action: str, email_text: str) -> int:
    try:
        address = store.address_by_email(normalize_address(email_text))
    except BadAddress as error:
        print(f"✗ {error}", file=sys.stderr)
        return 2
    if address is None:
        print("no data is kept for that address", file=sys.stderr)
        return 1
    if action == "export":
        print(json.dumps(store.export_address(address.id), ensure_ascii=False, indent=1))
        return 0
    alerts = store.count_alerts(address.id)
    with store.transaction():
        store.delete_address(address.id)
    print(f"deleted {address.email}: {alerts} alerts with their ledger and outbox")
    return 0


def _run(settings: Settings, every: int | None) -> int:
    from alerts.run import run_every, run_once
    from search_api.backend import Backend

    service = Backend.from_settings(settings)  # the client, analyzer and index the search pages use
    client, analyzer, index = service.client, service.analyzer, service.turns_index
    if every:
        run_every(settings, client, analyzer, index, every)  # until stopped (seconds, read by the CLI)
        return 0
    try:
        report = run_once(settings, client, analyzer, index)
    except (TransportError, ApiError) as error:  # what was committed stays; the next run goes on from there
        print(f"✗ alerts run failed at the search engine: {error}", file=sys.stderr)
        return 1
    if report is None:
        print("another alerts run is in progress; skipped")
        return 0
    print(report.summary())
    return 1 if report.delivered.get("failed") or report.delivered.get("uncertain") else 0
