"""The alerts benchmark itself, at a toy size: its runs do what the table says, and it leaves the index
holding what it held (hearings bench --resume relies on that)."""

from __future__ import annotations

import pytest

from bench.alerts import alerts_report, bench_alerts
from tests.alerts.conftest import index_fresh
from tests.alerts.test_alerts_flow import FIRST, NEW

pytestmark = pytest.mark.es


def test_bench_alerts_at_a_toy_size(settings, es_client, analyzer, tmp_path):
    local = index_fresh(settings, es_client, analyzer, tmp_path, "bench", [FIRST, NEW])
    result = bench_alerts(local, local.index_alias, searches=20, new_turns=60)
    assert result["index_turns"] == 5 and result["new_turns"] == 60
    assert result["first"]["fresh"] == 5 and result["first"]["turns"] == 0  # the history is never sent
    assert result["after_ingest"]["fresh"] == 60 and result["after_ingest"]["turns"] > 0
    assert result["after_ingest"]["sent"] == result["after_ingest"]["digests"] > 0
    assert result["idle"]["turns"] == result["reingested"]["turns"] == 0
    assert es_client.count(index=local.index_alias)["count"] == 5
    assert "| after re-ingesting those turns unchanged |" in alerts_report(result)
