"""Alert pages: subscribe to a search or a member, confirm, unsubscribe (one click, RFC 8058), manage.

Every page that acts does so on a POST; the GET behind a mailed link only shows a button, because mail
scanners and link previews open links. The logic is in alerts/subscriptions.py; here are only
the forms (read with a size bound), the pages and the answers.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, BackgroundTasks, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from starlette.exceptions import HTTPException

from alerts.delivery import deliver
from alerts.store import AlertStore
from alerts.subscriptions import Outcome, SubscribeForm, Subscriptions
from alerts.tokens import MAX_TOKEN_CHARS
from hearings.config import Settings
from hearings.digits import ascii_digits
from search_api.backend import BackendDep
from search_api.feeds import search_feed_path
from search_api.params import SearchParams
from search_api.saved import describe, params_of, quoted_label, selection, speaker_names
from search_api.urls import SEARCH, query_pairs, search_url
from web.routes import templates

router = APIRouter(include_in_schema=False)

MAX_ID_DIGITS = 18  # an alert id is a SQLite integer (< 2**63)
MAX_FORM_BYTES = 16_384  # a search (8 KB at most, see guards.py) plus an address, a label and a webhook URL
FORM_FIELDS = set(SubscribeForm.model_fields)
Token = Annotated[str, Query(max_length=MAX_TOKEN_CHARS)]
NO_STORE = {"Cache-Control": "no-store"}  # pages reached by a personal link are not kept by caches
BAD_LINK = "링크가 올바르지 않거나 기한이 지났습니다. 알림 관리 페이지에서 새 링크를 받을 수 있습니다."


async def read_form(request: Request) -> dict[str, list[str]]:
    """A url-encoded form, refused past MAX_FORM_BYTES before it is held whole."""
    declared = request.headers.get("content-length", "")
    if declared and (not ascii_digits(declared) or int(declared) > MAX_FORM_BYTES):
        raise HTTPException(413, f"양식이 너무 큽니다 (최대 {MAX_FORM_BYTES:,}바이트).")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise HTTPException(413, f"양식이 너무 큽니다 (최대 {MAX_FORM_BYTES:,}바이트).")
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=300)
    except (UnicodeDecodeError, ValueError) as error:
        raise HTTPException(400, "양식을 읽을 수 없습니다.") from error
    form: dict[str, list[str]] = {}
    for name, value in pairs:
        form.setdefault(name, []).append(value)
    return form


def _one(form: dict[str, list[str]], name: str) -> str:
    return (form.get(name) or [""])[-1]


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@contextmanager
def _subscriptions(request: Request) -> Iterator[Subscriptions]:
    """The request's subscriptions over its own store connection, closed however the handler ends."""
    settings: Settings = request.app.state.settings
    subscriptions = Subscriptions(AlertStore(settings.alerts_db), settings)
    try:
        yield subscriptions
    finally:
        subscriptions.store.close()


def _bad_link(request: Request) -> Response:
    return _message(request, "확인할 수 없는 링크입니다", [BAD_LINK], 400, {"알림 관리": "/alerts/manage"})


def _send_later(tasks: BackgroundTasks, settings: Settings, ids: list[int]) -> None:
    """Mails go out after the answer, so neither the answer nor its timing says what was mailed."""
    if ids:
        tasks.add_task(_deliver, settings, list(ids))


def _deliver(settings: Settings, ids: list[int]) -> None:
    store = AlertStore(settings.alerts_db)
    try:
        # The answer is already out and says the mail is on its way, never that it arrived: a deferred mail
        # is retried by `hearings alerts run`, a refused one is recorded failed with the server's reply.
        deliver(store, settings, ids)
    finally:
        store.close()


def _page(request: Request, name: str, context: dict, status: int = 200, personal: bool = False) -> Response:
    response = templates.TemplateResponse(request, f"alerts/{name}.html", context, status_code=status)
    if personal:
        response.headers.update(NO_STORE)
    return response


def _message(request: Request, title: str, lines: list[str], status: int = 200, links: dict | None = None,
             headers: dict | None = None) -> Response:
    response = _page(request, "message", {"title": title, "lines": lines, "links": links or {}}, status, True)
    response.headers.update(headers or {})
    return response


