"""`hearings alerts run`: read what the index gained, give each address one digest, send the outbox.

Order of one run, and why it never sends a turn twice to an alert:
1. the catalogue reads the turns written since the last run (catalogue.py);
2. per address, the alerts' news is looked up, then in ONE transaction: the digest (or webhook body) is
   put in the outbox, every turn in it is written to the alert's ledger, and the alerts are marked as
   having taken this run. Record-then-send: a run killed before that commit leaves no trace (the rerun
   does it again); killed after it, the rerun finds the turns in the ledger and the mail in the outbox;
3. the outbox is sent (delivery.py): a row is claimed before sending and settled after; a row whose
   fate is unknown is reported as uncertain and never sent again.
A lock file makes overlapping runs (a cron and a loop) wait their turn: the second one skips.
"""

from __future__ import annotations

import fcntl
import html
import json
import re
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import groupby
from typing import TextIO

from elasticsearch import Elasticsearch
from pydantic import ValidationError

from alerts import catalogue
from alerts.delivery import deliver, give_up_abandoned
from alerts.digest import News, fresh_filter, news_for
from alerts.links import AlertLinks
from alerts.mailer import compose
from alerts.store import Address, AlertStore
from alerts.tokens import signing_key
from hearings.analysis import KiwiAnalyzer
from hearings.config import Settings
from search_api.citation import PROVISIONAL_LABEL, korean_date, meeting_title
from search_api.feeds import permalink
from search_api.query_parser import QuerySyntaxError

MAX_SUBJECT_LABELS = 3
KEEP_SENT_DAYS = 30  # outbox rows (whole mails) of settled deliveries; the ledger is kept as long as the alert


@dataclass
class RunReport:
    run_id: int = 0
    read: int = 0
    fresh: int = 0
    alerts: int = 0
    alerts_with_news: int = 0
    turns: int = 0
    digests: int = 0
    webhooks: int = 0
    delivered: Counter = field(default_factory=Counter)
    abandoned: int = 0
    skipped: list[str] = field(default_factory=list)
    pruned: dict = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> str:
        sent = ", ".join(f"{state} {count}" for state, count in sorted(self.delivered.items())) or "nothing to send"
        lines = [f"alerts run {self.run_id}: read {self.read:,} turns written since the last run, {self.fresh:,} new "
                 f"or reworded; {self.alerts:,} alerts, {self.alerts_with_news:,} with news ({self.turns:,} turns); "
                 f"queued {self.digests} digests and {self.webhooks} webhook calls; outbox: {sent}; "
                 f"{self.seconds:.1f} s"]
        if self.abandoned:
            lines.append(f"  {self.abandoned} deliveries left mid-send by a stopped run marked uncertain (not resent)")
        lines += [f"  skipped alert {reason}" for reason in self.skipped]
        return "\n".join(lines)


@contextmanager
def run_lock(settings: Settings) -> Iterator[bool]:
    path = settings.alerts_db.with_name(settings.alerts_db.name + ".run.lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # released by the kernel if the process dies
        except BlockingIOError:
            yield False
            return
        yield True


def _snippet_text(snippet_html: str) -> str:
    # snippet_html is escaped text with only <mark> added: dropping the tags and unescaping gives the text
    return html.unescape(re.sub(r"</?mark>", "", snippet_html))


class Composer:
    """Builds digests and webhook bodies from News and queues them with their ledger rows."""

    def __init__(self, store: AlertStore, settings: Settings):
        self.store, self.settings = store, settings
        self.links = AlertLinks(settings, signing_key(settings))

    def _turn(self, hit, source: dict) -> dict:
        return {"speaker": hit.speaker_name, "role": hit.role, "party": hit.party, "committee": hit.committee,
                "date_text": f"{meeting_title(source)} · {korean_date(hit.date)}",
                "note": PROVISIONAL_LABEL if hit.provisional else "",
                "snippet_html": hit.snippet_html, "snippet_text": _snippet_text(hit.snippet_html),
                "link": self.links.turn(hit.url), "permalink": permalink(self.settings.public_url, hit.turn_id)}

    def _section(self, news: News) -> dict:
        return {"label": news.alert.label, "count": news.count, "more": len(news.counted), "truncated": news.truncated,
                "search_url": self.links.search_page(news.params), "feed_url": self.links.feed(news.params),
                "unsubscribe_url": self.links.unsubscribe(news.alert.id),
                "turns": [self._turn(hit, source) for hit, source in zip(news.hits, news.sources, strict=True)]}

    def digest(self, address: Address, news: list[News]) -> int:
        key = uuid.uuid4().hex
        total = sum(n.count for n in news)
        more = " 외" if len(news) > MAX_SUBJECT_LABELS else ""
        labels = ", ".join(n.alert.label for n in news[:MAX_SUBJECT_LABELS]) + more
        unsubscribe_all = self.links.unsubscribe_all(address.id)
        payload = compose(self.settings, address.email, f"[국회 회의록] 새 발언 {total}건: {labels}", "digest", {
            "sections": [self._section(n) for n in news], "total": total, "manage_url": self.links.manage(address.id),
            "unsubscribe_all_url": unsubscribe_all}, key, unsubscribe_urls=self.links.list_unsubscribe(address.id))
        delivery_id = self.store.add_delivery(address.id, None, "digest", address.email, payload, key)
        for item in news:
            self._record(item, delivery_id)
        return delivery_id

    def webhook(self, address: Address, news: News) -> int:
        key = uuid.uuid4().hex
        body = {"delivery": key, "sent_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "alert": {"id": news.alert.id, "label": news.alert.label, "search": news.alert.search,
                          "search_url": self.links.search_page(news.params), "feed_url": self.links.feed(news.params)},
                "count": news.count, "more": len(news.counted), "truncated": news.truncated,
                "turns": [{"turn_id": hit.turn_id, "permalink": permalink(self.settings.public_url, hit.turn_id),
                           "url": self.links.turn(hit.url), "speaker_name": hit.speaker_name, "role": hit.role,
                           "party": hit.party, "committee": hit.committee, "meeting_id": hit.meeting_id,
                           "date": hit.date, "citation": hit.citation, "provisional": hit.provisional,
                           "text": source.get("text", ""), "snippet_html": hit.snippet_html}
                          for hit, source in zip(news.hits, news.sources, strict=True)]}
        payload = json.dumps(body, ensure_ascii=False).encode()
        delivery_id = self.store.add_delivery(address.id, news.alert.id, "webhook", news.alert.webhook_url, payload,
                                              key)
        self._record(news, delivery_id)
        return delivery_id

    def _record(self, news: News, delivery_id: int) -> None:
        self.store.record_sent(news.alert.id, [hit.turn_id for hit in news.hits], delivery_id, listed=True)
        self.store.record_sent(news.alert.id, news.counted, delivery_id, listed=False)


