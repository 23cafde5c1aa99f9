"""The member roll from the Assembly's open data service (역대 국회의원 인적사항, `npffdutiapkzbfyvr`) as a
roster CSV (ingest/roster.py) with each member's stable code, MONA_CD.

One row per member and term: Hangul and Hanja names, the party of that term, the district (비례대표 for
proportional members) and the code. The file is the same format as a hand-made roster, so offline use
keeps working with a CSV, and `hearings ingest --roster` reads either.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from ingest.open_assembly import OpenAssemblyClient
from ingest.roster import COLUMNS

MEMBERS_SERVICE = "npffdutiapkzbfyvr"


def unit_code(term: int) -> str:
    """The service's code of an Assembly term: 100021 is the 21st."""
    return f"{100000 + term}"


@dataclass
class MemberRoll:
    rows: list[dict]
    skipped: list[str]  # rows that could not become roster rows, with why


def _term_of(row: dict, asked: int) -> int:
    found = re.search(r"제(\d+)대", str(row.get("UNIT_NM") or ""))
    return int(found.group(1)) if found else asked


def roster_row(row: dict, term: int) -> dict:
    district = str(row.get("ORIG_NM") or "").strip()
    if not district or str(row.get("ELECT_GBN_NM") or "") == "비례대표":
        district = "비례대표"
    return {"name": str(row.get("HG_NM") or "").strip(), "hanja": str(row.get("HJ_NM") or "").strip(),
            "party": str(row.get("POLY_NM") or "").strip(), "term": _term_of(row, term), "district": district,
            "from": "", "to": "", "member_id": str(row.get("MONA_CD") or "").strip()}


def member_roll(api: OpenAssemblyClient, terms: list[int]) -> MemberRoll:
    rows, skipped = [], []
    for term in terms:
        for raw in api.rows(MEMBERS_SERVICE, {"UNIT_CD": unit_code(term)}):
            row = roster_row(raw, term)
            missing = [name for name in ("name", "party", "member_id") if not row[name]]
            if missing:
                skipped.append(f"{row['name'] or '?'} ({term}대): no {', '.join(missing)}")
            else:
                rows.append(row)
    return MemberRoll(rows, skipped)


def write_roster(rows: list[dict], path: Path) -> None:
    """Written whole to a temporary file first: a run that stops half-way never leaves half a roster."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(path.suffix + ".partial")
    with partial.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(sorted(rows, key=lambda r: (r["term"], r["name"], r["member_id"])))
    partial.replace(path)
