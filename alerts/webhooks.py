"""Webhooks, the alternative to mail: a JSON POST signed with the alert's own secret.

Headers: ``X-Hearings-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">`` (verify it with
the secret shown on the manage page, and refuse old times) and ``X-Hearings-Delivery: <key>`` (the same
on a retry: drop what you have seen). A webhook cannot be aimed at this server's own network unless
``HEARINGS_ALERTS_WEBHOOK_ALLOW_PRIVATE`` says so: the host is resolved and every address checked by one
function, ``refuse_non_public``, when the address is given (so the subscriber hears of it) and again before
each call (a name may resolve elsewhere by then). (A name that resolves differently between that check and
the call — DNS rebinding — is not caught; a deployment that must exclude it sends webhooks through an egress
proxy.)
"""

from __future__ import annotations

import ipaddress
import socket
import time
from urllib.parse import urlsplit

import httpx

from alerts.mailer import MaybeDelivered, NotDelivered
from alerts.tokens import webhook_signature

MAX_URL_CHARS = 2000


class BadWebhook(ValueError):
    pass


def _not_public_message(host: str) -> str:
    # One answer whether the name is unknown or internal: the form must not tell which internal names exist.
    return f"웹훅 주소는 공개 인터넷에서 찾을 수 있는 주소여야 합니다: {host}"


class UnresolvedHost(BadWebhook):
    def __init__(self, host: str, reason: object):
        super().__init__(_not_public_message(host))
        self.host, self.reason = host, reason


class NonPublicHost(BadWebhook):
    def __init__(self, host: str, address: str):
        super().__init__(_not_public_message(host))
        self.host, self.address = host, address  # said in the outbox's error, for the operator


def check_url(url: str, allow_private: bool, resolve: bool = True) -> str:
    """A webhook address as a person may give it: http(s), a host, no credentials, a port one can connect
    to, and (unless private addresses are allowed) a host that resolves to public addresses only.
    ``resolve=False`` checks only the text (cheap, no DNS): what to do before a rate limit is counted."""
    url = url.strip()
    parts = urlsplit(url)
    if len(url) > MAX_URL_CHARS or parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadWebhook("웹훅 주소는 http:// 또는 https://로 시작하는 주소여야 합니다")
    if parts.username or parts.password:
        raise BadWebhook("웹훅 주소에 계정 정보를 넣을 수 없습니다")
    try:
        port = parts.port  # urlsplit checks the port only when it is read ("h:99999", "h:abc")
    except ValueError as error:
        raise BadWebhook("웹훅 주소의 포트가 잘못되었습니다") from error
    if port == 0:  # urlsplit accepts it, but nothing can be connected to on port 0
        raise BadWebhook("웹훅 주소의 포트가 잘못되었습니다: 0번 포트로는 연결할 수 없습니다")
    if resolve and not allow_private:
        refuse_non_public(parts.hostname, port or _default_port(parts.scheme))
    return url


def _default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Reachable on the public internet and meant for one host: not private, loopback, link-local (the cloud
    metadata service at 169.254.169.254), reserved, multicast or unspecified; an IPv4 address carried inside
    an IPv6 one (::ffff:127.0.0.1, 6to4) is judged as itself. NAT64 (64:ff9b::/96) counts as reserved.
    """
    if isinstance(address, ipaddress.IPv6Address):
        inner = address.ipv4_mapped or address.sixtofour
        if inner is not None and not is_public(inner):
            return False
        if address.is_site_local:  # fec0::/10: deprecated, but still routed inside some networks
            return False
    return address.is_global and not (address.is_private or address.is_loopback or address.is_link_local
                                      or address.is_reserved or address.is_multicast or address.is_unspecified)


def refuse_non_public(host: str, port: int) -> None:
    """Raise NonPublicHost if any address the host resolves to is not public (a name, a numeric form such as
    2130706433 or an IP literal alike: the resolver reads them all), UnresolvedHost if it resolves to none."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise UnresolvedHost(host, error) from error
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not is_public(address):
            raise NonPublicHost(host, str(address))


def post(url: str, secret: str, key: str, body: bytes, timeout_s: float, allow_private: bool) -> None:
    """One call. NotDelivered when it certainly did not arrive (or was refused), MaybeDelivered when the
    connection broke after the request was sent."""
    try:
        parts = urlsplit(url)
        port = parts.port or _default_port(parts.scheme)
    except ValueError as error:  # stored before check_url read the port
        raise NotDelivered(f"not a usable address: {error}", permanent=True) from error
    if not allow_private:  # again at each call: what a name resolves to may have changed since it was given
        try:
            refuse_non_public(parts.hostname or "", port)
        except UnresolvedHost as error:
            raise NotDelivered(f"cannot resolve {error.host}: {error.reason}", permanent=False) from error
        except NonPublicHost as error:
            raise NotDelivered(f"refused: {error.host} resolves to a non-public address {error.address}",
                               permanent=True) from error
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
