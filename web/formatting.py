"""Small display helpers for templates: Korean dates and numbers."""

from __future__ import annotations

from datetime import date


def korean_date(value: str) -> str:
    """2019-04-26 → 2019년 4월 26일"""
    if not value:
        return ""
    day = date.fromisoformat(value[:10])
    return f"{day.year}년 {day.month}월 {day.day}일"


def number(value: int) -> str:
    return f"{value:,}"
