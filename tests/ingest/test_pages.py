"""Printed pages of turns: checked by hand against the sample PDFs, and never invented where a source has none.

How the pages below were found: each PDF's pages were extracted with PyMuPDF (``page.get_text()``, the library
the PDF reader uses) and read; a turn's first page is the page whose text holds its ◯ label, its last page the
one holding its closing words, and the number is the one the page's running header prints
(``제375회-보건복지제1차(2020년1월30일)  7``), which in these files is also the PDF page index + 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from ingest.minutes_text import page_mark, parse_minutes_text, printed_page
from ingest.readers import read_meeting
from tests.golden import CORPUS

BOKJI = CORPUS / "congresswatch_sample_2020_bokji_375-1_2020-01-30.pdf"
GONGHANG = CORPUS / "congresswatch_gonghang-teukwi_299-4_2011-04-28.pdf"


@dataclass(frozen=True)
class Checked:
    source: Path
    seq: int
    speaker: str
    opening: str  # the first words after the label, to be sure the seq names the turn that was read
    pages: list[int]
    evidence: str  # what was read on the pages


CHECKED = [
    Checked(BOKJI, 1, "김세연", "좌석을 정돈해 주시기 바랍니다.", [1, 2],
            "label under the cover on p.1; '그러면 의사일정에 들어가겠습니다.' on p.2 above "
            "'1. 간사 및 소위원장 개선의 건'"),
    Checked(BOKJI, 22, "김강립", "존경하는 오제세 위원님께서 지적해 주신", [6, 7],
            "label at the foot of p.6's right column ('…증상이 없는 경우는 보건교'); p.7 opens '육을 해서', "
            "ends '최선을 다하겠습니다.' before ◯오제세 위원"),
    Checked(BOKJI, 25, "오제세", "감사합니다.", [7], "one line '◯오제세 위원  감사합니다.' in p.7's right column"),
    Checked(BOKJI, 71, "박종혁", "첫 번째 먼저 말씀드리겠습니다.", [12, 13],
            "label on p.12 ('…이런 부분들은 빨리' ends the page); p.13 opens '업데이트해서 … 바람이 듭니다.'"),
    Checked(BOKJI, 117, "정춘숙", "정춘숙 위원입니다.", [16, 17, 18],
            "label at the foot of p.16, all of p.17, and on p.18 after '(발언시간 초과로 마이크 중단)' "
            "'… 답변 몇 가지 부탁드립니다.'"),
    Checked(BOKJI, 300, "김강립", "예, 명심하겠습니다.", [37], "one line on p.37 after 김승희 위원's turn"),
    Checked(BOKJI, 350, "윤일규", "감사합니다.", [39], "one line on p.39 before the chair calls 이명수 위원"),
    Checked(BOKJI, 352, "이명수", "김 차관님, 고생 많은데요", [39, 40],
            "label on p.39 ('…지금이라도 다시 선정해 보십시오. 있' ends the page); p.40 opens '습니다.', "
            "ends '어디가 실질적인 컨트롤타워입니까? 어디예요?'"),
    Checked(GONGHANG, 16, "최연희", "현안에 대한 질의를 하겠다는 겁", [5, 6],
            "label is the last line of p.5 ('…하겠다는 겁'); p.6 opens '니다.'"),
    Checked(GONGHANG, 46, "김용구", "그러면 이분들이 별도로 추가로", [7, 8],
            "label is the last line of p.7; p.8 opens '요구하는 겁니까, 이게?'"),
    Checked(GONGHANG, 54, "김호성", "간략하게 하겠습니다.", [9, 10, 11],
            "label on p.9 after the chair's call for the 검토보고; all of p.10; on p.11 '감사합니다.' before "
            "'(이상 9건 검토보고서는 부록으로 보존함)'"),
    Checked(GONGHANG, 123, "최연희", "물론 모든 것이 발전소나 원전이나", [17, 18],
            "label on p.17; '…더 희망할 것 아니에요, 그렇지요?' on p.18"),
]


@pytest.fixture(scope="module")
def meetings():
    return {path: read_meeting(path) for path in (BOKJI, GONGHANG)}


@pytest.mark.parametrize("checked", CHECKED, ids=lambda c: f"{c.source.name[:20]}-{c.seq}")
def test_pdf_turns_carry_the_printed_pages_read_by_hand(meetings, checked):
    turn = meetings[checked.source].turns[checked.seq - 1]
    assert (turn.seq, turn.speaker_name) == (checked.seq, checked.speaker)
    assert turn.text.startswith(checked.opening)
    assert turn.pages == checked.pages, checked.evidence


def test_every_pdf_turn_has_ascending_pages_within_the_document(meetings):
    for meeting in meetings.values():
        last = 0
        for turn in meeting.turns:
            assert turn.pages == sorted(set(turn.pages)) and turn.pages, turn.seq
            assert turn.pages[0] >= last and turn.pages == list(range(turn.pages[0], turn.pages[-1] + 1))
            last = turn.pages[-1]


@pytest.mark.parametrize("source", sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".hwp", ".md")),
                         ids=lambda p: p.name)
def test_sources_that_mark_no_pages_give_none(source):
    # Checked: these files hold no form feeds or running headers, and the HWP files no page breaks or
    # first-line-of-page layout flags; so their turns have no page rather than a guessed one.
    assert all(turn.pages == [] for turn in read_meeting(source).turns)


def test_running_headers_print_their_page_number_on_either_side():
    assert printed_page("제375회-보건복지제1차(2020년1월30일)  7") == 7
    assert printed_page(" 12  제299회－공항·발전소·액화천연가스인수기지주변대책특별제4차(2011년4월28일)") == 12
    assert printed_page("2019년도국감-보건복지(2019년10월2일) 33") == 33
    assert printed_page("제375회-보건복지제1차(2020년1월30일)") is None
    assert printed_page("제375회 국회 보건복지위원회") is None


MINUTES = """제375회국회
보건복지위원회회의록
제1호
일  시  2020년1월30일(목)
{mark1}
(10시02분 개의)
◯위원장 김세연  회의를 시작하겠습니다.
◯기동민 위원  질의하겠습니다.
{mark2}
이어서 질의합니다.
(11시00분 산회)
"""


def test_a_page_mark_starts_a_page_and_a_number_less_page_gives_no_page():
    meeting = parse_minutes_text(MINUTES.format(mark1=page_mark(4), mark2=page_mark(5)))
    assert [turn.pages for turn in meeting.turns] == [[4], [4, 5]]
    assert meeting.committee == "보건복지위원회" and "\f" not in meeting.turns[1].text
    unnumbered = parse_minutes_text(MINUTES.format(mark1=page_mark(4), mark2=page_mark(None)))
    # the page after the break prints no number: what follows it is on no known page
    assert [turn.pages for turn in unnumbered.turns] == [[4], [4]]
