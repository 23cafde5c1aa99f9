"""Hangul readings of Hanja: shared by ingest (speaker names, committee names) and search (the search form).

Vocabulary both sides must agree on lives in the core, so that the two can never drift. The readings come
from the Unicode Unihan database (hearings/data/hanja_readings.tsv, made by scripts/make_hanja_readings.py).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache
from pathlib import Path

# Surnames whose reading as a surname differs from the character's usual reading (金 is 김, not 금).
SURNAME_READINGS = {
    "金": "김", "李": "이", "劉": "유", "柳": "유", "盧": "노", "呂": "여", "林": "임", "羅": "나",
    "梁": "양", "廉": "염", "陸": "육", "龍": "용", "雷": "뇌", "賴": "뇌",
}
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
TABLE = Path(__file__).parent / "data" / "hanja_readings.tsv"

# Jamo indexes of Unicode's syllable arithmetic (U+AC00 + (lead * 21 + vowel) * 28 + tail).
_NIEUN, _RIEUL, _IEUNG = 2, 5, 11
_RIEUL_TO_IEUNG = {2, 6, 7, 12, 17, 20}  # 랴 려 례 료 류 리 → 야 여 예 요 유 이
_RIEUL_TO_NIEUN = {0, 1, 8, 11, 13, 18}  # 라 래 로 뢰 루 르 → 나 내 노 뇌 누 느
_NIEUN_TO_IEUNG = {6, 12, 17, 20}  # 녀 뇨 뉴 니 → 여 요 유 이
_AFTER_VOWEL_OR_NIEUN = {"렬": "열", "률": "율"}  # 비율, 규율; but 확률


def initial_form(reading: str) -> str:
    """A reading at a word's start (두음법칙: 리 → 이, 로 → 노, 녀 → 여); other syllables unchanged."""
    code = ord(reading) - 0xAC00
    if len(reading) != 1 or not 0 <= code < 11172:
        return reading
    lead, vowel = divmod(code // 28, 21)
    if (lead == _RIEUL and vowel in _RIEUL_TO_IEUNG) or (lead == _NIEUN and vowel in _NIEUN_TO_IEUNG):
        lead = _IEUNG
    elif lead == _RIEUL and vowel in _RIEUL_TO_NIEUN:
        lead = _NIEUN
    return chr(0xAC00 + (lead * 21 + vowel) * 28 + code % 28)


def _after(previous: str, reading: str) -> str:
    """The reading as it sounds after ``previous``: a word's start (no letter or digit before) takes its
    initial form; 렬/률 after a vowel or ㄴ are 열/율."""
    if not previous.isalnum():
        return initial_form(reading)
    if reading in _AFTER_VOWEL_OR_NIEUN and "가" <= previous <= "힣" and (ord(previous) - 0xAC00) % 28 in (0, 4):
        return _AFTER_VOWEL_OR_NIEUN[reading]
    return reading


@cache
def readings() -> dict[str, str]:
    """Hanja → reading, compatibility ideographs (U+F900…) included as the unified ones they stand for."""
    table = {}
    for line in TABLE.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            character, reading = line.split("\t")
            table[character] = sys.intern(reading)
    for code in [*range(0xF900, 0xFB00), *range(0x2F800, 0x2FA20)]:
        unified = unicodedata.normalize("NFC", chr(code))
        if unified in table:
            table[chr(code)] = table[unified]
    return table


def read_hanja(text: str) -> str:
    """Every Hanja of ``text`` read in Hangul, character for character (``國政監査`` → ``국정감사``,
    ``李`` → ``이``); a character without a reading, and everything else, is kept as printed."""
    table, out, previous = readings(), [], " "
    for character in text:
        reading = table.get(character)
        previous = _after(previous, reading) if reading else character
        out.append(previous)
    return "".join(out)


def hangul_reading(name: str) -> str:
    """``金世淵`` → ``김세연``; Hangul input is returned unchanged."""
    name = unicodedata.normalize("NFC", name)  # compatibility ideographs (U+F9xx) → unified
    if not HAN.search(name):
        return name
    first, rest = name[0], name[1:]
    surname = SURNAME_READINGS.get(first) or read_hanja(first)
    return surname + read_hanja(rest)
