"""The index definition: JSON files in mappings/, created as versioned indices behind aliases."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from elasticsearch import Elasticsearch

from hearings.config import Settings

# Fields that only exist to be searched (terms made by hearings/analysis.py): the biggest part of a turn's
# source. No page, export or feed shows them, so no request brings them back.
SEARCH_TERM_FIELDS = ["lemmas", "bigrams", "words", "topics", "phrases"]


@dataclass(frozen=True)
class IndexSpec:
    name: str  # mappings/<name>.json
    alias: str
    body: dict

    @property
    def version(self) -> int:
        return int(self.body["_meta"]["version"])

    @property
    def concrete_name(self) -> str:
        return f"{self.alias}-v{self.version}"


def load_spec(mappings_dir: Path, name: str, alias: str) -> IndexSpec:
    return IndexSpec(name, alias, json.loads((mappings_dir / f"{name}.json").read_text("utf-8")))


def turns_spec(settings: Settings) -> IndexSpec:
    return load_spec(settings.mappings_dir, "turns", settings.index_alias)


def sibling_name(turns_alias: str, role: str) -> str:
    """The name of the meetings alias or sync state beside a turns alias: "turns" in it replaced by the role,
    or the role appended. Never the turns alias itself: one alias over two write indices is refused by the
    engine ("alias has more than one write index")."""
    return turns_alias.replace("turns", role) if "turns" in turns_alias else f"{turns_alias}-{role}"


def meetings_spec(settings: Settings) -> IndexSpec:
    return load_spec(settings.mappings_dir, "meetings", sibling_name(settings.index_alias, "meetings"))


def all_specs(settings: Settings) -> list[IndexSpec]:
    return [turns_spec(settings), meetings_spec(settings)]


def live_index(client: Elasticsearch, alias: str) -> str | None:
    """The index behind the alias now (one: the alias is swapped whole), or None."""
    if not client.indices.exists_alias(name=alias):
        return None
    return next(iter(sorted(client.indices.get_alias(name=alias))), None)


def mapping_meta(client: Elasticsearch, index: str) -> dict:
    return client.indices.get_mapping(index=index)[index]["mappings"].get("_meta", {})


def serving_index(client: Elasticsearch, spec: IndexSpec) -> str:
    """The index writers and searchers use for this spec: the live one when it has the spec's mapping version
    (`hearings reindex` may have built it under another name), else the spec's own name."""
    live = live_index(client, spec.alias)
    if live and str(mapping_meta(client, live).get("version")) == str(spec.version):
        return live
    return spec.concrete_name


def index_body(spec: IndexSpec, shards: int, replicas: str, meta: dict | None = None) -> dict:
    """Settings and mappings of a new index of this spec (extra _meta, such as a build's, merged in)."""
    body = {key: value for key, value in spec.body.items() if key != "_meta"}
    mappings = dict(body["mappings"], _meta=spec.body["_meta"] | (meta or {}))
    return {"settings": dict(body["settings"], number_of_shards=shards, auto_expand_replicas=replicas),
            "mappings": mappings}


def ensure_index(client: Elasticsearch, spec: IndexSpec, recreate: bool = False, shards: int = 1,
                 replicas: str = "0-1") -> str:
    """Create the versioned index and point the alias at it; a newer mapping version gets a new index.
    Replicas follow the cluster's size (auto_expand_replicas), also on an index that already exists."""
    name = serving_index(client, spec)
    if recreate and client.indices.exists(index=name):
        client.indices.delete(index=name)
        name = spec.concrete_name
    if not client.indices.exists(index=name):
        client.indices.create(index=name, **index_body(spec, shards, replicas))
    else:
        client.indices.put_settings(index=name, settings={"auto_expand_replicas": replicas})
    current = client.indices.get_alias(name=spec.alias) if client.indices.exists_alias(name=spec.alias) else {}
    actions = [{"remove": {"index": old, "alias": spec.alias}} for old in current if old != name]
    if name not in current:
        actions.append({"add": {"index": name, "alias": spec.alias}})
    if actions:
        client.indices.update_aliases(actions=actions)
    return name


def ensure_indices(client: Elasticsearch, settings: Settings, recreate: bool = False) -> None:
    for spec in all_specs(settings):
        ensure_index(client, spec, recreate=recreate, shards=settings.index_shards, replicas=settings.index_replicas)


def sync_state_index(settings: Settings) -> str:
    """Where `hearings sync` keeps what it has seen, fetched and indexed (beside the indices it feeds)."""
    return sibling_name(settings.index_alias, "sync-state")
