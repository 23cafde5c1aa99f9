"""Recorded requests to the JSON API and what it answered, kept whole (tests/search_api/recorded/): a change
meant to keep behaviour (moving code between modules, routers or layers) must leave every answer byte for byte
as recorded. A change of behaviour rewrites them on purpose, and the diff shows what it changed:

    python -m tests.search_api.recorded_api   # against a running node; builds its own index

Volatile values (how long a search took, when a turn was indexed, the last sync) are blanked before comparing.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from fastapi.testclient import TestClient

from hearings.analysis import get_analyzer
from hearings.config import Settings
from hearings.engine import make_client
from tests.conftest import index_corpus

HERE = Path(__file__).parent
RECORDED = HERE / "recorded"
ALIAS = "test-recorded-turns"
VOLATILE = {"took_ms", "indexed_at", "last_sync", "last_run", "fetched_at", "started_at", "finished_at", "id"}
# The smallest sitting of the sample (its reader page is recorded whole) and one of its turns
MEETING = "20180112-355-1-25ad8763"
REQUESTS = [
    "/api/search?q=검역",
    "/api/search?q=역학조사관을 충원했다&committee=보건복지위원회",
    "/api/search?q=메르스 격리 해제 기준 바뀐",  # the partial tier
    '/api/search?q="조사 대상을 블랙리스트로 한정해 달라"',  # a near-quote
    "/api/search?q=&year=2020&role_group=정부·기관&sort=oldest",
    "/api/search?q=김강립 검역 강화",  # a name read as a person
    f"/api/meetings/{MEETING}",
    f"/api/meetings/{MEETING}/threads",
    "/api/verify?text=김강립 차관은 \"검역을 강화하겠다\"고 말했다",
    "/api/trends?term=검역&term=메르스",
    "/api/committees",
    "/api/collection",
    "/api/export/manifest?q=검역&format=csv",
]


def _blanked(value):
    if isinstance(value, dict):
        return {k: ("…" if k in VOLATILE and v is not None else _blanked(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_blanked(v) for v in value]
    return value


def answer_text(status: int, body: bytes) -> str:
    """The status and the body, volatile values blanked, as one stable text."""
    return json.dumps({"status": status, "body": _blanked(json.loads(body))}, ensure_ascii=False, indent=1) + "\n"


def recorded_path(request: str) -> Path:
    return RECORDED / (re.sub(r"[^0-9A-Za-z가-힣]+", "_", request.removeprefix("/api/")).strip("_")[:80] + ".json")


def recording_settings() -> Settings:
    return Settings(index_alias=ALIAS)


def build_index(settings: Settings) -> None:
    index_corpus(make_client(settings), settings, get_analyzer(), out=io.StringIO())


def answers(client: TestClient) -> dict[str, str]:
    return {request: answer_text((r := client.get(request)).status_code, r.content) for request in REQUESTS}


def regenerate() -> None:
    from web.app import create_app

    settings = recording_settings()
    build_index(settings)
    RECORDED.mkdir(exist_ok=True)
    for request, text in answers(TestClient(create_app(settings))).items():
        recorded_path(request).write_text(text, encoding="utf-8")
        print(f"wrote {recorded_path(request)}")


if __name__ == "__main__":
    regenerate()
