"""What the alert pages do: subscribe (double opt-in), confirm, unsubscribe, manage, export and erase.

Nothing here tells a visitor whether an address is subscribed: a subscription request or a request for
the manage link gets the same answer whatever the address's state, and whatever there is to say (confirm
this, you already have this alert, you have too many) is said by mail to the address itself. Mails are
queued in the outbox inside the same transaction and sent after the answer (``queued``), so neither the
answer nor its timing depends on them. Limits: requests per client and per address per hour (a client
over its limit gets 429; an address over its limit is simply not mailed), and alerts per address.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field
from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from alerts.links import AlertLinks
from alerts.mailer import MAX_ADDRESS_CHARS, compose, normalize_address
from alerts.store import Address, Alert, AlertStore, Unsent
from alerts.tokens import Purpose, keyed_hash, signing_key, verify
from alerts.webhooks import MAX_URL_CHARS, check_url
from hearings.config import Settings
from search_api.params import MAX_QUERY_CHARS, SearchParams
from search_api.query_parser import parse_query
from search_api.saved import MAX_LABEL_CHARS, params_of, quoted_label, saved_search
from search_api.seoul_time import seoul_time

HOUR_S = 3600
CHANNELS = {"email": "메일로", "webhook": "웹훅으로"}
STATES = {"pending": "확인 대기", "active": "받는 중", "paused": "일시 중지"}
DELIVERY_KINDS = {"confirm": "신청 확인 메일", "notice": "안내 메일", "digest": "알림 메일", "webhook": "웹훅 호출"}
UNSENT_STATES = {"failed": "보내지 못함", "pending": "다시 보낼 예정", "uncertain": "도착했는지 알 수 없음"}


class SubscribeForm(BaseModel):
    """The subscription form's own fields; the search comes with it as SearchParams."""

    model_config = ConfigDict(extra="forbid")

    email: str = Field(max_length=MAX_ADDRESS_CHARS)
    label: str = Field("", max_length=MAX_LABEL_CHARS)
    channel: Literal["email", "webhook"] = "email"
    webhook_url: str = Field("", max_length=MAX_URL_CHARS)


class Outcome(Enum):
    ACCEPTED = "accepted"  # the same answer for every address
    TOO_MANY = "too many"  # this client asked too often


@dataclass(frozen=True)
class AlertRow:
    """One alert as the manage page shows it; every link computed here."""

    id: int
    label: str
    state: str
    state_text: str
    channel_text: str
    webhook_url: str
    webhook_secret: str
    search_url: str
    feed_url: str
    last_sent_at: str
    toggle: str  # the action of its pause/resume button
    toggle_text: str
    q: str


@dataclass(frozen=True)
class UnsentRow:
    """A delivery to this address that has not arrived, with what the receiving server answered."""

    kind_text: str
    state_text: str
    when: str
    reply: str


def _unsent_row(row: Unsent) -> UnsentRow:
    if row.state == "pending" and row.next_attempt_at:
        when = f"{row.next_attempt_at[:16].replace('T', ' ')} UTC 이후"
    else:
        when = f"{row.updated_at[:16].replace('T', ' ')} UTC"
    return UnsentRow(kind_text=DELIVERY_KINDS[row.kind], state_text=UNSENT_STATES[row.state], when=when,
                     reply=row.error)


@dataclass(frozen=True)
class ManageView:
    email: str
    token: str
    alerts: list[AlertRow]
    limit: int
    unsent: list[UnsentRow] = field(default_factory=list)


