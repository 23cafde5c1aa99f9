"""Backups as Elasticsearch snapshots in a filesystem repository, and restores from them.

A snapshot holds the turns and meetings indices with their aliases (the alias filter that hides
unfinished versions included) and sync's state, so a restore gives back exactly what searchers saw and
sync fetches again whatever the restored index lacks. The repository is a
folder under the node's `path.repo` (`var/snapshots/` beside the dev node's data; in a deployment, a
volume mounted at the same path on every node).
"""

from __future__ import annotations

from datetime import UTC, datetime

from elasticsearch import Elasticsearch

from hearings.config import Settings
from hearings.index import all_specs, sync_state_index

REPOSITORY = "hearings-backups"
REPOSITORY_FOLDER = "hearings"  # relative to path.repo


class BackupError(RuntimeError):
    pass


def ensure_repository(client: Elasticsearch) -> None:
    client.snapshot.create_repository(name=REPOSITORY, repository={"type": "fs", "settings": {
        "location": REPOSITORY_FOLDER, "compress": True}})


def backup(client: Elasticsearch, settings: Settings, name: str | None = None) -> dict:
    """Snapshot both indices (by alias); returns the snapshot's name, indices and document count."""
    ensure_repository(client)
    name = name or datetime.now(UTC).strftime("hearings-%Y%m%d-%H%M%S")
    aliases = [spec.alias for spec in all_specs(settings)]
    indices = sorted({index for alias in aliases for index in client.indices.get_alias(name=alias)})
    if client.indices.exists(index=sync_state_index(settings)):  # what sync has indexed goes with the index
        indices.append(sync_state_index(settings))
    client.indices.refresh(index=aliases)
    result = client.options(request_timeout=3600).snapshot.create(
        repository=REPOSITORY, snapshot=name, indices=",".join(indices), include_global_state=False,
        wait_for_completion=True,
    )["snapshot"]
    if result["state"] != "SUCCESS":
        raise BackupError(f"snapshot {name} ended {result['state']}: {result.get('failures')}")
    return {"snapshot": name, "indices": indices, "documents": sum(client.count(index=a)["count"] for a in aliases)}


def list_backups(client: Elasticsearch) -> list[dict]:
    ensure_repository(client)
    found = client.snapshot.get(repository=REPOSITORY, snapshot="_all")["snapshots"]
    return [{"snapshot": s["snapshot"], "state": s["state"], "indices": s["indices"], "started": s.get("start_time")}
            for s in found]


def restore(client: Elasticsearch, settings: Settings, name: str, replace: bool = False) -> dict:
    """Restore a snapshot's indices and aliases. Indices that already exist are refused unless `replace`
    (then they are deleted first): a restore never mixes two states."""
    ensure_repository(client)
    snapshot = client.snapshot.get(repository=REPOSITORY, snapshot=name)["snapshots"][0]
    existing = [index for index in snapshot["indices"] if client.indices.exists(index=index)]
    if existing and not replace:
        raise BackupError(f"these indices exist already: {', '.join(existing)} (restore --replace deletes them first)")
    for index in existing:
        client.indices.delete(index=index)
    client.options(request_timeout=3600).snapshot.restore(
        repository=REPOSITORY, snapshot=name, indices=",".join(snapshot["indices"]), include_aliases=True,
        include_global_state=False, wait_for_completion=True,
    )
    client.cluster.health(index=",".join(snapshot["indices"]), wait_for_status="yellow", timeout="60s")
    aliases = [spec.alias for spec in all_specs(settings)]
    return {"snapshot": name, "indices": snapshot["indices"],
            "documents": sum(client.count(index=a)["count"] for a in aliases)}
