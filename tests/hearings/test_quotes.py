"""A press quotation's frame taken off, and the morpheme alignment's verdicts (pure; Kiwi, no engine)."""

import pytest

from hearings.alignment import MINOR, NOT_FOUND, PARAPHRASE, VERBATIM, align
from hearings.analysis import get_analyzer
from hearings.quotes import read_pasted


@pytest.mark.parametrize(("pasted", "quote", "hint"), [
    ("박정현 의원은 지난해 국정감사에서 부다페스트 협약 가입을 서둘러야 한다고 말했다",
     "부다페스트 협약 가입을 서둘러야 한다", "박정현"),
    ("김강립 보건복지부 차관은 “검역을 강화하겠다”고 밝혔다.", "검역을 강화하겠다", "김강립"),
    ('윤일규 의원은 "우한 폐렴은 전파력이 높다"며 대책을 촉구했다', "우한 폐렴은 전파력이 높다", "윤일규"),
    ("정은경 본부장이 2020년 1월 회의에서 환자가 늘고 있다고 설명했다.", "환자가 늘고 있다", "정은경"),
    ("검역을 강화하겠습니다", "검역을 강화하겠습니다", ""),
])
def test_the_attribution_frame_is_taken_off_and_the_named_person_kept_as_a_hint(pasted, quote, hint):
    read = read_pasted(pasted)
    assert (read.quote, read.hint_name) == (quote, hint)


def test_an_omission_mark_is_noticed():
    assert read_pasted("기모란 교수는 … 접촉을 철저히 금지하고 있다고 말했다").elided


TURN = "위원님 말씀에 동의합니다. 부다페스트 협약 가입을 서둘러야 합니다. 그리고 국제 공조를 강화하겠습니다."


def _verdict(quote: str):
    quote_morphemes, turn_morphemes = get_analyzer().morphemes_many([quote, TURN])
    return align(quote, quote_morphemes, TURN, turn_morphemes, read_pasted(quote).elided)


@pytest.mark.parametrize(("quote", "verdict"), [
    ("부다페스트협약가입을서둘러야합니다", VERBATIM),
    ("부다페스트 협약 가입 서둘러야 한다", MINOR),
    ("협약 가입을 서둘러야 한다", MINOR),
    ("서둘러야 할 것은 부다페스트 협약 가입이다", PARAPHRASE),
    ("부다페스트 협약 가입을 서두를 필요가 없다", NOT_FOUND),
    ("북한 인권 문제를 제기하겠다", NOT_FOUND),
])
def test_verdicts(quote, verdict):
    assert _verdict(quote).verdict == verdict


def test_a_changed_tense_is_no_minor_difference_and_marks_show_what_differs():
    assert _verdict("국제 공조를 강화하였습니다").tense_differs
    assert _verdict("국제 공조를 강화하였습니다").verdict != MINOR
    shortened = _verdict("부다페스트 가입을 서둘러야 합니다")
    assert shortened.verdict == MINOR and shortened.dropped == 1
    start, end, kind = shortened.turn_marks[0]
    assert TURN[start:end] == "협약" and kind == "dropped"
