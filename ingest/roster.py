"""An optional roster of members: gives turns a party and tells same-name members apart.

Minutes print a member's name and role, never the party. A roster is a UTF-8 CSV with the header

    name,hanja,party,term,district,from,to

one row per member and term (``name`` in Hangul, ``hanja`` as printed in older minutes, ``term`` the
Assembly 대수, ``district`` such as ``대전 유성구을`` or ``비례대표``). ``from``/``to`` (YYYY-MM-DD,
optional) bound a party membership inside the term: a member who changed party has one row per party.

A member's turn (위원, 의원, 위원장, ...) gets the party of the roster rows that match its name, the
meeting's term and date. Same-name members are told apart by the printed Hanja and by the ``(비)``
mark of proportional members; when the remaining rows still disagree on the party, none is set
rather than a guess. A party the source already gives (kr-hearings-data) is kept.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ingest.documents import turn_role_group
from ingest.errors import BadInput
from ingest.models import Meeting, Turn
from ingest.roles import CHAIR, MEMBER

COLUMNS = ("name", "hanja", "party", "term", "district", "from", "to")
PROPORTIONAL = "비례대표"


@dataclass(frozen=True)
class Membership:
    name: str
    hanja: str
    party: str
    term: int
    district: str
    start: date | None
    end: date | None

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def _day(value: str) -> date | None:
    return date.fromisoformat(value) if value.strip() else None


def _membership(row: dict[str, str]) -> Membership:
    if not row.get("name", "").strip() or not row.get("party", "").strip():
        raise ValueError("name and party are required")
    return Membership(
        name=row["name"].strip(), hanja=(row.get("hanja") or "").strip(), party=row["party"].strip(),
        term=int(row["term"]), district=(row.get("district") or "").strip(), start=_day(row.get("from") or ""),
        end=_day(row.get("to") or ""),
    )


class Roster:
    def __init__(self, memberships: list[Membership]):
        self._by_name_term: dict[tuple[str, int], list[Membership]] = defaultdict(list)
        for membership in memberships:
            self._by_name_term[(membership.name, membership.term)].append(membership)

    @classmethod
    def load(cls, path: Path) -> Roster:
        """Reads a roster CSV; a bad row is reported with its line number."""
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.DictReader(handle)
                missing = {"name", "party", "term"} - set(reader.fieldnames or [])
                if missing:
                    raise BadInput(f"roster {path.name}: missing columns {', '.join(sorted(missing))} "
                                   f"(expected {','.join(COLUMNS)})")
                memberships = []
                for row in reader:
                    try:
                        memberships.append(_membership(row))
                    except (ValueError, TypeError) as error:
                        raise BadInput(f"roster {path.name}, line {reader.line_num}: {error}") from error
        except (OSError, UnicodeDecodeError) as error:
            raise BadInput(f"roster {path.name}: cannot read as UTF-8 CSV ({error})") from error
        return cls(memberships)

    def party_of(self, turn: Turn, term: int | None, day: date) -> str:
        """The party of the member speaking, or "" when unknown or ambiguous."""
        if term is None:
            return ""
        candidates = [m for m in self._by_name_term.get((turn.speaker_name, term), []) if m.covers(day)]
        if turn.speaker_printed != turn.speaker_name:  # printed in Hanja: that picks the person
            candidates = [m for m in candidates if m.hanja == turn.speaker_printed] or candidates
        if turn.mark == "비":
            candidates = [m for m in candidates if m.district == PROPORTIONAL] or candidates
        parties = {m.party for m in candidates}
        return parties.pop() if len(parties) == 1 else ""

    def enrich(self, meeting: Meeting) -> None:
        """Sets the party of members' turns that have none."""
        for turn in meeting.turns:
            if not turn.party and turn_role_group(turn) in (MEMBER, CHAIR):
                turn.party = self.party_of(turn, meeting.assembly_term, meeting.meeting_date)
