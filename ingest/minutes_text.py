"""Parse the text of official minutes (as exported from HWP) into a Meeting. Pure: no I/O, no engine."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ingest.errors import BadInput
from ingest.models import Meeting, Paragraph, Turn
from ingest.names import parse_speaker_label
from ingest.terms import assembly_term_on

SPEAKER_MARK = "◯"
_SESSION = re.compile(r"第?\s*(\d+)\s*[회回]\s*국회|제\s*(\d+)\s*회\s*국회")
_SESSION_KIND = re.compile(r"\(\s*((?:임시회|정기회|臨時會|定期會)[^)]*)\)")
_NUMBER = re.compile(r"^\s*[제第]\s*(\d+)\s*[호號차次]\s*$")
_DATE = re.compile(r"(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일")
_PLACE = re.compile(r"^\s*장\s*소\s+(.+?)\s*$")
_TITLE = re.compile(r"^\s*(\S.*?)\s*(?:회의록|會議錄)\s*$")
_TIME = re.compile(r"^\(\s*\d{1,2}\s*시\s*\d{1,2}\s*분[^)]{0,12}\)$")
_CLOSE = re.compile(r"^\(\s*\d{1,2}\s*시\s*\d{1,2}\s*분\s*산회\s*\)$")
_STAGE = re.compile(r"^\(.*\)$")
_AGENDA_ITEM = re.compile(r"^\s*(?:\d+\.|o|○|ㅇ)\s+(\S.*?)\s*(?:\t\s*\d+)?\s*$")
_LABEL_AND_TEXT = re.compile(r"^◯\s*(?P<label>\S+(?: \S+){0,3}?)(?:\s{2,}|\t)(?P<text>.*)$")
# Appendix entries after 산회 look like speaker labels but are not speech.
_APPENDIX_LABEL = re.compile(r"^◯\s*(출석|청가|결석|의안|보고|서면|위원 선임|위원 개선|참고인|정부측|배석)")
_HANJA_SESSION_KINDS = {"臨時會": "임시회", "定期會": "정기회", "閉會中": "폐회중"}


@dataclass
class _Header:
    session: int | None = None
    session_kind: str = ""
    committee: str = ""
    meeting_number: int | None = None
    meeting_date: date | None = None
    place: str = ""
    agenda: list[str] = field(default_factory=list)


def meeting_type_of(committee: str) -> str:
    if "본회의" in committee:
        return "본회의"
    for marker, kind in (("국정감사", "국정감사"), ("국정조사", "국정조사"), ("인사청문", "인사청문회"),
                         ("소위원회", "소위원회"), ("특별위원회", "특별위원회")):
        if marker in committee:
            return kind
    return "상임위원회"


def _middle_dots(text: str) -> str:
    """Minutes print the middle dot as ․, ㆍ, · or ・ even within one file."""
    return re.sub(r"[․·ㆍ・]", "·", text)


def _read_session_kind(raw: str) -> str:
    for hanja, hangul in _HANJA_SESSION_KINDS.items():
        raw = raw.replace(hanja, hangul)
    return _middle_dots(raw.strip())


def _parse_header(lines: list[str]) -> _Header:
    header = _Header()
    agenda_section = False
    for line in lines:
        stripped = line.strip()
        if header.session is None and (m := _SESSION.search(stripped)):
            header.session = int(m.group(1) or m.group(2))
        if not header.session_kind and (m := _SESSION_KIND.search(stripped)):
            header.session_kind = _read_session_kind(m.group(1))
        if not header.committee and (m := _TITLE.match(stripped)) and "국회" not in stripped[:3]:
            header.committee = m.group(1).replace(" ", "")
        elif not header.committee and (m := _TITLE.match(stripped)):
            header.committee = m.group(1).replace(" ", "").removeprefix("국회")
        if header.meeting_number is None and (m := _NUMBER.match(stripped)):
            header.meeting_number = int(m.group(1))
        if header.meeting_date is None and (m := _DATE.search(stripped)):
            header.meeting_date = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if not header.place and (m := _PLACE.match(line)):
            header.place = m.group(1)
        if stripped in ("의사일정", "議事日程", "상정된 안건", "上程된 案件"):
            agenda_section = True
        elif agenda_section and (m := _AGENDA_ITEM.match(line)):
            item = _middle_dots(m.group(1))
            # 상정된 안건 repeats 의사일정 items with the proposer added: "…의 건(백혜련 위원 등 11인 제출)".
            if not any(item.startswith(known) or known.startswith(item) for known in header.agenda):
                header.agenda.append(item)
    return header


def _body_start(lines: list[str]) -> int:
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith(SPEAKER_MARK) or (_TIME.match(stripped) and "개의" in stripped):
            return index
    raise BadInput("no speaker turns found (no line starts with ◯)")


class _TurnBuilder:
    """Accumulates body lines into turns; events before the first speaker open the first turn."""

    def __init__(self, agenda: list[str]):
        self.turns: list[Turn] = []
        self.pending: list[Paragraph] = []
        self.agenda = agenda
        self.current_item = agenda[0] if len(agenda) == 1 else ""
        self.last_was_heading = False

    def speaker(self, label: str, first_text: str) -> None:
        speaker = parse_speaker_label(label)
        turn = Turn(
            seq=len(self.turns) + 1, label=speaker.label, speaker_name=speaker.name,
            speaker_printed=speaker.printed_name, role=speaker.role, mark=speaker.mark,
            paragraphs=self.pending, agenda_item=self.current_item,
        )
        self.pending = []
        self.turns.append(turn)
        if first_text:
            self.line(first_text)

    def _add(self, paragraph: Paragraph) -> None:
        (self.turns[-1].paragraphs if self.turns else self.pending).append(paragraph)

    def event(self, kind: str, text: str) -> None:
        # An event between turns (a time marker before the next speaker) belongs to what follows.
        self.pending.append(Paragraph(kind, text)) if kind == "time" else self._add(Paragraph(kind, text))

    def line(self, text: str) -> None:
        text = text.strip()
        if not text:
            return
        if _TIME.match(text):
            self.event("time", text)
        elif _STAGE.match(text):
            self._add(Paragraph("stage", text))
        elif text.startswith("(") and ")" in text and self.turns and not self.turns[-1].paragraphs:
            # "(위원장석 앞에서) 회의가 …": a leading direction, then speech.
            closing = text.index(")") + 1
            self._add(Paragraph("stage", text[:closing]))
            self.line(text[closing:])
        else:
            self._add(Paragraph("speech", text))

    def agenda_heading(self, text: str) -> bool:
        """Consecutive headings (``1. 위원장 선임`` / ``2. 간사 선임``) are taken up together."""
        for item in self.agenda:
            if text == item or text.startswith(item) or item.startswith(text):
                together = self.last_was_heading and self.current_item
                self.current_item = f"{self.current_item} · {item}" if together else item
                return True
        return False


def _is_agenda_heading(line: str) -> str | None:
    if line.startswith((" ", "\t")):
        return None
    found = _AGENDA_ITEM.match(line)
    return _middle_dots(found.group(1)) if found else None


def parse_minutes_text(text: str, source_file: str = "", source_format: str = "txt") -> Meeting:
    lines = text.split("\n")
    start = _body_start(lines)
    header = _parse_header(lines[:start])
    if header.meeting_date is None:
        raise BadInput("header has no meeting date (일시 …년 …월 …일)")
    if not header.committee:
        raise BadInput("header has no committee title (…회의록)")
    builder = _TurnBuilder(header.agenda)
    for line in lines[start:]:
        stripped = line.strip()
        if _APPENDIX_LABEL.match(stripped):
            break
        if stripped.startswith(SPEAKER_MARK):
            m = _LABEL_AND_TEXT.match(stripped)
            label, first = (m.group("label"), m.group("text")) if m else (stripped[1:], "")
            builder.speaker(label, first)
        elif (heading := _is_agenda_heading(line)) and builder.agenda_heading(heading):
            builder.last_was_heading = True
            continue
        else:
            builder.line(line)
        builder.last_was_heading = builder.last_was_heading and not stripped
        if _CLOSE.match(stripped):
            break
    if builder.pending and builder.turns:
        builder.turns[-1].paragraphs.extend(builder.pending)
    if not builder.turns:
        raise BadInput("no speaker turns found")
    return Meeting(
        committee=header.committee,
        meeting_date=header.meeting_date,
        session=header.session,
        session_kind=header.session_kind,
        meeting_number=header.meeting_number,
        assembly_term=assembly_term_on(header.meeting_date),
        meeting_type=meeting_type_of(header.committee),
        place=header.place,
        agenda=header.agenda,
        turns=builder.turns,
        source_file=source_file,
        source_format=source_format,
    )
