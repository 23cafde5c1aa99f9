"""Hostile or broken files are refused fast and within bounded memory, each with the limit it broke."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from ingest import errors, hwp
from ingest.errors import BadInput
from ingest.hwp import MAX_DECOMPRESSED_BYTES, hwp_text, inflate
from ingest.readers import read_meeting, read_meetings
from tests.golden import CORPUS
from tests.ingest.hwp_fixture import deflated, hwp_file, section, zero_bomb

SAMPLE_HWP = CORPUS / "8ark_sagaeteuk_355-1_2018-01-12.hwp"
SAMPLE_PDF = CORPUS / "congresswatch_sample_2020_bokji_375-1_2020-01-30.pdf"
SAMPLE_TXT = CORPUS / "8ark_law_1_sagaeteuk_355-1_2018-01-12.cp949.txt"
MINUTES = ["제375회국회", "(임시회)", "보건복지위원회회의록", "제1호", "일  시  2020년1월30일", "(10시02분 개의)",
           "◯위원장 이상민  회의를 시작하겠습니다.", "◯윤한홍 위원  질의하겠습니다."]
MB = 1024 * 1024


def test_built_hwp_reads_like_a_real_one():
    meeting = read_meeting_bytes(hwp_file([deflated(section(MINUTES))]))
    assert [t.speaker_name for t in meeting.turns] == ["이상민", "윤한홍"]


def read_meeting_bytes(data: bytes):
    from ingest.readers import parse_minutes_bytes

    return parse_minutes_bytes(data, "built.hwp")


@pytest.mark.timeout(10)
def test_hwp_compression_bomb_is_refused_fast():
    bomb = hwp_file([zero_bomb(MAX_DECOMPRESSED_BYTES // MB + 36)])  # 100 MiB of zeros in ~100 KB
    started = time.perf_counter()
    with pytest.raises(BadInput, match=r"decompresses beyond 64 MB"):
        hwp_text(bomb)
    assert time.perf_counter() - started < 3


def test_the_decompression_cap_holds_across_sections(monkeypatch):
    monkeypatch.setattr(hwp, "MAX_DECOMPRESSED_BYTES", 4 * MB)
    three = deflated(section(MINUTES) * (3 * MB // len(section(MINUTES))))
    assert "◯윤한홍 위원" in hwp_text(hwp_file([three]))
    with pytest.raises(BadInput, match="decompresses beyond 4 MB"):  # each section alone is under the cap
        hwp_text(hwp_file([three, three]))


def test_inflate_stops_at_its_limit():
    assert inflate(deflated(b"x" * 1000), limit=1000) == b"x" * 1000
    with pytest.raises(BadInput, match="decompresses beyond"):
        inflate(deflated(b"x" * 1001), limit=1000)
    with pytest.raises(BadInput, match="truncated"):
        inflate(deflated(bytes(range(256)) * 100)[:200], limit=1_000_000)


def test_too_many_sections_are_refused():
    with pytest.raises(BadInput, match="sections"):
        hwp_text(hwp_file([deflated(section(["x"]))] * (hwp.MAX_SECTIONS + 1)))


def test_too_many_streams_are_refused(monkeypatch):
    monkeypatch.setattr(hwp, "MAX_OLE_STREAMS", 3)
    with pytest.raises(BadInput, match="4 streams"):
        hwp_text(hwp_file([deflated(section(["x"]))] * 3))


def test_the_real_hwp_still_reads():
    assert "◯위원장 정성호" in hwp_text(SAMPLE_HWP.read_bytes())


@pytest.mark.parametrize("sample", [SAMPLE_HWP, SAMPLE_PDF, SAMPLE_TXT], ids=lambda p: p.suffix)
def test_extracted_text_is_capped_for_every_reader(sample, monkeypatch):
    monkeypatch.setattr(errors, "MAX_TEXT_CHARS", 5_000)
    with pytest.raises(BadInput, match="more than 5,000 characters"):
        read_meeting(sample)


def test_pdf_page_count_is_capped(monkeypatch):
    from ingest import pdf

    monkeypatch.setattr(pdf, "MAX_PDF_PAGES", 10)
    with pytest.raises(BadInput, match="44 pages"):
        read_meeting(SAMPLE_PDF)


def test_reading_stops_past_the_size_limit(tmp_path, monkeypatch):
    from ingest import readers

    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 100)
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 101)
    with pytest.raises(BadInput, match="too large"):
        read_meeting(path)


@pytest.mark.timeout(10)
@pytest.mark.parametrize("name", ["minutes.txt", "minutes.hwp", "meetings.jsonl", "turns_t21_0001.parquet"])
def test_a_fifo_is_refused_without_being_opened(tmp_path, name):
    fifo = tmp_path / name
    os.mkfifo(fifo)
    with pytest.raises(BadInput, match=r"not a regular file \(fifo\)"):
        list(read_meetings(fifo))


@pytest.mark.timeout(10)
def test_a_fifo_beside_a_turns_table_is_refused(tmp_path):
    turns = tmp_path / "turns_t21_0001.parquet"
    pq.write_table(pa.table({"conf_num": [1], "turn_seq": [1], "speaker_name": ["김민석"], "text": ["말"],
                             "speech_date": ["2020-10-07"]}), turns)
    os.mkfifo(tmp_path / "meetings_t21.parquet")
    with pytest.raises(BadInput, match=r"meetings_t21.parquet: not a regular file \(fifo\)"):
        list(read_meetings(turns))


@pytest.mark.timeout(10)
@pytest.mark.parametrize("reader", [read_meeting, lambda path: list(read_meetings(path))])
def test_a_device_is_refused(reader):
    with pytest.raises(BadInput, match=r"not a regular file \(character device\)"):
        reader(Path("/dev/zero"))


def test_a_folder_or_a_missing_file_gets_a_reason(tmp_path):
    with pytest.raises(BadInput, match=r"not a regular file \(directory\)"):
        read_meeting(tmp_path)
    with pytest.raises(BadInput, match="no such file"):
        read_meeting(tmp_path / "missing.txt")


def test_a_symlink_loop_gets_a_reason(tmp_path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    with pytest.raises(BadInput, match="symlink loop"):
        read_meeting(loop)
