"""Agenda items: identically titled bills stay apart; 상정된 안건 repeats do not duplicate items."""

from ingest.minutes_text import parse_minutes_text

MINUTES = """제299회국회
(임시회)
특별위원회회의록
제4호
일  시  2011년4월28일(목)
장  소  회의실
    의사일정
 1. 현안보고
 2. 발전소주변지역 지원에 관한 법률 일부개정법률안
 3. 발전소주변지역 지원에 관한 법률 일부개정법률안
    상정된 안건
 1. 현안보고
 2. 발전소주변지역 지원에 관한 법률 일부개정법률안(안경률 의원 대표발의)(안경률․박상은․신상
 3. 발전소주변지역 지원에 관한 법률 일부개정법률안(이낙연 의원 대표발의)(의안번호 1801234)
 4. 예산안 조정의 건(위원장 제출)
(10시15분 개의)
◯위원장 이군현  회의를 시작하겠습니다.
"""


def test_identically_titled_bills_are_told_apart_by_their_proposer():
    agenda = parse_minutes_text(MINUTES).agenda
    assert agenda == [
        "현안보고",
        "발전소주변지역 지원에 관한 법률 일부개정법률안(안경률 의원 대표발의)",
        "발전소주변지역 지원에 관한 법률 일부개정법률안(이낙연 의원 대표발의)(의안번호 1801234)",
        "예산안 조정의 건(위원장 제출)",
    ]


def test_a_repeated_item_keeps_its_agenda_title():
    agenda = parse_minutes_text(MINUTES.replace(" 3. 발전소주변지역 지원에 관한 법률 일부개정법률안\n", "", 1)).agenda
    assert agenda[1] == "발전소주변지역 지원에 관한 법률 일부개정법률안"
    assert len(agenda) == 3
