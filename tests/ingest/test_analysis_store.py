"""The analysis store and `hearings reindex`: a meeting's analysis read back as written, a re-index that builds
the documents ingest wrote without Kiwi, resumed after a kill, and only outdated analyses analysed again."""

import io
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hearings.analysis import KiwiAnalyzer, bigram_string
from ingest.analysis_store import AnalysisStore, StoredMeeting
from ingest.documents import TurnAnalysis
from ingest.readers import read_meeting

CORPUS = Path(__file__).parent.parent / "corpus"
SAMPLE = [CORPUS / "8ark_law_1_sagaeteuk_355-1_2018-01-12.cp949.txt",
          CORPUS / "8ark_law_10_sagaeteuk_368-10_2019-04-26.cp949.txt",
          CORPUS / "threepowers_plenary_436-2_2026-06-11_minutes-56810.md"]


def _stored(path: Path, version: str) -> StoredMeeting:
    meeting = read_meeting(path)
    analyses = [TurnAnalysis(f"lemma{i} 둘째", [f"topic{i}"], [f"구 {i}"] if i % 2 else [], [f"낱{i}"]) for i in
                range(len(meeting.turns))]
    return StoredMeeting(meeting, analyses, str(path), "2026-01-02T03:04:05.678+00:00", version, "d1")


def test_a_stored_meeting_reads_back_as_written(tmp_path):
    for path in SAMPLE:
        stored = _stored(path, "v1")
        store = AnalysisStore(tmp_path, "v1")
        store.write(stored)
        again = store.read(stored.meeting.meeting_id)
        assert again == stored
        assert again.meeting.turns[3].paragraphs == stored.meeting.turns[3].paragraphs
    assert sorted(p.name for p in (tmp_path / "v1").iterdir()) == sorted(f"{m}.parquet" for m in store.meeting_ids())


def test_a_meeting_stored_under_another_version_is_not_read_but_listed_stale(tmp_path):
    stored = _stored(SAMPLE[0], "old")
    AnalysisStore(tmp_path, "old").write(stored)
    current = AnalysisStore(tmp_path, "new")
    assert current.read(stored.meeting.meeting_id) is None
    assert list(current.stale_ids()) == [stored.meeting.meeting_id]


class CountingAnalyzer(KiwiAnalyzer):
    """The real analyzer, counting the texts it is asked to analyse."""

    texts = 0

    def turn_terms_many(self, texts):
        CountingAnalyzer.texts += len(texts)
        return super().turn_terms_many(texts)


def _no_kiwi():
    raise AssertionError("Kiwi asked for during a re-index")


@pytest.fixture
def local(settings, es_client, tmp_path):
    from hearings.index import ensure_indices

    here = settings.model_copy(update={"index_alias": f"{settings.index_alias}-store-turns",
                                       "analysis_dir": tmp_path / "analysis"})
    for index in es_client.indices.get(index=f"{here.index_alias}*,{here.index_alias.replace('turns', 'meetings')}*"):
        es_client.indices.delete(index=index)
    ensure_indices(es_client, here, recreate=True)
    return here


def _documents(es_client, alias: str) -> dict[str, dict]:
    from elasticsearch.helpers import scan

    es_client.indices.refresh(index=alias)
    return {hit["_source"].get("turn_id") or hit["_source"]["meeting_id"]:
            {k: v for k, v in hit["_source"].items() if k != "version_key"}
            for hit in scan(es_client, index=alias, query={"query": {"match_all": {}}})}


def _term_counts(es_client, alias: str, field: str, terms: list[str]) -> list[int]:
    """How many turns each term finds: the excluded search fields are not in _source, so compare what they find."""
    query = "term" if field == "topics" else "match_phrase"
    return [es_client.count(index=alias, query={query: {field: term}})["count"] for term in terms]


@pytest.mark.es
def test_reindex_builds_the_documents_ingest_wrote_without_kiwi(es_client, local, analyzer):
    from hearings.index import live_index, meetings_spec, turns_spec
    from ingest.pipeline import analysis_store, ingest_paths
    from ingest.reindex import reindex

    summary = ingest_paths(es_client, local, analyzer, SAMPLE, out=io.StringIO())
    assert not summary.failed and summary.turns > 300
    turns_alias, meetings_alias = turns_spec(local).alias, meetings_spec(local).alias
    before, heads = _documents(es_client, turns_alias), _documents(es_client, meetings_alias)
    old = live_index(es_client, turns_alias)
    sample = [doc for doc in before.values() if len(doc["text"]) > 20][::25]
    analysis = {stored.meeting.turn_id(turn): made for stored in analysis_store(local)
                for turn, made in zip(stored.meeting.turns, stored.analyses, strict=True)}
    probes = {"lemmas": [" ".join(analysis[d["turn_id"]].lemmas.split()[:2]) for d in sample],
              "bigrams": [bigram_string(d["text"][:8]) for d in sample],
              "words": [analysis[d["turn_id"]].words[0] for d in sample if analysis[d["turn_id"]].words],
              "topics": [analysis[d["turn_id"]].topics[0] for d in sample if analysis[d["turn_id"]].topics]}
    counts = {field: _term_counts(es_client, turns_alias, field, terms) for field, terms in probes.items()}

    report = reindex(es_client, local, analysis_store(local), _no_kiwi)
    assert report.swapped and not report.failures and report.turns_written == summary.turns
    assert live_index(es_client, turns_alias) != old  # a new index, behind the same alias
    assert _documents(es_client, turns_alias) == before
    assert _documents(es_client, meetings_alias) == heads
    assert {field: _term_counts(es_client, turns_alias, field, terms) for field, terms in probes.items()} == counts
    assert all(count > 0 for values in counts.values() for count in values)

    # Read again unchanged, the same files need no Kiwi either: their analysis is in the store.
    again = ingest_paths(es_client, local, _NoKiwi(), SAMPLE, out=io.StringIO(), replace=True)
    assert not again.failed and again.turns == summary.turns
    assert _documents(es_client, turns_alias).keys() == before.keys()


