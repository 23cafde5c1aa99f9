"""The analysis version moves with the analysis: the store reuses a turn's terms only under the same version,
so a change to what Kiwi and hearings/analysis.py make of a text must come with a new ANALYSIS_REVISION."""

import hashlib
from pathlib import Path

from hearings.analysis_version import ANALYSIS_REVISION, dictionary_digest, version_string
from ingest.documents import analyse_texts
from ingest.readers import read_meeting

CORPUS = Path(__file__).parent.parent / "corpus"
# The analysis of the sample turns below under each revision. A change to the analysis fails this test: bump
# ANALYSIS_REVISION (hearings/analysis_version.py) and add the new digest, so stored analyses are redone.
PINNED = {1: "5fe3272a93fa5fff", 2: "6a4dfc885076b3c8", 3: "95cf6b2258defd10"}


def _digest(analyzer) -> str:
    texts = [turn.text for path in sorted(CORPUS.glob("*.txt")) for turn in read_meeting(path).turns][:300]
    made = analyse_texts(texts, analyzer)
    return hashlib.sha256(repr(made).encode("utf-8")).hexdigest()[:16]


def test_the_sample_analysis_is_the_one_pinned_to_this_revision(analyzer):
    assert _digest(analyzer) == PINNED.get(ANALYSIS_REVISION), "the analysis changed: bump ANALYSIS_REVISION"


def test_the_version_names_revision_kiwi_release_and_dictionary():
    words = [("국정감사", "NNP"), ("이상민", "NNP")]
    assert version_string(3, "0.24.1", dictionary_digest(words)) == f"a3-kiwi0.24.1-d{dictionary_digest(words)}"
    assert dictionary_digest(words) != dictionary_digest(words[::-1])  # a later entry can win: order counts
