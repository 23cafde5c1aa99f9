"""Findings 5 and 6 against the real node: a meeting is seen whole or not at all, whenever the writer is
killed; a smaller or damaged copy never silently replaces a fuller one."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from hearings.index import ensure_indices, meetings_spec, turns_spec
from ingest.visibility import Visibility
from search_api.export import Export, ExportRequest
from search_api.params import SearchParams
from tests.conftest import CORPUS

pytestmark = pytest.mark.es
TURNS = 300
CHUNK = 100  # 301 documents (a meeting and its turns) → 4 bulk requests


def _meeting(edition: str) -> dict:
    return {"committee": "법제사법위원회", "date": "2022-10-06", "session": 400, "meeting_number": 3,
            "turns": [{"speaker": "홍길동", "role": "위원", "text": f"{edition} 판의 {n}번째 발언입니다."}
                      for n in range(1, TURNS + 1)]}


def _write(path, edition: str):
    path.write_text(json.dumps(_meeting(edition), ensure_ascii=False) + "\n", encoding="utf-8")
    return path


KILLER = textwrap.dedent("""
    import os, signal, sys
    from elasticsearch import Elasticsearch
    from elasticsearch.client import IndicesClient
    from hearings.analysis import get_analyzer
    from hearings.config import Settings
    from hearings.engine import make_client
    from ingest.pipeline import ingest_paths

    point, count = sys.argv[2], int(sys.argv[3])
    calls = {"bulk": 0, "update_aliases": 0}

    def killing(name, real):
        def call(self, *args, **kwargs):
            calls[name] += 1
            if name == point and calls[name] > count:
                os.kill(os.getpid(), signal.SIGKILL)  # no finally, no clean-up: like kill -9 from outside
            return real(self, *args, **kwargs)
        return call

    Elasticsearch.bulk = killing("bulk", Elasticsearch.bulk)
    IndicesClient.update_aliases = killing("update_aliases", IndicesClient.update_aliases)
    settings = Settings(index_alias=sys.argv[4], bulk_chunk_turns=int(sys.argv[5]))
    ingest_paths(make_client(settings), settings, get_analyzer(), [__import__("pathlib").Path(sys.argv[1])])
