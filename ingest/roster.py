"""An optional roster of members: gives turns a party and tells same-name members apart.

Minutes print a member's name and role, never the party. A roster is a UTF-8 CSV with the header

    name,hanja,party,term,district,from,to[,member_id]

one row per member and term (``name`` in Hangul, ``hanja`` as printed in older minutes, ``term`` the
Assembly 대수, ``district`` such as ``대전 유성구을`` or ``비례대표``). ``from``/``to`` (YYYY-MM-DD,
optional) bound a party membership inside the term: a member who changed party has one row per party.
``member_id`` (optional) is the member's stable code in the Assembly's records (MONA_CD);
`hearings sync members` writes rosters with it from the Assembly's open data service.

A member's turn (위원, 의원, 위원장, ...) gets the party of the roster rows that match its name, the
meeting's term and date, and the member's code when every remaining row names the same person.
Same-name members are told apart by the printed Hanja and by the ``(비)`` mark of proportional members;
when the remaining rows still disagree, no party or code is set rather than a guess. A party the source
already gives (kr-hearings-data) is kept.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from hearings.analysis import fold
from ingest.errors import BadInput
from ingest.models import Meeting, Turn
from ingest.roles import CHAIR, MEMBER, turn_role_group

COLUMNS = ("name", "hanja", "party", "term", "district", "from", "to", "member_id")
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
    member_id: str = ""

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
        end=_day(row.get("to") or ""), member_id=(row.get("member_id") or "").strip(),
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

    def _candidates(self, turn: Turn, term: int | None, day: date) -> list[Membership]:
        if term is None:
            return []
        candidates = [m for m in self._by_name_term.get((turn.speaker_name, term), []) if m.covers(day)]
        if turn.speaker_printed != turn.speaker_name:  # printed in Hanja: that picks the person
            printed = fold(turn.speaker_printed)  # HWP files print 李 as a compatibility ideograph
            candidates = [m for m in candidates if fold(m.hanja) == printed] or candidates
        if turn.mark == "비":
            candidates = [m for m in candidates if m.district == PROPORTIONAL] or candidates
        return candidates

    def party_of(self, turn: Turn, term: int | None, day: date) -> str:
        """The party of the member speaking, or "" when unknown or ambiguous."""
        parties = {m.party for m in self._candidates(turn, term, day)}
        return parties.pop() if len(parties) == 1 else ""

    def member_id_of(self, turn: Turn, term: int | None, day: date) -> str:
        """The member's code when every candidate row names the same person; "" otherwise (two members
        of the same name are never merged into one)."""
        codes = {m.member_id for m in self._candidates(turn, term, day)}
        return codes.pop() if len(codes) == 1 else ""

    def enrich(self, meeting: Meeting) -> None:
        """Sets the party (where the source gave none) and the member code of members' turns."""
        for turn in meeting.turns:
            if turn_role_group(turn) not in (MEMBER, CHAIR):
                continue
            if not turn.party:
                turn.party = self.party_of(turn, meeting.assembly_term, meeting.meeting_date)
            turn.member_id = turn.member_id or self.member_id_of(turn, meeting.assembly_term, meeting.meeting_date)
