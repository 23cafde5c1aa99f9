"""kr-hearings-data Parquet tables: a fixture of the same schema, read streamed and grouped by sitting."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from ingest.errors import BadInput
from ingest.kr_hearings import read_kr_hearings_turns
from ingest.readers import read_meetings

TURNS = [
    # conf_num, turn_seq, speech_date, speaker_name, role, role_group, party, text
    (51234, 1, "2020-10-07", "김민석", "위원장", "chair", "더불어민주당", "국정감사를 시작하겠습니다."),
    (51234, 2, "2020-10-07", "박능후", "보건복지부장관", "government", "", "성실히 답변드리겠습니다."),
    (51234, 3, "2020-10-07", "강기윤", "위원", "member", "국민의힘", "독감 백신 상온 노출 문제를 묻겠습니다."),
    (51299, 1, "2020-10-08", "김민석", "위원장", "chair", "더불어민주당", "회의를 속개하겠습니다."),
    (51299, 2, "2020-10-08", "정은경", "질병관리청장", "government", "", "백신 안전성을 점검하였습니다."),
    (51299, 3, "2020-10-08", "강기윤", "위원", "member", "국민의힘", "<script>alert('x')</script> 백신 문제입니다."),
]


def write_fixture(folder: Path) -> Path:
    meetings = pa.table({
        "conf_num": [51234, 51299], "date": [date(2020, 10, 7), date(2020, 10, 8)],
        "committee": ["보건복지위원회", "보건복지위원회"], "term": [21, 21], "session": [382, 382],
        "meeting_type": ["국정감사", "국정감사"], "degree": [1, 2],
    })
    pq.write_table(meetings, folder / "meetings_t21.parquet")
    columns = list(zip(*TURNS, strict=True))
    names = ["conf_num", "turn_seq", "speech_date", "speaker_name", "role", "role_group", "party", "text"]
    turns_path = folder / "turns_t21_0001.parquet"
    pq.write_table(pa.table(dict(zip(names, columns, strict=True))), turns_path, row_group_size=2)
    return turns_path


def test_turns_are_grouped_into_meetings_across_batches(tmp_path):
    meetings = list(read_kr_hearings_turns(write_fixture(tmp_path), batch_size=2))
    assert [len(m.turns) for m in meetings] == [3, 3]
    audit = meetings[0]
    assert (audit.committee, audit.meeting_date, audit.assembly_term, audit.meeting_type) == (
        "보건복지위원회", date(2020, 10, 7), 21, "국정감사")
    assert audit.turns[2].party == "국민의힘" and audit.turns[2].role_group == "위원"
    assert audit.turns[1].role_group == "정부·기관"
    assert audit.meeting_id != meetings[1].meeting_id


def test_read_meetings_dispatches_turns_tables(tmp_path):
    assert sum(1 for _ in read_meetings(write_fixture(tmp_path))) == 2


def test_wrong_table_is_a_clear_error(tmp_path):
    path = tmp_path / "turns_bad.parquet"
    pq.write_table(pa.table({"x": [1]}), path)
    with pytest.raises(BadInput, match="missing columns"):
        list(read_kr_hearings_turns(path))


@pytest.mark.es
def test_ingested_tables_are_searchable_with_party_facet(tmp_path, es_client, settings, analyzer):
    from hearings.index import ensure_indices, turns_spec
    from ingest.pipeline import ingest_paths
    from search_api.params import SearchParams
    from search_api.service import run_search

    write_fixture(tmp_path)
    kr = settings.model_copy(update={"index_alias": "test-kr-turns"})
    ensure_indices(es_client, kr, recreate=True)
    summary = ingest_paths(es_client, kr, analyzer, [tmp_path])
    assert [o.turns for o in summary.outcomes] == [3, 3] and not summary.failed
    result = run_search(es_client, turns_spec(kr).alias, SearchParams(q="백신", party=["국민의힘"]), analyzer)
    assert [h.speaker_name for h in result.hits] == ["강기윤", "강기윤"]
    # A turn whose text holds markup comes back escaped, with only the marks added.
    scripted = next(h.snippet_html for h in result.hits if "script" in h.snippet_html)
    assert "<script>" not in scripted and "&lt;script&gt;" in scripted and "<mark>백신</mark>" in scripted
    parties = next(f for f in result.facets if f.name == "party")
    assert {v.value for v in parties.values} >= {"국민의힘"}
