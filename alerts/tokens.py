"""Signed links and signatures, so that no page needs a password and no link can be forged or reused
past its lifetime.

A token is ``<purpose>.<subject id>.<expiry>`` with an HMAC-SHA256 of it, in URL-safe base64. The purpose
is inside the signed text, so a confirmation token can never serve as a manage token. The key comes from
Settings (``HEARINGS_ALERTS_SECRET``) or is generated once into ``var/`` with mode 0600: never in the code.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import secrets
import time
from enum import StrEnum
from pathlib import Path

from hearings.config import Settings
from hearings.digits import ascii_digits
from search_api.errors import NotConfigured

MAX_TOKEN_CHARS = 200  # a real token is about 80 characters; anything longer is refused unread
MAX_SUBJECT_ID = 2**63 - 1  # ids are SQLite integers: a larger one names nothing, and cannot even be looked up
NEVER = 0


class Purpose(StrEnum):
    CONFIRM = "confirm"  # subject: an alert
    UNSUBSCRIBE = "unsub"  # subject: an alert
    UNSUBSCRIBE_ALL = "unsuball"  # subject: an address (the List-Unsubscribe header of a digest)
    MANAGE = "manage"  # subject: an address


MIN_KEY_BYTES = 32  # a short key makes every link forgeable; refuse it rather than sign with it


class WeakKey(NotConfigured):
    """The configured signing key is too short to sign links with."""

    message = "알림 기능이 아직 설정되지 않았습니다."


def signing_key(settings: Settings) -> bytes:
    key = settings.alerts_secret.strip().encode() if settings.alerts_secret.strip() else _key_file(
        settings.alerts_secret_file)
    if len(key) < MIN_KEY_BYTES:
        raise WeakKey(f"alert signing key is {len(key)} bytes; at least {MIN_KEY_BYTES} are needed "
                      "(HEARINGS_ALERTS_SECRET, or delete the key file to have one generated)")
    return key


def _key_file(path: Path) -> bytes:
    for _ in range(20):  # another process may be writing it at this moment
        try:
            key = path.read_bytes().strip()
        except FileNotFoundError:
            break
        if len(key) >= MIN_KEY_BYTES:
            return key
        time.sleep(0.05)
    else:
        return key  # a short key file that stays short: signing_key refuses it
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written whole under another name, then linked into place: no reader ever sees a half-written key,
    # and of two processes starting at once the first link wins and both use its key.
    scratch = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    handle = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(handle, "w") as out:
        out.write(secrets.token_hex(32))
    try:
        os.link(scratch, path)
    except FileExistsError:
        pass
    finally:
        scratch.unlink()
    return path.read_bytes().strip()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def sign(key: bytes, purpose: Purpose, subject: int, ttl_s: int | None, now: float | None = None) -> str:
    expires = NEVER if ttl_s is None else int((now or time.time()) + ttl_s)
    text = f"{purpose.value}.{subject}.{expires}"
    return f"{_b64(text.encode())}.{_b64(_mac(key, text))}"


def verify(key: bytes, token: str, purpose: Purpose, now: float | None = None) -> int | None:
    """The subject id when the token is genuine, of this purpose and unexpired; None otherwise."""
    if not token or len(token) > MAX_TOKEN_CHARS or token.count(".") != 1:
        return None
    body, mac = token.split(".")
    try:
        text, given = _unb64(body).decode("ascii"), _unb64(mac)
    except (binascii.Error, ValueError):  # UnicodeDecodeError is a ValueError
        return None
    if not hmac.compare_digest(_mac(key, text), given):
        return None
    parts = text.split(".")
    if len(parts) != 3 or parts[0] != purpose.value or not (ascii_digits(parts[1]) and ascii_digits(parts[2])):
        return None
    subject, expires = int(parts[1]), int(parts[2])
    if subject > MAX_SUBJECT_ID or (expires != NEVER and expires < (now or time.time())):
        return None
    return subject


def keyed_hash(key: bytes, text: str) -> str:
    """A stand-in for an address or a client in the rate-limit table, which so holds neither."""
    return hmac.new(key, b"rate:" + text.encode(), hashlib.sha256).hexdigest()[:32]


def webhook_signature(secret: str, timestamp: int, body: bytes) -> str:
    """``t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">``: the time is signed too, so a receiver can
    refuse a replay of an old call."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"
