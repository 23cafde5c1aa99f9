"""The Assembly's vocabulary: the Kiwi user dictionary that keeps names and institutions whole
(hearings/data/user_words.tsv) and the groups of names that mean the same (hearings/data/vocabulary.tsv)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

USER_WORDS = Path(__file__).parent / "data" / "user_words.tsv"
VOCABULARY = Path(__file__).parent / "data" / "vocabulary.tsv"


def load_user_words(path: Path = USER_WORDS) -> list[tuple[str, str]]:
    words = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, _, tag = line.partition("\t")
        words.append((word.strip(), tag.strip() or "NNP"))
    known = {word for word, _ in words}
    words += [(name, "NNP") for group in load_vocabulary() for name in group if name not in known]
    return words


@lru_cache(maxsize=1)
def load_vocabulary(path: Path = VOCABULARY) -> tuple[tuple[str, ...], ...]:
    """Groups of names for the same thing (국감 = 국정감사), one group per line."""
    groups = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            groups.append(tuple(name.strip() for name in line.split("\t") if name.strip()))
    return tuple(groups)


def alternative_names(name: str) -> tuple[str, ...]:
    """The other names of `name`'s group, or () when it has none."""
    for group in load_vocabulary():
        if name in group:
            return tuple(other for other in group if other != name)
    return ()
