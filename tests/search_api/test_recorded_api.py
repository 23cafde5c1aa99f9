"""The JSON API answers every recorded request (tests/search_api/recorded_api.py) byte for byte as recorded."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.search_api.recorded_api import REQUESTS, answers, build_index, recorded_path, recording_settings

pytestmark = pytest.mark.es


@pytest.fixture(scope="module")
def recording_client(es_client):
    from web.app import create_app

    settings = recording_settings()
    build_index(settings)
    return TestClient(create_app(settings))


def test_every_recorded_request_is_recorded():
    assert len(REQUESTS) >= 12 and all(recorded_path(r).exists() for r in REQUESTS)
    assert len({recorded_path(r) for r in REQUESTS}) == len(REQUESTS)


def test_the_api_answers_as_recorded(recording_client):
    changed = [request for request, text in answers(recording_client).items()
               if recorded_path(request).read_text("utf-8") != text]
    assert not changed, f"answers changed (python -m tests.search_api.recorded_api rewrites them): {changed}"