def _form_context(params: SearchParams, label: str, error: str = "", form: SubscribeForm | None = None) -> dict:
    return {"label": label, "pairs": query_pairs(selection(params)), "error": error,
            "search_url": search_url(SEARCH, selection(params)), "feed_url": search_feed_path(params),
            "email": form.email if form else "", "channel": form.channel if form else "email",
            "webhook_url": form.webhook_url if form else "", "given_label": form.label if form else label}


# subscribing ---------------------------------------------------------------------------------------------

@router.get("/alerts/new", response_class=HTMLResponse)
def new_alert(request: Request, params: Annotated[SearchParams, Query()], backend: BackendDep) -> Response:
    names = speaker_names(backend.client, backend.turns_index, params.speaker)
    return _page(request, "new", _form_context(params, describe(params, names)))


@router.post("/alerts", response_class=HTMLResponse)
async def subscribe(request: Request, tasks: BackgroundTasks, backend: BackendDep) -> Response:
    form = await read_form(request)
    search = {name: values for name, values in form.items() if name not in FORM_FIELDS}
    try:
        params = params_of(urlencode(search, doseq=True))
        fields = SubscribeForm.model_validate({name: _one(form, name) for name in FORM_FIELDS if name in form})
    except ValidationError as error:
        raise HTTPException(422, f"양식이 올바르지 않습니다: {error.errors()[0].get('msg', '')}") from error
    names = await run_in_threadpool(speaker_names, backend.client, backend.turns_index, params.speaker)
    with _subscriptions(request) as subscriptions:
        try:
            outcome = await run_in_threadpool(subscriptions.subscribe, fields, params, _client(request),
                                              describe(params, names))
        except ValueError as error:  # a bad address, webhook URL or query: the form again, with the reason
            return _page(request, "new", _form_context(params, describe(params, names), str(error), fields), 422)
    if outcome is Outcome.TOO_MANY:
        return _message(request, "요청이 너무 많습니다", ["잠시 후 다시 시도해 주세요."], 429,
                        headers={"Retry-After": "3600"})
    _send_later(tasks, subscriptions.settings, subscriptions.queued)
    return _message(request, "메일을 확인해 주세요", [
        "입력한 주소로 확인 메일을 보냅니다. 메일의 링크를 열어 신청을 확인해야 알림이 시작됩니다.",
        "메일이 오지 않으면 스팸함을 확인하거나 조금 뒤에 다시 신청해 주세요."],
        links={"검색으로 돌아가기": search_url(SEARCH, selection(params))})


# links from mails ----------------------------------------------------------------------------------------

@router.get("/alerts/confirm", response_class=HTMLResponse)
def confirm_page(request: Request, t: Token = "") -> Response:
    with _subscriptions(request) as subscriptions:
        alert = subscriptions.pending_alert(t)
    if alert is None:
        return _bad_link(request)
    return _page(request, "action", {"title": "알림 신청 확인", "lines": [quoted_label(alert.label)], "token": t,
                                     "action": "/alerts/confirm", "button": "신청 확인"}, personal=True)


@router.post("/alerts/confirm", response_class=HTMLResponse)
async def confirm(request: Request) -> Response:
    token = _one(await read_form(request), "t")[:MAX_TOKEN_CHARS]
    with _subscriptions(request) as subscriptions:
        alert = await run_in_threadpool(subscriptions.confirm, token)
        manage = subscriptions.links.manage(alert.address_id) if alert else ""
    if alert is None:
        return _bad_link(request)
    return _message(request, "알림을 신청했습니다", [
        f"{quoted_label(alert.label)} 알림을 받습니다. 새 발언이 색인되면 한 번에 모아 보내 드립니다.",
        "알림 관리 링크는 메일마다 함께 보내 드립니다."], links={"알림 관리": manage})


@router.get("/alerts/unsubscribe", response_class=HTMLResponse)
def unsubscribe_page(request: Request, t: Token = "") -> Response:
    with _subscriptions(request) as subscriptions:
        scope = subscriptions.unsubscribe_scope(t)
    if scope is None:
        return _bad_link(request)
    lines = [quoted_label(alert.label) for alert in scope] or ["이미 해지된 알림입니다."]
    return _page(request, "action", {"title": "알림 해지", "lines": lines, "token": "",
                                     "action": f"/alerts/unsubscribe?{urlencode({'t': t})}", "button": "해지"},
                 personal=True)


