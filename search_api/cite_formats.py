"""One turn as a reference for researchers' citation managers: BibTeX, RIS and CSL-JSON.

A turn is cited as a speech printed in the minutes: its speaker is the author, the minutes (as their cover
names them) the container, 국회사무처 (printed on every cover) the publisher, with the printed pages where
the source marks them and the turn's permalink.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from search_api.citation import citation_line, minutes_title, speaker_with_role

CiteFormat = Literal["bibtex", "ris", "csl"]
PUBLISHER = "국회사무처"
PUBLISHER_PLACE = "서울"
# media type and file extension of each download
MEDIA_TYPES: dict[str, tuple[str, str]] = {
    "bibtex": ("application/x-bibtex; charset=utf-8", "bib"),
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris"),
    "csl": ("application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
}


@dataclass(frozen=True)
class Reference:
    key: str  # the turn id
    author: str
    title: str  # 김강립 보건복지부차관 발언
    container: str  # 제375회국회(임시회·폐회중) 보건복지위원회회의록 제1호
    issued: date
    pages: tuple[int, ...]
    url: str
    note: str  # the citation line, as Korean readers print it


def turn_reference(turn: dict, public_url: str) -> Reference:
    pages = sorted(turn.get("pages") or [])
    return Reference(
        key=turn["turn_id"], author=turn["speaker_name"], title=f"{speaker_with_role(turn)} 발언",
        container=minutes_title(turn), issued=date.fromisoformat(turn["date"]),
        pages=(pages[0], pages[-1]) if pages else (), url=f"{public_url.rstrip('/')}/turns/{turn['turn_id']}",
        note=citation_line(turn))


# BibTeX/LaTeX specials; a value is then safe inside {...} (braces balanced, no command introduced).
_BIBTEX_SPECIALS = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$",
                    "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_BIBTEX_SPECIAL = re.compile("|".join(re.escape(c) for c in _BIBTEX_SPECIALS))
_URL_SPECIALS = re.compile(r"[\\{}\s]")  # a url field is verbatim, but braces must stay balanced


def _single_line(text: str) -> str:
    return " ".join(text.split())


def bibtex_value(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(lambda found: _BIBTEX_SPECIALS[found.group(0)], _single_line(text))


def bibtex(ref: Reference) -> str:
    fields = [
        # Double braces keep a Korean name whole: BibTeX would otherwise read "Last, First" into it.
        ("author", "{" + bibtex_value(ref.author) + "}"),
        ("title", bibtex_value(ref.title)),
        ("howpublished", bibtex_value(ref.container)),
        ("organization", bibtex_value(PUBLISHER)),
        ("address", bibtex_value(PUBLISHER_PLACE)),
        ("year", str(ref.issued.year)),
        ("date", ref.issued.isoformat()),
        ("pages", "--".join(str(page) for page in dict.fromkeys(ref.pages))),
        ("url", _URL_SPECIALS.sub(lambda found: f"%{ord(found.group(0)):02X}", ref.url)),
        ("note", bibtex_value(ref.note)),
    ]
    key = re.sub(r"[^A-Za-z0-9_:-]", "-", ref.key)
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@misc{{{key},\n{body}\n}}\n"


def ris(ref: Reference) -> str:
    """Tag lines "XX  - value" ended by CRLF (the RIS specification); a value never spans lines."""
    tags = [("TY", "HEAR"), ("ID", ref.key), ("AU", ref.author), ("TI", ref.title), ("T2", ref.container),
            ("PB", PUBLISHER), ("CY", PUBLISHER_PLACE), ("PY", str(ref.issued.year)),
            ("DA", ref.issued.strftime("%Y/%m/%d")),
            ("SP", str(ref.pages[0]) if ref.pages else ""), ("EP", str(ref.pages[-1]) if ref.pages else ""),
            ("UR", ref.url), ("N1", ref.note), ("LA", "ko")]
    lines = [f"{tag}  - {_single_line(value)}" for tag, value in tags if value.strip()]
    return "\r\n".join([*lines, "ER  - ", ""])


def csl_json(ref: Reference) -> str:
    """A CSL-JSON array of one item, type speech."""
    item = {
        "id": ref.key, "type": "speech", "title": ref.title, "author": [{"literal": ref.author}],
        "container-title": ref.container, "publisher": PUBLISHER, "publisher-place": PUBLISHER_PLACE,
        "issued": {"date-parts": [[ref.issued.year, ref.issued.month, ref.issued.day]]},
        "URL": ref.url, "note": ref.note, "language": "ko",
    }
    if ref.pages:
        item["page"] = "-".join(str(page) for page in dict.fromkeys(ref.pages))
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


RENDERERS = {"bibtex": bibtex, "ris": ris, "csl": csl_json}


def reference_download(turn: dict, fmt: CiteFormat, public_url: str) -> tuple[str, str, str]:
    """(body, media type, file name) of one turn's reference in one format."""
    media_type, extension = MEDIA_TYPES[fmt]
    filename = re.sub(r"[^A-Za-z0-9_-]", "-", turn["turn_id"])
    return RENDERERS[fmt](turn_reference(turn, public_url)), media_type, f"turn-{filename}.{extension}"
