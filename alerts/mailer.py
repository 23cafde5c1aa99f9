"""Alert mail: composing it (Jinja templates, HTML escaped by autoescape, a plain-text twin) and handing
it to the SMTP server named in Settings.

Every mail to a subscriber's address is built here, so every one gets the same headers: a Message-ID
made from the outbox key (a receiver can recognise a repeat), `Auto-Submitted`, and on digests the
RFC 8058 pair `List-Unsubscribe` + `List-Unsubscribe-Post: List-Unsubscribe=One-Click`.

A mail is delivered only when the server answers the message's final dot with 2xx (RFC 5321 §4.1.1.4:
that answer is where it takes responsibility); `send` says for every other ending whether it can be
tried again.
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


# Headers given as objects (Subject, From, ...) are folded and RFC 2047-encoded as usual; a header stored
# raw (set_raw) is written as given. The default, refold_source="long", would refold a raw header longer
# than 78 characters, and an unstructured header whose one word (a URL) cannot fit is then written as an
# encoded word (=?utf-8?q?=3Chttps...), which no mail provider reads as a URL.
_POLICY = SMTP.clone(refold_source="none")
MAX_HEADER_LINE = 998  # RFC 5322 §2.1.1: the hard limit of a line, CRLF excluded
_URI = re.compile(r"[\x21-\x7e]+")  # printable ASCII, no space


def list_unsubscribe(urls: list[str]) -> str:
    """RFC 2369's value, `<https://…>, <mailto:…>`, as plain ASCII; ValueError for a URL the header cannot
    carry as it is (RFC 2369 §2: angle brackets delimit, whitespace is not part of a URL)."""
    for url in urls:
        if not _URI.fullmatch(url) or "<" in url or ">" in url:
            raise ValueError(f"not a URL List-Unsubscribe can carry as it is: {url!r}")
    value = ", ".join(f"<{url}>" for url in urls)
    if len("List-Unsubscribe: ") + len(value) > MAX_HEADER_LINE:
        raise ValueError("List-Unsubscribe would pass the 998-character line limit")
    return value


def compose(settings: Settings, to: str, subject: str, template: str, context: dict, key: str,
            unsubscribe_urls: list[str] | None = None) -> bytes:
    """The whole mail as the bytes the outbox keeps and the SMTP server receives."""
    message = EmailMessage(policy=_POLICY)
    message["From"] = settings.mail_from
    message["To"] = to
    message["Subject"] = one_line(subject)
    message["Message-ID"] = f"<{key}@{_domain(settings)}>"
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies to alerts
    if unsubscribe_urls:
        message.set_raw("List-Unsubscribe", list_unsubscribe(unsubscribe_urls))
        message.set_raw("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
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


def _refused(step: str, code: int, reply: bytes) -> NotDelivered:
    """A 4xx can succeed later (greylisting, a full queue); a 5xx will not."""
    text = reply.decode("utf-8", "replace")
    return NotDelivered(f"{step}: {code} {text}", permanent=code >= 500)


def send(smtp: smtplib.SMTP, from_address: str, to: str, payload: bytes) -> None:
    """One SMTP transaction, step by step, so a failure says whether the server can have the message.
    Until the final dot is written the server certainly has nothing; after it, the answer decides: 2xx
    delivered, 4xx/5xx refused. A server that closes the connection instead of answering has not taken
    the message (RFC 5321 §4.1.1.4, §6.1): it is retried, under the same Message-ID so a receiver can drop
    a repeat. Only silence until the timeout (RFC 1047's case: a slow server that may still accept) is
    uncertain, and never resent."""
    try:
        smtp.ehlo_or_helo_if_needed()
        code, reply = smtp.mail(from_address)
        if code != 250:
            raise _refused("MAIL FROM", code, reply)
        code, reply = smtp.rcpt(to)
        if code not in (250, 251):
            raise _refused("RCPT TO", code, reply)
        code, reply = smtp.docmd("DATA")
        if code != 354:
            raise _refused("DATA", code, reply)
        smtp.send(_data_block(payload))
    except (smtplib.SMTPServerDisconnected, OSError) as error:
        raise NotDelivered(f"connection lost before the end of the message: {error}", permanent=False) from error
    try:
        code, reply = smtp.getreply()
    except smtplib.SMTPServerDisconnected as error:
        if isinstance(error.__context__, TimeoutError):  # smtplib reports a timeout as a disconnection
            raise MaybeDelivered(f"no answer to the end of the message: {error}") from error
        raise NotDelivered(f"connection closed without an answer to the message: {error}", permanent=False) from error
    if 400 <= code < 600:
        raise _refused("end of DATA", code, reply)
    if not 200 <= code < 300:
        raise MaybeDelivered(f"end of DATA: unexpected answer {code} {reply.decode('utf-8', 'replace')}")


def _data_block(payload: bytes) -> bytes:
    """The message as DATA carries it: a leading dot doubled (RFC 5321 §4.5.2), ended by CRLF.CRLF."""
    block = re.sub(rb"(?m)^\.", b"..", payload)
    return block + (b"" if block.endswith(b"\r\n") else b"\r\n") + b".\r\n"
