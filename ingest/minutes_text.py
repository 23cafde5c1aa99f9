"""Parse the text of official minutes (as exported from HWP) into a Meeting. Pure: no I/O, no engine."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from hearings.readings import read_hanja
from ingest.bounds import MEETING_NUMBER, PRINTED_PAGE, SESSION, calendar_day, whole_number
from ingest.errors import BadInput
from ingest.models import Meeting, Paragraph, Turn
from ingest.names import is_speaker_label, parse_speaker_label
from ingest.terms import assembly_term_on

SPEAKER_MARK = "◯"
_SESSION = re.compile(r"[제第]\s*(\d+)\s*[회回]\s*(?:국회|國會)")
_SESSION_KIND = re.compile(r"\(\s*((?:임시회|정기회|臨時會|定期會)[^)]*)\)")
_NUMBER = re.compile(r"^\s*[제第]\s*(\d+)\s*[호號차次]\s*$")
_DATE = re.compile(r"(\d{4})\s*[년年]\s*(\d{1,2})\s*[월月]\s*(\d{1,2})\s*[일日]")
_PLACE = re.compile(r"^\s*[장場]\s*[소所]\s+(.+?)\s*$")
_TITLE = re.compile(r"^\s*(\S.*?)\s*(?:회의록|會議錄)\s*$")
_TIME = re.compile(r"^\(\s*\d{1,2}\s*시\s*\d{1,2}\s*분[^)]{0,12}\)$")
_CLOSE = re.compile(r"^\(\s*\d{1,2}\s*시\s*\d{1,2}\s*분\s*(?:산회|감사\s*종료)\s*\)$")
_OPEN = re.compile(r"개의|감사\s*개시")
# 국정감사 minutes: "2019년도 국정감사" on the cover, the audited bodies after "피감사기관" / "감사대상기관",
# or an agenda item "보건복지부에 대한 국정감사".
_AUDIT_COVER = re.compile(r"^\d{4}\s*년도\s*국정\s*감사")
_AUDITED_LABEL = re.compile(r"^(?:피\s*감\s*사?\s*기\s*관|감\s*사\s*대\s*상\s*기\s*관)\s*[:：]?\s*(.*)$")
_AUDITED_IN_AGENDA = re.compile(r"^(.+?)에\s*대한\s*(?:국정)?\s*감사")
_LIST_SEPARATORS = re.compile(r"\s*(?:[,，、]|\s및\s|\s{2,})\s*")
_STAGE = re.compile(r"^\(.*\)$")
_AGENDA_ITEM = re.compile(r"^\s*(?:(\d+)\.|o|○|ㅇ)\s+(\S.*?)\s*(?:\t\s*\d+)?\s*$")
# "…법률안(안경률 의원 대표발의)(안경률․박상은․… 의원 발의)": the co-sponsor list (names joined by
# middle dots, often wrapping onto the next lines) is dropped; a bill number "(의안번호…)" is kept.
_CO_SPONSORS = re.compile(r"(?<=대표발의\))\((?:[^()]*·[^()]*(?:\)|$)|[^()]*$|[^()]*의원\s*발의\))")
_NAME = r"[가-힣\u3400-\u9fff\uf900-\ufaff]{2,5}(?:\([^)\s]{1,3}\))?"
# ◯윤한홍 위원 / ◯이수진(비) 위원 / ◯위원장 이상민 / ◯보건복지부차관 김강립 — then the speech. PDF text
# layers sometimes keep only one space after the label, so the label is recognised by its shape. A title
# and its name are one space apart; two spaces end a label (``◯위원장  이번에`` has lost its name).
_LABEL_AND_TEXT = re.compile(
    rf"^◯\s*(?P<label>{_NAME}\s+(?:위원|의원|委員|議員)|[^\s◯]+\s{_NAME})(?=\s|$)\s*(?P<text>.*)$"
)
# Appendix entries after 산회 look like speaker labels but are not speech.
_APPENDIX_LABEL = re.compile(r"^◯\s*(출석|청가|결석|의안 ?회부|보고사항|서면|위원 ?선임|위원 ?개선)")
_AGENDA_SECTIONS = {"의사일정", "議事日程", "상정된안건", "上程된案件", "심사된안건", "審査된案件"}
_HANJA_SESSION_KINDS = {"臨時會": "임시회", "定期會": "정기회", "閉會中": "폐회중"}


# Running headers of printed minutes:
#   "제375회-보건복지제1차(2020년1월30일)  3", "2019년도국감-보건복지(2019년10월2일) 33"
# The page number is printed before the header on even pages and after it on odd ones.
_RUNNING_HEADER = re.compile(
    r"^\s*(?:(?P<before>\d+)\s+)?(?:제\d+회\s*[-－]|\d{4}년도\s*국감\s*[-－]).{0,80}\(\d{4}년\s*\d+월\s*\d+일\)"
    r"\s*(?P<after>\d+)?\s*$"
)
# A line "\f12" in a reader's text: the page printed as 12 starts here ("\f" alone: a page that prints no
# number). Only the PDF reader writes it; decoded text files have their form feeds turned into line ends.
PAGE_MARK = "\f"


def is_running_header(line: str) -> bool:
    return bool(_RUNNING_HEADER.match(line))


def printed_page(header: str) -> int | None:
    """The page number a running header prints, if it prints one."""
    found = _RUNNING_HEADER.match(header)
    number = found and (found.group("before") or found.group("after"))
    return _page_number(number) if isinstance(number, str) else None


def _page_number(digits: str) -> int | None:
    """A printed page number, or None past any real page (a header's digits are not trusted)."""
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 6:
        return None
    return int(digits) if int(digits) <= PRINTED_PAGE[1] else None


def page_mark(number: int | None) -> str:
    return f"{PAGE_MARK}{number if number is not None else ''}"


def _marked_page(line: str) -> int | None:
    digits = line[len(PAGE_MARK):]
    return _page_number(digits)


@dataclass
class _Header:
    session: int | None = None
    session_kind: str = ""
    committee: str = ""
    meeting_number: int | None = None
    meeting_date: date | None = None
    place: str = ""
    agenda: list[str] = field(default_factory=list)
    audit: bool = False
    audited_bodies: list[str] = field(default_factory=list)


def _bodies(text: str) -> list[str]:
    return [_middle_dots(part) for part in _LIST_SEPARATORS.split(text.strip()) if part.strip()]


def _is_header_field(line: str) -> bool:
    stripped = line.strip()
    return bool(_DATE.search(stripped) or _PLACE.match(line) or _TITLE.match(stripped) or _NUMBER.match(stripped)
                or stripped.replace(" ", "") in _AGENDA_SECTIONS or stripped.startswith(SPEAKER_MARK))


def _audited_in_agenda(agenda: list[str]) -> list[str]:
    bodies: list[str] = []
    for item in agenda:
        if m := _AUDITED_IN_AGENDA.match(item):
            bodies += [body for body in _bodies(m.group(1)) if body not in bodies]
    return bodies


# A hearing held by a standing committee is named by its agenda ("…후보자 인사청문회"), not by the
# committee; the items that plan or report on one ("…실시계획서 채택의 건") are not the hearing.
_HEARING_ITEM = re.compile(r"인사청문(?:회)?\s*$")


def meeting_type_of(committee: str, agenda: list[str] = (), roles: list[str] = ()) -> str:
    """The kind of meeting, from the committee's name, else a hearing's agenda or a candidate speaking."""
    if "본회의" in committee:
        return "본회의"
    if any(_HEARING_ITEM.search(item) for item in agenda) or any(role.endswith("후보자") for role in roles):
        return "인사청문회"
    for marker, kind in (("국정감사", "국정감사"), ("국정조사", "국정조사"), ("인사청문", "인사청문회"),
                         ("소위원회", "소위원회"), ("특별위원회", "특별위원회")):
        if marker in committee:
            return kind
    return "상임위원회"


def _middle_dots(text: str) -> str:
    """Minutes print the middle dot as ․, ㆍ, · or ・ even within one file; tables of contents add dot leaders."""
    text = re.sub(r"\s*[·.…]{4,}\s*\d*\s*$", "", text)
    return re.sub(r"[․·ㆍ・]", "·", text).strip()


def _read_session_kind(raw: str) -> str:
    for printed, hangul in _HANJA_SESSION_KINDS.items():
        raw = raw.replace(printed, hangul)
    return _middle_dots(raw.strip())


def _committee_name(title: str, previous_line: str) -> str:
    """``보건복지위원회``; a long title may wrap onto two lines; older covers print it in Hanja."""
    name = title.replace(" ", "")
    if not re.search(r"(위원회|委員會|본회의|本會議)$", name) and previous_line:
        name = previous_line.replace(" ", "") + name
    elif previous_line and not re.search(r"\d|회의록|會議錄", previous_line) and re.match(r"^[^\s]*(委員會)$", name):
        name = previous_line.replace(" ", "") + name
    return _middle_dots(_hangul(name).removeprefix("국회"))


def _hangul(text: str) -> str:
    """Older covers print in Hanja (知識經濟委員會會議室); search and facets use the Hangul reading."""
    return read_hanja(text) if re.search(r"[\u4e00-\u9fff]", text) else text


def _agenda(sections: list[list[tuple[int | None, str]]]) -> list[str]:
    """The agenda from the first list (의사일정). Later lists (상정된 안건) repeat its items with the
    proposer added ("…의 건(백혜련 위원 등 11인 제출)"): they only add items not seen yet, and they
    tell apart identically titled bills (seven "발전소주변지역 지원에 관한 법률 일부개정법률안") by
    giving each its proposer, matched by item number."""
    if not sections:
        return []
    first, later = sections[0], sections[1:]
    agenda = [item for _, item in first]
    titles = Counter(agenda)
    richer = {number: item for section in later for number, item in section if number is not None}
    for index, (number, item) in enumerate(first):
        if titles[item] > 1 and richer.get(number, "").startswith(item):
            agenda[index] = richer[number]
    for section in later:
        for _, item in section:
            if not any(item.startswith(known) or known.startswith(item) for known in agenda):
                agenda.append(item)
    return agenda


def _count(digits: str, what: str, bounds: tuple[int, int]) -> int:
    """A number printed in the header, bounded: a cover reading 제99999999999회 is refused by name."""
    number = whole_number(digits, f"header {what}", bounds)
    assert number is not None  # the patterns match one digit at least
    return number


def _parse_header(lines: list[str]) -> _Header:
    header = _Header()
    audited_section = False
    sections: list[list[tuple[int | None, str]]] = []  # 의사일정, then 상정된/심사된 안건: numbered items
    previous = ""
    for line in lines:
        line = unicodedata.normalize("NFC", line)  # compatibility ideographs (U+F9xx) in older covers
        stripped = line.strip()
        if header.session is None and (m := _SESSION.search(stripped)):
            header.session = _count(m.group(1), "session", SESSION)
        if not header.session_kind and (m := _SESSION_KIND.search(stripped)):
            header.session_kind = _read_session_kind(m.group(1))
        # "임시회의록" on a provisional cover marks the text, it names no committee.
        if not header.committee and (m := _TITLE.match(stripped)) and m.group(1).replace(" ", "") != "임시":
            header.committee = _committee_name(m.group(1), previous)
        if header.meeting_number is None and (m := _NUMBER.match(stripped)):
            header.meeting_number = _count(m.group(1), "meeting number", MEETING_NUMBER)
        if header.meeting_date is None and (m := _DATE.search(stripped)):
            header.meeting_date = calendar_day(*(int(part) for part in m.groups()), what="meeting date")
        if not header.place and (m := _PLACE.match(line)):
            header.place = _hangul(m.group(1))
        if _AUDIT_COVER.match(stripped):
            header.audit = True
        if m := _AUDITED_LABEL.match(stripped):
            header.audited_bodies += _bodies(m.group(1))
            audited_section = True
        elif audited_section and stripped and not _is_header_field(line):
            header.audited_bodies += _bodies(stripped)  # the list continues on the next lines
        else:
            audited_section = False
        previous = stripped
        if stripped.replace(" ", "") in _AGENDA_SECTIONS:
            sections.append([])
        elif sections and (m := _AGENDA_ITEM.match(line)):
            number = int(m.group(1)) if m.group(1) else None
            sections[-1].append((number, _CO_SPONSORS.sub("", _middle_dots(m.group(2)))))
    header.agenda = _agenda(sections)
    if header.audit and not header.audited_bodies:
        header.audited_bodies = _audited_in_agenda(header.agenda)
    return header


def _body_start(lines: list[str]) -> int:
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith(SPEAKER_MARK) or (_TIME.match(stripped) and _OPEN.search(stripped)):
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
        self.page: int | None = None  # the printed page being read, where the source marks pages

    def speaker(self, label: str, first_text: str) -> None:
        speaker = parse_speaker_label(label)
        turn = Turn(
            seq=len(self.turns) + 1, label=speaker.label, speaker_name=speaker.name,
            speaker_printed=speaker.printed_name, role=speaker.role, mark=speaker.mark,
            paragraphs=self.pending, agenda_item=self.current_item,
            pages=[self.page] if self.page is not None else [],
        )
        self.pending = []
        self.turns.append(turn)
        if first_text:
            self.line(first_text)

    def stray_mark(self, text: str) -> bool:
        """A ◯ line with no speaker name: kept as text of the turn before it, if there is one."""
        if self.turns:
            self.line(text)
        return bool(self.turns)

    def _add(self, paragraph: Paragraph) -> None:
        if not self.turns:
            self.pending.append(paragraph)
            return
        turn = self.turns[-1]
        turn.paragraphs.append(paragraph)
        # Pages count where the label, speech or a stage direction is printed; a time marker opens the next turn.
        if self.page is not None and self.page not in turn.pages:
            turn.pages.append(self.page)

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
    return _middle_dots(found.group(2)) if found else None


def parse_minutes_text(text: str, source_file: str = "", source_format: str = "txt") -> Meeting:
    lines = text.split("\n")
    start = _body_start(lines)
    header = _parse_header([line for line in lines[:start] if not line.startswith(PAGE_MARK)])
    if header.meeting_date is None:
        raise BadInput("header has no meeting date (일시 …년 …월 …일)")
    if not header.committee:
        raise BadInput("header has no committee title (…회의록)")
    builder = _TurnBuilder(header.agenda)
    builder.page = next((_marked_page(line) for line in reversed(lines[:start]) if line.startswith(PAGE_MARK)), None)
    warnings: list[str] = []
    for number, line in enumerate(lines[start:], start + 1):
        if line.startswith(PAGE_MARK):
            builder.page = _marked_page(line)
            continue
        stripped = line.strip()
        if _APPENDIX_LABEL.match(stripped):
            break
        if is_running_header(stripped):  # text extracted from a PDF by other tools keeps page headers
            continue
        if stripped.startswith(SPEAKER_MARK):
            m = _LABEL_AND_TEXT.match(stripped)
            label, first = (m.group("label"), m.group("text")) if m else (stripped[1:], "")
            if is_speaker_label(label):
                builder.speaker(label, first)
            else:
                kept = builder.stray_mark(stripped[1:])
                warnings.append(f"line {number}: {stripped[:40]!r} starts with ◯ but has no speaker name; "
                                + ("kept as text of the turn before it" if kept else "dropped (no turn before it)"))
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
        unnamed = f" ({len(warnings)} lines start with ◯ but name no speaker)" if warnings else ""
        raise BadInput(f"no speaker turns found{unnamed}")
    return Meeting(
        committee=header.committee,
        meeting_date=header.meeting_date,
        session=header.session,
        session_kind=header.session_kind,
        meeting_number=header.meeting_number,
        assembly_term=assembly_term_on(header.meeting_date),
        meeting_type="국정감사" if header.audit else meeting_type_of(
            header.committee, header.agenda, [turn.role for turn in builder.turns]),
        audited_bodies=header.audited_bodies,
        place=header.place,
        agenda=header.agenda,
        turns=builder.turns,
        source_file=source_file,
        source_format=source_format,
        warnings=warnings,
    )
