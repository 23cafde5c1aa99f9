"""Folders are walked for minutes files; what cannot be walked is reported by the reader, never skipped."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from ingest.pipeline import _meetings_of, expand_paths


def _reason(path: Path) -> str:
    out = io.StringIO()
    outcomes = [outcome for _, outcome in _meetings_of(path, out)]
    assert [o.status for o in outcomes] == ["failed"]
    assert out.getvalue().startswith(f"✗ {path}: ")
    return outcomes[0].reason


@pytest.fixture
def corpus(tmp_path) -> Path:
    (tmp_path / "sub").mkdir()
    for name in ("a.txt", "sub/b.pdf", "sub/c.HWP", "meetings_t21.parquet", "notes.csv"):
        (tmp_path / name).write_bytes(b"x")
    return tmp_path


def test_minutes_files_are_found_in_order(corpus):
    assert list(expand_paths([corpus])) == [corpus / "a.txt", corpus / "sub/b.pdf", corpus / "sub/c.HWP"]


def test_a_file_given_by_name_is_passed_on(corpus):
    assert list(expand_paths([corpus / "notes.csv"])) == [corpus / "notes.csv"]


def test_a_looping_file_link_is_reported(corpus):
    loop = corpus / "loop.txt"
    loop.symlink_to(loop)
    assert loop in list(expand_paths([corpus]))
    assert "symlink loop" in _reason(loop)


def test_a_broken_link_is_reported(corpus):
    gone = corpus / "gone.txt"
    gone.symlink_to(corpus / "missing.txt")
    assert gone in list(expand_paths([corpus]))
    assert "no such file" in _reason(gone)


@pytest.mark.timeout(10)
def test_a_folder_link_back_into_its_own_tree_is_reported_once(corpus):
    back = corpus / "sub" / "back"
    back.symlink_to(corpus)
    found = list(expand_paths([corpus]))
    assert found == [corpus / "a.txt", corpus / "sub/b.pdf", back, corpus / "sub/c.HWP"]
    assert "symlink loop" in _reason(back)


@pytest.mark.timeout(10)
def test_links_between_two_folders_do_not_loop(tmp_path):
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    (tmp_path / "two" / "x.txt").write_bytes(b"x")
    (tmp_path / "one" / "to_two").symlink_to(tmp_path / "two")
    (tmp_path / "two" / "to_one").symlink_to(tmp_path / "one")
    found = list(expand_paths([tmp_path / "one"]))
    assert found == [tmp_path / "one/to_two/to_one", tmp_path / "one/to_two/x.txt"]
    assert "symlink loop" in _reason(found[0])


def test_a_linked_folder_is_walked(corpus, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "d.jsonl").write_bytes(b"x")
    (corpus / "linked").symlink_to(elsewhere)
    assert corpus / "linked" / "d.jsonl" in list(expand_paths([corpus]))


def test_an_unreadable_folder_is_reported(corpus, monkeypatch):
    locked = corpus / "locked"
    locked.mkdir()
    (locked / "hidden.txt").write_bytes(b"x")
    real_listdir, real_scandir = os.listdir, os.scandir

    def refuse(original):
        def opened(path="."):
            if Path(path) == locked:  # chmod 000 stops root nowhere, so the refusal is simulated
                raise PermissionError(13, "Permission denied", str(path))
            return original(path)
        return opened

    monkeypatch.setattr(os, "listdir", refuse(real_listdir))
    monkeypatch.setattr(os, "scandir", refuse(real_scandir))
    found = list(expand_paths([corpus]))
    assert locked in found and corpus / "a.txt" in found
    assert "folder not readable: permission denied" in _reason(locked)
