"""Finding 11: a 3-node local cluster loses a node (SIGKILL) while 4 clients search and an ingest runs.
Searches keep answering, the ingest ends with the exact turn count, the cluster returns to green."""

from __future__ import annotations

import json
import os
import shutil
import signal
import threading
import time
from collections import Counter

import pytest
from fastapi.testclient import TestClient

from hearings.config import PROJECT_ROOT
from hearings.engine import make_client
from hearings.index import ensure_indices, turns_spec
from hearings.node import launch, node_specs, start_node, stop_node, wait_for_health
from tests.conftest import CORPUS

pytestmark = pytest.mark.es
NODES = 3
CLIENTS = 4
EXTRA_TURNS = 1500


@pytest.fixture(scope="module")
def cluster(settings):
    urls = ",".join(f"http://127.0.0.1:{9270 + i}" for i in range(NODES))
    local = settings.model_copy(update={
        "node_dir": PROJECT_ROOT / "var" / "cluster-test", "node_http_port": 9270, "node_transport_port": 9370,
        "node_heap": "512m", "es_url": urls, "index_alias": "test-cluster-turns",
    })
    shutil.rmtree(local.node_dir, ignore_errors=True)
    try:
        start_node(local, timeout_s=240, nodes=NODES)
        yield local
    finally:
        stop_node(local, timeout_s=10)  # cluster nodes ignore SIGTERM for now (see README); then SIGKILL
        shutil.rmtree(local.node_dir, ignore_errors=True)


def _searching(api: TestClient, stop: threading.Event, statuses: Counter) -> None:
    queries = ["원천무효", "검역", "국정감사", '"원천 무효"', "법"]
    n = 0
    while not stop.is_set() and n < 2000:
        response = api.get("/api/search", params={"q": queries[n % len(queries)]})
        statuses[response.status_code] += 1
        n += 1


def _primary_holder(client, index: str) -> str:
    shards = client.cat.shards(index=index, format="json", h="prirep,node")
    return next(row["node"] for row in shards if row["prirep"] == "p")


def test_losing_a_node_under_load(cluster, analyzer, tmp_path, artifacts_dir):
    from bench.generate import generate
    from ingest.pipeline import ingest_paths
    from web.app import create_app

    client = make_client(cluster)
    ensure_indices(client, cluster, recreate=True)
    started = time.monotonic()
    first = ingest_paths(client, cluster, analyzer, sorted(CORPUS.glob("*.txt")))
    client.cluster.health(wait_for_status="green", timeout="60s")
    settings_of = client.indices.get_settings(index=turns_spec(cluster).concrete_name)
    assert settings_of[turns_spec(cluster).concrete_name]["settings"]["index"]["number_of_replicas"] == "1"
    extra = generate(tmp_path / "extra", EXTRA_TURNS, seed=7, fmt="jsonl")
    phases = {"cluster_ready_and_first_ingest_s": round(time.monotonic() - started, 1)}

    api = TestClient(create_app(cluster))
    stop, statuses = threading.Event(), Counter()
    searchers = [threading.Thread(target=_searching, args=(api, stop, statuses)) for _ in range(CLIENTS)]
    outcome: dict = {}
    ingest = threading.Thread(target=lambda: outcome.update(summary=ingest_paths(client, cluster, analyzer, extra)))
    for thread in searchers:
        thread.start()
    ingest.start()
    time.sleep(2)
    victim_name = _primary_holder(client, turns_spec(cluster).concrete_name)
    victim = next(spec for spec in node_specs(cluster, NODES) if spec.name == victim_name)
    os.kill(int(victim.pid_file.read_text()), signal.SIGKILL)
    killed_at = time.monotonic()
    before_kill = sum(statuses.values())
    ingest.join(timeout=300)
    time.sleep(2)
    stop.set()
    for thread in searchers:
        thread.join(timeout=60)

    summary = outcome["summary"]
    assert not summary.failed, [(o.path, o.reason) for o in summary.failed]
    expected = first.turns + summary.turns
    assert summary.turns == EXTRA_TURNS
    phases["ingest_during_failover_s"] = round(time.monotonic() - killed_at, 1)
    survivor = make_client(cluster)
    survivor.indices.refresh(index=turns_spec(cluster).alias)
    assert survivor.count(index=turns_spec(cluster).alias)["count"] == expected

    relaunched = launch(cluster, victim)
    wait_for_health(victim.url, 180, [(victim, relaunched)], nodes=NODES, colours=("green",))
    time_to_green = time.monotonic() - killed_at
    assert survivor.count(index=turns_spec(cluster).alias)["count"] == expected

    report = {"searches": sum(statuses.values()), "searches_before_kill": before_kill, "statuses": dict(statuses),
              "killed": victim_name, "turns_after_ingest": expected,
              "seconds_from_kill_to_green": round(time_to_green, 1), **phases}
    (artifacts_dir / "failover.json").write_text(json.dumps(report, indent=2))
    print("failover:", report)
    assert sum(statuses.values()) > before_kill  # the clients were still searching while the node was lost
    assert set(statuses) <= {200, 503}  # a lost node is never a 500
    assert statuses[200] >= 0.9 * sum(statuses.values())
