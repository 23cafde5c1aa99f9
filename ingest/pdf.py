"""Official two-column PDF minutes → the same line-oriented text the HWP export gives.

Reading order: the running header is dropped; on the page where the sitting opens, lines above the
"(…개의)" marker are the cover (read top to bottom), lines below it and every later page are read
left column, then right column. Soft line wraps are joined (``바랍니`` + ``다.`` → ``바랍니다.``),
keeping the space the text layer printed at a line end. A new paragraph starts at a speaker mark
(◯), an indented line, or a centred parenthesised line (time markers, stage directions). Each page of the
body starts with a page mark carrying the number its running header prints (minutes_text.page_mark).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pymupdf

from ingest.decode import strip_controls
from ingest.errors import BadInput, check_text_length
from ingest.minutes_text import is_running_header, page_mark, printed_page

# Printed minutes of one sitting run to a few hundred pages; each page costs a layout pass.
MAX_PDF_PAGES = 2000
_TOP_MARGIN = 80  # running headers sit at y≈57
_OPENING = re.compile(r"^\s*\(\s*\d{1,2}\s*시\s*\d{1,2}\s*분\s*개의\s*\)\s*$")
_NEW_PARAGRAPH = re.compile(r"^(\s{2,}|◯|\(|\s*\d+\.\s|\s*o\s|\s*-\s)")


@dataclass
class _Line:
    x0: float
    y0: float
    x1: float
    text: str
    block: tuple[float, float] = (0.0, 0.0)  # top-left of the text block: keeps a wrapped title together


def _page_lines(page) -> tuple[list[_Line], int | None]:
    """Visual lines, and the page number the running header prints (a citation needs the printed number, not
    the PDF's page index); fragments the text layer split at the same height are joined left to right."""
    fragments = []
    for block in page.get_text("dict")["blocks"]:
        block_corner = (round(block["bbox"][1]), round(block["bbox"][0]))
        for line in block.get("lines", []):
            text = "".join(span["text"] for span in line["spans"])
            if text.strip():
                x0, y0, x1, _ = line["bbox"]
                fragments.append(_Line(x0, y0, x1, text, block_corner))
    half = page.rect.width / 2
    fragments.sort(key=lambda f: (f.x0 >= half, round(f.y0), f.x0))
    merged: list[_Line] = []
    for fragment in fragments:
        last = merged[-1] if merged else None
        if last and abs(last.y0 - fragment.y0) < 3 and (last.x0 >= half) == (fragment.x0 >= half):
            gap = " " if fragment.x0 - last.x1 > 2 and not last.text.endswith(" ") else ""
            merged[-1] = _Line(last.x0, last.y0, fragment.x1, last.text + gap + fragment.text, last.block)
        else:
            merged.append(fragment)
    headers = [line for line in merged if line.y0 <= _TOP_MARGIN and is_running_header(line.text)]
    number = next((printed_page(line.text) for line in headers if printed_page(line.text) is not None), None)
    return [line for line in merged if line not in headers], number


def _cover_order(lines: list[_Line]) -> list[str]:
    return [line.text for line in sorted(lines, key=lambda line: (line.block, line.y0, line.x0))]


def _column_order(lines: list[_Line], half: float) -> list[_Line]:
    return sorted(lines, key=lambda line: (line.x0 >= half, line.y0))


def _join_wrapped(lines: list[_Line], half: float) -> list[str]:
    out: list[str] = []
    for line in lines:
        column_left = 50 if line.x0 < half else half + 12
        centred = line.text.lstrip().startswith("(") and line.x0 > column_left + 15
        if not out or centred or _NEW_PARAGRAPH.match(line.text) or out[-1].strip().endswith(")") and \
                _OPENING.match(out[-1]):
            out.append(line.text.rstrip("\n"))
        else:
            out[-1] = out[-1] + line.text
    return out


def _pages(document: pymupdf.Document) -> list[tuple[list[_Line], float, int | None]]:
    """Each page's lines, its middle and its printed number, within the page and text limits."""
    if document.needs_pass:
        raise BadInput("password-protected PDF")
    if document.page_count == 0:
        raise BadInput("truncated or damaged PDF: no page could be read")
    if document.page_count > MAX_PDF_PAGES:
        raise BadInput(f"PDF has {document.page_count} pages (more than {MAX_PDF_PAGES})")
    pages, chars = [], 0
    for page in document:
        lines, number = _page_lines(page)
        chars += sum(len(line.text) + 1 for line in lines)
        check_text_length(chars)
        pages.append((lines, page.rect.width / 2, number))
    if not any(lines for lines, _, _ in pages):
        if document.is_repaired:
            raise BadInput("truncated or damaged PDF: repaired on opening, and no text found")
        raise BadInput("PDF has no text layer (scanned image?); OCR it first")
    return pages


def pdf_text(data: bytes) -> str:
    try:
        document = pymupdf.open(stream=data, filetype="pdf")
    except Exception as error:  # pymupdf raises its own FileDataError/RuntimeError variants
        raise BadInput(f"not a readable PDF: {error}") from error
    with document:
        pages = _pages(document)
    cover: list[str] = []
    body: list[str] = []  # page marks between blocks of control-free text
    opened = False
    for lines, half, number in pages:
        if not opened:
            opening = next((line for line in lines if _OPENING.match(line.text)), None)
            if opening is None:
                cover += _cover_order(lines)
                continue
            opened = True
            above = [line for line in lines if line.y0 < opening.y0 - 2]
            cover += _cover_order(above)
            lines = [line for line in lines if line.y0 >= opening.y0 - 2]
        body += [page_mark(number), strip_controls("\n".join(_join_wrapped(_column_order(lines, half), half)))]
    return "\n".join([strip_controls("\n".join(cover)), *body])
