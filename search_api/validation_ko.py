"""Request validation errors said in Korean, for the pages and the API alike: pydantic's messages are English
("Input should be a valid integer"), and a Korean page quoting them reads as broken."""

from __future__ import annotations

DATE = "날짜는 2019-04-26 형식이어야 합니다"
# pydantic's error types (pydantic_core ErrorType) → a Korean sentence; {name} reads the error's context
MESSAGES = {
    "missing": "값이 필요합니다",
    "extra_forbidden": "알 수 없는 매개변수입니다",
    "int_parsing": "정수여야 합니다", "int_type": "정수여야 합니다", "int_from_float": "소수점 없는 정수여야 합니다",
    "float_parsing": "숫자여야 합니다", "float_type": "숫자여야 합니다",
    "bool_parsing": "true 또는 false여야 합니다", "bool_type": "true 또는 false여야 합니다",
    "string_type": "문자열이어야 합니다", "list_type": "목록이어야 합니다",
    "string_too_short": "{min_length}자 이상이어야 합니다", "string_too_long": "{max_length}자까지 쓸 수 있습니다",
    "too_short": "{min_length}개 이상이어야 합니다", "too_long": "{max_length}개까지 쓸 수 있습니다",
    "greater_than": "{gt}보다 커야 합니다", "greater_than_equal": "{ge} 이상이어야 합니다",
    "less_than": "{lt}보다 작아야 합니다", "less_than_equal": "{le} 이하여야 합니다",
    "literal_error": "다음 중 하나여야 합니다: {expected}", "enum": "다음 중 하나여야 합니다: {expected}",
    "date_parsing": DATE, "date_from_datetime_parsing": DATE, "date_type": DATE,
    "date_from_datetime_inexact": "날짜에 시각을 넣을 수 없습니다",
    "string_pattern_mismatch": "형식이 맞지 않습니다",
}
FALLBACK = "값이 올바르지 않습니다"
SHOWN_INPUT_CHARS = 40


def korean_message(error: dict) -> str:
    """One pydantic error (an item of ValidationError.errors()) as a Korean sentence, with the value given."""
    kind, context = error.get("type", ""), error.get("ctx") or {}
    if kind == "value_error" and "error" in context:  # our own validators raise Korean messages already
        said = str(context["error"])
    else:
        try:
            said = MESSAGES.get(kind, FALLBACK).format(**context)
        except (KeyError, IndexError):
            said = MESSAGES.get(kind, FALLBACK)
    given = error.get("input")
    if kind != "missing" and isinstance(given, str | int | float) and not isinstance(given, bool):
        shown = str(given)
        shown = shown if len(shown) <= SHOWN_INPUT_CHARS else shown[:SHOWN_INPUT_CHARS] + "…"
        said += f" (받은 값: {shown})"
    return said
