"""A batch holding every hostile file of the issue 27 probe, plus good files, through the real `hearings
ingest` command against the real node: every good meeting is indexed and the summary is printed."""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from hearings.index import ensure_indices, meetings_spec, turns_spec
from tests.golden import CORPUS

REPO = Path(__file__).resolve().parents[2]
GOOD_MINUTES = "8ark_law_10_sagaeteuk_368-10_2019-04-26.cp949.txt"  # 362 turns
GOOD_MINUTES_TURNS = 362


def _meeting(number: int, **changes) -> dict:
    return {"committee": "보건복지위원회", "date": "2020-01-30", "session": 375, "meeting_number": number,
            "turns": [{"speaker": "김세연", "role": "위원장", "text": f"제{number}차 회의를 시작합니다."},
                      {"speaker": "김강립", "role": "보건복지부차관", "text": "보고드리겠습니다."}]} | changes


def _jsonl(path: Path, lines: list) -> None:
    path.write_text("".join((line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n"
                            for line in lines), "utf-8")


def _broken_parquet() -> bytes:
    buffer = io.BytesIO()
    pq.write_table(pa.table({"text": ["말"] * 100}), buffer)
    return buffer.getvalue()[:200]


def make_hostile_batch(folder: Path) -> tuple[int, int, set[str]]:
    """Hostile files and good ones; the good meetings and turns it holds, and the files (or file#line)
    that must fail."""
    shutil.copy(CORPUS / GOOD_MINUTES, folder / "good_minutes.txt")
    hostile_lines = [_meeting(2, session=18446744073709551616), _meeting(3, meeting_number=2**63),
                     _meeting(4, date="2020-02-30"), _meeting(5, date="2020-13-01"),
                     '{"committee": "x", "date": "2020-01-30", "session": ' + "9" * 5000 + ', "turns": []}']
    # The hostile lines come first: before the fix the first of them ended the run, taking the rest along.
    _jsonl(folder / "mixed.jsonl", [*hostile_lines, _meeting(1), _meeting(6)])
    _jsonl(folder / "good\nname.jsonl", [_meeting(7)])  # a newline in a good file's name
    (folder / "random.jsonl").write_bytes(random.Random(27).randbytes(64 * 1024))
    (folder / "broken.parquet").write_bytes(_broken_parquet())
    (folder / "garbage.hwp").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + random.Random(512).randbytes(512))
    (folder / "month13.md").write_text("# 제22대국회 제436회 (임시회) 제2차 국회본회의 (2026.13.11.)\n\n"
                                       "### 의장 조정식\n회의를 시작합니다.\n", "utf-8")
    (folder / "feb30.txt").write_text("제375회국회\n(임시회)\n보건복지위원회회의록\n제1호\n일 시 2020년2월30일(목)\n\n"
                                      "◯위원장 김세연  회의를 시작합니다.\n", "utf-8")
    failing = {f"mixed.jsonl#{line}" for line in range(1, 6)} | {
        "random.jsonl", "broken.parquet", "garbage.hwp", "month13.md", "feb30.txt"}
    return 1 + 3, GOOD_MINUTES_TURNS + 3 * 2, failing


def run_ingest(settings, tmp_path: Path, *paths: Path, **env: str) -> subprocess.CompletedProcess:
    """`hearings ingest` in its own process, on this worktree's code, writing under the given settings."""
    environment = os.environ | {"PYTHONPATH": str(REPO), "HEARINGS_INDEX_ALIAS": settings.index_alias,
                                "HEARINGS_ES_URL": settings.es_url, "HEARINGS_LOCKS_DIR": str(tmp_path / "locks"),
                                "HEARINGS_MEMBERS_ROSTER": str(tmp_path / "no-roster.csv")} | env
    return subprocess.run([sys.executable, "-m", "web.cli", "ingest", *map(str, paths)], env=environment,
                          capture_output=True, text=True, timeout=600, cwd=REPO)


@pytest.mark.es
def test_a_hostile_batch_indexes_every_good_meeting_and_prints_its_summary(tmp_path, es_client, settings):
    batch = tmp_path / "batch"
    batch.mkdir()
    good_meetings, good_turns, failing = make_hostile_batch(batch)
    local = settings.model_copy(update={"index_alias": f"{settings.index_alias}-hostile"})
    ensure_indices(es_client, local, recreate=True)

    result = run_ingest(local, tmp_path, batch)

    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode == 1, (result.returncode, result.stderr[-2000:])  # failures: non-zero, after the summary
    rows = result.stdout.rstrip("\n").split("\n")
    assert rows[0].startswith("status") and rows[-1].startswith(f"{len(rows) - 2} files: {good_meetings} indexed, ")
    assert rows[-1].endswith(f"; {good_turns} turns")
    failed = {row.split("  ")[-2].strip().rsplit("/", 1)[-1] for row in rows[1:-1] if row.startswith("failed")}
    assert failed == failing, rows
    indexed = [row for row in rows[1:-1] if row.startswith("indexed")]
    assert len(indexed) == good_meetings and any("good\\nname.jsonl" in row for row in indexed), rows
    assert es_client.count(index=meetings_spec(local).alias)["count"] == good_meetings
    assert es_client.count(index=turns_spec(local).alias)["count"] == good_turns


