import pytest

from ingest.decode import decode_minutes_text
from ingest.errors import BadInput


def test_cp949_with_numeric_entities():
    raw = "&#9711;위원장 이상민  사&#8228;보임 &#65378;없습니다&#65379;".encode("cp949")
    assert decode_minutes_text(raw) == "◯위원장 이상민  사․보임 ｢없습니다｣"


def test_utf8_with_bom_and_crlf():
    assert decode_minutes_text("\ufeff◯위원장 이상민\r\n발언".encode()) == "◯위원장 이상민\n발언"


@pytest.mark.parametrize(("data", "reason"), [(b"", "empty"), (b"   \n", "empty"), (b"\x00\x01\x02abc", "binary")])
def test_bad_bytes_get_a_reason(data, reason):
    with pytest.raises(BadInput, match=reason):
        decode_minutes_text(data)
