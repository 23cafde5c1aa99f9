from pathlib import Path

from ingest.readers import read_meeting
from ingest.spacing import lacks_spacing, restore_spacing

CORPUS = Path(__file__).parent.parent / "corpus"
SPACELESS = CORPUS / "opendataloader_hwanno_414-1_2024-05-07.pdf"


def test_only_the_pdf_that_lost_its_spaces_is_detected():
    flagged = {p.name for p in CORPUS.iterdir() if p.suffix in {".txt", ".pdf", ".hwp", ".md"}
               if lacks_spacing(read_meeting(p))}
    assert flagged == {SPACELESS.name}


def test_spaces_are_restored_in_speech_only(analyzer):
    meeting = read_meeting(SPACELESS)
    stages = [p.text for t in meeting.turns for p in t.paragraphs if p.kind != "speech"]
    restore_spacing(meeting, analyzer)
    assert meeting.spacing_restored
    assert meeting.turns[0].text.startswith("의석을 정돈하여 주시기 바랍니다.")
    assert [p.text for t in meeting.turns for p in t.paragraphs if p.kind != "speech"] == stages
    assert not lacks_spacing(meeting)
