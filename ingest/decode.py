"""Bytes of a text minutes file → Unicode text, whatever the encoding it was exported in."""

from __future__ import annotations

import html
import re

from charset_normalizer import from_bytes

from ingest.errors import BadInput

# HWP→TXT exports write characters outside CP949 as HTML numeric entities: &#9711; is ◯.
_NUMERIC_ENTITY = re.compile(r"&#(x[0-9a-fA-F]+|\d+);")


def _unescape_numeric(match: re.Match[str]) -> str:
    return html.unescape(match.group(0))


def decode_minutes_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) first, then CP949 (a superset of EUC-KR), then detection."""
    if not data.strip():
        raise BadInput("empty file")
    if b"\x00" in data[:4096]:
        raise BadInput("binary data, not text")
    for encoding in ("utf-8-sig", "cp949"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        best = from_bytes(data).best()
        if best is None or best.encoding is None:
            raise BadInput("unknown text encoding")
        text = str(best)
    return _NUMERIC_ENTITY.sub(_unescape_numeric, text).replace("\r\n", "\n").replace("\r", "\n")
