"""Citation lines with the printed page, and one turn's reference as BibTeX, RIS and CSL-JSON."""

from __future__ import annotations

import json
import re

import pytest

from search_api.citation import citation_line, minutes_title, page_range, short_citation
from search_api.cite_formats import bibtex, csl_json, reference_download, ris, turn_reference
from tests.ingest.test_pages import CHECKED

TURN = {"turn_id": "20200130-375-1-b791f6e1-0022", "meeting_id": "20200130-375-1-b791f6e1", "seq": 22,
        "committee": "보건복지위원회", "meeting_type": "상임위원회", "session": 375, "session_kind": "임시회·폐회중",
        "meeting_number": 1, "date": "2020-01-30", "speaker_name": "김강립", "role": "보건복지부차관", "pages": [12]}


def test_the_citation_line_is_the_form_the_assemblys_readers_use():
    assert citation_line(TURN) == ("제375회국회(임시회·폐회중) 보건복지위원회회의록 제1호, 2020. 1. 30., 12쪽, "
                                   "김강립 보건복지부차관 발언")
    assert citation_line(TURN | {"pages": [12, 13]}).endswith(", 2020. 1. 30., 12-13쪽, 김강립 보건복지부차관 발언")
    assert citation_line(TURN | {"pages": []}) == ("제375회국회(임시회·폐회중) 보건복지위원회회의록 제1호, "
                                                    "2020. 1. 30., 김강립 보건복지부차관 발언")


def test_the_short_form_for_the_copy_button():
    assert short_citation(TURN | {"pages": [12, 13]}) == ("국회 보건복지위원회, 2020. 1. 30., 12-13쪽, "
                                                          "김강립 보건복지부차관 발언")
    assert short_citation(TURN | {"pages": []}) == "국회 보건복지위원회, 2020. 1. 30., 김강립 보건복지부차관 발언"


def test_minutes_titles_of_plenaries_audits_and_unnumbered_sittings():
    plenary = TURN | {"committee": "본회의", "meeting_type": "본회의", "session": 436, "session_kind": "임시회",
                      "meeting_number": 2}
    assert minutes_title(plenary) == "제436회국회(임시회) 국회본회의회의록 제2호"
    audit = TURN | {"meeting_type": "국정감사", "session": None, "session_kind": "", "meeting_number": None,
                    "date": "2019-10-02"}
    assert minutes_title(audit) == "2019년도 국정감사 보건복지위원회회의록"
    assert short_citation(audit).startswith("2019년도 국정감사 보건복지위원회, 2019. 10. 2., 12쪽, ")
    unnumbered = TURN | {"session": None, "session_kind": "", "meeting_number": None}
    assert minutes_title(unnumbered) == "국회 보건복지위원회회의록"


def test_page_ranges():
    assert [page_range(p) for p in ([], None, [7], [12, 13], [16, 17, 18])] == ["", "", "7쪽", "12-13쪽", "16-18쪽"]


# A role as no minutes print it, holding every character each format must escape.
AWKWARD = TURN | {"role": "위원{장} 100% \\대행 & #1_~^$\n둘째 줄", "pages": [12, 13]}


def _bibtex_fields(entry: str) -> tuple[str, str, dict[str, str]]:
    """A small BibTeX reader: @type{key, name = {value}, ...} with braces counted, escapes left in."""
    head = re.match(r"@(\w+)\{([^,\s]+),\n", entry)
    assert head, entry
    fields, position = {}, head.end()
    while (found := re.compile(r"\s*(\w+) = \{").match(entry, position)):
        depth, index = 1, found.end()
        while depth:
            char = entry[index]
            if char == "\\":
                index += 2
                continue
            depth += {"{": 1, "}": -1}.get(char, 0)
            index += 1
        fields[found.group(1)] = entry[found.end():index - 1]
        position = index + 1 if entry[index:index + 1] == "," else index
    assert entry[position:].strip() == "}", entry[position:]
    return head.group(1), head.group(2), fields


def _unescape_bibtex(value: str) -> str:
    value = value.replace(r"\textbackslash{}", "\\").replace(r"\textasciitilde{}", "~")
    return re.sub(r"\\([{}%&$#_])", r"\1", value.replace(r"\textasciicircum{}", "^"))


def test_bibtex_is_one_well_formed_entry_with_its_specials_escaped():
    entry_type, key, fields = _bibtex_fields(bibtex(turn_reference(AWKWARD, "https://hearings.example")))
    assert (entry_type, key) == ("misc", "20200130-375-1-b791f6e1-0022")
    assert fields["author"] == "{김강립}"  # one name, never split into first and last
    assert _unescape_bibtex(fields["title"]) == "김강립 위원{장} 100% \\대행 & #1_~^$ 둘째 줄 발언"
    assert "\n" not in fields["title"] and "{장}" not in fields["title"]
    assert fields["howpublished"] == "제375회국회(임시회·폐회중) 보건복지위원회회의록 제1호"
    assert (fields["pages"], fields["year"], fields["date"]) == ("12--13", "2020", "2020-01-30")
    assert fields["url"] == "https://hearings.example/turns/20200130-375-1-b791f6e1-0022"
    assert fields["organization"] == "국회사무처"
    single = _bibtex_fields(bibtex(turn_reference(TURN, "https://hearings.example")))[2]
    assert single["pages"] == "12"


