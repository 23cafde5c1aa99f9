"""Trends: how often up to four words or quotes were said over time (think of Capitol Words).

Each series is a line of turns per 10,000 turns by month or year: the turns that match the term (the
search box's own query, so lemmas, quotes and vocabulary expand as they do there) over all turns of that
period under the same filters, so that a busy year does not look like a year of interest. Split by party
or committee, each line divides by that party's or committee's own turns.

A line may also be a *phrase* (``phrase=``, what the distinctive-phrase links ask for): the turns whose
``phrases`` field holds it, exactly as distinctive phrases are counted and as ``/search?phrase=`` finds
them. Its words as a term would count something else: unquoted, every turn with both words anywhere;
quoted, only that wording ("공수처를 설치" is the phrase 공수처 설치 but not the quote).

Counting is one multi-search: the denominator (all turns in scope, with the date span) and one search per
term, each a date histogram. A split needs one more search: the denominators of the split values the
terms turned out to be said most in, which are only known once the terms are counted.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal

from elasticsearch import Elasticsearch
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator
from starlette.exceptions import HTTPException

from hearings.analysis import KiwiAnalyzer
from hearings.engine import msearch_responses
from search_api.export_formats import neutralised
from search_api.noun_reading import query_reader
from search_api.params import MAX_QUERY_CHARS, MAX_VALUES, FilterText, SearchDate, SearchParams, check_date_order
from search_api.query import Lemmatize, post_filter, text_query
from search_api.speakers import speaker_keys
from search_api.urls import SEARCH, TRENDS, SearchLinks, search_url

MAX_TERMS = 4
MAX_POINTS = 240  # 20 years by month; a longer span is read by year (at most 153 points)
SPLIT_VALUES = 5  # lines per term when split: the parties or committees where it is said most
PER = 10_000
_KEY_FORMATS = {"month": "yyyy-MM", "year": "yyyy"}
_SPLIT_LABELS = {"party": "정당", "committee": "위원회"}

TermText = Annotated[str, StringConstraints(max_length=MAX_QUERY_CHARS)]
PHRASE_PREFIX = "표현: "  # a phrase line's name, as the search page's chip says it: never mistaken for typed words


class TrendRangeError(HTTPException):
    """A span too long for its interval: refused before it costs a chart of thousands of points."""

    def __init__(self, message: str):
        super().__init__(400, message)


def _texts(description: str):
    return Field(default_factory=list, max_length=MAX_VALUES, description=description)


class TrendParams(BaseModel):
    """The whole state of a trends page; filters narrow both the counts and what they are divided by."""

    model_config = ConfigDict(extra="forbid")

    term: list[TermText] = Field(default_factory=list, max_length=MAX_TERMS,
                                 description=f'비교할 낱말 또는 "인용구" (최대 {MAX_TERMS}개; 검색창과 같은 문법)')
    phrase: list[FilterText] = Field(default_factory=list, max_length=MAX_TERMS, description=(
        "비교할 표현(두세 낱말, 원형: 예 '공수처 설치') — 특징적 표현과 같은 셈; 낱말과 합쳐 최대 "
        f"{MAX_TERMS}개"))
    interval: Literal["month", "year"] = Field("year", description="단위: month(월별) 또는 year(연도별)")
    split: Literal["", "party", "committee"] = Field("", description="나누기: party(정당별), committee(위원회별)")
    committee: list[FilterText] = _texts("위원회")
    party: list[FilterText] = _texts("정당")
    speaker: list[FilterText] = _texts("화자 (이름 또는 위원 코드)")
    role_group: list[FilterText] = _texts("발언자 구분")
    meeting_type: list[FilterText] = _texts("회의 종류")
    date_from: SearchDate = Field(None, description="이 날짜부터 (YYYY-MM-DD)")
    date_to: SearchDate = Field(None, description="이 날짜까지 (YYYY-MM-DD)")
    expand: bool = Field(True, description="약어·다른 이름도 함께 찾기; 인용구는 확장하지 않음")

    @field_validator("term", "phrase", "committee", "party", "speaker", "role_group", "meeting_type", mode="after")
    @classmethod
    def _drop_blank(cls, values: list[str]) -> list[str]:
        # NFC, as search does; a term typed twice is one line
        return list(dict.fromkeys(unicodedata.normalize("NFC", v.strip()) for v in values if v and v.strip()))

    @model_validator(mode="after")
    def _ordered_dates(self) -> TrendParams:
        check_date_order(self.date_from, self.date_to)
        return self

    @model_validator(mode="after")
    def _at_most_max_lines(self) -> TrendParams:
        if len(self.term) + len(self.phrase) > MAX_TERMS:
            raise ValueError(f"비교할 말은 낱말과 표현을 합쳐 {MAX_TERMS}개까지입니다")
        return self

    def scope(self, q: str = "", phrase: str = "") -> SearchParams:
        """The search a term or a phrase (or, without either, the denominator) stands for."""
        return SearchParams(q=q, phrase=[phrase] if phrase else [], committee=self.committee, party=self.party,
                            speaker=self.speaker, role_group=self.role_group, meeting_type=self.meeting_type,
                            date_from=self.date_from, date_to=self.date_to, expand=self.expand)

    def lines(self) -> list[TrendLine]:
        """Terms first, then phrases, each with the search it counts."""
        return [*(TrendLine(term, self.scope(q=term)) for term in self.term),
                *(TrendLine(PHRASE_PREFIX + phrase, self.scope(phrase=phrase)) for phrase in self.phrase)]


@dataclass(frozen=True)
class TrendLine:
    name: str  # the term as typed, or 표현: and the phrase
    scope: SearchParams  # the turns it counts (and what each point's search finds)


@dataclass(frozen=True)
class Period:
    key: str  # as the date histogram names it: 2019 or 2019-03
    start: date
    end: date


def periods(first: date, last: date, interval: str, clip_from: date | None = None,
            clip_to: date | None = None) -> list[Period]:
    """The calendar months or years from first to last; the ends clipped to the dates asked for, so that
    a point's search covers what was counted."""
    found = []
    year, month = first.year, first.month if interval == "month" else 1
    while (year, month) <= (last.year, last.month if interval == "month" else 1):
        if interval == "month":
            start, end, key = date(year, month, 1), date(year, month, monthrange(year, month)[1]), f"{year}-{month:02d}"
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        else:
            start, end, key = date(year, 1, 1), date(year, 12, 31), str(year)
            year += 1
        found.append(Period(key, max(start, clip_from) if clip_from else start, min(end, clip_to) if clip_to else end))
    return found


