"""Turns from structured records (kr-hearings-data rows, JSON Lines), built one way for both sources."""

from __future__ import annotations

from hearings.readings import hangul_reading
from ingest.decode import strip_controls
from ingest.models import Paragraph, Turn


def _clean(value: object) -> str:
    return strip_controls(str(value or ""))


def turn_from_record(seq: int, speaker: object, role: object, text: object, *, party: object = "",
                     role_group: str = "", agenda_item: object = "") -> Turn:
    """A turn whose name may be printed in Hanja: searchable under its Hangul reading, printed form kept.
    Missing values (None) become empty strings; control characters are dropped."""
    printed, role_text = _clean(speaker), _clean(role)
    return Turn(seq=seq, label=f"{role_text} {printed}".strip(), speaker_name=hangul_reading(printed),
                speaker_printed=printed, role=role_text, party=_clean(party), role_group=_clean(role_group),
                agenda_item=_clean(agenda_item), paragraphs=[Paragraph("speech", _clean(text))])