class _NoKiwi:
    def __getattr__(self, name):
        raise AssertionError(f"Kiwi asked for ({name}) for a meeting the store holds")


KILLER = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from elasticsearch import Elasticsearch
    import ingest.reindex
    from hearings.config import Settings
    from hearings.engine import make_client
    from ingest.pipeline import analysis_store

    heads = {"written": 0}
    real = Elasticsearch.bulk
    def killing(self, *args, **kwargs):
        # Killed in the middle of a meeting's turns, once the first meeting is in whole.
        if heads["written"]:
            os.kill(os.getpid(), signal.SIGKILL)
        answer = real(self, *args, **kwargs)
        heads["written"] += "meetings" in str(kwargs.get("operations"))
        return answer
    Elasticsearch.bulk = killing
    ingest.reindex.GROUP_TURNS = 60
    settings = Settings(index_alias=sys.argv[1], analysis_dir=Path(sys.argv[2]), bulk_chunk_turns=40)
    def no_kiwi():
        raise AssertionError("Kiwi")
    ingest.reindex.reindex(make_client(settings), settings, analysis_store(settings), no_kiwi)
""")


@pytest.mark.es
def test_a_reindex_killed_midway_is_resumed_by_the_next_run(es_client, local, analyzer):
    from hearings.index import live_index, meetings_spec, turns_spec
    from ingest.pipeline import analysis_store, ingest_paths
    from ingest.reindex import reindex

    summary = ingest_paths(es_client, local, analyzer, SAMPLE, out=io.StringIO())
    turns_alias = turns_spec(local).alias
    before, old = _documents(es_client, turns_alias), live_index(es_client, turns_alias)
    killed = subprocess.run([sys.executable, "-c", KILLER, local.index_alias, str(local.analysis_dir)],
                            capture_output=True, text=True, timeout=300, env=os.environ | {"PYTHONPATH": "."})
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    assert live_index(es_client, turns_alias) == old  # nothing shown of the half-built index
    assert _documents(es_client, turns_alias) == before

    report = reindex(es_client, local, analysis_store(local), _no_kiwi)
    assert report.swapped and not report.failures
    assert report.meetings_skipped >= 1 and report.meetings_skipped + report.meetings_written == len(SAMPLE)
    assert report.turns_written < summary.turns  # the whole meetings already in were not written again
    built = report.indices[turns_alias]
    assert es_client.count(index=built)["count"] == summary.turns  # no turn twice, none missing
    assert _documents(es_client, turns_alias) == before
    assert es_client.count(index=report.indices[meetings_spec(local).alias])["count"] == len(SAMPLE)


@pytest.mark.es
def test_only_the_meetings_analysed_under_another_version_are_analysed_again(es_client, local, analyzer):
    from hearings.dictionary import load_user_words
    from ingest.pipeline import analysis_store, ingest_paths
    from ingest.reindex import reindex

    summary = ingest_paths(es_client, local, analyzer, SAMPLE, out=io.StringIO())
    store = analysis_store(local)
    outdated = read_meeting(SAMPLE[1])
    moved = store.path(outdated.meeting_id)
    (local.analysis_dir / "a0-old").mkdir()
    moved.rename(local.analysis_dir / "a0-old" / moved.name)  # as if analysed by an earlier analysis version
    counting = CountingAnalyzer(user_words=load_user_words())
    made = []

    def kiwi():
        made.append(1)
        return counting

    CountingAnalyzer.texts = 0
    report = reindex(es_client, local, store, kiwi)
    assert report.swapped and report.reanalysed == 1 and report.turns_written == summary.turns
    assert CountingAnalyzer.texts == len(outdated.turns)  # that meeting's turns, and no other
    assert store.read(outdated.meeting_id) is not None  # now stored under the current version
    CountingAnalyzer.texts = 0
    again = reindex(es_client, local, store, _no_kiwi)
    assert again.swapped and again.reanalysed == 0 and again.turns_written == summary.turns
