"""The loose-memory set (issue 25) is well formed, and the product finds what people remember."""

import io
import re

import pytest

from bench.loose_memory import evaluate_loose_on, load_judgments, load_queries, query_row
from bench.relevance import PARTS
from hearings.index import ensure_indices, turns_spec
from ingest.pipeline import ingest_paths


def test_a_row_scores_the_first_target_and_the_share_judged_relevant_by_reading():
    query = {"kind": "name", "part": "sample", "q": "x", "targets": ["b"], "all": ["검역"]}
    judged = {"a": {"relevant": True, "why": "same matter"}, "c": {"relevant": False, "why": "other matter"}}
    row = query_row(query, ["a", "b", "c", "d"], judged)
    assert row["success"] and row["reciprocal_rank"] == 0.5 and row["precision"] == pytest.approx(2 / 4)
    assert row["unjudged"] == 1  # d: nobody read it, so it counts as not relevant, and is reported
    empty = query_row(query, [], judged)
    assert empty["empty"] and not empty["success"] and empty["precision"] is None


def test_every_judgment_names_a_query_of_the_set_and_says_why():
    queries = {q["q"] for q in load_queries()}
    judgments = load_judgments()
    assert set(judgments) <= queries and len(judgments) >= 80
    assert all(isinstance(j["relevant"], bool) and j["why"] for per in judgments.values() for j in per.values())


@pytest.fixture(scope="module")
def loose_index(es_client, settings, analyzer):
    loose_settings = settings.model_copy(update={"index_alias": f"{settings.index_alias}-loose"})
    ensure_indices(es_client, loose_settings, recreate=True)
    summary = ingest_paths(es_client, loose_settings, analyzer, list(PARTS.values()), out=io.StringIO())
    assert not summary.failed
    return turns_spec(loose_settings).alias


@pytest.mark.es
def test_every_target_exists_and_matches_its_own_patterns(es_client, loose_index):
    queries = load_queries()
    assert len(queries) >= 120 and {q["part"] for q in queries} == {"sample", "heldout"}
    assert {q["kind"] for q in queries} == {"paraphrase", "name", "misquote", "number", "question"}
    assert sum(q["part"] == "heldout" for q in queries) >= 40
    found = es_client.search(index=loose_index, size=10_000, _source=["turn_id", "text"])["hits"]["hits"]
    texts = {hit["_source"]["turn_id"]: hit["_source"]["text"] for hit in found}
    for query in queries:
        for target in query["targets"]:
            assert all(re.search(p, texts[target]) for p in query["all"]), query["q"]


@pytest.mark.es
def test_held_out_loose_queries_find_their_turn(es_client, loose_index, analyzer):
    rows = evaluate_loose_on(es_client, loose_index, analyzer)
    strict = evaluate_loose_on(es_client, loose_index, analyzer, match="all")
    heldout = [r for r in rows if r["part"] == "heldout"]
    assert sum(r["success"] for r in heldout) / len(heldout) >= 0.85
    assert sum(r["empty"] for r in heldout) <= len(heldout) / 40  # measured: none of 60
    # P@10 by reading (bench/loose_judgments.json): measured 0.950 on the held-out part with every hit judged; a
    # hit nobody has read counts as not relevant, so a change that shows new turns must have them judged
    shown = [r for r in heldout if r["precision"] is not None]
    assert sum(r["precision"] for r in shown) / len(shown) >= 0.95
    assert sum(r["success"] for r in rows) > 2 * sum(r["success"] for r in strict)  # the partial tier's work


@pytest.mark.es
def test_misquoted_quotes_find_their_turn_as_near_quotes(es_client, loose_index, analyzer):
    quoted = [q for q in load_queries() if q["q"].startswith('"')]
    rows = evaluate_loose_on(es_client, loose_index, analyzer, queries=quoted)
    assert len(rows) >= 8 and sum(r["success"] for r in rows) >= len(rows) - 1  # 7 of 8 measured


@pytest.mark.es
def test_seeded_nouns_are_found_as_words_in_every_hit(es_client, loose_index, analyzer):
    from bench.all_hits import noun_precision, noun_sample

    found = noun_precision(es_client, loose_index, analyzer, noun_sample(es_client, loose_index))
    # measured 0.995 (194 of 195 hits; 심각 in 심각해서); 0.853 before a bare 당해 was read as the noun
    assert len(found["rows"]) == 30 and found["hits"] >= 100 and found["precision"] >= 0.98, found["rows"]
