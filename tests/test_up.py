"""`hearings up`, the README's first command, up to the point where it serves: its arguments carry every option
the ingest it runs reads (the serve step itself is covered by tests/test_deploy.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import web.cli as cli

pytestmark = pytest.mark.es
CORPUS = Path(__file__).parent / "corpus"


def test_up_starts_ingests_the_sample_and_then_serves(settings, es_client, tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "8ark_law_1_sagaeteuk_355-1_2018-01-12.cp949.txt", corpus)
    local = settings.model_copy(update={"index_alias": f"up-{settings.index_alias}", "corpus_dir": corpus,
                                        "analysis_dir": tmp_path / "analysis"})
    served: list[tuple] = []
    monkeypatch.setattr(cli, "cmd_serve", lambda settings, args: served.append((settings, args.port)) or 0)
    assert cli.cmd_up(local, cli.build_parser().parse_args(["up", "--port", "8999"])) == 0
    assert served and served[0][1] == 8999
    found = es_client.count(index=f"up-{settings.index_alias}")["count"]
    assert found == 34  # the sample sitting's turns, indexed before serving
