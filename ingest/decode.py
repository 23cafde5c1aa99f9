"""Bytes of a text minutes file → Unicode text, whatever the encoding it was exported in; and the one
cleaning every reader applies to the text it hands on (no control characters reach the index)."""

from __future__ import annotations

import codecs
import html
import re

from charset_normalizer import from_bytes

from ingest.errors import BadInput, check_text_length

# HWP→TXT exports write characters outside CP949 as HTML numeric entities: &#9711; is ◯.
_NUMERIC_ENTITY = re.compile(r"&#(x[0-9a-fA-F]+|\d+);")
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c]")  # vertical tab and form feed end lines (page breaks)
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f]")  # C0 controls but tab and the line breaks above
_ANY_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
_HEAD = 4096


def strip_controls(text: str) -> str:
    """Line breaks become ``\\n``; NUL and the other C0 control characters (tab excepted) are dropped."""
    if not _ANY_CONTROL.search(text):  # the usual case, and one scan (records of a 15 M-turn table pass here)
        return text
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", text))


def _unescape_numeric(match: re.Match[str]) -> str:
    return html.unescape(match.group(0))


def _utf16_encoding(data: bytes) -> str | None:
    """UTF-16 by its byte-order mark, or by its NUL pattern: ASCII characters (spaces, digits, line ends,
    common in minutes) put a NUL in every other byte, all on one side."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = data[:_HEAD]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if max(even, odd) * 16 < len(head) // 2 or min(even, odd) * 10 > max(even, odd):
        return None
    return "utf-16-le" if odd > even else "utf-16-be"


def _mostly_text(data: bytes, encodings: tuple[str, ...]) -> str | None:
    """The first decoding that succeeds and reads as text: at most 1% control characters (a stray NUL in a
    text file is dropped later; binary data has them everywhere)."""
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        head = text[:_HEAD]
        return text.removeprefix("\ufeff") if len(_CONTROLS.findall(head)) * 100 <= len(head) else None
    return None


def _decode(data: bytes) -> str:
    if b"\x00" in data[:_HEAD]:  # UTF-16, a text file with a stray NUL, or binary data
        utf16 = _utf16_encoding(data)
        text = _mostly_text(data, (utf16,) if utf16 else ("utf-8-sig", "cp949"))
        if text is None:
            raise BadInput("binary data, not text")
        return text
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise BadInput("unknown text encoding")
    return str(best)


def decode_table_text(data: bytes) -> str:
    """A text table (CSV) in the same encodings as minutes; without the one-sitting length cap, since a table
    holds many sittings (its rows are cleaned one by one)."""
    return _decode(data)


def decode_minutes_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) first, then CP949 (a superset of EUC-KR), then detection; UTF-16 by its
    byte-order mark or its NULs."""
    if not data.strip():
        raise BadInput("empty file")
    text = _decode(data)
    check_text_length(len(text))
    return strip_controls(_NUMERIC_ENTITY.sub(_unescape_numeric, text))
