"""Issue 28: can a permissively licensed PDF library replace pymupdf (AGPL-3.0) in ingest/pdf.py?

Reads each sample PDF with three readers and compares what the parser makes of them against pymupdf's reading
and the golden files. Not a test (it needs pdfminer.six and pypdfium2, which the app does not depend on):

    pip install pdfminer.six pypdfium2
    python -m tests.ingest.pdf_reader_comparison

Every reader goes through the same layout code (ingest.pdf: running headers, cover order, two columns, soft
wraps); only the text fragments handed to it differ:
- pymupdf: ``page.get_text("dict")`` lines, as ingest/pdf.py reads them;
- pdfminer.six (MIT): every glyph with its origin and advance, in content-stream order, grouped into lines and
  blocks with MuPDF's published rules (same baseline within 0.8 em; gaps of 0.15–0.8 em get one space unless a
  space is already there; a wider gap starts a new line; a baseline step over 1.5 em starts a new block);
- pypdfium2 (Apache-2.0/BSD): PDFium's text-page segments (``FPDFText_CountRects``) and their text.
Measured (this repository's samples; pymupdf 2.0, pdfminer.six 20260107, pypdfium2 5.15.2; pages/s on a
shared 2-core machine, whole pdf_text, so the layout code is included):

| file | reader | pages/s | turns | same speakers | same text | same pages | headers in turns | golden | text layer |
|---|---|---|---|---|---|---|---|---|---|
| gonghang 299-4 (19 pp.) | pymupdf | 152 | 132 | yes | 132/132 | 132/132 | 0 | yes | yes |
| gonghang 299-4 (19 pp.) | pdfminer.six | 4 | 132 | yes | 132/132 | 132/132 | 0 | no | no |
| gonghang 299-4 (19 pp.) | pypdfium2 | 12 | 99 | no | 1/132 | 12/132 | 0 | no | no |
| bokji 375-1 (44 pp.) | pymupdf | 156 | 355 | yes | 355/355 | 355/355 | 0 | yes | yes |
| bokji 375-1 (44 pp.) | pdfminer.six | 6 | 355 | yes | 355/355 | 355/355 | 0 | yes | no |
| bokji 375-1 (44 pp.) | pypdfium2 | 16 | 275 | no | 1/355 | 41/355 | 0 | no | no |
| hwanno 414-1 (20 pp.) | pymupdf | 11 | 22 | yes | 22/22 | 22/22 | 0 | yes | yes |
| hwanno 414-1 (20 pp.) | pdfminer.six | 3 | 14 | no | 0/22 | 0/22 | 0 | no | no |
| hwanno 414-1 (20 pp.) | pypdfium2 | 17 | parse fails: no line starts with ◯ | | | | | no | no |

Where they differ:
- pdfminer.six, gonghang: the cover's blocks group otherwise (``第 4 號`` before ``第299回國會``), so the committee
  is read as ``기지주변대책특별위원회``; every turn is the same. bokji: golden identical; the text differs only in
  the cover (``제 1 호``, a space before leader dots) and in the appendix after 산회 (names spread over a table
  cell come out ``김 현 미``). hwanno: its fonts' PDF widths do not match the glyph advances MuPDF takes from the
  embedded fonts, so spaces land inside words (``제4 1 4 회-``), the running header is not recognised and
  speaker labels break: 14 turns for 22.
- pypdfium2: PDFium's text page folds runs of spaces into one and drops the zero-width spaces these files print,
  so indents (paragraph starts) are lost, and its segments split lines otherwise.
So none reads them alike: pymupdf stays (issue 28 item 2). pymupdf 1.28.2 also passes tests/ingest/test_golden.py
and test_pages.py and has no dependencies (2.0 pulls pymupdf-layout and onnxruntime).
"""

from __future__ import annotations

import io
import json
import math
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import ingest.pdf as pdf
import ingest.readers as readers
from ingest.errors import BadInput
from ingest.minutes_text import is_running_header, printed_page
from tests.golden import CORPUS, golden_path, meeting_summary

