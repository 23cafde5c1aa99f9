"""The facets offered next to results: which document field each one counts, and its Korean label."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FacetSpec:
    param: str  # name in SearchParams and in the URL
    field: str  # keyword/integer field in the turns index
    label: str
    size: int = 30
    names_field: str = ""  # where a value's printed name comes from, when values are codes


FACETS: tuple[FacetSpec, ...] = (
    FacetSpec("committee", "committee", "위원회"),
    FacetSpec("speaker", "speaker_key", "화자", size=40, names_field="speaker_name"),
    FacetSpec("party", "party", "정당"),
    FacetSpec("role_group", "role_group", "발언자 구분"),
    FacetSpec("meeting_type", "meeting_type", "회의 종류"),
    FacetSpec("audited_body", "audited_bodies", "피감기관"),
    FacetSpec("answered_by", "speaker_body", "답변 기관"),
    FacetSpec("assembly_term", "assembly_term", "대수"),
    FacetSpec("year", "year", "연도"),
)
FACETS_BY_PARAM = {facet.param: facet for facet in FACETS}
