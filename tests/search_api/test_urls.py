from datetime import date
from urllib.parse import parse_qs, urlsplit

from search_api.params import SearchParams
from search_api.urls import SearchLinks, search_url, toggle_url


def _params_of(url: str) -> SearchParams:
    query = parse_qs(urlsplit(url).query)
    lists = {"speaker", "committee", "party", "role_group", "meeting_type", "audited_body", "assembly_term", "year"}
    return SearchParams(**{k: v if k in lists else v[0] for k, v in query.items()})


def test_a_link_round_trips_to_the_same_search():
    params = SearchParams(q='"원천 무효" & 100%', committee=["보건복지위원회", "국방위원회"], year=[2019],
                          date_from=date(2019, 1, 1), sort="newest", page=3)
    url = search_url("/search", params)
    assert url.startswith("/search?q=")
    assert _params_of(url) == params


def test_default_values_stay_out_of_the_url():
    assert search_url("/search", SearchParams()) == "/search"
    assert search_url("/search", SearchParams(q="예산")) == "/search?q=%EC%98%88%EC%82%B0"


def test_toggling_adds_or_removes_one_value_and_resets_the_page():
    params = SearchParams(q="예산", committee=["국방위원회"], page=4)
    links = SearchLinks("/search", params)
    added = _params_of(links.toggle("committee", "교육위원회"))
    assert added.committee == ["국방위원회", "교육위원회"] and added.page == 1
    removed = _params_of(toggle_url("/search", params, "committee", "국방위원회"))
    assert removed.committee == [] and removed.q == "예산"
    assert _params_of(links.url(page=5)).committee == ["국방위원회"]


def test_links_varying_in_a_few_parameters_are_the_search_with_those_changed():
    searches = [SearchParams(),
                SearchParams(q="원천 무효", committee=["국방위원회", "교육위원회"], year=[2015], page=3),
                SearchParams(q="예산", date_from=date(2010, 1, 1), speaker=["노회찬"])]
    for params in searches:
        links = SearchLinks("/search", params)
        month_url = links.varying("date_from", "date_to", "page")
        for first, last in ((date(2015, 2, 1), date(2015, 2, 28)), (date(2024, 12, 1), date(2024, 12, 31))):
            url = month_url(date_from=first.isoformat(), date_to=last.isoformat(), page=1)
            assert _params_of(url) == params.model_copy(update={"date_from": first, "date_to": last, "page": 1})
        # A value passed as a change and the same value kept from the search give the same link.
        assert links.varying("page")(page=1) == links.varying("q", "page")(q=params.q, page=1)
    assert SearchLinks("/search", SearchParams(page=2)).varying("page")(page=1) == "/search"
