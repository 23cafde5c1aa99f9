"""The one typed object a search is described by; the URL query string maps onto it one to one.

Every parameter is bounded — how many values, how long each is, which numbers — because each value is
echoed into every link of a results page: unbounded input would cost memory and time per link.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Annotated, Literal

from fastapi import Path, Query
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

MAX_PAGE = 50
PAGE_SIZE = 20
MAX_QUERY_CHARS = 500
MAX_VALUES = 20  # values of one filter (a person ticks a handful of facet boxes, not thousands)
MAX_VALUE_CHARS = 100  # the longest committee name is about 40 characters
FIRST_YEAR, LAST_YEAR = 1948, 2100  # the Constituent Assembly sat in 1948
MAX_TERM = 40  # the 22nd Assembly sits in 2024–2028

FilterText = Annotated[str, StringConstraints(max_length=MAX_VALUE_CHARS)]


def _drop_blank(values: list[str]) -> list[str]:
    # NFC: a value typed or linked in decomposed Hangul finds what the composed index holds
    return [unicodedata.normalize("NFC", v.strip()) for v in values if v and v.strip()]


# A text filter's values, blanks dropped: a new facet's filter is one field of this type (search_api/facets.py).
FilterValues = Annotated[list[FilterText], AfterValidator(_drop_blank)]
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _blank_date(value):
    # YYYY-MM-DD only: left to itself pydantic also reads "0" or "1700000000" as a Unix time (1970-01-01, ...),
    # a date nobody typed and the document does not offer.
    if isinstance(value, str) and value and not _ISO_DATE.fullmatch(value):
        raise ValueError("날짜는 YYYY-MM-DD 형식이어야 합니다")
    return None if value == "" else value


def _date_in_range(value: date | None) -> date | None:
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"날짜는 {FIRST_YEAR}년부터 {LAST_YEAR}년 사이여야 합니다")
    return value


# The document says what the validators do: a calendar date from 1948 to 2100 (the pattern bounds the year,
# `format` the day), or blank for none; a query string cannot carry null, so none is a missing or empty value.
DATE_PATTERN = r"^(194[89]|19[5-9][0-9]|20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
_DATE_SCHEMA = {"anyOf": [{"type": "string", "format": "date", "pattern": DATE_PATTERN},
                          {"type": "string", "maxLength": 0}]}
# A date bound of a search or a trend: blank is none; a text longer than YYYY-MM-DD is refused unparsed.
SearchDate = Annotated[date | None, BeforeValidator(_blank_date), AfterValidator(_date_in_range),
                       WithJsonSchema(_DATE_SCHEMA)]
Term = Annotated[int, Field(ge=1, le=MAX_TERM)]

MAX_ID_CHARS = 200  # meeting ids are about 60 characters; turn ids add a sequence number
TurnId = Annotated[str, Path(max_length=MAX_ID_CHARS, description="발언 ID")]
MeetingId = Annotated[str, Path(max_length=MAX_ID_CHARS, description="회의 ID")]
SpeakerName = Annotated[str, Path(max_length=50, description="발언자 이름 (한글 또는 한자)")]
MAX_QUOTE_CHARS = 600  # a quotation of a few sentences, with its attribution
QuoteText = Annotated[str, Query(min_length=1, max_length=MAX_QUOTE_CHARS,
                                 description="기사에 실린 인용문 (발언자 이름이 들어 있으면 힌트로 씀)")]
ThreadNumber = Annotated[int, Path(ge=1, le=100_000, description="회의 안의 질의·답변 묶음 번호 (1부터)")]


DATE_ORDER_MESSAGE = "시작일이 종료일보다 늦습니다"


def check_date_order(date_from: date | None, date_to: date | None) -> None:
    """One rule for every endpoint that takes a date range: a range that ends before it starts is a 422, not
    an empty page (search) in one place and an error (trends) in another."""
    if date_from and date_to and date_from > date_to:
        raise ValueError(DATE_ORDER_MESSAGE)


def _texts(description: str):
    return Field(default_factory=list, max_length=MAX_VALUES, description=description)


class SearchParams(BaseModel):
    """Reserved: q, page, sort. Filters are named after the facet they select (repeat for several)."""

    model_config = ConfigDict(extra="forbid")

    q: str = Field("", max_length=MAX_QUERY_CHARS,
                   description='검색어. "인용구", -제외, OR, (괄호), 화자:이름, 위원회:이름')
    speaker: FilterValues = _texts("화자 (한글 이름)")
    committee: FilterValues = _texts("위원회")
    party: FilterValues = _texts("정당")
    role_group: FilterValues = _texts(
        "발언자 구분: 위원, 의장단, 정부·기관, 후보자, 증인, 참고인, 진술인, 국회 직원")
    meeting_type: FilterValues = _texts("회의 종류")
    audited_body: FilterValues = _texts("피감기관 (국정감사)")
    answered_by: FilterValues = _texts("답변 기관 (답변한 공무원·기관장의 기관)")
    answers_to: FilterValues = _texts("이 위원의 질의에 대한 답변만 (위원 이름 또는 위원 코드)")
    phrase: FilterValues = _texts("이 표현(두세 낱말, 원형: 예 '가입 서두르다')을 쓴 발언만 — 특징적 표현의 링크")
    assembly_term: list[Term] = Field(default_factory=list, max_length=MAX_VALUES, description="대수 (예: 20)")
    year: list[Year] = Field(default_factory=list, max_length=MAX_VALUES, description="연도")
    date_from: SearchDate = Field(None, description="이 날짜부터 (YYYY-MM-DD)")
    date_to: SearchDate = Field(None, description="이 날짜까지 (YYYY-MM-DD)")
    expand: bool = Field(True, description="약어·다른 이름도 함께 찾기 (형소법 → 형사소송법); 인용구는 확장하지 않음")
    match: Literal["best", "all"] = Field(
        "best", description="best = 모든 낱말이 든 발언이 적으면 일부 낱말만 든 발언도 따로 보여 줌; "
                            "all = 모든 낱말이 든 발언만")
    sort: Literal["relevance", "newest", "oldest"] = Field("relevance", description="정렬")
    page: int = Field(1, ge=1, le=MAX_PAGE, description=f"쪽 (최대 {MAX_PAGE}; 더 깊이는 내보내기로)")

    @model_validator(mode="after")
    def _ordered_dates(self) -> SearchParams:
        check_date_order(self.date_from, self.date_to)
        return self

    def filter_values(self, name: str) -> list:
        return list(getattr(self, name))
