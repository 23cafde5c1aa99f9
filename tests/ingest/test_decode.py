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


MINUTES = "◯위원장 이상민  회의를 시작하겠습니다.\n(10시02분 개의)\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_decoded_with_or_without_its_byte_order_mark(encoding):
    assert decode_minutes_text((MINUTES * 50).encode(encoding)) == MINUTES * 50


def test_control_characters_never_leave_the_decoder():
    raw = ("회의를\x00 시작\x01합니다.\x1b\r\n다음\x0c◯위원장\t이상민" + "가" * 3000).encode()
    assert decode_minutes_text(raw).startswith("회의를 시작합니다.\n다음\n◯위원장\t이상민가")
    assert decode_minutes_text(b"&#1;&#9711;&#x1F;") == "◯"  # what numeric entities spell is cleaned too
