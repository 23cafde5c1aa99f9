"""Finding 12: `hearings backup` / `hearings restore` round trip, onto an empty node, same answers."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from hearings.backup import REPOSITORY, backup, restore
from hearings.node import launch, node_specs, stop_pids, wait_for_health

pytestmark = pytest.mark.es
QUERIES = ["원천무효", '"원천 무효"', "검역", "충원했다", "화자:윤한홍 법", "국정감사 -예산"]


def _path_repo(es_client) -> Path:
    nodes = es_client.nodes.info(metric="settings")["nodes"].values()
    return Path(next(iter(nodes))["settings"]["path"]["repo"][0])


@pytest.fixture
def empty_node(settings, es_client):
    """A second, empty node sharing the dev node's snapshot folder (the launcher puts path.repo at
    DATA_DIR/../snapshots, so the new node's folder goes beside that)."""
    other = settings.model_copy(update={
        "node_dir": _path_repo(es_client).parent / "restore-test-node", "node_http_port": 9260,
        "node_transport_port": 9360,
        "node_heap": "512m", "es_url": "http://127.0.0.1:9260",
    })
    shutil.rmtree(other.node_dir, ignore_errors=True)
    [spec] = node_specs(other)
    process = launch(other, spec)
    try:
        wait_for_health(spec.url, 120, [(spec, process)])
        yield other
    finally:
        stop_pids([spec.pid_file], 30)
        shutil.rmtree(other.node_dir, ignore_errors=True)


def _answers(api: TestClient) -> list:
    answers = []
    for q in QUERIES:
        result = api.get("/api/search", params={"q": q}).json()
        answers.append((q, result["total"], [hit["turn_id"] for hit in result["hits"]],
                        [(f["name"], [(v["value"], v["count"]) for v in f["values"]]) for f in result["facets"]]))
    return answers


def test_backup_then_restore_onto_an_empty_node_gives_the_same_answers(es_client, settings, api, empty_node):
    from hearings.engine import make_client
    from web.app import create_app

    name = f"test-{uuid.uuid4().hex[:8]}"
    made = backup(es_client, settings, name)
    assert made["documents"] > 900
    try:
        target = make_client(empty_node)
        assert not target.indices.exists_alias(name=settings.index_alias)
        restored = restore(target, empty_node, name)
        assert restored["documents"] == made["documents"]
        assert sorted(restored["indices"]) == sorted(made["indices"])
        restored_api = TestClient(create_app(empty_node))
        before, after = _answers(api), _answers(restored_api)
        assert after == before
        assert sum(total for _, total, _, _ in before) > 0
    finally:
        es_client.snapshot.delete(repository=REPOSITORY, snapshot=name)


def test_a_restore_never_mixes_two_states(es_client, settings):
    from hearings.backup import BackupError

    name = f"test-{uuid.uuid4().hex[:8]}"
    backup(es_client, settings, name)
    try:
        with pytest.raises(BackupError, match="exist already"):
            restore(es_client, settings, name)
    finally:
        es_client.snapshot.delete(repository=REPOSITORY, snapshot=name)
