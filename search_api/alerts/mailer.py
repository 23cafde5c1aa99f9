"""Alert mail: composing it (Jinja templates, HTML escaped by autoescape, a plain-text twin) and handing
it to the SMTP server named in Settings.

Every mail to a subscriber's address is built here, so every one gets the same headers: a Message-ID
made from the outbox key (a receiver can recognise a repeat), `Auto-Submitted`, and on digests the
RFC 8058 pair `List-Unsubscribe` + `List-Unsubscribe-Post: List-Unsubscribe=One-Click`.
"""

from __future__ import annotations

import re
import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, parseaddr
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from hearings.config import Settings

TEMPLATES = Path(__file__).parent / "templates"
MAX_SUBJECT_CHARS = 150
MAX_ADDRESS_CHARS = 254  # RFC 5321's limit on a forward path
# ASCII local part; the domain as IDNA (한국.kr → xn--3e0b707e.kr). No quoted local parts, no comments: an
# address a person types, and nothing a header could be smuggled through.
_LOCAL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_DOMAIN = re.compile(rf"(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})+")

_environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                           undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


class BadAddress(ValueError):
    pass


def normalize_address(text: str) -> str:
    """The address as stored and compared: trimmed, domain in IDNA, all lower case (no mail system in
    use distinguishes case in the local part, and two spellings must not make two subscribers)."""
    text = text.strip()
    if len(text) > MAX_ADDRESS_CHARS or text.count("@") != 1:
        raise BadAddress("메일 주소 형식이 아닙니다")
    local, domain = text.split("@")
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError as error:
        raise BadAddress("메일 주소의 도메인을 읽을 수 없습니다") from error
    if not _LOCAL.fullmatch(local) or not _DOMAIN.fullmatch(domain) or ".." in local:
        raise BadAddress("메일 주소 형식이 아닙니다")
    return f"{local}@{domain}".lower()


def one_line(text: str, limit: int = MAX_SUBJECT_CHARS) -> str:
    """Header text from user or minutes text: no line breaks, bounded."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _domain(settings: Settings) -> str:
    return parseaddr(settings.mail_from)[1].rpartition("@")[2] or "localhost"


def compose(settings: Settings, to: str, subject: str, template: str, context: dict, key: str,
            unsubscribe_url: str | None = None) -> bytes:
    """The whole mail as the bytes the outbox keeps and the SMTP server receives."""
    message = EmailMessage(policy=SMTP)
    message["From"] = settings.mail_from
    message["To"] = to
    message["Subject"] = one_line(subject)
    message["Message-ID"] = f"<{key}@{_domain(settings)}>"
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies to alerts
    if unsubscribe_url:
        message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(_environment.get_template(f"{template}.txt").render(context))
    message.add_alternative(_environment.get_template(f"{template}.html").render(context), subtype="html")
    return message.as_bytes()


def sender(settings: Settings) -> str:
    return parseaddr(settings.mail_from)[1]


@contextmanager
def smtp_session(settings: Settings) -> Iterator[smtplib.SMTP]:
    """A connection to the configured server, with STARTTLS or TLS and login when configured."""
    if settings.smtp_security == "tls":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_s,
                                              context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_s)
    try:
        if settings.smtp_security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password)
        yield smtp
    finally:
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()


class NotDelivered(Exception):
    """The server refused, or the connection failed before the message was handed over: it can be retried."""

    def __init__(self, message: str, permanent: bool):
        super().__init__(message)
        self.permanent = permanent


class MaybeDelivered(Exception):
    """The connection broke while the message was being handed over: the server may have taken it."""


def send(smtp: smtplib.SMTP, from_address: str, to: str, payload: bytes) -> None:
    """One SMTP transaction, step by step, so a failure says whether the server can have the message:
    anything before DATA is certainly not delivered; a break during DATA may be (RFC 5321 §4.1.1.4: the
    server takes responsibility when it answers the final dot, and that answer may be what was lost)."""
    try:
        smtp.ehlo_or_helo_if_needed()
        code, reply = smtp.mail(from_address)
        if code != 250:
            raise NotDelivered(f"MAIL FROM: {code} {reply!r}", permanent=code >= 500)
        code, reply = smtp.rcpt(to)
        if code not in (250, 251):
            smtp.rset()
            raise NotDelivered(f"RCPT TO: {code} {reply!r}", permanent=code >= 500)
    except (smtplib.SMTPServerDisconnected, OSError) as error:
        raise NotDelivered(f"connection lost before DATA: {error}", permanent=False) from error
    try:
        smtp.data(payload)
    except smtplib.SMTPDataError as error:  # the server answered and refused
        raise NotDelivered(f"DATA: {error.smtp_code} {error.smtp_error!r}", permanent=error.smtp_code >= 500) from error
    except (smtplib.SMTPException, OSError) as error:
        raise MaybeDelivered(f"connection lost during DATA: {error}") from error
