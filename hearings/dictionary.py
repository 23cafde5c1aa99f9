"""The user dictionary that keeps names and institutions whole in Kiwi (hearings/data/user_words.tsv)."""

from __future__ import annotations

from pathlib import Path

USER_WORDS = Path(__file__).parent / "data" / "user_words.tsv"


def load_user_words(path: Path = USER_WORDS) -> list[tuple[str, str]]:
    words = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, _, tag = line.partition("\t")
        words.append((word.strip(), tag.strip() or "NNP"))
    return words
