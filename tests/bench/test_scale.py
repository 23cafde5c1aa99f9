"""The scale benchmark's index (bench/scale.py): generated turns with Kiwi's analysis of their sentences, built
through the re-index path. What is asserted is that the index it measures is a real one: whole meetings, the
turns' analysis matching their text, speakers drawn from a bounded roster, and searches that find what was
written. No timing is asserted."""

from __future__ import annotations

from datetime import date

import pytest

from bench.generate import COMMITTEES
from bench.scale import MEMBERS_PER_TERM, TERMS, _sentence_bank, build_scaled, scaled_meetings
from hearings.index import meetings_spec, turns_spec


def test_scaled_meetings_are_deterministic_and_spread_over_the_record():
    first = [stored.meeting.meeting_id for stored, _ in scaled_meetings(3000)]
    again = [stored.meeting.meeting_id for stored, _ in scaled_meetings(3000)]
    assert first == again and len(first) == 12 and len(set(first)) == 12
    meetings = [stored for stored, _ in scaled_meetings(20_000)]
    assert sum(len(m.meeting.turns) for m in meetings) == 20_000
    assert {m.meeting.committee for m in meetings} <= set(COMMITTEES)
    assert len({m.meeting.committee for m in meetings}) >= 15
    days = [m.meeting.meeting_date for m in meetings]
    assert date(2000, 6, 1) <= min(days) < date(2003, 1, 1) and date(2024, 1, 1) < max(days) <= date(2026, 11, 30)
    members = {t.speaker_name for m in meetings for t in m.meeting.turns if t.role == "위원"}
    # a bounded roster: 80 meetings of ~12 members each draw on at most 300 per Assembly
    assert 100 < len(members) <= MEMBERS_PER_TERM * len(TERMS)


def test_each_turns_analysis_is_that_of_its_own_sentences():
    sentences, analyses = _sentence_bank()
    lemma_of = dict(zip(sentences, (a.lemmas for a in analyses), strict=True))
    stored, _ = next(scaled_meetings(250))
    for turn, analysis in zip(stored.meeting.turns, stored.analyses, strict=True):
        first = next(s for s in sentences if turn.text.startswith(s))
        assert analysis.lemmas.startswith(lemma_of[first])


@pytest.mark.es
def test_the_built_index_holds_every_turn_and_finds_what_was_written(settings, es_client):
    local = settings.model_copy(update={"index_alias": f"{settings.index_alias}-scale-turns", "index_replicas": "0-0"})
    built = build_scaled(local, 1000)
    alias = turns_spec(local).alias
    try:
        assert built["turns"] == 1000 and built["failures"] == 0
        assert es_client.count(index=alias)["count"] == 1000
        assert built["cost"]["raw_bytes"] > 0 and built["cost"]["store_bytes"] > 0
        stored, _ = next(scaled_meetings(1000))
        lemma = next(t for t in stored.analyses[0].lemmas.split() if len(t) >= 2)
        found = es_client.search(index=alias, query={"bool": {"filter": [
            {"term": {"meeting_id": stored.meeting.meeting_id}}, {"match": {"lemmas": lemma}}]}})
        assert found["hits"]["total"]["value"] >= 1
        setting = es_client.indices.get_settings(index=alias, name="index.requests.cache.enable")
        assert next(iter(setting.values()))["settings"]["index"]["requests"]["cache"]["enable"] == "false"
    finally:
        for spec in (turns_spec(local), meetings_spec(local)):
            for index in es_client.indices.get(index=f"{spec.alias}*"):
                es_client.indices.delete(index=index)
