"""Shared fixtures: the real Elasticsearch node (started or reused), a test index, the app."""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

import pytest
import uvicorn
from elasticsearch import Elasticsearch

from hearings.analysis import KiwiAnalyzer, get_analyzer
from hearings.config import Settings
from hearings.engine import make_client
from hearings.index import ensure_indices
from hearings.node import start_node

TESTS = Path(__file__).parent
CORPUS = TESTS / "corpus"
EXAMPLE_ROSTER = TESTS.parent / "examples" / "roster.csv"
ARTIFACTS = TESTS.parent / "test-artifacts"


@pytest.fixture(scope="session")
def analyzer() -> KiwiAnalyzer:
    return get_analyzer()


@pytest.fixture(scope="session")
def settings() -> Settings:
    # Test indices live beside (never in place of) a developer's own data on the same node. Two people
    # (or helpers) running the suite against one node at once give each run its own alias.
    return Settings(index_alias=os.environ.get("HEARINGS_TEST_ALIAS", "test-hearings-turns").lower())


@pytest.fixture(scope="session")
def es_client(settings: Settings) -> Elasticsearch:
    start_node(settings)
    return make_client(settings)


def index_corpus(es_client: Elasticsearch, settings: Settings, analyzer: KiwiAnalyzer, out: TextIO = sys.stderr):
    """The checked-in sample minutes with the example roster, indexed into fresh indices of these settings."""
    from ingest.pipeline import ingest_paths
    from ingest.roster import Roster

    ensure_indices(es_client, settings, recreate=True)
    summary = ingest_paths(es_client, settings, analyzer, [CORPUS], roster=Roster.load(EXAMPLE_ROSTER), out=out)
    assert summary.turns > 0 and not summary.failed, summary.outcomes
    return summary


@pytest.fixture(scope="session")
def indexed_corpus(es_client: Elasticsearch, settings: Settings, analyzer: KiwiAnalyzer):
    """The checked-in sample minutes, indexed into fresh test indices."""
    return index_corpus(es_client, settings, analyzer)


@pytest.fixture(scope="session")
def app(settings: Settings, indexed_corpus):
    from web.app import create_app

    return create_app(settings)


@pytest.fixture(scope="session")
def api(app):
    from fastapi.testclient import TestClient

    return TestClient(app)


def index_meetings(settings: Settings, es_client: Elasticsearch, analyzer: KiwiAnalyzer, folder: Path, alias: str,
                   meetings: list[dict], roster=None) -> Settings:
    """Meetings given as JSON Lines records, indexed whole into fresh indices of their own; their settings."""
    import io
    import json

    from ingest.pipeline import ingest_paths

    local = settings.model_copy(update={"index_alias": alias})
    ensure_indices(es_client, local, recreate=True)
    source = folder / "meetings.jsonl"
    source.write_text("".join(json.dumps(m, ensure_ascii=False) + "\n" for m in meetings), "utf-8")
    summary = ingest_paths(es_client, local, analyzer, [source], out=io.StringIO(), roster=roster)
    assert summary.turns == sum(len(m["turns"]) for m in meetings), summary.outcomes
    return local


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(app) -> Iterator[str]:
    """The app on a real socket (uvicorn in a thread), for tests that need real HTTP connections."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("live server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(app):
    with serving(app) as url:
        yield url


# Debian's headless Chromium driven by Playwright: one browser for the whole session (two sync_playwright
# instances cannot run in one process), shared by the page tests in tests/web and tests/alerts.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()