SPACE_MIN, SPACE_MAX, BASELINE_SAME, BLOCK_STEP = 0.15, 0.8, 0.8, 1.5
_HEADER_IN_TURN = re.compile(r"제\d+회\s*[-－]")

Fragments = list[tuple[list[pdf._Line], float]]  # each page's fragments and its width


def _merge(fragments: list[pdf._Line], width: float) -> tuple[list[pdf._Line], int | None]:
    """ingest.pdf._page_lines from its fragments on: same-height joins, running header dropped."""
    half = width / 2
    fragments = sorted((f for f in fragments if f.text.strip()), key=lambda f: (f.x0 >= half, round(f.y0), f.x0))
    merged: list[pdf._Line] = []
    for fragment in fragments:
        last = merged[-1] if merged else None
        if last and abs(last.y0 - fragment.y0) < 3 and (last.x0 >= half) == (fragment.x0 >= half):
            gap = " " if fragment.x0 - last.x1 > 2 and not last.text.endswith(" ") else ""
            merged[-1] = pdf._Line(last.x0, last.y0, fragment.x1, last.text + gap + fragment.text, last.block)
        else:
            merged.append(fragment)
    headers = [line for line in merged if line.y0 <= pdf._TOP_MARGIN and is_running_header(line.text)]
    number = next((printed_page(line.text) for line in headers if printed_page(line.text) is not None), None)
    return [line for line in merged if line not in headers], number


def _text_from(pages: Fragments, data: bytes) -> str:
    laid_out = []
    for fragments, width in pages:
        lines, number = _merge(fragments, width)
        laid_out.append((lines, width / 2, number))
    original = pdf._pages
    pdf._pages = lambda document: laid_out  # the rest of pdf_text is the layout code under comparison
    try:
        return pdf.pdf_text(data)
    finally:
        pdf._pages = original


def _pdfminer_glyph_lines(layout, height: float) -> list[pdf._Line]:
    from pdfminer.layout import LTChar, LTFigure

    def glyphs(container):
        for item in container:
            if isinstance(item, LTChar):
                yield item
            elif isinstance(item, LTFigure):
                yield from glyphs(item)

    lines: list[list] = []  # [x0, top, x1, text, block index]
    blocks: list[list[float]] = []  # [left, top]
    pen = base = last = None
    for glyph in glyphs(layout):
        a, b, c, d, e, f = glyph.matrix
        size = math.sqrt(abs(a * d - b * c)) or 1.0
        origin_y, top, char = height - f, height - glyph.y1, glyph.get_text()
        step = "block"
        if pen is not None:
            spacing, offset = (e - pen) / size, abs(origin_y - base) / size
            if offset < BASELINE_SAME:
                step = "line" if abs(spacing) > SPACE_MAX else "space" if spacing >= SPACE_MIN else "append"
            elif offset <= BLOCK_STEP:
                step = "line"
        if step == "block":
            blocks.append([glyph.x0, top])
        if step in ("line", "block"):
            lines.append([glyph.x0, top, glyph.x1, "", len(blocks) - 1])
        line = lines[-1]
        if step == "space" and last != " ":
            line[3] += " "
        line[1], line[2], line[3] = min(line[1], top), glyph.x1, line[3] + char
        block = blocks[line[4]]
        block[0], block[1] = min(block[0], glyph.x0), min(block[1], top)
        pen, base, last = e + glyph.adv * a, origin_y, char
    return [pdf._Line(x0, y0, x1, text, (round(blocks[k][1]), round(blocks[k][0]))) for x0, y0, x1, text, k in lines]


def pdfminer_pages(data: bytes) -> Fragments:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    document = PDFDocument(PDFParser(io.BytesIO(data)))
    resources = PDFResourceManager(caching=True)
    device = PDFPageAggregator(resources, laparams=None)  # raw glyphs in stream order, no layout analysis
    interpreter = PDFPageInterpreter(resources, device)
    pages = []
    for page in PDFPage.create_pages(document):
        interpreter.process_page(page)
        x0, y0, x1, y1 = page.mediabox
        pages.append((_pdfminer_glyph_lines(device.get_result(), y1 - y0), x1 - x0))
    return pages


