"""The trends page and the committee page. Each has a JSON twin (search_api/insights_routes.py) that calls
the same backend function; the chart and every link are laid out here and in web/trend_chart.py."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from search_api.backend import BackendDep
from search_api.committees import CommitteeName, committee_url
from search_api.query_parser import QuerySyntaxError
from search_api.trends import MAX_TERMS, PHRASE_PREFIX, TrendParams, TrendRangeError
from search_api.urls import TRENDS, SearchLinks, query_pairs, search_url
from web.routes import templates
from web.trend_chart import INTERVAL_NAMES, chart, table

router = APIRouter(include_in_schema=False)
_SPLITS = {"": "나누지 않음", "party": "정당별", "committee": "위원회별"}
_FORM_FIELDS = {"term", "phrase", "interval", "split", "date_from", "date_to"}  # the rest rides along hidden


def _views(params: TrendParams) -> dict[str, list[tuple[str, str, bool]]]:
    """(label, url, current) for each interval and each split: the same terms seen another way."""
    links = SearchLinks(TRENDS, params)
    return {"interval": [(label, links.url(interval=value), params.interval == value)
                         for value, label in INTERVAL_NAMES.items()],
            "split": [(label, links.url(split=value), params.split == value) for value, label in _SPLITS.items()]}


@router.get("/trends", response_class=HTMLResponse)
def trends_page(request: Request, params: Annotated[TrendParams, Query()], backend: BackendDep) -> Response:
    api_url = search_url("/api/trends", params)
    try:
        trends, error, status = backend.trends(params), None, 200
    except (QuerySyntaxError, TrendRangeError) as problem:
        message = problem.public_message() if isinstance(problem, QuerySyntaxError) else problem.detail
        trends, error, status = None, message, 400
    response = templates.TemplateResponse(request, "trends.html", {
        "params": params, "trends": trends, "error": error, "api_url": api_url,
        "panels": chart(trends) if trends else [], "table": table(trends) if trends and trends.series else None,
        "term_inputs": [*params.term, *[""] * (MAX_TERMS - len(params.term) - len(params.phrase))],
        "phrases": [(PHRASE_PREFIX + phrase, phrase) for phrase in params.phrase],
        "line_names": ", ".join(line.name for line in params.lines()), "splits": _SPLITS,
        "intervals": INTERVAL_NAMES, "views": _views(params),
        "hidden": [pair for pair in query_pairs(params) if pair[0] not in _FORM_FIELDS],
    }, status_code=status)
    return response


@router.get("/committees", response_class=HTMLResponse)
def committees_page(request: Request, backend: BackendDep) -> Response:
    response = templates.TemplateResponse(request, "committees.html", {"collection": backend.collection()})
    return response


@router.get("/committees/{name}", response_class=HTMLResponse)
def committee_page(request: Request, name: CommitteeName, backend: BackendDep) -> Response:
    api_url = "/api" + committee_url(name)
    committee = backend.committee(name)
    response = templates.TemplateResponse(request, "committee.html", {
        "committee": committee, "api_url": api_url,
        # the committee's own phrases over time, against its own turns, each counted as it was found distinctive
        "trends_url": search_url(TRENDS, TrendParams(
            phrase=[p.phrase for p in committee.distinctive_phrases[:MAX_TERMS]], committee=[committee.name]))
        if committee.distinctive_phrases else None,
    })
    return response