""")


def _killed_ingest(path, point: str, count: int, alias: str) -> int:
    process = subprocess.run([sys.executable, "-c", KILLER, str(path), point, str(count), alias, str(CHUNK)],
                             capture_output=True, text=True, timeout=300, env=os.environ | {"PYTHONPATH": "."})
    return process.returncode


def _visible_editions(es_client, settings) -> dict[str, int]:
    es_client.indices.refresh(index=turns_spec(settings).concrete_name)  # what a node restart would make visible
    found = es_client.search(index=turns_spec(settings).alias, size=10_000, query={"match_all": {}},
                             _source=["text", "turn_id"])["hits"]["hits"]
    editions: dict[str, int] = {}
    for hit in found:
        edition = hit["_source"]["text"].split(" ", 1)[0]
        editions[edition] = editions.get(edition, 0) + 1
    assert len({hit["_source"]["turn_id"] for hit in found}) == len(found)  # no turn twice
    return editions


@pytest.fixture
def atomic_settings(settings, es_client):
    local = settings.model_copy(update={"index_alias": f"atomic-{settings.index_alias}", "bulk_chunk_turns": CHUNK})
    ensure_indices(es_client, local, recreate=True)
    return local


BOUNDARIES = [("update_aliases", 0), ("bulk", 0), ("bulk", 1), ("bulk", 2), ("bulk", 3), ("update_aliases", 1),
              ("update_aliases", 2)]


def test_a_new_meeting_killed_at_any_bulk_boundary_is_not_seen_at_all(tmp_path, es_client, atomic_settings):
    path = _write(tmp_path / "first.jsonl", "첫째")
    for point, count in BOUNDARIES[:-1]:  # the last boundary comes after the meeting is shown
        assert _killed_ingest(path, point, count, atomic_settings.index_alias) == -signal.SIGKILL
        assert _visible_editions(es_client, atomic_settings) == {}, (point, count)


def test_a_replacement_killed_at_any_bulk_boundary_leaves_one_whole_version(tmp_path, es_client, atomic_settings,
                                                                             analyzer):
    from ingest.pipeline import ingest_paths

    ingest_paths(es_client, atomic_settings, analyzer, [_write(tmp_path / "first.jsonl", "첫째")])
    second = _write(tmp_path / "second.jsonl", "둘째")
    seen = []
    for point, count in BOUNDARIES:
        assert _killed_ingest(second, point, count, atomic_settings.index_alias) == -signal.SIGKILL
        editions = _visible_editions(es_client, atomic_settings)
        assert editions in ({"첫째": TURNS}, {"둘째": TURNS}), (point, count, editions)
        seen.append(next(iter(editions)))
    # Killed just before the switch: still the first edition; just after it (clean-up cut short): the second.
    assert seen[-2:] == ["첫째", "둘째"]
    # Exports (a point in time over the alias) see the same: the hidden versions' documents are left out.
    export = Export(es_client, turns_spec(atomic_settings).alias, ExportRequest(SearchParams()), analyzer, "")
    assert export.total == TURNS and sum(1 for _ in export.rows()) == TURNS
    # The next writer collects what the killed ones left hidden; here at once (normally after an hour).
    Visibility(es_client, [turns_spec(atomic_settings), meetings_spec(atomic_settings)]).collect_abandoned(0)
    es_client.indices.refresh(index=turns_spec(atomic_settings).concrete_name)
    assert es_client.count(index=turns_spec(atomic_settings).concrete_name)["count"] == TURNS  # no garbage left
    assert _visible_editions(es_client, atomic_settings) == {"둘째": TURNS}


def _truncated_copy(tmp_path):
    full = CORPUS / "8ark_law_1_sagaeteuk_355-1_2018-01-12.cp949.txt"
    data = full.read_bytes()
    cut = data.rfind(b"\n", 0, len(data) // 3)
    truncated = tmp_path / "0_truncated_copy.cp949.txt"  # sorts before the full copy
    truncated.write_bytes(data[:cut])
    return full, truncated


def _turns_of(es_client, settings, meeting_id: str) -> int:
    return es_client.count(index=turns_spec(settings).alias, query={"term": {"meeting_id": meeting_id}})["count"]


def test_a_truncated_copy_does_not_replace_the_full_meeting(tmp_path, es_client, atomic_settings, analyzer):
    from ingest.pipeline import ingest_paths

    full, truncated = _truncated_copy(tmp_path)
    first = ingest_paths(es_client, atomic_settings, analyzer, [full])
    meeting_id, full_turns = first.outcomes[0].meeting_id, first.turns
    again = ingest_paths(es_client, atomic_settings, analyzer, [truncated])
    [outcome] = again.outcomes
    assert outcome.status == "conflict" and again.conflicts == [outcome]
    assert f"{full_turns} turns" in outcome.reason and f"has {outcome.turns}" in outcome.reason
    assert outcome.turns < full_turns
    assert _turns_of(es_client, atomic_settings, meeting_id) == full_turns
    forced = ingest_paths(es_client, atomic_settings, analyzer, [truncated], replace=True)
    assert forced.outcomes[0].status == "indexed"
    assert _turns_of(es_client, atomic_settings, meeting_id) == forced.turns < full_turns


def test_in_one_batch_the_fuller_copy_wins_whatever_the_order(tmp_path, es_client, atomic_settings, analyzer):
    from ingest.pipeline import ingest_paths

    full, truncated = _truncated_copy(tmp_path)
    for order in ([truncated, full], [full, truncated]):
        ensure_indices(es_client, atomic_settings, recreate=True)
        summary = ingest_paths(es_client, atomic_settings, analyzer, order)
        statuses = {o.path: o.status for o in summary.outcomes}
        assert statuses[str(full)] == "indexed"
        assert statuses[str(truncated)] in ("conflict", "superseded")
        reason = next(o.reason for o in summary.outcomes if o.path == str(truncated))
        assert "turns" in reason and "fuller copy" in reason
        meeting_id = next(o.meeting_id for o in summary.outcomes if o.path == str(full))
        assert _turns_of(es_client, atomic_settings, meeting_id) == 34
