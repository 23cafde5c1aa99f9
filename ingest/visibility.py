"""Which meeting versions searchers may see: a meeting appears whole or not at all.

Every write of a meeting is a new *version*: its documents get ids ending in ``@<generation>`` and a
``version_key`` (``<meeting_id>@<generation>``). Both aliases carry a filter that hides a short list of
version keys. A batch hides its new keys before writing, writes and refreshes, then — in one alias
update, which the engine applies atomically — shows the new versions and hides the versions they
replace; the replaced documents are then deleted and their keys dropped from the list.

Whatever stops the writer (kill -9, a node restart that refreshes half a bulk, an engine error), a
reader sees each meeting's old version whole or its new version whole. A version left hidden by a
killed writer is garbage-collected by the next writer once it is older than ABANDONED_AFTER_S.

One writer at a time (the list is read, changed and written back): `hearings ingest` and `hearings sync`
hold the alias's writer lock (ingest/writer_lock.py) while they write. The list stays short: a batch's keys
while it is written, plus keys awaiting deletion.
"""

from __future__ import annotations

import time

from elasticsearch import Elasticsearch
from elasticsearch.helpers import scan, streaming_bulk

from hearings.index import IndexSpec, serving_index

ABANDONED_AFTER_S = 3600  # far longer than one batch takes to write


def new_generation() -> str:
    """Hex nanoseconds since the epoch: unique per batch, and its age can be read back."""
    return f"{time.time_ns():x}"


def version_key(meeting_id: str, generation: str) -> str:
    return f"{meeting_id}@{generation}"


def generation_age_s(key: str, now_ns: int | None = None) -> float:
    try:
        born = int(key.rsplit("@", 1)[1], 16)
    except (IndexError, ValueError):
        return float("inf")  # not ours: collect it
    return ((now_ns or time.time_ns()) - born) / 1e9


def _hidden_filter(keys: set[str]) -> dict:
    return {"bool": {"must_not": [{"terms": {"version_key": sorted(keys)}}]}}


class Visibility:
    """The hidden-versions list, kept as the filter of the turns and meetings aliases."""

    def __init__(self, client: Elasticsearch, specs: list[IndexSpec]):
        self.client, self.specs = client, specs
        # A re-index may have built the live index under another name than the spec's (hearings/index.py).
        self.indices = [serving_index(client, spec) for spec in specs]

    def hidden(self) -> set[str]:
        spec = self.specs[0]
        found = self.client.indices.get_alias(name=spec.alias)
        alias = found.get(self.indices[0], {}).get("aliases", {}).get(spec.alias, {})
        clauses = alias.get("filter", {}).get("bool", {}).get("must_not", [])
        return {key for clause in clauses for key in clause.get("terms", {}).get("version_key", [])}

    def change(self, hide: set[str] = frozenset(), show: set[str] = frozenset()) -> None:
        """One atomic alias update for both indices: `show` leaves the list, `hide` joins it."""
        if not hide and not show:
            return  # nothing to change: no read, no cluster-state update
        keys = (self.hidden() - set(show)) | set(hide)
        actions = []
        for spec, index in zip(self.specs, self.indices, strict=True):
            alias = {"index": index, "alias": spec.alias, "is_write_index": True}
            if keys:
                alias["filter"] = _hidden_filter(keys)
            actions.append({"add": alias})
        self.client.indices.update_aliases(actions=actions)

    def delete_versions(self, keys: set[str]) -> int:
        """Delete every document of these versions (hidden ones: the alias filter does not apply to
        the concrete indices searched here), then refresh so the deletions are final."""
        if not keys:
            return 0
        indices = self.indices
        hits = scan(self.client, index=indices,
                    query={"query": {"terms": {"version_key": sorted(keys)}}, "_source": False, "size": 2000})
        actions = ({"_op_type": "delete", "_index": hit["_index"], "_id": hit["_id"]} for hit in hits)
        deleted = sum(1 for ok, _ in streaming_bulk(self.client, actions, raise_on_error=False, chunk_size=2000)
                      if ok)
        self.client.indices.refresh(index=indices)
        return deleted

    def collect_abandoned(self, max_age_s: float = ABANDONED_AFTER_S) -> set[str]:
        """Versions hidden for longer than a batch can take: a killed writer's, or replaced ones whose
        deletion was cut short. Delete their documents, then forget their keys."""
        stale = {key for key in self.hidden() if generation_age_s(key) > max_age_s}
        if stale:
            self.delete_versions(stale)
            self.change(show=stale)
        return stale