def pdfium_pages(data: bytes) -> Fragments:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    pages = []
    for page in document:
        width, height = page.get_size()
        textpage = page.get_textpage()
        fragments = []
        for index in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(index)
            text = textpage.get_text_bounded(left, bottom, right, top).replace("\r", "").replace("\n", "")
            fragments.append(pdf._Line(left, height - top, right, text, (round(height - top), round(left))))
        pages.append((fragments, width))
    return pages


def pymupdf_text(data: bytes) -> str:
    return pdf.pdf_text(data)


READERS: dict[str, Callable[[bytes], str]] = {
    "pymupdf": pymupdf_text,
    "pdfminer.six": lambda data: _text_from(pdfminer_pages(data), data),
    "pypdfium2": lambda data: _text_from(pdfium_pages(data), data),
}


def compare(path: Path, reader: Callable[[bytes], str], reference: dict) -> dict:
    data = path.read_bytes()
    started = time.perf_counter()
    text = reader(data)
    seconds = time.perf_counter() - started
    original = readers.pdf_text
    readers.pdf_text = lambda _: text
    try:
        meeting = readers.read_meeting(path)
    except BadInput as error:
        return {"text": text, "pages_per_s": reference["page_count"] / seconds, "failed": str(error)}
    finally:
        readers.pdf_text = original
    turns = meeting.turns
    ref_turns = reference["turns"]
    summary = meeting_summary(meeting)
    return {
        "text": text,
        "pages_per_s": reference["page_count"] / seconds,
        "turns": len(turns),
        "same_speakers": [t.speaker_name for t in turns] == [t.speaker_name for t in ref_turns],
        "same_text": sum(a.text == b.text for a, b in zip(turns, ref_turns, strict=False)),
        "same_pages": sum(a.pages == b.pages for a, b in zip(turns, ref_turns, strict=False)),
        "headers_in_turns": sum(bool(_HEADER_IN_TURN.search(t.text)) for t in turns),
        "golden": summary == json.loads(golden_path(path).read_text("utf-8")),
        "same_text_layer": text == reference["text"],
    }


def main() -> None:
    import pymupdf

    rows = ["| file | reader | pages/s | turns | same speakers | turns with same text | turns with same pages"
            " | running headers in turns | golden identical | pdf_text identical |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    for path in sorted(CORPUS.glob("*.pdf")):
        data = path.read_bytes()
        with pymupdf.open(stream=data, filetype="pdf") as document:
            page_count = document.page_count
        text = pymupdf_text(data)
        readers.pdf_text, original = (lambda _, text=text: text), readers.pdf_text
        reference = {"text": text, "page_count": page_count, "turns": readers.read_meeting(path).turns}
        readers.pdf_text = original
        for name, reader in READERS.items():
            row = compare(path, reader, reference)
            if len(sys.argv) > 1:
                Path(sys.argv[1], f"{path.stem}.{name}.txt").write_text(row["text"], "utf-8")
            if "failed" in row:
                rows.append(f"| {path.name[:28]}… ({page_count} pp.) | {name} | {row['pages_per_s']:.0f}"
                            f" | parse fails: {row['failed']} | | | | | no | no |")
                continue
            rows.append(f"| {path.name[:28]}… ({page_count} pp.) | {name} | {row['pages_per_s']:.0f} | {row['turns']}"
                        f" | {'yes' if row['same_speakers'] else 'no'} | {row['same_text']}/{len(reference['turns'])}"
                        f" | {row['same_pages']}/{len(reference['turns'])} | {row['headers_in_turns']}"
                        f" | {'yes' if row['golden'] else 'no'} | {'yes' if row['same_text_layer'] else 'no'} |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
