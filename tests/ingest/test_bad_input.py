"""Every kind of bad file gets one clear reason, and the rest of the batch still lands."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pymupdf
import pytest

from ingest.errors import BadInput
from ingest.readers import read_meeting
from tests.golden import CORPUS


def _pdf_without_text(path: Path) -> None:
    document = pymupdf.open()
    page = document.new_page()
    page.draw_rect(pymupdf.Rect(50, 50, 300, 300), color=(0, 0, 0), fill=(0.5, 0.5, 0.5))
    document.save(path)


def make_broken_corpus(folder: Path) -> dict[str, str]:
    """Broken files, each with the words its error must contain."""
    txt = (CORPUS / "8ark_law_1_sagaeteuk_355-1_2018-01-12.cp949.txt").read_bytes()
    hwp = (CORPUS / "8ark_sagaeteuk_355-1_2018-01-12.hwp").read_bytes()
    pdf = (CORPUS / "congresswatch_sample_2020_bokji_375-1_2020-01-30.pdf").read_bytes()
    files = {
        "empty.txt": (b"", "empty"),
        "junk.txt": (bytes(range(256)) * 64, "binary"),
        "truncated.hwp": (hwp[:3000], "HWP"),
        "truncated.pdf": (pdf[:5000], "truncated or damaged PDF"),
        "no_header.txt": ("&#9711;위원장 이상민  회의를 시작합니다.\n".encode("cp949"), "date"),
        "latin1.txt": ("Pr\xe9sident: s\xe9ance ouverte".encode("latin-1"), "◯"),
        "huge_line.txt": (b"a" * (50 * 1024 * 1024), "more than 20,000,000 characters"),
        "no_turns.txt": (txt[:300], "◯"),
    }
    for name, (data, _) in files.items():
        (folder / name).write_bytes(data)
    _pdf_without_text(folder / "scan.pdf")
    reasons = {name: reason for name, (_, reason) in files.items()}
    reasons["scan.pdf"] = "text layer"
    return reasons


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("broken")
    return folder, make_broken_corpus(folder)


def test_each_bad_file_gets_a_clear_reason(broken):
    folder, reasons = broken
    for name, expected in reasons.items():
        with pytest.raises(BadInput) as error:
            read_meeting(folder / name)
        assert expected.lower() in str(error.value).lower(), (name, str(error.value))


@pytest.mark.es
def test_batch_with_bad_files_still_indexes_the_good_ones(broken, es_client, settings, analyzer, tmp_path):
    from hearings.index import turns_spec
    from ingest.pipeline import ingest_paths

    folder, reasons = broken
    good = tmp_path / "good.txt"
    shutil.copy(CORPUS / "8ark_law_10_sagaeteuk_368-10_2019-04-26.cp949.txt", good)
    batch_settings = settings.model_copy(update={"index_alias": "test-badbatch-turns"})
    from hearings.index import ensure_indices

    ensure_indices(es_client, batch_settings, recreate=True)
    out = io.StringIO()
    summary = ingest_paths(es_client, batch_settings, analyzer, [*sorted(folder.iterdir()), good], out=out)
    failed = {Path(o.path).name: o.reason for o in summary.failed}
    assert set(failed) == set(reasons)
    assert [o.turns for o in summary.outcomes if o.status == "indexed"] == [362]
    count = es_client.count(index=turns_spec(batch_settings).alias)["count"]
    assert count == 362
    # The progress line counts turns and errors as it goes; each failure has its own line naming the file.
    last_progress = out.getvalue().replace("\r", "\n").strip().splitlines()
    assert any("362 turns" in line and f"{len(reasons)} errors" in line for line in last_progress)
    assert sum(line.startswith("✗ ") for line in last_progress) == len(reasons)
