"""The relevance evaluation runs in the test environment; the product meets its targets and beats the baseline."""

from collections import defaultdict

import pytest

from bench.relevance import evaluate, score, summary_table

pytestmark = pytest.mark.es


def test_scores_on_a_known_ranking():
    scores = score(["a", "x", "b"], {"a", "b", "c"})
    assert scores.reciprocal_rank == 1.0
    assert scores.recall == pytest.approx(2 / 3)
    assert 0 < scores.ndcg < 1
    assert score(["x"], {"a"}).reciprocal_rank == 0.0


def test_product_meets_targets_and_beats_the_baseline_on_every_kind(es_client, settings, analyzer):
    result = evaluate(es_client, settings, analyzer)
    rows = result["rows"]
    assert len(rows) >= 40
    print(summary_table(rows))
    mean = lambda group, system, metric: sum(getattr(r[system], metric) for r in group) / len(group)  # noqa: E731
    assert mean(rows, "product", "recall") >= 0.9
    assert mean(rows, "product", "reciprocal_rank") >= 0.75
    by_kind = defaultdict(list)
    for row in rows:
        by_kind[row["kind"]].append(row)
    for kind, group in by_kind.items():
        assert mean(group, "product", "ndcg") > mean(group, "baseline", "ndcg") + 0.2, kind
