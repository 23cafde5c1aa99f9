"""The OpenAPI document states what the API does: its error statuses, its date range, its cross-parameter rules."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from search_api.contract import MARK, rule_for, state_rules
from search_api.params import DATE_PATTERN, FIRST_YEAR, LAST_YEAR, SearchParams
from web.app import create_app


@pytest.fixture(scope="module")
def document() -> dict:
    # Built, not fuzzed: no engine call is made to serve /openapi.json.
    return TestClient(create_app()).get("/openapi.json").json()


def _api_operations(document: dict):
    for path, item in document["paths"].items():
        if path.startswith("/api/"):
            yield path, item["get"]


@pytest.mark.parametrize("raw", ["0", "1700000000", "2021-3-4", "20210304", "２０２１-03-04"])
def test_a_date_is_read_only_as_yyyy_mm_dd(raw):
    with pytest.raises(ValidationError, match="YYYY-MM-DD"):
        SearchParams(date_to=raw)


def test_a_blank_date_is_none_and_a_calendar_date_is_read():
    assert SearchParams(date_from="").date_from is None
    assert str(SearchParams(date_from="2021-03-04").date_from) == "2021-03-04"


@pytest.mark.parametrize("year", [FIRST_YEAR - 1, FIRST_YEAR, 1999, 2024, LAST_YEAR, LAST_YEAR + 1])
def test_the_documented_date_pattern_bounds_the_years_the_validator_does(year):
    documented = re.fullmatch(DATE_PATTERN, f"{year:04d}-06-15") is not None
    assert documented == (FIRST_YEAR <= year <= LAST_YEAR)


def test_every_api_error_is_documented_in_the_one_error_shape(document):
    assert "HTTPValidationError" not in document["components"]["schemas"]  # FastAPI's 422 is not what we send
    assert set(document["components"]["schemas"]["ErrorBody"]["properties"]) == {"ok", "error", "status"}
    for path, operation in _api_operations(document):
        responses = operation["responses"]
        assert {"414", "422", "502", "503"} <= set(responses), path
        for status, response in responses.items():
            if status.startswith(("3", "4", "5")):
                schema = response["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorBody"}, (path, status)
        assert responses["503"]["headers"]["Retry-After"]["required"] is True, path


@pytest.mark.parametrize(("path", "statuses"), [
    ("/api/search", {"400"}), ("/api/turns/{turn_id}", {"404"}), ("/api/speakers/{name}", {"300", "400", "404"}),
    ("/api/export", {"400"}), ("/api/trends", {"400"}), ("/api/committees/{name}", {"404"}),
])
def test_each_operation_documents_the_statuses_of_its_own_rules(document, path, statuses):
    assert statuses <= set(document["paths"][path]["get"]["responses"])


def test_downloads_document_their_media_types(document):
    export = document["paths"]["/api/export"]["get"]["responses"]["200"]
    assert set(export["content"]) == {"text/csv", "application/x-ndjson", "application/vnd.apache.parquet",
                                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    assert {"Content-Disposition", "Link", "X-Export-Rows"} <= set(export["headers"])
    cite = document["paths"]["/api/turns/{turn_id}/cite"]["get"]["responses"]["200"]
    assert set(cite["content"]) == {"application/x-bibtex", "application/x-research-info-systems",
                                    "application/vnd.citationstyles.csl+json"}
    assert set(document["paths"]["/api/trends.csv"]["get"]["responses"]["200"]["content"]) == {"text/csv"}


def test_readyz_documents_its_not_ready_answer(document):
    not_ready = document["paths"]["/readyz"]["get"]["responses"]["503"]
    assert not_ready["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/NotReady"}
    assert set(document["components"]["schemas"]["NotReady"]["properties"]) == {"ok", "error", "status", "details"}
    assert not_ready["headers"]["Retry-After"]["required"] is True


def test_one_rule_per_parameter_on_every_operation_that_takes_it(document):
    rules: dict[str, set[str]] = {}
    for _path, operation in _api_operations(document):
        for parameter in operation.get("parameters", []):
            if parameter["name"] in ("date_from", "date_to"):
                rules.setdefault(parameter["name"], set()).add(parameter["description"].split(MARK)[-1])
    assert len(rules["date_from"]) == 1 and "422" in rules["date_from"].pop()
    assert rule_for("/api/speakers/{name}", "name") and not rule_for("/api/committees/{name}", "name")


def test_stating_the_rules_twice_states_them_once(document):
    again = state_rules(state_rules(document))
    descriptions = [p["description"] for _, op in _api_operations(again) for p in op.get("parameters", [])]
    assert all(d.count(MARK) <= 1 for d in descriptions)


def test_an_error_that_knows_its_status_is_answered_without_being_listed():
    """A new kind of error is one class with its status and message; errors.classify needs no new branch."""
    from search_api.errors import classify
    from search_api.status_errors import StatusError

    class Gone(StatusError):
        status = 410
        prefix = "없어졌습니다: "

    reply = classify(Gone("회의록 123"))
    assert (reply.status, reply.message, reply.headers) == (410, "없어졌습니다: 회의록 123", {})
