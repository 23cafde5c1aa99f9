"""Citation lines in the form Korean reporters and researchers use."""

from __future__ import annotations

from datetime import date


def korean_date(iso_date: str) -> str:
    """2020-01-30 → 2020. 1. 30."""
    day = date.fromisoformat(iso_date)
    return f"{day.year}. {day.month}. {day.day}."


def meeting_title(doc: dict) -> str:
    """제375회국회(임시회) 보건복지위원회 제1차 회의; audits: 2019년도 국정감사 보건복지위원회 회의"""
    if doc.get("meeting_type") == "국정감사" and not doc.get("session"):
        return f"{doc['date'][:4]}년도 국정감사 {doc['committee']} 회의"
    session = f"제{doc['session']}회국회" if doc.get("session") else "국회"
    kind = f"({doc['session_kind']})" if doc.get("session_kind") else ""
    number = f" 제{doc['meeting_number']}차" if doc.get("meeting_number") else ""
    return f"{session}{kind} {doc['committee']}{number} 회의"


def speaker_with_role(doc: dict) -> str:
    """김강립 보건복지부차관 / 윤한홍 위원 — name first, as citations print it."""
    role = doc.get("role") or ""
    return f"{doc['speaker_name']} {role}".strip()


def citation_line(doc: dict) -> str:
    """제375회국회(임시회) 보건복지위원회 제1차 회의(2020. 1. 30.), 김강립 보건복지부차관 발언"""
    return f"{meeting_title(doc)}({korean_date(doc['date'])}), {speaker_with_role(doc)} 발언"
