"""The one typed object a search is described by; the URL query string maps onto it one to one."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

MAX_PAGE = 50
PAGE_SIZE = 20


class SearchParams(BaseModel):
    """Reserved: q, page, sort. Filters are named after the facet they select (repeat for several)."""

    model_config = ConfigDict(extra="forbid")

    q: str = Field("", max_length=500, description='검색어. "인용구", -제외, OR, (괄호), 화자:이름, 위원회:이름')
    speaker: list[str] = Field(default_factory=list, description="화자 (한글 이름)")
    committee: list[str] = Field(default_factory=list, description="위원회")
    party: list[str] = Field(default_factory=list, description="정당")
    role_group: list[str] = Field(default_factory=list, description="발언자 구분: 위원, 정부·기관, 참고인·증인, 의장단")
    meeting_type: list[str] = Field(default_factory=list, description="회의 종류")
    audited_body: list[str] = Field(default_factory=list, description="피감기관 (국정감사)")
    assembly_term: list[int] = Field(default_factory=list, description="대수 (예: 20)")
    year: list[int] = Field(default_factory=list, description="연도")
    date_from: date | None = Field(None, description="이 날짜부터 (YYYY-MM-DD)")
    date_to: date | None = Field(None, description="이 날짜까지 (YYYY-MM-DD)")
    sort: Literal["relevance", "newest", "oldest"] = Field("relevance", description="정렬")
    page: int = Field(1, ge=1, le=MAX_PAGE, description=f"쪽 (최대 {MAX_PAGE}; 더 깊이는 내보내기로)")

    @field_validator("speaker", "committee", "party", "role_group", "meeting_type", "audited_body", mode="after")
    @classmethod
    def _drop_blank(cls, values: list[str]) -> list[str]:
        return [v.strip() for v in values if v and v.strip()]

    @field_validator("date_from", "date_to", mode="before")
    @classmethod
    def _blank_date(cls, value):
        return None if value == "" else value

    def filter_values(self, name: str) -> list:
        return list(getattr(self, name))


class ExportParams(SearchParams):
    """A search plus how to export it; `page` is ignored (an export has every hit)."""

    format: Literal["csv", "jsonl", "parquet", "xlsx"] = Field("csv", description="파일 형식")
    columns: str | None = Field(None, description="쉼표로 구분한 열 이름 (기본: 전체)")
    stage_directions: bool = Field(False, description="발언 본문에 지문·시각 표시 포함")

    def search_params(self) -> SearchParams:
        return SearchParams(**self.model_dump(exclude={"format", "columns", "stage_directions"}))