def per_10k(count: int, total: int) -> float | None:
    """Turns per 10,000 turns; none where nothing at all was said (no rate, not a zero rate)."""
    return round(count * PER / total, 2) if total else None


class TrendPoint(BaseModel):
    period: str
    date_from: date
    date_to: date
    count: int  # turns with the term
    total: int  # all turns of the period (of that party or committee, when split)
    per_10k: float | None
    search_url: str | None  # the search behind the point; none where the period has no turns


class TrendSeries(BaseModel):
    term: str
    split_value: str | None = None
    label: str
    count: int
    total: int
    per_10k: float | None
    points: list[TrendPoint]


class Trends(BaseModel):
    terms: list[str]
    interval: str
    split: str
    periods: list[str]
    series: list[TrendSeries]
    notes: list[str]
    csv_url: str
    page_url: str


def _histogram(interval: str) -> dict:
    return {"date_histogram": {"field": "date", "calendar_interval": interval, "format": _KEY_FORMATS[interval],
                               "min_doc_count": 1}}


def _scope_query(scope: SearchParams, lemmatize: Lemmatize) -> dict:
    return {"bool": {"must": [text_query(scope, lemmatize)], "filter": [post_filter(scope)]}}


def trend_searches(params: TrendParams, lemmatize: Lemmatize) -> list[dict]:
    """The multi-search bodies: the denominator first (with the span of dates in scope), then each term."""
    searches = [{"size": 0, "track_total_hits": False, "query": _scope_query(params.scope(), lemmatize), "aggs": {
        "first": {"min": {"field": "date", "format": "strict_date"}},
        "last": {"max": {"field": "date", "format": "strict_date"}},
        "periods": _histogram(params.interval)}}]
    for line in params.lines():
        aggs: dict = {"periods": _histogram(params.interval)}
        if params.split:
            aggs["split"] = {"terms": {"field": params.split, "size": SPLIT_VALUES, "exclude": [""]},
                             "aggs": {"periods": _histogram(params.interval)}}
        searches.append({"size": 0, "track_total_hits": False, "query": _scope_query(line.scope, lemmatize),
                         "aggs": aggs})
    return searches


def split_search(params: TrendParams, values: list[str], lemmatize: Lemmatize) -> dict:
    """The denominators of the split values: all turns of each, per period."""
    query = {"bool": {"must": [_scope_query(params.scope(), lemmatize)], "filter": [{"terms": {params.split: values}}]}}
    return {"size": 0, "track_total_hits": False, "query": query, "aggs": {"split": {
        "terms": {"field": params.split, "include": values, "size": len(values)},
        "aggs": {"periods": _histogram(params.interval)}}}}


def _counts(aggregation: dict) -> dict[str, int]:
    return {b["key_as_string"]: b["doc_count"] for b in aggregation["buckets"]}


def _by_value(aggregation: dict) -> dict[str, dict[str, int]]:
    return {str(b["key"]): _counts(b["periods"]) for b in aggregation["buckets"]}


def _checked_periods(params: TrendParams, first: date, last: date) -> list[Period]:
    found = periods(first, last, params.interval, params.date_from, params.date_to)
    if len(found) > MAX_POINTS:
        raise TrendRangeError(f"월별 추이는 {MAX_POINTS}개월까지 그립니다 ({len(found)}개월 요청): "
                              "기간을 좁히거나 연도별로 보세요")
    return found


