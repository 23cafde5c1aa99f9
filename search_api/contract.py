"""The rules OpenAPI cannot state as schema, said once per parameter and written beside it in every operation.

A parameter's schema says its type, length and range; what it cannot say is a rule across parameters (a date
range that ends before it starts) or over a value's content (the query grammar, column names per row kind).
Each such rule is written here once, with the status it is answered with, and `state_rules` appends it to
the description of every parameter of that name in the document, so that one parameter has one rule on
every endpoint.
"""

from __future__ import annotations

from search_api.export import COLUMNS
from search_api.export_formats import EXCEL_MAX_DATA_ROWS
from search_api.pairs import PAIR_COLUMNS
from search_api.trends import MAX_POINTS, MAX_TERMS

MARK = "규칙: "  # what the rule's sentence starts with, so that stating it twice adds it once
_DATE_ORDER = "date_from이 date_to보다 늦으면 422 (날짜를 받는 모든 엔드포인트에서 같음)."
# (parameter name, the paths it means this on: a prefix, "" for every path) → the rule and its status
PARAMETER_RULES: dict[tuple[str, str], str] = {
    ("date_from", ""): _DATE_ORDER,
    ("date_to", ""): _DATE_ORDER,
    ("q", ""): "검색창 문법(짝이 맞는 따옴표·괄호, 연산자 뒤 낱말)에 어긋나면 400.",
    ("term", "/api/trends"): f"검색창 문법에 어긋나면 400; term과 phrase를 합쳐 {MAX_TERMS}개를 넘으면 422.",
    ("interval", "/api/trends"): f"month는 {MAX_POINTS}개월까지: 기간이 더 길면 400 (기간을 좁히거나 year로).",
    ("columns", "/api/export"): (f"rows=turns의 열: {', '.join(COLUMNS)}. rows=pairs의 열: {', '.join(PAIR_COLUMNS)}."
                                 " 모르는 열, 빈 목록, 같은 열 두 번은 400."),
    ("format", "/api/export"): (f"xlsx 내보내기(/api/export)는 {EXCEL_MAX_DATA_ROWS:,}행까지: "
                               "검색 결과가 더 많으면 400 (csv·jsonl·parquet로)."),
    ("name", "/api/speakers/"): "같은 이름의 의원이 여럿이면 300 (메시지에 각 의원의 페이지); 없는 이름은 404.",
}


def rule_for(path: str, name: str) -> str:
    """The rule the parameter `name` of the operation at `path` follows, or ""."""
    return next((rule for (named, prefix), rule in PARAMETER_RULES.items()
                 if named == name and path.startswith(prefix)), "")


def state_rules(document: dict) -> dict:
    """The document with each rule appended to the description of every parameter it governs (in place)."""
    for path, path_item in document.get("paths", {}).items():
        for operation in path_item.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                rule = rule_for(path, parameter.get("name", ""))
                description = parameter.get("description", "")
                if rule and MARK + rule not in description:
                    parameter["description"] = f"{description} — {MARK}{rule}" if description else MARK + rule
    return document
