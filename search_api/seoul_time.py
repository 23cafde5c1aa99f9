"""Times as Korean readers read them: stored in UTC, shown in Korea Standard Time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

# Korea has kept UTC+9 without daylight saving since 1988: a fixed offset needs no time-zone database.
KST = timezone(timedelta(hours=9), "KST")


def seoul_time(stamp: str | None) -> str:
    """'2024-05-07T10:02:00+00:00' → '2024년 5월 7일 19:02 (한국 시각)'; a stamp without an offset is UTC."""
    if not stamp:
        return ""
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(KST)
    return f"{local.year}년 {local.month}월 {local.day}일 {local:%H:%M} (한국 시각)"
