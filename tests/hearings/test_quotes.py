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
    # Any title reads as a title (issue 26): an organisation, Latin letters, two title words, a party first.
    ('김현 대한변호사협회장은 "검찰 개혁은 필요하다"고 말했다', "검찰 개혁은 필요하다", "김현"),
    ('박민 KBS 사장은 "공정 방송을 하겠다"고 말했다', "공정 방송을 하겠다", "박민"),
    ('조성은 방송통신위원회 사무처장은 "절차에 문제가 없다"고 밝혔다', "절차에 문제가 없다", "조성은"),
    ('이진숙 방송통신위원장 후보자는 "공영방송은 정상화돼야 한다"고 말했다', "공영방송은 정상화돼야 한다", "이진숙"),
    ('국민의힘 박정훈 의원은 "사장 선임은 적법하다"고 주장했다', "사장 선임은 적법하다", "박정훈"),
    ('김태규 방통위원장 직무대행은 "문제가 없다"고 답했다', "문제가 없다", "김태규"),
    ('정부는 "문제가 없다"고 밝혔다', "문제가 없다", ""),
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


def _aligned(said: str, quote: str):
    quote_morphemes, turn_morphemes = get_analyzer().morphemes_many([quote, said])
    return align(quote, quote_morphemes, said, turn_morphemes)


# The six flips of issue 26, each on a sentence of its shape; every one was called 사소한 차이 before.
@pytest.mark.parametrize(("said", "quote", "reason"), [
    ("참여정부에 레임덕이 없다고 생각합니다.", "참여정부에 레임덕이 있다고 생각합니다", "부정이 다릅니다: 없다 ↔ 있다"),
    ("헌법 가치가 훼손되지 않고 지켜질 것이라고 생각합니다.",
     "헌법 가치가 훼손되지 않고 지켜질 것이라고 생각하지 않습니다", "부정이 다릅니다: 긍정 ↔ -지 않다"),
    ("그런 계획은 현재로서는 없습니다.", "그런 계획은 현재로서는 있습니다", "부정이 다릅니다: 없다 ↔ 있다"),
    ("이 사안은 수사 대상이 아닙니다.", "이 사안은 수사 대상입니다", "부정이 다릅니다: 아니다 ↔ 이다"),
    ("이번에는 반드시 사장을 공정하게 뽑아야 합니다.", "이번에는 반드시 사장을 공정하게 뽑지 못합니다",
     "부정이 다릅니다: 긍정 ↔ -지 못하다"),
    ("그 노력이 무의미한 것은 아니지요.", "그 노력이 무의미한 것이지요", "부정이 다릅니다: 아니다 ↔ 이다"),
])
def test_a_flipped_clause_is_never_minor_and_the_flip_is_the_reason(said, quote, reason):
    result = _aligned(said, quote)
    assert result.verdict == NOT_FOUND and result.negation_differs
    assert result.reasons[0] == reason


@pytest.mark.parametrize(("said", "quote", "reason"), [
    ("저는 그 법안에 찬성합니다.", "저는 그 법안에 반대합니다", "부정이 다릅니다: 찬성 ↔ 반대"),
    ("그건 기술적으로 가능합니다.", "그건 기술적으로 불가능합니다", "부정이 다릅니다: 가능 ↔ 불가능"),
    ("이 문제는 제가 잘 압니다.", "이 문제는 제가 잘 모릅니다", "부정이 다릅니다: 알다 ↔ 모르다"),
    ("그 문제는 안 됩니다.", "그 문제는 됩니다", "부정이 다릅니다: 안 ↔ 긍정"),
    ("그런 말은 하지 마십시오.", "그런 말은 하십시오", "부정이 다릅니다: -지 말다 ↔ 긍정"),
    ("예산을 3억 원 늘리겠습니다.", "예산을 5억 원 늘리겠습니다", "숫자가 다릅니다: 3억원 ↔ 5억원"),
    ("예산을 3억 원 늘리겠습니다.", "예산을 3억 원 늘렸습니다", "말의 양태가 다릅니다: 하겠다 ↔ 했다"),
    ("이 문제를 해결할 수 있습니다.", "이 문제를 해결해야 합니다", "말의 양태가 다릅니다: 할 수 있다 ↔ 해야 한다"),
    ("이 문제를 해결해야 합니다.", "이 문제를 해결했습니다", "말의 양태가 다릅니다: 해야 한다 ↔ 했다"),
    ("개혁 논의하고는 정면으로 역행한다고 생각합니다.", "개혁 논의하고는 정면으로 부합한다고 생각합니다",
     "서술어가 다릅니다: 회의록에 없는 '부합'"),
])
def test_antonyms_numbers_modality_and_predicates_are_compared_too(said, quote, reason):
    result = _aligned(said, quote)
    assert result.verdict == NOT_FOUND
    assert reason in result.reasons


@pytest.mark.parametrize(("said", "quote"), [
    ("기재부하고도 협의하도록 하겠습니다.", "기재부와도 협의하겠다"),
    ("제가 그것에 대한 판단을 할 입장은 아니라고 생각됩니다.", "제가 그것에 대해 판단할 입장은 아니라고 생각된다"),
    ("말씀하실 수밖에 없는데, 저는 오염된 칼로 수술을 할 수는 없다고 봅니다.", "오염된 칼로 수술을 할 수 없다"),
    ("적어도 발의된 법안을 한 번은 심의를 해 주는 것이 도리 아니겠습니까.",
     "적어도 발의된 법안을 한 번은 심의해 주는 것이 도리 아니냐"),
])
def test_the_same_polarity_and_modality_in_other_endings_stays_minor(said, quote):
    result = _aligned(said, quote)
    assert result.verdict == MINOR and result.reasons == []
