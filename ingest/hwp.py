"""HWP 5 (the original minutes file, an OLE2 compound document) → the text of its body paragraphs.

Read directly from the BodyText records (format: 한글 문서 파일 형식 5.0, published by Hancom): the
PyPI parsers compared were pyhwp (unmaintained, Python 2 era, heavy) and hwp5 wrappers around it;
the body text needs only olefile, zlib and ~60 lines here. Only top-level paragraphs are kept, which
drops the running headers/footers and table cells (the appendix) that live in nested paragraph lists.
"""

from __future__ import annotations

import io
import re
import struct
import zlib

import olefile

from ingest.decode import strip_controls
from ingest.errors import BadInput, check_text_length
from ingest.minutes_text import is_running_header

_MB = 1024 * 1024
# The body of a long sitting inflates to a few MB; 64 MiB leaves room for any real file while a
# compression bomb (1 MB that inflates to gigabytes) stops here, before it costs memory or time.
MAX_DECOMPRESSED_BYTES = 64 * _MB
# Real minutes hold one to a few sections among ~10–30 streams; thousands mean a crafted file.
MAX_SECTIONS = 256
MAX_OLE_STREAMS = 4096
_SECTION = re.compile(r"Section(\d{1,6})")

_PARA_TEXT = 67
_TOP_LEVEL_TEXT = 1  # PARA_TEXT of a level-0 PARA_HEADER
_CHAR_CONTROLS = {0, 10, 13} | set(range(24, 32))  # one code unit each
_SPACE_CONTROLS = {24, 30, 31}  # hyphen, non-breaking and fixed-width spaces print as spaces


def _text_records(stream: bytes):
    """(level, body) of each PARA_TEXT record; the other records are stepped over without a copy."""
    pos, end = 0, len(stream) - 4
    unpack = struct.unpack_from
    while pos <= end:
        (header,) = unpack("<I", stream, pos)
        pos += 4
        size = header >> 20
        if size == 0xFFF:
            if pos > end:  # cut off inside the record header
                return
            (size,) = unpack("<I", stream, pos)
            pos += 4
        if header & 0x3FF == _PARA_TEXT:
            yield (header >> 10) & 0x3FF, stream[pos : pos + size]
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
    for level, body in _text_records(stream):
        text = _paragraph_text(body)
        if level == _TOP_LEVEL_TEXT:
            body_started = body_started or bool(text.strip())
            paragraphs.append(text)
        elif not body_started and not is_running_header(text):
            paragraphs.append(text)
    return paragraphs


class _BeyondLimit(BadInput):
    """Raised by inflate; the caller names the limit a person knows (the file's, not what was left of it)."""


def _size(limit: int) -> str:
    return f"{limit // _MB} MB" if limit >= _MB else f"{limit:,} bytes"


def inflate(stream: bytes, limit: int, name: str = "section") -> bytes:
    """A raw deflate stream, decompressed to at most ``limit`` bytes: past it, BadInput, and no more than
    limit + 1 bytes are ever produced."""
    inflater = zlib.decompressobj(-15)
    try:
        body = inflater.decompress(stream, limit + 1)
    except zlib.error as error:
        raise BadInput(f"damaged HWP {name}: {error}") from error
    if len(body) > limit or inflater.unconsumed_tail:
        raise _BeyondLimit(f"HWP {name} decompresses beyond {_size(limit)}")
    if not inflater.eof:
        raise BadInput(f"damaged HWP {name}: truncated compressed data")
    return body


def _sections(ole: olefile.OleFileIO) -> list[list[str]]:
    entries = ole.listdir()
    if len(entries) > MAX_OLE_STREAMS:
        raise BadInput(f"HWP file holds {len(entries)} streams (more than {MAX_OLE_STREAMS}): not a real document")
    sections = [e for e in entries if len(e) == 2 and e[0] == "BodyText" and _SECTION.fullmatch(e[1])]
    if len(sections) > MAX_SECTIONS:
        raise BadInput(f"HWP file has {len(sections)} body sections (more than {MAX_SECTIONS})")
    return sorted(sections, key=lambda entry: int(entry[1].removeprefix("Section")))


def _section_records(ole: olefile.OleFileIO, entry: list[str], compressed: bool, budget: int) -> bytes:
    """One section's records, within what is left of the file's decompressed budget."""
    if not compressed:
        if ole.get_size(entry) > budget:
            raise BadInput(f"HWP body text is larger than {_size(MAX_DECOMPRESSED_BYTES)}")
        return ole.openstream(entry).read()
    try:
        return inflate(ole.openstream(entry).read(), budget, name=f"section {entry[1]}")
    except _BeyondLimit as error:
        raise BadInput(f"HWP body text decompresses beyond {_size(MAX_DECOMPRESSED_BYTES)} "
                       "(a compression bomb?)") from error


def _open_hwp(data: bytes) -> tuple[olefile.OleFileIO, bool]:
    """The OLE2 container and whether its sections are compressed."""
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except OSError as error:
        raise BadInput(f"not a readable HWP file: {error}") from error
    if not ole.exists("FileHeader"):
        ole.close()
        raise BadInput("OLE2 file without an HWP FileHeader (not an HWP document)")
    header = ole.openstream("FileHeader").read()
    if not header.startswith(b"HWP Document File") or len(header) < 40:
        ole.close()
        raise BadInput("OLE2 file is not an HWP document")
    flags = struct.unpack_from("<I", header, 36)[0]
    if flags & 0x2:
        ole.close()
        raise BadInput("password-protected HWP file")
    return ole, bool(flags & 0x1)


# What olefile raises for a damaged container besides OSError: sector numbers past the file, sizes it
# cannot format, missing directory entries. Each means the same to a person: the file is damaged.
_OLE_FAULTS = (OSError, ValueError, IndexError, KeyError, TypeError, AttributeError, OverflowError,
               ZeroDivisionError, RecursionError, struct.error, EOFError)


def hwp_text(data: bytes) -> str:
    """The body text of an HWP file; BadInput, naming the damage, for anything else in an OLE2 container."""
    try:
        return _hwp_text(data)
    except BadInput:
        raise
    except _OLE_FAULTS as error:
        raise BadInput(f"not a readable HWP file: damaged OLE2 container ({type(error).__name__}: "
                       f"{str(error)[:200]})") from error


def _hwp_text(data: bytes) -> str:
    ole, compressed = _open_hwp(data)
    paragraphs: list[str] = []
    budget, chars = MAX_DECOMPRESSED_BYTES, 0
    with ole:
        for entry in _sections(ole):
            records = _section_records(ole, entry, compressed, budget)
            budget -= len(records)
            for paragraph in _body_paragraphs(records):
                chars += len(paragraph) + 1
                check_text_length(chars)
                paragraphs.append(paragraph)
    if not any(p.strip() for p in paragraphs):
        raise BadInput("HWP file has no body text")
    return strip_controls("\n".join(paragraphs))
