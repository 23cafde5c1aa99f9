"""Hanja read in Hangul from the Unihan table the repo ships (hearings/data/hanja_readings.tsv)."""

import bz2
import importlib.util
from pathlib import Path

import pytest

from hearings.readings import TABLE, hangul_reading, initial_form, read_hanja, readings

ROOT = Path(__file__).resolve().parents[2]


def _generator():
    spec = importlib.util.spec_from_file_location("make_hanja_readings", ROOT / "scripts" / "make_hanja_readings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("reading", "initial"), [
    ("리", "이"), ("려", "여"), ("류", "유"), ("례", "예"), ("로", "노"), ("뢰", "뇌"), ("락", "낙"), ("녀", "여"),
    ("뇨", "요"), ("니", "이"), ("녕", "영"), ("냐", "냐"), ("김", "김"), ("A", "A"),
])
def test_initial_form_is_the_initial_sound_rule(reading, initial):
    assert initial_form(reading) == initial


@pytest.mark.parametrize(("printed", "read"), [
    ("國政監査", "국정감사"),
    ("李", "이"), ("行李", "행리"),  # the initial-sound rule at a word's start only
    ("勞動", "노동"), ("勤勞", "근로"),
    ("比率", "비율"), ("旋律", "선율"), ("確率", "확률"),  # 률 → 율 after a vowel or ㄴ
    ("安寧", "안녕"), ("自動車", "자동차"), ("變更", "변경"),
    ("1級", "1급"), ("(女)", "(여)"),
    ("가㐀나", "가㐀나"),  # a character without a reading stays as printed
])
def test_hanja_are_read_in_hangul_with_the_initial_sound_rule(printed, read):
    assert read_hanja(printed) == read and len(read_hanja(printed)) == len(printed)


def test_a_compatibility_ideograph_reads_as_the_unified_one():
    assert read_hanja("\uf9e1") == read_hanja("李") == "이"  # 李 as KS X 1001 prints it a second time
    assert hangul_reading("\uf9e1恩宰") == "이은재"


def test_names_take_the_surname_reading():
    assert hangul_reading("金世淵") == "김세연" and read_hanja("金") == "금"
    assert hangul_reading("劉承旼") == "유승민" and hangul_reading("김세연") == "김세연"


def test_every_ks_x_1001_hanja_has_a_reading_of_one_syllable():
    table = readings()
    assert all(len(reading) == 1 and "가" <= reading <= "힣" for reading in table.values())
    # KS X 1001's 4,888 Hanja (4,620 distinct unified ideographs) are all in Unihan's kHangul
    assert len([c for c in table if "\u4e00" <= c <= "\u9fff"]) > 4620


@pytest.mark.parametrize(("listed", "chosen"), [
    ([("리", "0E"), ("이", "0")], "리"),  # 李: the educational reading, in its original sound
    ([("노", "0"), ("로", "0N")], "로"),  # 魯: of a reading and its initial form, the original
    ([("리", "0"), ("이", "0E")], "이"),  # 異: 이 is its own reading (差異 차이), not an initial form
    ([("뇨", "N"), ("요", "0")], "요"),  # 撓: KS X 1001's reading before a name reading
    ([("온", "N"), ("은", "N")], "온"),
])
def test_the_generator_chooses_one_reading(listed, chosen):
    assert _generator().choose(listed) == chosen


def test_the_generator_reads_khangul_lines():
    lines = ["#\tkHangul\n", "U+674E\tkHangul\t리:0E 이:0\n", "U+674E\tkMandarin\tlǐ\n", "U+F9E1\tkHangul\t리:0\n"]
    assert _generator().parse_khangul(lines) == {"李": [("리", "0E"), ("이", "0")]}


@pytest.mark.skipif(not Path("/usr/share/unicode/Unihan_Readings.txt.bz2").is_file(),
                    reason="Debian's unicode-data is not installed (.ci/run installs it)")
def test_the_shipped_table_is_what_the_generator_makes_from_unihan():
    generator = _generator()
    with bz2.open(generator.UNIHAN, "rt", encoding="utf-8") as source:
        expected = generator.table_lines(generator.parse_khangul(source))
    shipped = [line for line in TABLE.read_text("utf-8").splitlines() if not line.startswith("#")]
    assert shipped == expected


def test_the_table_names_its_source_and_licence():
    header = TABLE.read_text("utf-8").split("\n", 4)[:4]
    assert any("Unihan" in line and "kHangul" in line for line in header)
    assert (TABLE.parent / "LICENSE-Unicode.txt").read_text("utf-8").count("PERMISSION NOTICE") == 1
