import pytest

from hearings.readings import hangul_reading
from ingest.names import parse_speaker_label


@pytest.mark.parametrize(
    ("label", "name", "printed", "role", "mark"),
    [
        ("위원장 이상민", "이상민", "이상민", "위원장", ""),
        ("윤한홍 위원", "윤한홍", "윤한홍", "위원", ""),
        ("이수진(비) 위원", "이수진", "이수진", "위원", "비"),
        ("보건복지부차관 김강립", "김강립", "김강립", "보건복지부차관", ""),
        ("참고인 기모란", "기모란", "기모란", "참고인", ""),
        ("위원장직무대행 李恩宰", "이은재", "李恩宰", "위원장직무대행", ""),
        ("劉承旼 委員", "유승민", "劉承旼", "위원", ""),
        ("委員長 金世淵", "김세연", "金世淵", "위원장", ""),
    ],
)
def test_speaker_labels_in_both_orders(label, name, printed, role, mark):
    parsed = parse_speaker_label(label)
    assert (parsed.name, parsed.printed_name, parsed.role, parsed.mark) == (name, printed, role, mark)


@pytest.mark.parametrize(
    ("hanja_name", "reading"),
    [("金世淵", "김세연"), ("劉承旼", "유승민"), ("崔鉛熙", "최연희"), ("鄭宗燮", "정종섭"), ("윤한홍", "윤한홍")],
)
def test_hanja_names_read_in_hangul(hanja_name, reading):
    assert hangul_reading(hanja_name) == reading
