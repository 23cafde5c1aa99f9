"""Webhooks, the alternative to mail: a JSON POST signed with the alert's own secret.

Headers: ``X-Hearings-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">`` (verify it with
the secret shown on the manage page, and refuse old times) and ``X-Hearings-Delivery: <key>`` (the same
on a retry: drop what you have seen). A webhook cannot be aimed at this server's own network unless
``HEARINGS_ALERTS_WEBHOOK_ALLOW_PRIVATE`` says so: the host is resolved and every address checked before
each call. (A name that resolves differently between that check and the call — DNS rebinding — is not
caught; a deployment that must exclude it sends webhooks through an egress proxy.)
"""

from __future__ import annotations

import ipaddress
import socket
import time
from urllib.parse import urlsplit

import httpx

from search_api.alerts.mailer import MaybeDelivered, NotDelivered
from search_api.alerts.tokens import webhook_signature

MAX_URL_CHARS = 2000


class BadWebhook(ValueError):
    pass


def check_url(url: str) -> str:
    """A webhook address as a person may give it: http(s), a host, no credentials."""
    url = url.strip()
    parts = urlsplit(url)
    if len(url) > MAX_URL_CHARS or parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadWebhook("웹훅 주소는 http:// 또는 https://로 시작하는 주소여야 합니다")
    if parts.username or parts.password:
        raise BadWebhook("웹훅 주소에 계정 정보를 넣을 수 없습니다")
    try:
        parts.port  # noqa: B018 — urlsplit checks the port only when it is read ("h:99999", "h:abc")
    except ValueError as error:
        raise BadWebhook("웹훅 주소의 포트가 잘못되었습니다") from error
    return url


def _private(host: str, port: int) -> str | None:
    """The first address of the host that is not public, if any."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise NotDelivered(f"cannot resolve {host}: {error}", permanent=False) from error
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            return str(address)
    return None


def post(url: str, secret: str, key: str, body: bytes, timeout_s: float, allow_private: bool) -> None:
    """One call. NotDelivered when it certainly did not arrive (or was refused), MaybeDelivered when the
    connection broke after the request was sent."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:  # stored before check_url read the port
        raise NotDelivered(f"not a usable address: {error}", permanent=True) from error
    if not allow_private:
        private = _private(parts.hostname or "", port)
        if private:
            raise NotDelivered(f"refused: {parts.hostname} resolves to a non-public address {private}", permanent=True)
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "hearings-alerts/1",
               "X-Hearings-Delivery": key, "X-Hearings-Signature": webhook_signature(secret, int(time.time()), body)}
    try:
        response = httpx.post(url, content=body, headers=headers, timeout=timeout_s, follow_redirects=False)
    except httpx.InvalidURL as error:
        raise NotDelivered(f"not a usable address: {error}", permanent=True) from error
    except (httpx.ConnectError, httpx.ConnectTimeout) as error:
        raise NotDelivered(f"cannot connect: {error}", permanent=False) from error
    except httpx.HTTPError as error:
        raise MaybeDelivered(f"broken after sending: {type(error).__name__}: {error}") from error
    if not 200 <= response.status_code < 300:
        # 410 Gone says the receiver is gone for good; any other answer may change by the next run.
        raise NotDelivered(f"answered {response.status_code}", permanent=response.status_code == 410)
