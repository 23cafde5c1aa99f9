"""Turns from structured records (kr-hearings-data rows, JSON Lines), built one way for both sources."""

from __future__ import annotations

from ingest.models import Paragraph, Turn
from ingest.names import hangul_reading


def turn_from_record(seq: int, speaker: object, role: object, text: object, *, party: object = "",
                     role_group: str = "", agenda_item: object = "") -> Turn:
    """A turn whose name may be printed in Hanja: searchable under its Hangul reading, printed form kept.
    Missing values (None) become empty strings."""
    printed, role_text = str(speaker or ""), str(role or "")
    return Turn(seq=seq, label=f"{role_text} {printed}".strip(), speaker_name=hangul_reading(printed),
                speaker_printed=printed, role=role_text, party=str(party or ""), role_group=role_group,
                agenda_item=str(agenda_item or ""), paragraphs=[Paragraph("speech", str(text or ""))])
