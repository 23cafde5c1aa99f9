"""Citation lines in the form Korean reporters and researchers use: one function per form."""

from __future__ import annotations

from datetime import date

# How a turn of a provisional record (임시회의록) is labelled wherever it is shown or exported.
PROVISIONAL_LABEL = "임시회의록 — 확정본이 아님"


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


def minutes_title(doc: dict) -> str:
    """The minutes as their cover names them: 제375회국회(임시회·폐회중) 보건복지위원회회의록 제1호;
    국회본회의회의록 for plenaries; audits: 2019년도 국정감사 보건복지위원회회의록"""
    number = f" 제{doc['meeting_number']}호" if doc.get("meeting_number") else ""
    name = "국회본회의회의록" if doc["committee"] == "본회의" else f"{doc['committee']}회의록"
    if doc.get("meeting_type") == "국정감사" and not doc.get("session"):
        return f"{doc['date'][:4]}년도 국정감사 {name}{number}"
    session = f"제{doc['session']}회국회" if doc.get("session") else "국회"
    kind = f"({doc['session_kind']})" if doc.get("session_kind") else ""
    return f"{session}{kind} {name}{number}"


def page_range(pages: list[int] | None) -> str:
    """12쪽 / 12-13쪽; nothing where the source marks no pages (they are never guessed)."""
    if not pages:
        return ""
    first, last = min(pages), max(pages)
    return f"{first}쪽" if first == last else f"{first}-{last}쪽"


def _cited(place: str, doc: dict) -> str:
    parts = (place, korean_date(doc["date"]), page_range(doc.get("pages")), f"{speaker_with_role(doc)} 발언")
    return ", ".join(part for part in parts if part)


def citation_line(doc: dict) -> str:
    """In the form the Assembly's readers cite minutes: 제375회국회(임시회·폐회중) 보건복지위원회회의록 제1호,
    2020. 1. 30., 12쪽, 김강립 보건복지부차관 발언"""
    return _cited(minutes_title(doc), doc)


def short_citation(doc: dict) -> str:
    """For the copy button, to paste into a story:
    국회 보건복지위원회, 2020. 1. 30., 12쪽, 김강립 보건복지부차관 발언"""
    if doc.get("meeting_type") == "국정감사" and not doc.get("session"):
        return _cited(f"{doc['date'][:4]}년도 국정감사 {doc['committee']}", doc)
    return _cited(f"국회 {doc['committee']}", doc)
