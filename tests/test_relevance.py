"""The relevance evaluation runs in the test environment; the product meets its targets and beats the baseline."""

from collections import defaultdict

import pytest

from bench.relevance import evaluate, evaluate_judged, judged_scores, judged_table, score, summary_table

pytestmark = pytest.mark.es


def test_scores_on_a_known_ranking():
    scores = score(["a", "x", "b"], {"a", "b", "c"})
    assert scores.reciprocal_rank == 1.0
    assert scores.recall == pytest.approx(2 / 3)
    assert 0 < scores.ndcg < 1
    assert score(["x"], {"a"}).reciprocal_rank == 0.0


def test_judged_scores_on_a_known_ranking():
    judged = judged_scores(["a", "x", "b", "new"], {"a": 2, "x": 0, "b": 1, "c": 1})
    assert judged.precision == pytest.approx(2 / 4) and judged.unjudged == 1
    assert judged.recall == pytest.approx(2 / 3) and judged.reciprocal_rank == 1.0
    assert judged_scores([], {"a": 1}).recall == 0.0


def _by_kind(rows: list[dict]) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        groups[row["kind"]].append(row)
    return groups


def _mean(group: list[dict], system: str, metric: str) -> float:
    return sum(getattr(r[system], metric) for r in group) / len(group)


def test_judged_set_meets_the_targets_on_both_parts(es_client, settings, analyzer):
    result = evaluate_judged(es_client, settings, analyzer)
    rows = result["rows"]
    print(judged_table(rows))
    assert len(rows) >= 150
    assert {row["part"] for row in rows} == {"sample", "heldout"}
    assert _mean(rows, "product", "precision") >= 0.9
    assert _mean(rows, "product", "recall") >= 0.95
    for kind, group in _by_kind(rows).items():
        assert _mean(group, "product", "reciprocal_rank") >= 0.9, kind
    assert result["negatives"]["violations"] == []
    assert len(result["negatives"]["rows"]) >= 30
    for part, sweep in result["sweep"].items():
        assert sweep["product"]["precision"] >= 0.99, part
        assert sweep["product"]["below_0_8"] == [], part


def test_pattern_recall_set_still_holds(es_client, settings, analyzer):
    result = evaluate(es_client, settings, analyzer)
    rows = result["rows"]
    assert len(rows) >= 40
    print(summary_table(rows))
    assert _mean(rows, "product", "recall") >= 0.9
    assert _mean(rows, "product", "reciprocal_rank") >= 0.75
    for kind, group in _by_kind(rows).items():
        assert _mean(group, "product", "ndcg") > _mean(group, "baseline", "ndcg") + 0.2, kind
