"""The application: the JSON API under /api, the HTML pages, health probes, static files, OpenAPI at /docs.

It lives at the top layer because it composes the others: `search_api` (the API, its errors) and `web`
(the pages); neither of those imports this module.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from hearings import __version__
from hearings.analysis import get_analyzer
from hearings.config import Settings, get_settings
from hearings.engine import make_app_client
from hearings.index import meetings_spec, turns_spec
from search_api.admission import Admission
from search_api.contract import state_rules
from search_api.errors import install_error_handlers
from search_api.export_ledger import ExportLedger
from search_api.guards import Guards
from search_api.health import router as health_router
from search_api.insights_routes import router as insights_api_router
from search_api.routes import router as api_router
from web.alerts_routes import router as alerts_router
from web.feed_routes import router as feed_router
from web.insights_routes import router as insights_router
from web.routes import STATIC_DIR, render_error
from web.routes import router as web_router
from web.twins import JsonTwins


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """When the server stops, the engine client's pooled keep-alive connections are closed with it."""
    try:
        yield
    finally:
        app.state.client.close()
        # One app object may be served again (the tests serve theirs several times); a closed client cannot be
        # reopened, and a new one opens no connection until it is used.
        app.state.client = make_app_client(app.state.settings)


def _document_rules(app: FastAPI) -> None:
    """/openapi.json (and /docs) carry each parameter's cross-parameter and content rules (search_api.contract)."""
    build = app.openapi

    def openapi() -> dict:
        return state_rules(build())  # FastAPI caches the built document; the rules are added to it once

    app.openapi = openapi  # type: ignore[method-assign]


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(title="국회 회의록 검색", version=__version__,
                  description="국회 회의록(위원회·국정감사·본회의) 발언 검색 API", lifespan=_lifespan)
    app.state.settings = settings
    app.state.client = make_app_client(settings)
    app.state.analyzer = get_analyzer()
    app.state.turns_index = turns_spec(settings).alias
    app.state.meetings_index = meetings_spec(settings).alias
    app.state.exports = ExportLedger()
    app.include_router(api_router)
    app.include_router(insights_api_router)
    app.include_router(health_router)
    app.include_router(web_router)
    app.include_router(insights_router)
    app.include_router(feed_router)
    app.include_router(alerts_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install_error_handlers(app, render_error)
    _document_rules(app)
    # Refused before any parsing or engine work; inside CatchAll's and Guards' reach.
    app.add_middleware(Admission.from_settings, settings=settings, render_html_error=render_error)
    app.add_middleware(JsonTwins)  # every page's Link to its JSON twin, from the route table
    app.add_middleware(Guards)  # added last, so outermost: headers on every answer, errors included
    return app
