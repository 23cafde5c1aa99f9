"""Alerts against the real node, a real SMTP server (aiosmtpd on 127.0.0.1) and a real webhook receiver.

Each test gets its own indices (an alias derived from the session's, so concurrent runs never share
them), its own SQLite store and signing key under tmp_path, and a fresh SMTP server that keeps every
message it accepts.
"""

from __future__ import annotations

import asyncio
import email
import io
import json
import re
import threading
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from hearings.config import Settings
from tests.conftest import free_port, index_meetings

PUBLIC_URL = "http://hearings.test"


@dataclass
class Mail:
    sender: str
    recipients: list[str]
    raw: bytes
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def text(self) -> str:
        return self.message.get_body(("plain",)).get_content()

    @property
    def html(self) -> str:
        return self.message.get_body(("html",)).get_content()

    def links(self, path: str) -> list[str]:
        """Links of the plain-text part to a path of the site (the same ones the HTML part carries)."""
        return re.findall(rf"{re.escape(PUBLIC_URL)}{re.escape(path)}\S*", self.text)


@dataclass
class Mailbox:
    """What the SMTP server accepted; `hold_at` makes it stop answering at the n-th message (it keeps
    the message and never answers the final dot), as a server does when the network breaks."""

    mails: list[Mail] = field(default_factory=list)
    hold_at: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 — aiosmtpd's handler hook
        mail = Mail(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content or envelope.content,
                    email.message_from_bytes(envelope.original_content or envelope.content, policy=default))
        with self.lock:
            self.mails.append(mail)
            held = self.hold_at and len(self.mails) == self.hold_at
        if held:
            await asyncio.sleep(3600)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Mail]:
        with self.lock:
            return [m for m in self.mails if address in m.recipients]

    def wait_for(self, count: int, timeout: float = 30) -> list[Mail]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.mails) >= count:
                    return list(self.mails)
            time.sleep(0.05)
        raise AssertionError(f"expected {count} mails, got {len(self.mails)}")


@pytest.fixture
def mailbox():
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    box.port = controller.port
    yield box
    controller.stop()


@dataclass
class WebhookReceiver:
    url: str
    calls: list[dict] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)  # statuses to answer, in order; then 204


@pytest.fixture
def webhook_receiver():
    receiver = WebhookReceiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 — http.server's hook
            body = self.rfile.read(int(self.headers["Content-Length"]))
            receiver.calls.append({"headers": dict(self.headers), "body": body})
            status = receiver.answers.pop(0) if receiver.answers else 204
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_port}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield receiver
    server.shutdown()
    server.server_close()


def alerts_alias(settings: Settings, name: str) -> str:
    return settings.index_alias.lower().replace("turns", f"alerts-{name}-turns")  # index names are lower case


@pytest.fixture
def alert_settings(settings: Settings, tmp_path: Path, mailbox: Mailbox) -> Settings:
    return settings.model_copy(update={
        "alerts_db": tmp_path / "alerts.sqlite3", "alerts_secret_file": tmp_path / "alerts.secret",
        "smtp_host": "127.0.0.1", "smtp_port": mailbox.port, "smtp_timeout_s": 10.0, "public_url": PUBLIC_URL,
        "alerts_webhook_allow_private": True, "mail_from": "국회 회의록 검색 <alerts@hearings.test>"})


def meeting(day: str, number: int, turns: list[tuple[str, str, str]], committee: str = "보건복지위원회",
            **extra) -> dict:
    return {"committee": committee, "date": day, "session": 414, "session_kind": "임시회", "meeting_number": number,
            "assembly_term": 21, "turns": [{"speaker": s, "role": r, "text": t} for s, r, t in turns], **extra}


def index_fresh(settings: Settings, es_client, analyzer, folder: Path, name: str, meetings: list[dict]) -> Settings:
    """New indices holding just these meetings."""
    return index_meetings(settings, es_client, analyzer, folder, alerts_alias(settings, name), meetings)


def ingest_more(settings: Settings, es_client, analyzer, folder: Path, meetings: list[dict]) -> None:
    """Index (or re-index) meetings into the existing indices, as a later sync or ingest would."""
    from ingest.pipeline import ingest_paths

    source = folder / f"more-{time.monotonic_ns()}.jsonl"
    source.write_text("".join(json.dumps(m, ensure_ascii=False) + "\n" for m in meetings), "utf-8")
    summary = ingest_paths(es_client, settings, analyzer, [source], out=io.StringIO())
    assert summary.turns == sum(len(m["turns"]) for m in meetings), summary.outcomes
