"""Which analysis produced a turn's terms: the version the analysis store (ingest/analysis_store.py) keys on.

Stored analysis is reused only under the same version, so anything that can change the terms a text gets
is part of it: the analysis revision below (bumped by hand when hearings/analysis.py, phrases.py or
readings.py change their output; tests/hearings/test_analysis_version.py fails until it is), the Kiwi
release (its model segments differently) and the user dictionary (it keeps names whole).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

# Bump on any change to what hearings/analysis.py, phrases.py or readings.py make of a text; the test named
# above pins the output of the sample corpus to this number.
ANALYSIS_REVISION = 3  # 2: word stems and numbers with units (issue 25); 3: numbers are no topics


def dictionary_digest(user_words: list[tuple[str, str]]) -> str:
    """A short digest of the user dictionary as Kiwi is given it (order included: a later entry can win)."""
    text = "\n".join(f"{word}\t{tag}" for word, tag in user_words)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def version_string(revision: int, kiwi_release: str, dictionary: str) -> str:
    """The version as a folder name: a<revision>-kiwi<release>-d<dictionary digest>."""
    return f"a{revision}-kiwi{kiwi_release}-d{dictionary}"


@lru_cache(maxsize=1)
def analysis_version() -> str:
    """The version of the analysis this code runs (without loading Kiwi's model)."""
    from importlib.metadata import version

    from hearings.dictionary import load_user_words

    return version_string(ANALYSIS_REVISION, version("kiwipiepy"), dictionary_digest(load_user_words()))
