"""Speaker labels: split the printed label into name, role and marks; read Hanja names in Hangul."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hearings.readings import HAN as _HAN
from hearings.readings import hangul_reading, read_hanja

# Role words printed after the name (``윤한홍 위원``); Hanja forms appear in older minutes.
_ROLES_AFTER_NAME = {"위원": "위원", "의원": "의원", "委員": "위원", "議員": "의원"}
_HANJA_ROLE_WORDS = {"委員長": "위원장", "議長": "의장", "副議長": "부의장", "委員": "위원", "議員": "의원"}
_MARK = re.compile(r"\(([^)]{1,4})\)$")
_NAME_SHAPE = re.compile(r"[가-힣]{2,5}|[\u3400-\u9fff\uf900-\ufaff]{2,4}")
# Endings of speech, never of a name: what follows ◯ when the name was left out ("◯ 부탁드리겠습니다.").
_SPEECH_ENDINGS = ("니다", "니까", "세요", "에서", "께서", "에게", "으로", "부터", "까지", "를")
_TITLE_WORDS = {"위원장", "위원", "의원", "의장", "부의장", "간사", "소위원장", "위원장대리", "위원장직무대행",
                "의장직무대행", "임시의장", "참고인", "증인", "진술인", "감정인", "공술인"}


@dataclass(frozen=True, slots=True)
class SpeakerLabel:
    label: str
    name: str  # Hangul reading
    printed_name: str
    role: str
    mark: str = ""


def _read_role(role: str) -> str:
    if role in _HANJA_ROLE_WORDS:
        return _HANJA_ROLE_WORDS[role]
    return read_hanja(role) if _HAN.search(role) else role


def looks_like_name(printed: str) -> bool:
    """2–5 Hangul syllables or 2–4 Hanja, and neither a title on its own nor the end of a sentence."""
    if printed in _TITLE_WORDS or printed in _HANJA_ROLE_WORDS or printed.endswith(_SPEECH_ENDINGS):
        return False
    return bool(_NAME_SHAPE.fullmatch(printed))


def is_speaker_label(label: str) -> bool:
    """Whether a label (``위원장 이상민``, ``윤한홍 위원``) names a speaker, rather than being the first
    words of a speech whose speaker was left out."""
    return looks_like_name(parse_speaker_label(label).printed_name)


def parse_speaker_label(label: str) -> SpeakerLabel:
    """Two orders appear: ``위원장 이상민`` / ``보건복지부차관 김강립`` and ``윤한홍 위원`` / ``이수진(비) 위원``."""
    label = " ".join(label.split())
    parts = label.split(" ")
    if len(parts) >= 2 and parts[-1] in _ROLES_AFTER_NAME:
        printed, role = " ".join(parts[:-1]), _ROLES_AFTER_NAME[parts[-1]]
    elif len(parts) >= 2:
        printed, role = parts[-1], _read_role(" ".join(parts[:-1]))
    else:
        printed, role = label, ""
    mark = ""
    found = _MARK.search(printed)
    if found:
        mark, printed = found.group(1), printed[: found.start()]
    return SpeakerLabel(label=label, name=hangul_reading(printed), printed_name=printed, role=role, mark=mark)