@router.post("/alerts/unsubscribe", response_class=HTMLResponse)
async def unsubscribe(request: Request, t: Token = "") -> Response:
    """The page's button and RFC 8058's one-click POST (body "List-Unsubscribe=One-Click") alike: the
    signed token in the URL is what counts."""
    await read_form(request)  # drained with its bound; the mail client's body says nothing more
    with _subscriptions(request) as subscriptions:
        scope = await run_in_threadpool(subscriptions.unsubscribe, t)
    if scope is None:
        return _bad_link(request)
    lines = [f"{quoted_label(alert.label)} 알림을 더는 보내지 않습니다." for alert in scope]
    return _message(request, "알림을 해지했습니다", lines or ["이미 해지된 알림입니다."])


# managing ------------------------------------------------------------------------------------------------

def _manage_page(request: Request, subscriptions: Subscriptions, token: str, notice: str = "") -> Response:
    view = subscriptions.manage_view(token)
    if view is None:
        return _page(request, "manage_request", {"error": BAD_LINK if token else ""}, 400 if token else 200)
    export_url = f"/alerts/manage/export?{urlencode({'t': token})}"
    return _page(request, "manage", {"view": view, "notice": notice, "export_url": export_url}, personal=True)


@router.get("/alerts/manage", response_class=HTMLResponse)
def manage_page(request: Request, t: Token = "") -> Response:
    with _subscriptions(request) as subscriptions:
        return _manage_page(request, subscriptions, t)


@router.post("/alerts/manage", response_class=HTMLResponse)
async def manage(request: Request) -> Response:
    form = await read_form(request)
    token = _one(form, "t")[:MAX_TOKEN_CHARS]
    alert_id = _one(form, "alert")
    with _subscriptions(request) as subscriptions:
        number = int(alert_id) if ascii_digits(alert_id) and len(alert_id) <= MAX_ID_DIGITS else 0
        notice = await run_in_threadpool(subscriptions.change, token, number,
                                         _one(form, "action"), _one(form, "label"), _one(form, "q"))
        return _manage_page(request, subscriptions, token, notice or "")


@router.post("/alerts/manage/link", response_class=HTMLResponse)
async def manage_link(request: Request, tasks: BackgroundTasks) -> Response:
    email = _one(await read_form(request), "email")
    with _subscriptions(request) as subscriptions:
        try:
            outcome = await run_in_threadpool(subscriptions.request_manage_link, email, _client(request))
        except ValueError as error:
            return _page(request, "manage_request", {"error": str(error)}, 422)
    if outcome is Outcome.TOO_MANY:
        return _message(request, "요청이 너무 많습니다", ["잠시 후 다시 시도해 주세요."], 429,
                        headers={"Retry-After": "3600"})
    _send_later(tasks, subscriptions.settings, subscriptions.queued)
    return _message(request, "메일을 확인해 주세요", [
        "이 주소로 받는 알림이 있으면 관리 링크를 메일로 보냅니다."])


@router.get("/alerts/manage/export")
def export(request: Request, t: Token = "") -> Response:
    with _subscriptions(request) as subscriptions:
        data = subscriptions.export(t)
    if data is None:
        return _bad_link(request)
    return Response(json.dumps(data, ensure_ascii=False, indent=1), media_type="application/json",
                    headers={**NO_STORE, "Content-Disposition": 'attachment; filename="alerts.json"'})


@router.post("/alerts/manage/erase", response_class=HTMLResponse)
async def erase(request: Request) -> Response:
    token = _one(await read_form(request), "t")[:MAX_TOKEN_CHARS]
    with _subscriptions(request) as subscriptions:
        erased = await run_in_threadpool(subscriptions.erase, token)
    if not erased:
        return _bad_link(request)
    return _message(request, "모두 지웠습니다", ["이 주소와 그 알림, 보낸 기록을 모두 지웠습니다."])
