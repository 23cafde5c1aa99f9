"""The facet toggler builds the same links as toggle(), value by value (pure)."""

from datetime import date

import pytest

from search_api.params import SearchParams
from search_api.urls import SearchLinks


@pytest.mark.parametrize("params", [
    SearchParams(),
    SearchParams(q="검역 강화", committee=["보건복지위원회"], year=[2020], page=3, sort="newest"),
    SearchParams(q="a&b=c", speaker=["M1", "김 철수"], party=["정의당"], date_from=date(2020, 1, 1), answers_to=["M2"]),
])
def test_toggler_matches_toggle(params):
    links = SearchLinks("/search", params)
    for facet, values in (("committee", ["보건복지위원회", "국방위원회"]), ("year", [2020, 2019]),
                          ("speaker", ["M1", "이은재"]), ("answered_by", ["법무부"])):
        toggle = links.toggler(facet)
        for value in values:
            assert toggle(value) == links.toggle(facet, value)


@pytest.mark.parametrize("params", [
    SearchParams(),
    SearchParams(q="검역", committee=["보건복지위원회"], year=[2020], page=3, date_from=date(2019, 1, 1)),
])
def test_varying_links_equal_url(params):
    links = SearchLinks("/search", params)
    month = links.varying("date_from", "date_to", "page")
    assert month(date_from="2020-01-01", date_to="2020-01-31", page=1) == links.url(
        date_from=date(2020, 1, 1), date_to=date(2020, 1, 31), page=1)
