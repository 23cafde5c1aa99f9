"""The domain as parsed from minutes: a meeting, its agenda and its speaker turns."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date


@dataclass(slots=True)
class Paragraph:
    """One block of a turn as printed: speech, a stage direction ``(장내 소란)`` or a time marker."""

    kind: str  # "speech" | "stage" | "time"
    text: str


@dataclass(slots=True)
class Turn:
    seq: int
    label: str  # the speaker label as printed, e.g. "위원장직무대행 李恩宰"
    speaker_name: str  # Hangul reading, used for search and facets
    speaker_printed: str  # the name as printed (may be Hanja)
    role: str  # 위원장, 위원, 보건복지부차관, 참고인 ...
    mark: str = ""  # e.g. "비" from "이수진(비)"
    party: str = ""  # where the source knows it (kr-hearings-data, a roster)
    member_id: str = ""  # the member's stable code (MONA_CD) where a roster tells the person for sure
    role_group: str = ""  # where the source classifies roles itself; otherwise derived from the role
    paragraphs: list[Paragraph] = field(default_factory=list)
    agenda_item: str = ""
    pages: list[int] = field(default_factory=list)  # printed pages the turn spans, where the source marks pages

    @property
    def text(self) -> str:
        """The searchable speech: stage directions and time markers are left out."""
        return "\n".join(p.text for p in self.paragraphs if p.kind == "speech")


@dataclass(slots=True)
class Meeting:
    committee: str
    meeting_date: date
    session: int | None
    session_kind: str  # 임시회 / 정기회, with 폐회중 where printed
    meeting_number: int | None
    assembly_term: int | None
    meeting_type: str
    place: str = ""
    agenda: list[str] = field(default_factory=list)
    audited_bodies: list[str] = field(default_factory=list)  # 국정감사: the bodies audited at this sitting
    turns: list[Turn] = field(default_factory=list)
    source_file: str = ""
    source_format: str = ""
    source_url: str = ""  # the official record (record.assembly.go.kr) when the source names it
    spacing_restored: bool = False  # the text layer had lost its spaces; Kiwi put them back
    warnings: list[str] = field(default_factory=list)  # lines kept or dropped in doubt: to report, not to index
    provisional: bool = False  # 임시회의록: published before the final text, may still change
    provenance: dict = field(default_factory=dict)  # sync: confer_num, conf_id, fetched_at, sha256, file_url
    revisions: list[dict] = field(default_factory=list)  # what changed between versions of the same sitting

    @property
    def meeting_id(self) -> str:
        """Derived from what the sitting is, not from the file, so one sitting is indexed once."""
        key = "|".join(
            str(part)
            for part in (self.assembly_term, self.session, self.committee, self.meeting_number, self.meeting_date)
        )
        digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
        return f"{self.meeting_date:%Y%m%d}-{self.session or 0}-{self.meeting_number or 0}-{digest}"

    def turn_id(self, turn: Turn) -> str:
        return f"{self.meeting_id}-{turn.seq:04d}"