def build_series(term: str, split_value: str | None, counts: dict[str, int], totals: dict[str, int],
                 span: list[Period], links: SearchLinks, split: str) -> TrendSeries:
    """One line: a point per period, with its rate and the search behind it (pure)."""
    varying = ("date_from", "date_to", split) if split_value is not None else ("date_from", "date_to")
    link = links.varying(*varying)
    extra = {split: [split_value]} if split_value is not None else {}
    points = [TrendPoint(period=p.key, date_from=p.start, date_to=p.end, count=counts.get(p.key, 0),
                         total=totals.get(p.key, 0), per_10k=per_10k(counts.get(p.key, 0), totals.get(p.key, 0)),
                         search_url=link(date_from=p.start, date_to=p.end, **extra) if totals.get(p.key) else None)
              for p in span]
    count, total = sum(p.count for p in points), sum(p.total for p in points)
    label = f"{term} · {split_value}" if split_value is not None else term
    return TrendSeries(term=term, split_value=split_value, label=label, count=count, total=total,
                       per_10k=per_10k(count, total), points=points)


def _notes(params: TrendParams) -> list[str]:
    if not params.split:
        return []
    notes = [f"{_SPLIT_LABELS[params.split]}별: 낱말마다 가장 많이 말한 {SPLIT_VALUES}곳까지, 각각 그 "
             f"{_SPLIT_LABELS[params.split]}의 발언 수로 나눔"]
    if params.split == "party":
        notes.append("정당이 없는 발언(공무원·증인·참고인 등)은 정당별 선에서 빠집니다")
    return notes


def get_trends(client: Elasticsearch, index: str, params: TrendParams, analyzer: KiwiAnalyzer) -> Trends:
    if params.speaker:  # names in old links or typed by hand: everyone of that name, as search does
        params = params.model_copy(update={"speaker": speaker_keys(client, index, params.speaker)[:MAX_VALUES]})
    lines = params.lines()
    empty = Trends(terms=[line.name for line in lines], interval=params.interval, split=params.split, periods=[],
                   series=[], notes=_notes(params), csv_url=search_url("/api/trends.csv", params),
                   page_url=search_url(TRENDS, params))
    if not lines:
        return empty
    if params.date_from and params.date_to:
        _checked_periods(params, params.date_from, params.date_to)  # refuse before counting
    read = query_reader(client, index, analyzer, *params.term)  # 보고 as the noun (noun_reading.py)
    searches = [part for body in trend_searches(params, read) for part in ({"index": index}, body)]
    denominator, *numerators = msearch_responses(client, searches)
    aggs = denominator["aggregations"]
    if aggs["first"]["value"] is None:
        return empty  # nothing at all was said in this scope
    span = _checked_periods(params, params.date_from or date.fromisoformat(aggs["first"]["value_as_string"]),
                            params.date_to or date.fromisoformat(aggs["last"]["value_as_string"]))
    series = _all_series(client, index, params, read, span, _counts(aggs["periods"]), lines, numerators)
    return empty.model_copy(update={"periods": [p.key for p in span], "series": series})


def _all_series(client: Elasticsearch, index: str, params: TrendParams, read: Lemmatize, span: list[Period],
                totals: dict[str, int], lines: list[TrendLine], numerators: list[dict]) -> list[TrendSeries]:
    links = {line.name: SearchLinks(SEARCH, line.scope) for line in lines}
    if not params.split:
        return [build_series(line.name, None, _counts(found["aggregations"]["periods"]), totals, span,
                             links[line.name], "") for line, found in zip(lines, numerators, strict=True)]
    by_term = {line.name: _by_value(found["aggregations"]["split"]) for line, found in zip(lines, numerators,
                                                                                              strict=True)}
    values = sorted({value for counts in by_term.values() for value in counts})
    split_totals: dict[str, dict[str, int]] = {}
    if values:
        found = client.search(index=index, **split_search(params, values, read))
        split_totals = _by_value(found["aggregations"]["split"])
    return [build_series(term, value, counts, split_totals.get(value, {}), span, links[term], params.split)
            for term, per_value in by_term.items() for value, counts in per_value.items()]


CSV_COLUMNS = ["term", "split", "split_value", "period", "date_from", "date_to", "turns_with_term", "all_turns",
               "per_10000_turns", "search_url"]


def trends_csv(trends: Trends, public_url: str = "") -> str:
    """The numbers behind the chart, one row per point; a BOM so that Excel reads the Korean as UTF-8."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for series in trends.series:
        for p in series.points:
            link = f"{public_url}{p.search_url}" if p.search_url else ""
            writer.writerow([neutralised(series.term), trends.split, neutralised(series.split_value or ""), p.period,
                             p.date_from.isoformat(), p.date_to.isoformat(), p.count, p.total,
                             "" if p.per_10k is None else p.per_10k, link])
    return out.getvalue()
