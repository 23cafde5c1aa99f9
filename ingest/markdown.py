"""Markdown renderings of the record.assembly.go.kr minutes viewer → official minutes text.

The viewer's title carries the header (``# 제22대국회 제436회 (임시회) 제2차 국회본회의 (2026.06.11.)``),
speakers are ``### 의장 조정식`` headings and agenda items ``## 1. …`` headings. The result is fed to
the same parser as every other format.
"""

from __future__ import annotations

import re

from ingest.errors import BadInput

_TITLE = re.compile(
    r"^#\s+제(?P<term>\d+)대국회\s+제(?P<session>\d+)회\s*\((?P<kind>[^)]+)\)\s*제(?P<number>\d+)차\s+"
    r"(?P<committee>\S+?)\s*\((?P<y>\d{4})\.(?P<m>\d{1,2})\.(?P<d>\d{1,2})\.?\)"
)


# Only links to the official minutes system count as the source of a meeting.
_OFFICIAL_SOURCE = re.compile(r'^(?:source:\s*"?|- Source:\s*)(https://record\.assembly\.go\.kr/\S+?)"?\s*$',
                              re.MULTILINE)


def official_source_url(text: str) -> str:
    """The record.assembly.go.kr address the rendering was made from, if it names one."""
    found = _OFFICIAL_SOURCE.search(text)
    return found.group(1) if found else ""


def looks_like_viewer_markdown(text: str) -> bool:
    return bool(re.search(r"^#\s+제\d+대국회", text, re.MULTILINE)) and "\n### " in text


def markdown_to_minutes_text(text: str) -> str:
    title = next((m for line in text.splitlines() if (m := _TITLE.match(line))), None)
    if title is None:
        raise BadInput("Markdown minutes without a '# 제N대국회 제N회 (…) 제N차 … (YYYY.MM.DD.)' title")
    committee = title["committee"].removeprefix("국회")
    lines = [
        f"제{title['session']}회국회", f"({title['kind']})", f"{committee}회의록", f"제{title['number']}호",
        f"일  시  {title['y']}년{int(title['m'])}월{int(title['d'])}일", "    의사일정",
    ]
    body: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("### "):
            body.append(f"◯{line[4:].strip()}  ")
        elif line.startswith("## "):
            heading = line[3:].strip()
            if heading.startswith("◯"):  # appendix sections after 산회
                body.append(heading)
            else:
                lines.append(heading)
                body.append(heading)
        elif line.startswith(("#", "- ", "---")) or ":" in line[:12] and line[:12].isascii():
            continue
        elif line:
            body.append(line if line.startswith("(") else f"  {line}")
    return "\n".join(lines + body)