def _address_news(client: Elasticsearch, index: str, analyzer: KiwiAnalyzer, store: AlertStore, settings: Settings,
                  alerts, report: RunReport, fresh: dict[tuple, dict | None]) -> list[News]:
    found = []
    for alert in alerts:
        # Alerts mostly share their last run: one lookup for all of them. The window can fall back to the
        # alert's own start (alert.since), so that is part of the key too.
        key = (alert.last_run, alert.since)
        if key not in fresh:
            fresh[key] = fresh_filter(store, alert, settings.alerts_lookback_minutes)
        try:
            found.append(news_for(client, index, analyzer, store, alert, fresh[key],
                                  settings.alerts_digest_turns, settings.alerts_max_matches))
        except (QuerySyntaxError, ValidationError) as error:  # a saved search this version cannot run
            report.skipped.append(f"{alert.id}: {type(error).__name__}: {str(error)[:200]}")
    return found


def _take(store: AlertStore, composer: Composer, run_id: int, news: list[News], report: RunReport) -> None:
    """One address's digest, ledger rows and run marks: all in one transaction, or none of it."""
    with store.transaction():
        current = [n for n in news if (a := store.alert(n.alert.id)) and a.state == "active"
                   and a.last_run == n.alert.last_run]  # unsubscribed or paused meanwhile: not sent
        if not current:
            return
        address = store.address(current[0].alert.address_id)
        assert address is not None  # its alerts exist, and deleting an address deletes them
        mail = [n for n in current if n.alert.channel == "email" and n.count]
        if mail:
            composer.digest(address, mail)
            report.digests += 1
        for item in (n for n in current if n.alert.channel == "webhook" and n.count):
            composer.webhook(address, item)
            report.webhooks += 1
        store.took_run([n.alert.id for n in current if n.count], run_id, sent=True)
        store.took_run([n.alert.id for n in current if not n.count], run_id, sent=False)
    report.alerts_with_news += sum(1 for n in current if n.count)
    report.turns += sum(n.count for n in current)


def run_once(settings: Settings, client: Elasticsearch, analyzer: KiwiAnalyzer, index: str) -> RunReport | None:
    """One run; None when another run holds the lock."""
    started = time.perf_counter()
    with run_lock(settings) as locked:
        if not locked:
            return None
        store = AlertStore(settings.alerts_db)
        try:
            return _run(settings, client, analyzer, index, store, started)
        finally:
            store.close()


def _run(settings: Settings, client: Elasticsearch, analyzer: KiwiAnalyzer, index: str, store: AlertStore,
         started: float) -> RunReport:
    report = RunReport(abandoned=give_up_abandoned(store, settings))
    report.run_id = run_id = store.begin_run()
    scan = catalogue.scan(client, index, store, run_id, settings.alerts_lookback_minutes)
    store.scanned(run_id, scan.scan_from, scan.high_water)
    report.read, report.fresh = scan.read, scan.fresh
    composer = Composer(store, settings)
    alerts = store.active_alerts()
    report.alerts = len(alerts)
    fresh: dict[tuple, dict | None] = {}
    for _, group in groupby(alerts, key=lambda a: a.address_id):
        news = _address_news(client, index, analyzer, store, settings, group, report, fresh)
        _take(store, composer, run_id, news, report)
    report.delivered = deliver(store, settings)
    now = datetime.now(UTC)
    with store.transaction():
        report.pruned = store.prune(
            pending_before=(now - timedelta(hours=settings.alerts_confirm_hours)).isoformat(timespec="milliseconds"),
            sent_before=(now - timedelta(days=KEEP_SENT_DAYS)).isoformat(timespec="milliseconds"),
            requests_before=time.time() - 86400)
    report.seconds = time.perf_counter() - started
    store.finish_run(run_id, report.summary())
    return report


def run_every(settings: Settings, client: Elasticsearch, analyzer: KiwiAnalyzer, index: str, seconds: int,
              out: TextIO = sys.stdout) -> None:
    """The loop behind `--every`: one failed run is reported and the loop goes on."""
    while True:
        try:
            report = run_once(settings, client, analyzer, index)
            print(report.summary() if report else "another alerts run is in progress; skipped", file=out, flush=True)
        except Exception as error:  # noqa: BLE001 — one bad run (engine away, SMTP down) must not end the loop
            print(f"✗ alerts run failed: {type(error).__name__}: {error}", file=sys.stderr, flush=True)
        time.sleep(seconds)
