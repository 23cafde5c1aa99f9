"""The verify-load benchmark against a real served app (uvicorn) on the test index: it counts every answer.

No timing is asserted; what is asserted is what admission control promises and the benchmark reports: with 16
quote-check clients and a bound of 4, each quote check is answered 200 or refused 503 (never dropped, never
another status), some are refused, and the searches timed meanwhile are all answered.
"""

from __future__ import annotations

import socket

import pytest

from bench.performance import bench_verify_load, verify_load_row

pytestmark = pytest.mark.es
PORTS = range(8220, 8230)  # the ports this workplace leaves to served-app tests


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.skip(f"no free port in {PORTS}")


def test_sixteen_quote_check_clients_are_answered_or_refused_and_searches_go_on(settings, indexed_corpus):
    assert settings.admit_verify < 16  # the excess the benchmark is about
    row = bench_verify_load(settings.index_alias, rounds=1, port=free_port())
    assert row["verify_other"] == 0, row
    assert row["verify_answers"] == row["verify_ok"] + row["verify_503"] >= 16, row
    assert row["verify_503"] > 0, row
    assert row["search_not_200"] == 0, row
    assert "16 clients (waiting out Retry-After) hammer /api/verify" in verify_load_row(row)
