"""`hearings sync members`: the member roll from the replayed service becomes a roster with member codes;
turns get a party and a code, and two members of the same name are never merged."""

from __future__ import annotations

import io

import pytest

from hearings.index import ensure_indices, turns_spec
from ingest.members import member_roll, write_roster
from ingest.roster import Roster
from tests.conftest import CORPUS
from tests.sync.replay import Replay, ReplayServer
from tests.sync.test_sync import _api

pytestmark = pytest.mark.es


def _member(code: str, name: str, hanja: str, party: str, district: str = "서울 종로구") -> dict:
    # The recorded row of 역대 국회의원 인적사항 (shared/reference/open-assembly), values of the test's own.
    return {"MONA_CD": code, "HG_NM": name, "HJ_NM": hanja, "ENG_NM": "", "BTH_GBN_NM": "양", "BTH_DATE": "1960-01-01",
            "SEX_GBN_NM": "남", "REELE_GBN_NM": "초선", "UNITS": "제20대", "UNIT_CD": "100020", "UNIT_NM": "제20대",
            "POLY_NM": party, "ORIG_NM": district, "ELECT_GBN_NM": "비례대표" if district == "비례대표" else "지역구"}


ROLL = [
    _member("A0001", "정성호", "鄭成湖", "더불어민주당", "경기 양주시"),
    _member("A0002", "이은재", "李恩宰", "자유한국당", "서울 강남구병"),
    _member("A0003", "이은재", "李銀在", "바른미래당"),  # a second member of the same name
    _member("A0004", "송기석", "宋基錫", "국민의당", "광주 서구갑"),
    _member("A0005", "송기석", "宋琪碩", "자유한국당", "비례대표"),  # same name, Hanja not printed in the minutes
    _member("A0006", "노회찬", "魯會燦", "", "경남 창원시성산구"),  # no party in the roll: reported, skipped
]


def test_the_member_roll_becomes_a_roster_with_codes(tmp_path):
    with ReplayServer(Replay(members={"100020": ROLL})) as server:
        api = _api(server.url)
        roll = member_roll(api, [20])
        api.close()
    assert [row["member_id"] for row in roll.rows] == ["A0001", "A0002", "A0003", "A0004", "A0005"]
    assert roll.skipped == ["노회찬 (20대): no party"]
    assert roll.rows[4]["district"] == "비례대표" and roll.rows[1]["hanja"] == "李恩宰"
    path = tmp_path / "members.csv"
    write_roster(roll.rows, path)
    loaded = Roster.load(path)  # the same format a hand-made roster has
    assert {m.member_id for ms in loaded._by_name_term.values() for m in ms} == {"A0001", "A0002", "A0003",
                                                                              "A0004", "A0005"}


def test_turns_get_party_and_code_and_same_name_members_stay_apart(tmp_path, es_client, settings, analyzer):
    from ingest.pipeline import ingest_paths

    path = tmp_path / "members.csv"
    with ReplayServer(Replay(members={"100020": ROLL})) as server:
        api = _api(server.url)
        write_roster(member_roll(api, [20]).rows, path)
        api.close()
    local = settings.model_copy(update={"index_alias": "test-members-turns"})
    ensure_indices(es_client, local, recreate=True)
    ingest_paths(es_client, local, analyzer, [CORPUS / "8ark_law_1_sagaeteuk_355-1_2018-01-12.cp949.txt"],
                 out=io.StringIO(), roster=Roster.load(path))
    turns = [hit["_source"] for hit in es_client.search(index=turns_spec(local).alias, size=100)["hits"]["hits"]]
    by_name = {}
    for turn in turns:
        by_name.setdefault(turn["speaker_name"], set()).add((turn["member_id"], turn["party"]))
    assert by_name["정성호"] == {("A0001", "더불어민주당")}
    assert by_name["이은재"] == {("A0002", "자유한국당")}  # printed 李恩宰: that member, not the other 이은재
    assert by_name["송기석"] == {("", "")}  # two 송기석 and nothing printed to tell them apart: no guess
    assert by_name["노회찬"] == {("", "")}  # not in the roster