def test_ris_is_tag_lines_ended_by_crlf_and_er():
    text = ris(turn_reference(AWKWARD, "https://hearings.example"))
    lines = text.split("\r\n")
    assert lines[0] == "TY  - HEAR" and lines[-2:] == ["ER  - ", ""]
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines[:-1]), lines
    assert "\n" not in text.replace("\r\n", "")
    tags = dict(line.split("  - ", 1) for line in lines[:-2])
    assert tags["AU"] == "김강립" and tags["TI"] == "김강립 위원{장} 100% \\대행 & #1_~^$ 둘째 줄 발언"
    assert (tags["SP"], tags["EP"], tags["PY"], tags["DA"]) == ("12", "13", "2020", "2020/01/30")
    assert tags["T2"] == "제375회국회(임시회·폐회중) 보건복지위원회회의록 제1호" and tags["PB"] == "국회사무처"
    assert "SP" not in dict(line.split("  - ", 1) for line in ris(turn_reference(TURN | {"pages": []}, "")).split(
        "\r\n")[:-2])


def test_csl_json_is_an_array_of_one_speech():
    [item] = json.loads(csl_json(turn_reference(AWKWARD, "https://hearings.example")))
    assert item["type"] == "speech" and item["id"] == "20200130-375-1-b791f6e1-0022"
    assert item["author"] == [{"literal": "김강립"}] and item["page"] == "12-13"
    assert item["title"] == "김강립 위원{장} 100% \\대행 & #1_~^$\n둘째 줄 발언"  # JSON carries text as it is
    assert item["issued"] == {"date-parts": [[2020, 1, 30]]}
    assert item["container-title"] == "제375회국회(임시회·폐회중) 보건복지위원회회의록 제1호"
    assert "page" not in json.loads(csl_json(turn_reference(TURN | {"pages": []}, "")))[0]


def test_download_names_are_safe_file_names():
    body, media_type, filename = reference_download(TURN | {"turn_id": 'x"; y/../1'}, "ris", "")
    assert filename == "turn-x---y----1.ris" and media_type.startswith("application/x-research-info-systems")


def _hit_for(api, checked):
    """The search hit for a hand-checked turn: its opening words, said by its speaker."""
    date = checked.source.stem[-10:]  # the sitting's date ends each sample's file name
    result = api.get("/api/search", params={"q": f'"{checked.opening}"', "speaker": checked.speaker,
                                            "date_from": date, "date_to": date, "sort": "oldest"}).json()
    return next(hit for hit in result["hits"] if hit["seq"] == checked.seq)


@pytest.mark.es
@pytest.mark.parametrize("checked", CHECKED, ids=lambda c: f"{c.source.name[:20]}-{c.seq}")
def test_citations_on_hits_carry_the_pages_read_by_hand(api, checked):
    hit = _hit_for(api, checked)
    assert hit["pages"] == checked.pages
    expected = page_range(checked.pages)
    assert f", {expected}, {checked.speaker} " in hit["citation"] and expected in hit["citation_short"]


@pytest.mark.es
def test_the_cite_endpoint_serves_each_format_as_a_download(api):
    hit = _hit_for(api, CHECKED[1])  # 김강립, pp. 6-7
    bib = api.get(hit["cite_links"]["BibTeX"])
    assert bib.status_code == 200 and bib.headers["content-type"].startswith("application/x-bibtex")
    assert bib.headers["content-disposition"] == f'attachment; filename="turn-{hit["turn_id"]}.bib"'
    assert _bibtex_fields(bib.text)[2]["pages"] == "6--7"
    ris_text = api.get(hit["cite_links"]["RIS"]).text
    assert "SP  - 6\r\nEP  - 7\r\n" in ris_text
    csl = api.get(hit["cite_links"]["CSL-JSON"])
    assert csl.headers["content-type"].startswith("application/vnd.citationstyles.csl+json")
    assert json.loads(csl.text)[0]["page"] == "6-7"
    wrong = api.get(f"/api/turns/{hit['turn_id']}/cite", params={"format": "docx"})
    assert wrong.status_code == 422 and wrong.json()["ok"] is False
    missing = api.get("/api/turns/19990101-0-0-deadbeef-0001/cite")
    assert missing.status_code == 404 and missing.json()["ok"] is False


@pytest.mark.es
def test_the_search_page_shows_the_paged_citation_and_the_downloads(api):
    checked = CHECKED[4]  # 정춘숙, pp. 16-18
    html = api.get("/search", params={"q": f'"{checked.opening}"', "speaker": checked.speaker}).text
    assert "보건복지위원회회의록 제1호, 2020. 1. 30., 16-18쪽, 정춘숙 위원 발언" in html
    assert 'data-citation="국회 보건복지위원회, 2020. 1. 30., 16-18쪽, 정춘숙 위원 발언"' in html
    assert re.search(r'href="/api/turns/[^"]+/cite\?format=bibtex" download>BibTeX</a>', html)
