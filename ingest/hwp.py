"""HWP 5 (the original minutes file, an OLE2 compound document) → the text of its body paragraphs.

Read directly from the BodyText records (format: 한글 문서 파일 형식 5.0, published by Hancom): the
PyPI parsers compared were pyhwp (unmaintained, Python 2 era, heavy) and hwp5 wrappers around it;
the body text needs only olefile, zlib and ~60 lines here. Only top-level paragraphs are kept, which
drops the running headers/footers and table cells (the appendix) that live in nested paragraph lists.
"""

from __future__ import annotations

import io
import struct
import zlib

import olefile

from ingest.errors import BadInput
from ingest.minutes_text import is_running_header

_PARA_TEXT = 67
_TOP_LEVEL_TEXT = 1  # PARA_TEXT of a level-0 PARA_HEADER
_CHAR_CONTROLS = {0, 10, 13} | set(range(24, 32))  # one code unit each
_SPACE_CONTROLS = {24, 30, 31}  # hyphen, non-breaking and fixed-width spaces print as spaces


def _records(stream: bytes):
    pos = 0
    while pos + 4 <= len(stream):
        (header,) = struct.unpack_from("<I", stream, pos)
        pos += 4
        tag, level, size = header & 0x3FF, (header >> 10) & 0x3FF, (header >> 20) & 0xFFF
        if size == 0xFFF:
            (size,) = struct.unpack_from("<I", stream, pos)
            pos += 4
        yield tag, level, stream[pos : pos + size]
        pos += size


def _paragraph_text(body: bytes) -> str:
    units = struct.unpack(f"<{len(body) // 2}H", body[: len(body) // 2 * 2])
    out: list[str] = []
    i = 0
    while i < len(units):
        unit = units[i]
        if unit >= 32:
            out.append(chr(unit))
            i += 1
        elif unit in _CHAR_CONTROLS:
            out.append(" " if unit in _SPACE_CONTROLS else "\n" if unit == 10 else "")
            i += 1
        else:  # inline or extended control: 8 code units; a tab (9) prints as a tab
            out.append("\t" if unit == 9 else "")
            i += 8
    return "".join(out)


def _body_paragraphs(stream: bytes) -> list[str]:
    """Top-level paragraphs, plus the cover page (nested text boxes before the first of them)."""
    paragraphs: list[str] = []
    body_started = False
    for tag, level, body in _records(stream):
        if tag != _PARA_TEXT:
            continue
        text = _paragraph_text(body)
        if level == _TOP_LEVEL_TEXT:
            body_started = body_started or bool(text.strip())
            paragraphs.append(text)
        elif not body_started and not is_running_header(text):
            paragraphs.append(text)
    return paragraphs


def hwp_text(data: bytes) -> str:
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except OSError as error:
        raise BadInput(f"not a readable HWP file: {error}") from error
    with ole:
        if not ole.exists("FileHeader"):
            raise BadInput("OLE2 file without an HWP FileHeader (not an HWP document)")
        header = ole.openstream("FileHeader").read()
        if not header.startswith(b"HWP Document File"):
            raise BadInput("OLE2 file is not an HWP document")
        flags = struct.unpack_from("<I", header, 36)[0]
        if flags & 0x2:
            raise BadInput("password-protected HWP file")
        compressed = bool(flags & 0x1)
        sections = [entry for entry in ole.listdir() if entry[0] == "BodyText"]
        sections.sort(key=lambda entry: int(entry[1].removeprefix("Section")))
        paragraphs: list[str] = []
        for entry in sections:
            stream = ole.openstream(entry).read()
            try:
                stream = zlib.decompress(stream, -15) if compressed else stream
            except zlib.error as error:
                raise BadInput(f"damaged HWP section {entry[1]}: {error}") from error
            paragraphs += _body_paragraphs(stream)
    if not any(p.strip() for p in paragraphs):
        raise BadInput("HWP file has no body text")
    return "\n".join(paragraphs)
