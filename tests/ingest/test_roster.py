from datetime import date
from pathlib import Path

import pytest

from ingest.errors import BadInput
from ingest.models import Meeting, Paragraph, Turn
from ingest.roster import Roster

EXAMPLE = Path(__file__).parent.parent.parent / "examples" / "roster.csv"
HEADER = "name,hanja,party,term,district,from,to\n"


def _roster(tmp_path: Path, rows: str) -> Roster:
    path = tmp_path / "roster.csv"
    path.write_text(HEADER + rows, "utf-8")
    return Roster.load(path)


def _meeting(day: date, term: int, *turns: Turn) -> Meeting:
    return Meeting(committee="사법개혁특별위원회", meeting_date=day, session=355, session_kind="임시회",
                   meeting_number=1, assembly_term=term, meeting_type="특별위원회", turns=list(turns))


def _turn(name: str, role: str = "위원", printed: str | None = None, mark: str = "", party: str = "") -> Turn:
    return Turn(seq=1, label=f"{name} {role}", speaker_name=name, speaker_printed=printed or name, role=role,
                mark=mark, party=party, paragraphs=[Paragraph("speech", "말씀")])


def test_members_get_the_party_of_their_term_and_date():
    roster = Roster.load(EXAMPLE)
    before, after = _turn("권은희"), _turn("권은희")
    roster.enrich(_meeting(date(2018, 1, 12), 20, before))
    roster.enrich(_meeting(date(2019, 4, 26), 20, after))
    assert (before.party, after.party) == ("국민의당", "바른미래당")
    chair = _turn("이상민", role="위원장")
    roster.enrich(_meeting(date(2019, 4, 26), 20, chair))
    assert chair.party == "더불어민주당"


def test_other_terms_officials_and_known_parties_are_left_alone():
    roster = Roster.load(EXAMPLE)
    other_term, official, given = _turn("윤한홍"), _turn("윤한홍", role="법무부차관"), _turn("윤한홍", party="무소속")
    roster.enrich(_meeting(date(2011, 4, 28), 18, other_term))
    roster.enrich(_meeting(date(2019, 4, 26), 20, official, given))
    assert (other_term.party, official.party, given.party) == ("", "", "무소속")


def test_same_name_members_are_told_apart_by_hanja_and_proportional_mark(tmp_path):
    roster = _roster(tmp_path, "김민수,金敏洙,가당,21,서울 중구,,\n김민수,金民秀,나당,21,비례대표,,\n")
    by_hanja, by_mark, ambiguous = _turn("김민수", printed="金民秀"), _turn("김민수", mark="비"), _turn("김민수")
    roster.enrich(_meeting(date(2022, 3, 2), 21, by_hanja, by_mark, ambiguous))
    assert (by_hanja.party, by_mark.party) == ("나당", "나당")
    assert ambiguous.party == ""  # two members, two parties: no guess


def test_a_bad_roster_row_is_named_by_line(tmp_path):
    with pytest.raises(BadInput, match="line 3"):
        _roster(tmp_path, "김민수,,가당,21,,,\n김민수,,가당,스물하나,,,\n")
    (tmp_path / "short.csv").write_text("name,party\n김민수,가당\n", "utf-8")
    with pytest.raises(BadInput, match="missing columns term"):
        Roster.load(tmp_path / "short.csv")