@pytest.mark.es
def test_ingest_with_the_engine_down_is_one_line_and_a_non_zero_exit(tmp_path, settings):
    good = tmp_path / "good.txt"
    shutil.copy(CORPUS / GOOD_MINUTES, good)
    down = settings.model_copy(update={"es_url": "http://127.0.0.1:8119"})  # nothing listens there
    result = run_ingest(down, tmp_path, good)
    assert result.returncode == 69, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == ["✗ the search engine at http://127.0.0.1:8119 is not answering (ConnectionError); start it "
                     "(hearings start) or set HEARINGS_ES_URL"], result.stderr[-2000:]


@pytest.mark.es
def test_an_alias_without_turns_in_it_still_ingests(tmp_path, es_client, settings, analyzer):
    from ingest.pipeline import ingest_paths

    local = settings.model_copy(update={"index_alias": settings.index_alias.replace("turns", "plain")})
    assert "turns" not in local.index_alias
    assert meetings_spec(local).alias != turns_spec(local).alias
    ensure_indices(es_client, local, recreate=True)
    source = tmp_path / "m.jsonl"
    _jsonl(source, [_meeting(1)])
    summary = ingest_paths(es_client, local, analyzer, [source], out=io.StringIO())
    assert [o.status for o in summary.outcomes] == ["indexed"], summary.outcomes
    assert es_client.count(index=turns_spec(local).alias)["count"] == 2
    assert es_client.count(index=meetings_spec(local).alias)["count"] == 1


@pytest.mark.es
def test_a_meeting_the_client_cannot_serialize_fails_alone(es_client, settings, analyzer):
    """The last defence, for a value no reader bounded: the writer names that meeting, writes the others."""
    from ingest.documents import meeting_document, meetings_turn_documents
    from ingest.jsonl import meeting_from_json
    from ingest.loader import MeetingBatch, write_meetings

    local = settings.model_copy(update={"index_alias": f"{settings.index_alias}-serialize"})
    ensure_indices(es_client, local, recreate=True)
    meetings = [meeting_from_json(_meeting(number), f"m.jsonl#{number}") for number in (1, 2)]
    batches = [MeetingBatch(m.meeting_id, m.source_file, meeting_document(m), docs)
               for m, docs in zip(meetings, meetings_turn_documents(meetings, analyzer), strict=True)]
    batches[0].meeting_doc["session"] = 2**64  # past what JSON numbers carry in the engine's client
    report = write_meetings(es_client, turns_spec(local), meetings_spec(local), batches, 100)
    assert list(report.failures) == ["m.jsonl#1"] and "cannot be written as JSON" in report.failures["m.jsonl#1"]
    assert report.turns_written == 2
    assert es_client.count(index=meetings_spec(local).alias)["count"] == 1


def test_an_engine_lost_mid_run_fails_the_meetings_in_flight_not_the_run(settings, analyzer):
    """The writer's batch meets a refused connection (nothing listens on the port): its meetings are
    marked failed with the reason, and the writer goes on rather than raising through the summary."""
    from hearings.engine import make_client
    from ingest.documents import meeting_document, meetings_turn_documents
    from ingest.jsonl import meeting_from_json
    from ingest.loader import MeetingBatch
    from ingest.pipeline import FileOutcome, _BackgroundWriter, _Progress

    gone = settings.model_copy(update={"es_url": "http://127.0.0.1:8118"})
    out = io.StringIO()
    writer = _BackgroundWriter(make_client(gone), gone, out, _Progress(1, out), replace=False)
    [meeting] = [meeting_from_json(_meeting(1), "m.jsonl#1")]
    [docs] = meetings_turn_documents([meeting], analyzer)
    outcome = FileOutcome("m.jsonl#1", "indexed")
    writer.submit([(MeetingBatch(meeting.meeting_id, "m.jsonl#1", meeting_document(meeting), docs), outcome)])
    writer.close()
    assert outcome.status == "failed" and outcome.reason.startswith("not written: the engine failed (ConnectionError")
    assert "✗ m.jsonl#1: not written" in out.getvalue()
