"""bench/quote_variants.json, the labelled quotations /verify's thresholds are chosen on, still fits the sample
minutes: every quoted original is in the turn it names, and no not_found paste was in fact said. No Elasticsearch."""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from pathlib import Path

from ingest.models import Turn
from ingest.readers import read_meeting

ROOT = Path(__file__).resolve().parents[2]
VARIANTS = ROOT / "bench" / "quote_variants.json"
SAMPLE_DIRS = (ROOT / "tests" / "corpus", ROOT / "tests" / "heldout")
SUFFIXES = {".pdf", ".hwp", ".txt", ".md"}
LABELS = {"verbatim", "minor", "paraphrase", "not_found"}


def _variants() -> list[dict]:
    return json.loads(VARIANTS.read_text("utf-8"))["variants"]


def _sample_files() -> list[Path]:
    return sorted(p for d in SAMPLE_DIRS for p in d.iterdir() if p.suffix.lower() in SUFFIXES)


@cache
def _turns(name: str) -> dict[int, Turn]:
    [path] = [p for p in _sample_files() if p.name == name]
    return {turn.seq: turn for turn in read_meeting(path).turns}


def test_the_file_loads_with_unique_ids_known_labels_and_enough_variants():
    data = json.loads(VARIANTS.read_text("utf-8"))
    assert data["about"]
    variants = data["variants"]
    assert len(variants) >= 60
    ids = [v["id"] for v in variants]
    assert len(ids) == len(set(ids))
    assert {v["label"] for v in variants} <= LABELS
    assert {v["split"] for v in variants} == {"tune", "heldout"}


def test_both_splits_hold_every_label():
    seen = Counter((v["split"], v["label"]) for v in _variants())
    for split in ("tune", "heldout"):
        for label in LABELS:
            assert seen[split, label] > 0, (split, label)


def test_every_original_is_in_the_turn_it_names():
    for v in _variants():
        if v["label"] == "not_found" and v.get("seq") is None:
            continue  # an invented quote with no real sentence behind it
        turn = _turns(v["file"]).get(v["seq"])
        assert turn is not None, (v["id"], v["file"], v["seq"])
        assert v["original"] in turn.text, (v["id"], v["original"])
        assert turn.speaker_name == v["speaker"], (v["id"], turn.speaker_name, v["speaker"])


def test_one_source_sentence_keeps_to_one_split():
    splits: dict[tuple, set[str]] = {}
    for v in _variants():
        if v["label"] != "not_found":
            splits.setdefault((v["file"], v["seq"], v["original"]), set()).add(v["split"])
    assert all(len(s) == 1 for s in splits.values())


def test_no_not_found_paste_was_said_in_any_sample_file():
    spoken = [turn.text.replace(" ", "") for path in _sample_files() for turn in _turns(path.name).values()]
    for v in _variants():
        if v["label"] == "not_found":
            pasted = v["pasted"].replace(" ", "")
            assert not any(pasted in text for text in spoken), v["id"]
