"""Hangul readings of Hanja: shared by ingest (speaker names) and search (a typed Hanja name).

Vocabulary both sides must agree on lives in the core, so that the two can never drift.
"""

from __future__ import annotations

import re
import unicodedata

import hanja  # maintained Hanja→Hangul table; better than a hand-made one for given names

# Surnames whose reading as a surname differs from the character's usual reading (金 is 김, not 금).
SURNAME_READINGS = {
    "金": "김", "李": "이", "劉": "유", "柳": "유", "盧": "노", "呂": "여", "林": "임", "羅": "나",
    "梁": "양", "廉": "염", "陸": "육", "龍": "용", "雷": "뇌", "賴": "뇌",
}
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def hangul_reading(name: str) -> str:
    """``金世淵`` → ``김세연``; Hangul input is returned unchanged."""
    name = unicodedata.normalize("NFC", name)  # compatibility ideographs (U+F9xx) → unified
    if not HAN.search(name):
        return name
    first, rest = name[0], name[1:]
    surname = SURNAME_READINGS.get(first) or hanja.translate(first, "substitution")
    return surname + hanja.translate(rest, "substitution")
