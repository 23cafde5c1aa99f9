"""Validation errors (422) are said in Korean, in the API's JSON and on the pages."""

from __future__ import annotations

import re

import pytest

from search_api.validation_ko import korean_message

ENGLISH = re.compile(r"[A-Za-z_]{3,}")
BAD_REQUESTS = [{"page": "abc"}, {"page": "100000"}, {"sort": "bogus"}, {"date_from": "2019-13-01"},
                {"expand": "maybe"}, {"year": "1800"}]


def _english_words(message: str) -> list[str]:
    """English words outside what the request itself named: parameter names and the values given."""
    named = {"page", "sort", "date_from", "expand", "q", "true", "false", "relevance", "newest", "oldest", "abc",
             "bogus", "maybe", "year"}
    return [w for w in ENGLISH.findall(message) if w not in named]


def test_pydantic_errors_become_korean_sentences():
    assert korean_message({"type": "int_parsing", "input": "abc"}) == "정수여야 합니다 (받은 값: abc)"
    assert korean_message({"type": "less_than_equal", "ctx": {"le": 1000}, "input": 5000}) == \
        "1000 이하여야 합니다 (받은 값: 5000)"
    assert korean_message({"type": "literal_error", "ctx": {"expected": "'a' or 'b'"}, "input": "c"}).startswith(
        "다음 중 하나여야 합니다: 'a' or 'b'")
    assert korean_message({"type": "value_error", "ctx": {"error": ValueError("날짜는 YYYY-MM-DD 형식이어야 합니다")},
                           "input": "x"}) == "날짜는 YYYY-MM-DD 형식이어야 합니다 (받은 값: x)"
    assert korean_message({"type": "something_new"}) == "값이 올바르지 않습니다"
    assert korean_message({"type": "missing", "input": {}}) == "값이 필요합니다"


@pytest.mark.es
@pytest.mark.parametrize("bad", BAD_REQUESTS)
def test_the_api_answers_422_in_korean(api, bad):
    response = api.get("/api/search", params=bad)
    assert response.status_code == 422
    message = response.json()["error"]
    assert message.startswith("잘못된 요청입니다") and not _english_words(message), message


@pytest.mark.es
@pytest.mark.parametrize("bad", BAD_REQUESTS)
def test_the_pages_answer_422_in_korean(api, bad):
    response = api.get("/search", params=bad, headers={"accept": "text/html"})
    assert response.status_code == 422 and response.headers["content-type"].startswith("text/html")
    main = re.search(r"<main[^>]*>(.*)</main>", response.text, re.S).group(1)
    text = re.sub(r"<[^>]+>", " ", main)
    assert "잘못된 요청입니다" in text and not _english_words(text), text