@dataclass
class Subscriptions:
    store: AlertStore
    settings: Settings
    queued: list[int] = field(default_factory=list)  # outbox rows to send once the answer is out

    def __post_init__(self) -> None:
        self.key = signing_key(self.settings)
        self.links = AlertLinks(self.settings, self.key)

    # subscribing ----------------------------------------------------------------------------------------

    def subscribe(self, form: SubscribeForm, params: SearchParams, client: str, default_label: str) -> Outcome:
        """Raises ValueError (BadAddress, BadWebhook, QuerySyntaxError) on a form no one could mean, or with
        a webhook to a host that is not on the public internet (the same check as before each call)."""
        # Cheap checks first, then the rate limit, then DNS: a client over its limit hears 429 and costs
        # no lookup (and the lookup is never made inside the store's write transaction).
        allow_private = self.settings.alerts_webhook_allow_private
        email = normalize_address(form.email)
        webhook_url = check_url(form.webhook_url, allow_private, resolve=False) if form.channel == "webhook" else ""
        parse_query(params.q)  # a query that cannot run is refused now, not at every run
        search, label = saved_search(params), " ".join(form.label.split()) or default_label
        with self.store.transaction():
            allowed = self._allowed(client, email)
        if allowed is not True:
            return allowed
        if webhook_url:
            check_url(webhook_url, allow_private)
        with self.store.transaction():
            address = self.store.ensure_address(email)
            existing = self.store.find_alert(address.id, search, form.channel, webhook_url)
            if existing and existing.state != "pending":
                self._notice(address, "이미 받고 있는 알림입니다",
                             [f"{quoted_label(existing.label)} 알림은 이미 신청되어 있습니다."])
            elif existing:
                self._confirmation(address, existing)
            elif self.store.count_alerts(address.id) >= self.settings.alerts_max_per_address:
                self._notice(address, "알림 개수 한도에 이르렀습니다", [
                    f"한 주소에는 알림을 {self.settings.alerts_max_per_address}개까지 둘 수 있습니다.",
                    f"{quoted_label(label)} 알림을 더하려면 관리 페이지에서 다른 알림을 지우세요."])
            else:
                secret = secrets.token_urlsafe(32) if form.channel == "webhook" else ""
                alert = self.store.add_alert(address.id, label, search, form.channel, webhook_url, secret)
                self._confirmation(address, alert)
        return Outcome.ACCEPTED

    def request_manage_link(self, email_text: str, client: str) -> Outcome:
        email = normalize_address(email_text)
        with self.store.transaction():
            allowed = self._allowed(client, email)
            if allowed is not True:
                return allowed
            address = self.store.address_by_email(email)
            if address is not None:
                self._notice(address, "알림 관리 링크", ["요청하신 알림 관리 링크입니다."])
            else:  # the same mail composed and thrown away: the answer's time does not tell who is subscribed
                compose(self.settings, email, "알림 관리 링크", "notice", {
                    "heading": "알림 관리 링크", "lines": ["요청하신 알림 관리 링크입니다."],
                    "link_text": "알림 관리 페이지 열기", "link_url": self.links.manage(0)}, uuid.uuid4().hex)
        return Outcome.ACCEPTED

    def _allowed(self, client: str, email: str) -> Outcome | bool:
        """TOO_MANY for a client over its limit; ACCEPTED (and nothing done) for an address over its own."""
        if not self.store.allow("client:" + keyed_hash(self.key, client), self.settings.alerts_requests_per_client,
                                HOUR_S):
            return Outcome.TOO_MANY
        if not self.store.allow("address:" + keyed_hash(self.key, email), self.settings.alerts_requests_per_address,
                                HOUR_S):
            return Outcome.ACCEPTED
        return True

    def _confirmation(self, address: Address, alert: Alert) -> None:
        params = params_of(alert.search)
        self._queue(address, alert.id, "confirm", f"알림 신청 확인: {alert.label}", "confirm", {
            "label": alert.label, "search_url": self.links.search_page(params),
            "confirm_url": self.links.confirm(alert.id),
            "hours": self.settings.alerts_confirm_hours, "channel_text": CHANNELS[alert.channel],
            "webhook_url": alert.webhook_url})

    def _notice(self, address: Address, heading: str, lines: list[str]) -> None:
        self._queue(address, None, "notice", heading, "notice", {
            "heading": heading, "lines": lines, "link_text": "알림 관리 페이지 열기",
            "link_url": self.links.manage(address.id)})

    def _queue(self, address: Address, alert_id: int | None, kind: str, subject: str, template: str,
               context: dict) -> None:
        key = uuid.uuid4().hex
        payload = compose(self.settings, address.email, subject, template, context, key)
        self.queued.append(self.store.add_delivery(address.id, alert_id, kind, address.email, payload, key))

    # links from the mails -------------------------------------------------------------------------------

    def pending_alert(self, token: str) -> Alert | None:
        alert_id = verify(self.key, token, Purpose.CONFIRM)
        return self.store.alert(alert_id) if alert_id is not None else None

    def confirm(self, token: str) -> Alert | None:
        alert_id = verify(self.key, token, Purpose.CONFIRM)
        if alert_id is None:
            return None
        with self.store.transaction():
            alert = self.store.alert(alert_id)
            if alert is not None and alert.state == "pending":
                self.store.start_alert(alert_id)
        return self.store.alert(alert_id)

    def unsubscribe_scope(self, token: str) -> list[Alert] | None:
        """The alerts an unsubscribe link stops (none left is fine: the link was used); None if forged."""
        alert_id = verify(self.key, token, Purpose.UNSUBSCRIBE)
        if alert_id is not None:
            alert = self.store.alert(alert_id)
            return [alert] if alert else []
        address_id = verify(self.key, token, Purpose.UNSUBSCRIBE_ALL)
        if address_id is not None:
            return [a for a in self.store.alerts_of(address_id) if a.channel == "email"]
        return None

    def unsubscribe(self, token: str) -> list[Alert] | None:
        with self.store.transaction():
            scope = self.unsubscribe_scope(token)
            for alert in scope or []:
                self.store.delete_alert(alert.id)
        return scope

    # the manage page ------------------------------------------------------------------------------------

    def owner(self, token: str) -> Address | None:
        address_id = verify(self.key, token, Purpose.MANAGE)
        return self.store.address(address_id) if address_id is not None else None

    def manage_view(self, token: str) -> ManageView | None:
        address = self.owner(token)
        if address is None:
            return None
        rows = [self._row(alert) for alert in self.store.alerts_of(address.id)]
        unsent = [_unsent_row(row) for row in self.store.unsent(address.id, limit=20)]
        return ManageView(email=address.email, token=token, alerts=rows, limit=self.settings.alerts_max_per_address,
                          unsent=unsent)

    def _row(self, alert: Alert) -> AlertRow:
        params = params_of(alert.search)
        paused = alert.state == "paused"
        return AlertRow(
            id=alert.id, label=alert.label, state=alert.state, state_text=STATES[alert.state],
            channel_text=CHANNELS[alert.channel], webhook_url=alert.webhook_url, webhook_secret=alert.webhook_secret,
            search_url=self.links.search_page(params), feed_url=self.links.feed(params),
            last_sent_at=seoul_time(alert.last_sent_at),
            toggle="resume" if paused else "pause", toggle_text="다시 받기" if paused else "일시 중지", q=params.q)

    def change(self, token: str, alert_id: int, action: str, label: str = "", q: str = "") -> str | None:
        """Pause, resume, delete or edit one of the owner's alerts; a message for the page, or None when
        the token is not valid."""
        address = self.owner(token)
        if address is None:
            return None
        with self.store.transaction():
            alert = self.store.alert(alert_id)
            if alert is None or alert.address_id != address.id:
                return "그 알림은 이 주소의 알림이 아닙니다."
            if action == "delete":
                self.store.delete_alert(alert_id)
                return f"{quoted_label(alert.label)} 알림을 지웠습니다."
            if action == "pause" and alert.state == "active":
                self.store.set_state(alert_id, "paused")
                return f"{quoted_label(alert.label)} 알림을 멈췄습니다."
            if action == "resume" and alert.state == "paused":
                self.store.start_alert(alert_id)  # from now on: what appeared while paused is not sent
                return f"{quoted_label(alert.label)} 알림을 다시 받습니다. 멈춘 동안의 발언은 보내지 않습니다."
            if action == "edit":
                return self._edit(alert, label, q)
        return "바뀐 것이 없습니다."

    def _edit(self, alert: Alert, label: str, q: str) -> str:
        try:
            params = params_of(alert.search).model_copy(update={"q": q[:MAX_QUERY_CHARS]})
            params = SearchParams.model_validate(params.model_dump())
            parse_query(params.q)
        except (ValidationError, ValueError) as error:
            return f"검색어를 바꾸지 못했습니다: {error}"
        label = " ".join(label.split())[:MAX_LABEL_CHARS] or alert.label
        if not self.store.edit_alert(alert.id, label, saved_search(params)):
            return "같은 검색의 알림이 이미 있습니다."
        return f"{quoted_label(label)} 알림을 고쳤습니다."

    def export(self, token: str) -> dict | None:
        address = self.owner(token)
        return self.store.export_address(address.id) if address else None

    def erase(self, token: str) -> bool:
        address = self.owner(token)
        if address is None:
            return False
        with self.store.transaction():
            self.store.delete_address(address.id)
        return True
