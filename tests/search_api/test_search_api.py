"""Search behaviour through the JSON API, against the real Elasticsearch node."""

import re
import unicodedata

import pytest

pytestmark = pytest.mark.es


def _search(api, **params):
    response = api.get("/api/search", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_walking_skeleton_quote_finds_yoon_on_2019_04_26(api):
    result = _search(api, q="원천무효")
    assert result["total"] >= 10
    yoon = [h for h in result["hits"] if h["speaker_name"] == "윤한홍"]
    assert yoon and all(h["date"] == "2019-04-26" for h in yoon)
    assert all("<mark>" in h["snippet_html"] for h in result["hits"])
    # Turns with the exact word rank above turns that only have both lemmas apart (원천적으로 … 무효).
    exact = ["<mark>원천무효</mark>" in h["snippet_html"] for h in result["hits"]]
    assert exact == sorted(exact, reverse=True)


def test_quote_ignores_spacing(api):
    spaced = _search(api, q='"원천 무효"')
    joined = _search(api, q='"원천무효"')
    assert spaced["total"] == joined["total"] > 0


def test_lemma_search_matches_other_inflections(api):
    # "발언하세요" is in the corpus; "발언했다" is not, but shares the lemma 발언.
    result = _search(api, q="발언했다")
    assert result["total"] > 0
    assert any("<mark>발언</mark>" in h["snippet_html"] for h in result["hits"])


def test_quote_does_not_match_other_inflections(api):
    assert _search(api, q='"발언했다"')["total"] == 0


def test_hanja_printed_name_is_searchable_in_hangul(api):
    result = _search(api, speaker="이은재")
    assert result["total"] > 0
    printed = {unicodedata.normalize("NFC", h["speaker_printed"]) for h in result["hits"]}
    assert result["total"] == 4 and printed == {"李恩宰"}  # printed in Hanja, found by its Hangul reading


def test_facets_count_and_multi_select(api):
    result = _search(api, q="원천무효")
    speakers = {v["value"]: v for v in next(f for f in result["facets"] if f["name"] == "speaker")["values"]}
    assert speakers["윤한홍"]["count"] > 0 and not speakers["윤한홍"]["selected"]
    narrowed = _search(api, q="원천무효", speaker="윤한홍")
    assert narrowed["total"] == speakers["윤한홍"]["count"]
    facet = {v["value"]: v for v in next(f for f in narrowed["facets"] if f["name"] == "speaker")["values"]}
    # The speaker facet ignores its own selection, so other speakers stay offered with their counts.
    assert facet["윤한홍"]["selected"] and facet["이상민"]["count"] == speakers["이상민"]["count"]


def test_selected_value_stays_visible_at_zero(api):
    result = _search(api, q="원천무효", committee="없는위원회")
    values = {v["value"]: v for v in next(f for f in result["facets"] if f["name"] == "committee")["values"]}
    assert result["total"] == 0 and values["없는위원회"]["selected"] and values["없는위원회"]["count"] == 0


def test_date_range_filter(api):
    assert _search(api, q="회의", date_to="2018-12-31")["total"] > 0
    assert all(h["date"] <= "2018-12-31" for h in _search(api, q="회의", date_to="2018-12-31")["hits"])
    assert _search(api, q="원천무효", date_to="2018-12-31")["total"] == 0


def test_paging_is_stable_and_disjoint(api):
    first = _search(api, q="회의")
    second = _search(api, q="회의", page=2)
    assert first["total"] > 20
    assert not {h["turn_id"] for h in first["hits"]} & {h["turn_id"] for h in second["hits"]}
    assert _search(api, q="회의")["hits"] == first["hits"]


def test_turn_endpoint_and_permalink(api):
    hit = _search(api, q="원천무효", speaker="윤한홍")["hits"][0]
    turn = api.get(f"/api/turns/{hit['turn_id']}").json()
    assert turn["speaker_name"] == "윤한홍" and "원천무효" in turn["text"]
    # a TXT export marks no pages, so its citation has none
    assert turn["citation"] == "제368회국회(임시회) 사법개혁특별위원회회의록 제10호, 2019. 4. 26., 윤한홍 위원 발언"
    assert turn["citation_short"] == "국회 사법개혁특별위원회, 2019. 4. 26., 윤한홍 위원 발언"
    redirect = api.get(f"/turns/{hit['turn_id']}", follow_redirects=False)
    assert redirect.status_code == 303
    assert redirect.headers["location"] == f"/meetings/{hit['meeting_id']}#turn-{hit['seq']}"
    assert hit["url"].startswith(f"/meetings/{hit['meeting_id']}?q=") and hit["url"].endswith(f"#turn-{hit['seq']}")


def test_meeting_reader_api(api):
    hit = _search(api, q="원천무효")["hits"][0]
    meeting = api.get(f"/api/meetings/{hit['meeting_id']}").json()
    assert meeting["committee"] == "사법개혁특별위원회" and len(meeting["turns"]) == 362
    assert [t["seq"] for t in meeting["turns"]] == list(range(1, 363))


def test_the_meeting_page_names_its_json_twin(api):
    import re

    meeting_id = _search(api, q="원천무효")["hits"][0]["meeting_id"]
    page = api.get(f"/meetings/{meeting_id}")
    (linked,) = re.findall(r'<link rel="alternate" type="application/json" href="([^"]+)">', page.text)
    assert page.headers["link"] == f'<{linked}>; rel="alternate"; type="application/json"'
    assert api.get(linked).json()["meeting_id"] == meeting_id


def test_error_shape_is_locked(api):
    for params, status in (({"q": '"원천'}, 400), ({"page": "999"}, 422), ({"bogus": "1"}, 422)):
        response = api.get("/api/search", params=params)
        body = response.json()
        assert response.status_code == status
        assert set(body) == {"ok", "error", "status"} and body["ok"] is False and body["status"] == status
    missing = api.get("/api/turns/nope")
    assert missing.status_code == 404 and missing.json()["ok"] is False


def test_html_injection_in_query_is_escaped(api):
    response = api.get("/search", params={"q": "<script>alert(1)</script>"}, headers={"accept": "text/html"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;" in response.text


def test_speaker_page_api_profile_and_scoped_search(api):
    page = api.get("/api/speakers/金世淵", params={"q": "검역"}).json()
    profile = page["profile"]
    assert profile["name"] == "김세연" and profile["printed_forms"][0]["value"] == "金世淵"
    assert profile["committees"][0]["value"] == "보건복지위원회" and profile["total_turns"] == 42
    assert profile["distinctive_terms"]
    assert page["result"]["total"] > 0
    assert {h["speaker_name"] for h in page["result"]["hits"]} == {"김세연"}
    assert api.get("/api/speakers/없는사람").status_code == 404


def test_did_you_mean_offers_a_close_spelling_that_finds_more(api):
    result = _search(api, q="겸역")  # typo for 검역 (quarantine), frequent in the 2020 hearing
    assert result["total"] < 3
    assert result["did_you_mean"] == "검역"
    assert _search(api, q=result["did_you_mean"])["total"] > result["total"]
    assert _search(api, q="검역")["did_you_mean"] is None


def test_the_roster_gives_members_a_party_facet(api):
    result = _search(api, q="원천무효")
    parties = {v["value"]: v["count"] for f in result["facets"] if f["name"] == "party" for v in f["values"]}
    assert parties.get("자유한국당", 0) > 0 and parties.get("더불어민주당", 0) > 0
    justice = _search(api, party="정의당")
    assert justice["total"] > 0 and {h["speaker_name"] for h in justice["hits"]} == {"노회찬"}
    assert all(h["party"] == "정의당" for h in justice["hits"])


def test_a_meeting_whose_pdf_lost_its_spaces_reads_with_spaces_restored(api):
    result = _search(api, q="정돈", committee="환경노동위원회")
    assert any("의석을 <mark>정돈</mark>하여 주시기 바랍니다" in h["snippet_html"] for h in result["hits"])
    meeting = api.get(f"/api/meetings/{result['hits'][0]['meeting_id']}").json()
    assert meeting["spacing_restored"] is True
    assert api.get(f"/meetings/{result['hits'][0]['meeting_id']}").text.count("띄어쓰기를 자동으로 복원") == 1


def test_the_reader_links_the_official_record_when_the_source_names_it(api):
    plenary = _search(api, meeting_type="본회의")["hits"][0]
    page = api.get(f"/meetings/{plenary['meeting_id']}").text
    assert 'href="https://record.assembly.go.kr/assembly/viewer/minutes/xml.do?id=56810&amp;type=view"' in page


def test_a_member_page_ranks_no_other_speakers_and_its_histogram_is_labelled(api):
    hit = api.get("/api/search", params={"q": "법"}).json()["hits"][0]
    page = api.get(f"/speakers/{hit['speaker_name']}", headers={"accept": "text/html"})
    if page.status_code == 300:  # a shared name: the first person it lists
        page = api.get(re.search(r'href="(/speakers/[^"]+)"', page.text).group(1), headers={"accept": "text/html"})
    assert page.status_code == 200 and "이 말을 가장 많이 한 사람" not in page.text
    searched = api.get("/search", params={"q": "법"}, headers={"accept": "text/html"}).text
    assert "이 말을 가장 많이 한 사람" in searched and 'class="axis-label"' in searched and "최대 " in searched
