"""A saved search round-trips through its stored form, and is named for people."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from search_api.params import SearchParams
from search_api.saved import describe, params_of, saved_search, selection


def test_a_saved_search_gives_back_what_it_selects_whatever_the_page_showed():
    params = SearchParams(q='"원천 무효" -검찰', speaker=["M0001", "홍길동"], committee=["법제사법위원회"],
                          year=[2019, 2020], date_from=date(2019, 1, 1), expand=False, sort="newest", page=4)
    assert params_of(saved_search(params)) == selection(params)
    assert saved_search(params) == saved_search(params.model_copy(update={"sort": "oldest", "page": 1}))


def test_a_stored_string_no_search_saves_is_refused():
    with pytest.raises(ValidationError):
        params_of("year=1066")
    with pytest.raises(ValidationError):
        params_of("unknown=1")


def test_a_search_is_named_with_members_by_name():
    params = SearchParams(q="  역학조사관   충원 ", speaker=["M0001"], committee=["보건복지위원회"],
                          date_to=date(2020, 12, 31))
    assert describe(params, {"M0001": "김세연"}) == (
        "‘역학조사관 충원’ · 위원회: 보건복지위원회 · 화자: 김세연 · 기간: ~2020-12-31")
    assert describe(SearchParams()) == "모든 발언"
    assert len(describe(SearchParams(q="가" * 500))) == 200


def test_an_alert_is_quoted_once():
    from search_api.saved import quoted_label

    assert quoted_label(describe(SearchParams(q="독립성"))) == "‘독립성’"
    assert quoted_label("‘독립성’ · 위원회: 법제사법위원회") == "‘독립성’ · 위원회: 법제사법위원회"
    assert quoted_label("내 알림") == "‘내 알림’"
