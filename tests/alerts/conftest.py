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
import socket
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
    the message and never answers the final dot), as a server does when the network breaks. `replies` are
    the server's answers to the next messages' final dot, in order (then 250); a message answered with
    anything but 250 is kept in `refused`, not in `mails`."""

    mails: list[Mail] = field(default_factory=list)
    refused: list[Mail] = field(default_factory=list)
    replies: list[str] = field(default_factory=list)
    hold_at: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 — aiosmtpd's handler hook
        mail = Mail(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content or envelope.content,
                    email.message_from_bytes(envelope.original_content or envelope.content, policy=default))
        with self.lock:
            reply = self.replies.pop(0) if self.replies else "250 Message accepted for delivery"
            (self.mails if reply.startswith("250") else self.refused).append(mail)
            held = self.hold_at and len(self.mails) == self.hold_at
        if held:
            await asyncio.sleep(3600)
        return reply

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
class DroppingServer:
    """An SMTP server that says yes to everything up to DATA, then reads the first bytes of the message
    and closes the connection without an answer: a server process that dies or a network that breaks
    in the middle of the transfer. `received` holds what it read of each message."""

    port: int = 0
    received: list[bytes] = field(default_factory=list)


def _speak_until_data(connection, reader) -> bool:
    connection.sendall(b"220 drop.test ESMTP\r\n")
    for line in reader:
        verb = line[:4].upper()
        if verb == b"DATA":
            connection.sendall(b"354 End data with <CR><LF>.<CR><LF>\r\n")
            return True
        if verb == b"QUIT":
            connection.sendall(b"221 Bye\r\n")
            return False
        connection.sendall(b"250 OK\r\n")
    return False


@pytest.fixture
def dropping_smtp():
    server = socket.create_server(("127.0.0.1", 0))
    dropping = DroppingServer(port=server.getsockname()[1])

    def serve() -> None:
        while True:
            try:
                connection, _ = server.accept()
            except OSError:  # the listening socket was closed: the test is over
                return
            with connection, connection.makefile("rb") as reader:
                if _speak_until_data(connection, reader):
                    dropping.received.append(reader.readline() + reader.readline())

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield dropping
    server.close()


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


def come_due(settings: Settings) -> None:
    """What the clock does to deferred outbox rows once their backoff is over."""
    from alerts.store import AlertStore

    store = AlertStore(settings.alerts_db)
    store.db.execute("UPDATE deliveries SET next_attempt_at = '2000-01-01T00:00:00+00:00' "
                     "WHERE next_attempt_at IS NOT NULL")
    store.close()
