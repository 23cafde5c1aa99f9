"""The absolute links alert mails, webhook bodies and pages carry (signed where they act on something)."""

from __future__ import annotations

from urllib.parse import quote

from alerts.mailer import normalize_address
from alerts.tokens import Purpose, sign
from hearings.config import Settings
from search_api.feeds import feed_selection, search_feed_path
from search_api.params import SearchParams
from search_api.urls import SEARCH, search_url


class AlertLinks:
    def __init__(self, settings: Settings, key: bytes):
        self.base = settings.public_url.rstrip("/")
        self.key = key
        self.confirm_ttl_s = settings.alerts_confirm_hours * 3600
        self.manage_ttl_s = settings.alerts_manage_days * 86400
        # checked here, once: a bad setting stops the run with the reason instead of every digest
        self.unsubscribe_to = normalize_address(settings.mail_unsubscribe_to) if settings.mail_unsubscribe_to else ""

    def absolute(self, path: str) -> str:
        return self.base + path

    def _signed(self, path: str, purpose: Purpose, subject: int, ttl_s: int | None) -> str:
        return f"{self.base}{path}?t={quote(sign(self.key, purpose, subject, ttl_s), safe='')}"

    def confirm(self, alert_id: int) -> str:
        return self._signed("/alerts/confirm", Purpose.CONFIRM, alert_id, self.confirm_ttl_s)

    def unsubscribe(self, alert_id: int) -> str:
        # Never expires: an unsubscribe link in an old mail must still work (RFC 8058 asks for no more).
        return self._signed("/alerts/unsubscribe", Purpose.UNSUBSCRIBE, alert_id, None)

    def unsubscribe_all(self, address_id: int) -> str:
        return self._signed("/alerts/unsubscribe", Purpose.UNSUBSCRIBE_ALL, address_id, None)

    def list_unsubscribe(self, address_id: int) -> list[str]:
        """The List-Unsubscribe URLs of a digest: the one-click link (RFC 8058), then a mailto: when a
        mailbox someone reads is configured (the same signed token in its subject, to act on)."""
        one_click = self.unsubscribe_all(address_id)
        if not self.unsubscribe_to:
            return [one_click]
        token = one_click.rpartition("?t=")[2]
        return [one_click, f"mailto:{self.unsubscribe_to}?subject={quote('unsubscribe ' + token, safe='%')}"]

    def manage(self, address_id: int) -> str:
        return self._signed("/alerts/manage", Purpose.MANAGE, address_id, self.manage_ttl_s)

    def search_page(self, params: SearchParams) -> str:
        return self.base + search_url(SEARCH, feed_selection(params))

    def feed(self, params: SearchParams) -> str:
        return self.base + search_feed_path(params)

    def turn(self, path: str) -> str:
        return self.base + quote(path, safe="/?#=&%+:@")
