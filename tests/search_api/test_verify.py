"""Quote check against the real node: verdicts at the right turn, attribution as a finding, first said and
every repeat, and "not found" that invents nothing."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import index_meetings

pytestmark = pytest.mark.es
SAID = "부다페스트 협약 가입을 서둘러야 국제 공조로 사이버 범죄를 막을 수 있습니다."
MEETINGS = [
    {"committee": "과학기술정보방송통신위원회", "date": "2019-10-04", "session": 371, "meeting_number": 1, "turns": [
        {"speaker": "박정현", "role": "위원", "text": "장관님, 한 가지만 묻겠습니다. " + SAID},
        {"speaker": "홍길동", "role": "과학기술정보통신부장관", "text": "검토하겠습니다."},
    ]},
    {"committee": "과학기술정보방송통신위원회", "date": "2020-10-07", "session": 382, "meeting_number": 2, "turns": [
        {"speaker": "이은재", "role": "위원", "text": "작년에 나온 말입니다. " + SAID + " 아직도 그대로입니다."},
        {"speaker": "박정현", "role": "위원", "text": "협약 가입은 필요 없다고 봅니다. 국내법으로 충분합니다."},
    ]},
    # A speaker stored with the role in front of the name, as confirmation hearings print it.
    {"committee": "과학기술정보방송통신위원회", "date": "2024-07-24", "session": 416, "meeting_number": 1, "turns": [
        {"speaker": "후보자 이진숙", "role": "방송통신위원장후보자",
         "text": "답변드리겠습니다. 공영방송 이사 선임 절차에는 아무런 문제가 없다고 생각합니다."},
    ]},
]
HEARING = "공영방송 이사 선임 절차에는 아무런 문제가 없다고 생각합니다"


@pytest.fixture(scope="module")
def verify_api(settings, es_client, analyzer, tmp_path_factory):
    from web.app import create_app

    return TestClient(create_app(index_meetings(settings, es_client, analyzer, tmp_path_factory.mktemp("verify"),
                                                "test-verify-turns", MEETINGS)))


def _verify(api, text: str) -> dict:
    response = api.get("/api/verify", params={"text": text})
    assert response.status_code == 200, response.text
    return response.json()


def test_a_quotation_in_a_press_frame_is_verbatim_and_first_said_in_2019(verify_api):
    result = _verify(verify_api,
                     '박정현 의원은 "부다페스트 협약 가입을 서둘러야 국제 공조로 사이버 범죄를 막을 수 있다"고 말했다.')
    assert result["quote"].startswith("부다페스트 협약") and result["hint_name"] == "박정현"
    # "있다" for "있습니다" is an ending: the words are the same, the spelling not quite
    assert result["verdict"] == "minor"
    assert result["best"]["speaker_name"] == "박정현" and result["best"]["date"] == "2019-10-04"
    assert [m["date"] for m in result["first_said"]] == ["2019-10-04", "2020-10-07"]
    exact = _verify(verify_api, "부다페스트협약가입을 서둘러야 국제공조로 사이버범죄를 막을 수 있습니다")
    assert exact["verdict"] == "verbatim" and exact["best"]["date"] == "2019-10-04"


def test_particles_changed_and_words_dropped_are_minor_with_the_differences_marked(verify_api):
    result = _verify(verify_api, "부다페스트 협약 가입 서둘러야 사이버 범죄 막을 수 있다")
    assert result["verdict"] == "minor" and result["best"]["speaker_name"] == "박정현"
    best = result["best"]
    assert best["dropped_words"] == 2  # 국제 공조
    assert '<ins class="diff-dropped">국제</ins>' in best["minutes_html"]
    assert "<mark" in best["quote_html"]


def test_a_reworded_quotation_is_a_paraphrase_and_an_unsaid_one_is_not_found(verify_api):
    reworded = _verify(verify_api, "사이버 범죄를 막으려면 부다페스트 협약에 빨리 들어가야 한다")
    assert reworded["verdict"] == "paraphrase"
    unsaid = _verify(verify_api, "인공지능 기본법을 올해 안에 통과시켜야 한다")
    assert unsaid["verdict"] == "not_found"
    assert unsaid["verdict_label"] == "회의록에서 찾지 못했습니다" and unsaid["first_said"] == []


def test_a_flipped_negation_is_not_a_minor_difference(verify_api):
    flipped = _verify(verify_api, "부다페스트 협약 가입을 서두를 필요가 없다")
    assert flipped["verdict"] in ("paraphrase", "not_found") and flipped["verdict"] != "minor"


def test_a_wrong_attribution_is_a_finding(verify_api):
    result = _verify(verify_api, f'홍길동 장관은 "{SAID}"라고 밝혔다')
    assert result["hint_name"] == "홍길동" and result["best"]["speaker_name"] == "박정현"
    assert "찾지 못했습니다" in result["hint_note"] and "박정현" in result["hint_note"]


def test_the_page_shows_the_verdict_the_diff_and_escapes_the_pasted_text(verify_api):
    page = verify_api.get("/verify", params={"text": "부다페스트 협약 가입 서둘러야 <b>사이버</b> 범죄 막을 수 있다"})
    assert page.status_code == 200
    assert "사소한 차이" in page.text and "&lt;b&gt;사이버&lt;/b&gt;" in page.text and "<b>사이버</b>" not in page.text
    assert verify_api.get("/api/verify", params={"text": "가" * 601}).status_code == 422
    assert verify_api.get("/api/verify").status_code == 422


# On the sample corpus (tests/corpus, the session's index): one sentence of the 2011 airport committee,
# 최연희 위원 (turn 30), as the labelled variants in bench/quote_variants.json paste it.

@pytest.mark.parametrize(("pasted", "verdict"), [
    ('최연희 의원은 “동해안이 오징어 갖고 먹고 사는데 요즘 오징어가 한 마리도 안 잡힙니다”라고 말했다.', "verbatim"),
    ("동해안이오징어갖고먹고사는데요즘오징어가한마리도안잡힙니다", "verbatim"),
    ("동해안이 오징어를 갖고 먹고 사는데 요즘 오징어가 한 마리도 안 잡힌다", "minor"),
    ('최 의원은 "오징어로 생계를 잇는 동해안에서 요즘은 오징어가 아예 잡히지 않는다"고 했다.', "paraphrase"),
])
def test_on_the_sample_corpus_each_variant_gets_its_verdict_at_the_right_turn(api, pasted, verdict):
    result = _verify(api, pasted)
    assert result["verdict"] == verdict
    assert result["best"]["speaker_name"] == "최연희" and result["best"]["url"].endswith("#turn-30")


def test_on_the_sample_corpus_a_sentence_nobody_said_is_not_found(api):
    assert _verify(api, "동해안이 오징어 갖고 먹고 사는데 요즘 오징어가 많이 잡힙니다.")["verdict"] == "not_found"
    assert _verify(api, "공항공사 사장은 다음 달까지 활주로 공사를 모두 마치겠다고 약속했다")["verdict"] == "not_found"


@pytest.mark.parametrize("frame", ["이진숙 방송통신위원장 후보자는", "이진숙 후보자는", "이진숙 위원장은"])
def test_a_speaker_stored_with_a_role_is_the_person_the_press_names(verify_api, frame):
    result = _verify(verify_api, f'{frame} "{HEARING}"고 말했다')
    assert result["hint_name"] == "이진숙" and result["verdict"] == "verbatim"
    assert result["best"]["named"] and "찾지 못했습니다" not in result["hint_note"]


@pytest.mark.parametrize(("frame", "named"), [
    ("김현 대한변호사협회장은", "김현"), ("박민 KBS 사장은", "박민"), ("조성은 방송통신위원회 사무처장은", "조성은"),
    ("국민의힘 박정훈 의원은", "박정훈"),
])
def test_a_name_with_any_title_is_read_and_a_wrong_one_is_a_finding(verify_api, frame, named):
    result = _verify(verify_api, f'{frame} "{HEARING}"고 말했다')
    # Ingest stores the person's name apart from the role printed in front of it.
    assert result["hint_name"] == named and result["best"]["speaker_name"] == "이진숙"
    assert not result["best"]["named"]
    assert f"'{named}'의 발언에서는 이 말을 찾지 못했습니다" in result["hint_note"]


def test_a_flipped_negation_is_not_found_with_the_flip_as_the_reason(verify_api):
    result = _verify(verify_api, '이진숙 후보자는 "공영방송 이사 선임 절차에는 아무런 문제가 있다고 생각합니다"'
                                 "라고 말했다")
    assert result["verdict"] == "not_found"
    assert result["best"]["speaker_name"] == "이진숙"
    assert "부정이 다릅니다: 없다 ↔ 있다" in result["best"]["reasons"]
    page = verify_api.get("/verify", params={"text": "공영방송 이사 선임 절차에는 아무런 문제가 있다고 생각합니다"})
    assert "부정이 다릅니다: 없다 ↔ 있다" in page.text
