"""PDF text in reading order, rebuilt from glyph positions (PDFium via pypdfium2).

Why positions: a resume PDF is laid out, not written as a text stream. Extractors that follow
the content stream (pypdf, pdfplumber) splice side-by-side columns line by line ("…English,
German Strong in SQL…"), and box-grouping ones (pdfminer) detach right-aligned dates from
their role. So the characters are grouped here into rows and segments, side-by-side text
columns are read one after the other, title/date rows stay one line ("Data Analyst | Mar
2021 – present"), wrapped lines are rejoined (see `_continues`), and repeated page headers
and footers are dropped. The figures behind this choice are in docs/benchmarks.md.
"""

from __future__ import annotations

import ctypes
import itertools
import logging
import re
from collections import Counter
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from bot.documents.errors import UnreadableDocument
from bot.documents.text_cleanup import join_broken_word, real_char_count
from bot.wording import N_

logger = logging.getLogger(__name__)

MAX_PDF_PAGES = 20  # a resume is one to three pages; long files are reports or books
# Fewer real characters than this per page with images means the PDF is most likely scanned.
_SCANNED_CHARS_PER_IMAGE_PAGE = 40
_GAP_EM = 1.5  # a horizontal gap wider than this (in font sizes) ends a segment
_GUTTER_PT = 6.0  # the narrowest gap between two text columns
_BULLET_GLYPHS = "•●▪■◦‣∙·–-*➢►▸✓"
_BULLET_PREFIX_RE = re.compile(rf"^[{re.escape(_BULLET_GLYPHS)}]\s*(?=\S)")
_LINE_SPACING_EM = 1.8  # a wider baseline distance is a paragraph or section break
_PAGE_NUMBER_RE = re.compile(r"^(?:(?:page|seite|p\.)\s*)?\d+(?:\s*(?:of|/|von)\s*\d+)?$", re.I)

_ENCRYPTED_MESSAGE = N_(
    "This PDF is password-protected. Please send a version without a password, or paste the text."
)
_CORRUPT_MESSAGE = N_(
    "I couldn't open this PDF; it may be damaged. Please export it again or paste the text."
)
_SCANNED_MESSAGE = N_(
    "This PDF looks scanned (it contains images of pages, not text), so I can't read it. "
    "Please send a text-based PDF or DOCX, or paste your resume as text."
)


_Char = tuple[float, float, float, str, float, int]  # baseline, x0, x1, char, size, weight


@dataclass
class _Segment:
    """Characters on one baseline with no wide gap between them: a run of words."""

    text: str
    x0: float
    x1: float
    text_x0: float  # where the words start: after a bullet glyph (hanging indent)
    first_word_width: float
    baseline: float
    size: float
    weight: int


@dataclass
class _Line:
    """One output line: a row's segments inside one column of one page."""

    segments: list[_Segment]
    page: int
    column: int  # lines of the same column share a right edge
    right_edge: float = 0.0
    text: str = field(init=False)

    def __post_init__(self) -> None:
        self.text = " | ".join(seg.text for seg in self.segments)


def _bullet_prefix(text: str) -> str:
    match = _BULLET_PREFIX_RE.match(text)
    return match.group(0) if match else ""


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        logger.info("pdf open failed: %r", exc)
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise UnreadableDocument(_ENCRYPTED_MESSAGE, "encrypted") from exc
        raise UnreadableDocument(_CORRUPT_MESSAGE, "corrupt") from exc


def _page_segments(page: pdfium.PdfPage, max_chars: int) -> tuple[list[_Segment], int]:
    """Characters → rows (same baseline) → segments (split at wide gaps), top to bottom,
    and how many characters were read: only the first `max_chars` (more is not a resume)."""
    textpage = page.get_textpage()
    try:
        handle = textpage.raw
        count = min(textpage.count_chars(), max_chars)
        box = pdfium_c.FS_RECTF()
        ox, oy = ctypes.c_double(), ctypes.c_double()
        chars: list[_Char] = []
        for i in range(count):
            code = pdfium_c.FPDFText_GetUnicode(handle, i)
            if code in (0, 10, 13, 0xFFFF):
                continue
            if code in (2, 0xFFFE):  # PDFium's mark for a hyphen at a line end
                code = ord("-")
            pdfium_c.FPDFText_GetLooseCharBox(handle, i, box)
            pdfium_c.FPDFText_GetCharOrigin(handle, i, ox, oy)
            size = pdfium_c.FPDFText_GetFontSize(handle, i) or 1.0
            weight = pdfium_c.FPDFText_GetFontWeight(handle, i)
            chars.append((oy.value, box.left, box.right, chr(code), size, weight))
    finally:
        textpage.close()
    chars.sort(key=lambda c: -c[0])
    rows: list[list[_Char]] = []
    for char in chars:
        if rows and abs(rows[-1][0][0] - char[0]) <= 0.35 * char[4]:
            rows[-1].append(char)
        else:
            rows.append([char])
    segments: list[_Segment] = []
    for row in rows:
        row.sort(key=lambda c: c[1])
        current: list[_Char] = []
        for char in row:
            if current and char[1] - current[-1][2] > _GAP_EM * max(char[4], current[-1][4]):
                segments.append(_segment(current))
                current = []
            current.append(char)
        if current:
            segments.append(_segment(current))
    return [s for s in segments if s.text], count


def _segment(chars: list[_Char]) -> _Segment:
    """Text of a run of characters, with a space wherever a word gap has no space character."""
    glyphs: list[tuple[str, float, float]] = []
    for char in chars:
        spaced = glyphs and glyphs[-1][0] == " "
        if char[3].isspace():
            if glyphs and not spaced:
                glyphs.append((" ", char[1], char[2]))
            continue
        if glyphs and not spaced and char[1] - glyphs[-1][2] > 0.25 * char[4]:
            glyphs.append((" ", glyphs[-1][2], char[1]))  # a gap without a space character
        glyphs.append((char[3], char[1], char[2]))
    while glyphs and glyphs[-1][0] == " ":
        glyphs.pop()
    text = "".join(g[0] for g in glyphs)
    start = len(_bullet_prefix(text))
    word = glyphs[start : start + (text[start:] + " ").index(" ")]
    visible = [c for c in chars if not c[3].isspace()] or chars
    return _Segment(
        text=text,
        x0=glyphs[0][1] if glyphs else chars[0][1],
        x1=max(c[2] for c in visible),
        text_x0=word[0][1] if word else chars[0][1],
        first_word_width=word[-1][2] - word[0][1] if word else 0.0,
        baseline=chars[0][0],
        size=Counter(round(c[4], 1) for c in visible).most_common(1)[0][0],
        weight=Counter(c[5] for c in visible).most_common(1)[0][0],
    )


def _rows(segments: list[_Segment]) -> list[list[_Segment]]:
    rows: list[list[_Segment]] = []
    for seg in sorted(segments, key=lambda s: (-s.baseline, s.x0)):
        if rows and abs(rows[-1][0].baseline - seg.baseline) <= 0.35 * seg.size:
            rows[-1].append(seg)
        else:
            rows.append([seg])
    return [sorted(row, key=lambda s: s.x0) for row in rows]


def _band(rows: list[list[_Segment]], start: int, lo: float, hi: float) -> tuple[int, float, float]:
    """Extend a gutter [lo, hi] down from `start` while no segment crosses it and no
    paragraph-sized vertical gap intervenes (a heading below a skills block is not in it)."""
    end = start
    while end < len(rows):
        if end > start:
            above, row = rows[end - 1][0], rows[end][0]
            if above.baseline - row.baseline > _LINE_SPACING_EM * max(above.size, row.size):
                break
        new_lo, new_hi = lo, hi
        for seg in rows[end]:
            if seg.x1 <= new_lo or seg.x0 >= new_hi:
                continue
            if seg.x0 < new_lo:
                new_lo = seg.x1
            elif seg.x1 > new_hi:
                new_hi = seg.x0
            else:
                new_lo = new_hi
        if new_hi - new_lo < _GUTTER_PT:
            break
        lo, hi, end = new_lo, new_hi, end + 1
    return end, lo, hi


def _is_text_column(side: list[_Segment]) -> bool:
    """Two or more lines at normal line spacing: a column of text, not one date per role."""
    lines = _rows(side)
    return any(
        b[0].baseline < a[0].baseline <= b[0].baseline + _LINE_SPACING_EM * a[0].size
        for a, b in itertools.pairwise(lines)
    )


def _read_order(segments: list[_Segment], page: int, columns: list[int]) -> list[_Line]:
    """Rows top to bottom; a band with two text columns is read left column first."""
    rows = _rows(segments)
    column = columns[0]
    columns[0] += 1
    out: list[_Line] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        best: tuple[int, float, float] | None = None
        for left, right in itertools.pairwise(row):
            if right.x0 - left.x1 < _GUTTER_PT:
                continue
            end, lo, hi = _band(rows, i, left.x1, right.x0)
            if best is None or end > best[0]:
                best = (end, lo, hi)
        if best is not None and best[0] - i >= 2:
            end, lo, hi = best
            band = [seg for r in rows[i:end] for seg in r]
            left_side = [s for s in band if s.x1 <= lo]
            right_side = [s for s in band if s.x0 >= hi]
            if _is_text_column(left_side) and _is_text_column(right_side):
                out += _read_order(left_side, page, columns)
                out += _read_order(right_side, page, columns)
                i = end
                continue
        out.append(_Line(row, page, column))
        i += 1
    return out


def _drop_page_furniture(pages: list[list[_Line]], heights: list[float]) -> None:
    """Drop running headers/footers (the same text in the margin of several pages, digits
    aside) and page numbers; a running header's first occurrence on page 1 is the real one."""

    def key(line: _Line) -> str:
        return re.sub(r"\d+", "#", line.text.lower())

    def in_margin(line: _Line) -> bool:
        y = line.segments[0].baseline
        return y < 0.1 * heights[line.page] or y > 0.9 * heights[line.page]

    pages_with = Counter(k for lines in pages for k in {key(x) for x in lines if in_margin(x)})
    kept_first = False
    for lines in pages:
        kept: list[_Line] = []
        for line in lines:
            if in_margin(line) and _PAGE_NUMBER_RE.match(line.text.strip(" -–")):
                continue
            if in_margin(line) and pages_with[key(line)] > 1:
                top_of_first = line.page == 0 and line.segments[0].baseline > 0.5 * heights[0]
                if not (top_of_first and not kept_first and "#" not in key(line)):
                    continue
                kept_first = True
            kept.append(line)
        lines[:] = kept


def _continues(prev: _Line, line: _Line) -> bool:
    """Is `line` the wrapped rest of `prev`? Decided by geometry, not by punctuation.

    A writer wraps a line when the next word does not fit, so `prev` was wrapped if the next
    line's first word would not have fitted after it (or `prev` ends in a hyphenated word).
    The rest is indented like `prev`'s words (the hanging indent under a bullet), has no
    bullet of its own and follows at normal line spacing in the same size and weight; a row
    with a gap ("Title | dates") is never wrapped text.
    """
    if len(prev.segments) > 1 or len(line.segments) > 1 or _bullet_prefix(line.text):
        return False
    a, b = prev.segments[0], line.segments[0]
    if abs(a.size - b.size) > 0.6 or abs(a.weight - b.weight) >= 200:
        return False
    if abs(b.x0 - a.text_x0) > 0.6 * a.size:
        return False
    if line.page == prev.page and not 0 < a.baseline - b.baseline <= _LINE_SPACING_EM * a.size:
        return False
    if re.search(r"[^\W\d][-\u00ad]$", a.text) and b.text[:1].isalpha():
        return True
    return a.x1 + 0.28 * a.size + b.first_word_width > prev.right_edge + 0.5


def _join_lines(lines: list[_Line]) -> list[str]:
    vocabulary = {w.lower() for line in lines for w in re.findall(r"[\w-]+", line.text)}
    out: list[str] = []
    prev: _Line | None = None
    for line in lines:
        if prev is not None and out and _continues(prev, line):
            if out[-1].endswith("\u00ad"):  # a soft hyphen is hyphenation by definition
                out[-1] = out[-1][:-1] + line.text
            elif re.search(r"\w-$", out[-1]) and line.text[:1].isalnum():
                head, _, before = out[-1].rpartition(" ")
                word, _, rest = line.text.partition(" ")
                joined = join_broken_word(before, word, vocabulary)
                out[-1] = " ".join(p for p in (head, joined, rest) if p)
            else:
                out[-1] += " " + line.text
        else:
            out.append(line.text)
        prev = line
    return out


def _set_right_edges(lines: list[_Line], page_columns: set[int]) -> None:
    """The right edge of a column is its longest line; whole pages share one (a page with
    only short lines still wraps at the page's text width)."""
    edges: dict[int, float] = {}
    for line in lines:
        column = -1 if line.column in page_columns else line.column
        edges[column] = max(edges.get(column, 0.0), line.segments[-1].x1)
    for line in lines:
        line.right_edge = edges[-1 if line.column in page_columns else line.column]


def _image_pages(document: pdfium.PdfDocument) -> int:
    count = 0
    for page in document:
        try:
            if next(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=3), None):
                count += 1
        except Exception as exc:  # malformed resources must not crash the upload
            logger.debug("image scan failed: %r", exc)
    return count


def pdf_text(data: bytes, *, max_chars: int | None = None) -> str:
    """Text in reading order; refuse scanned PDFs instead of returning near-empty text.
    Pages after `max_chars` characters are not read (the text is too long anyway)."""
    document = _open(data)
    try:
        if len(document) > MAX_PDF_PAGES:
            raise UnreadableDocument(
                "This PDF has {pages} pages; a resume has at most {maximum}. "
                "Please send just the resume.",
                "too_long",
                pages=len(document),
                maximum=MAX_PDF_PAGES,
            )
        pages: list[list[_Line]] = []
        heights: list[float] = []
        columns = [0]
        page_columns: set[int] = set()  # the whole-page column of each page
        chars, budget = 0, max_chars if max_chars is not None else 10**9
        for number, page in enumerate(document):
            if chars > budget:
                break
            page_columns.add(columns[0])
            try:
                segments, read = _page_segments(page, budget + 1 - chars)
                lines = _read_order(segments, number, columns)
            except Exception as exc:  # one bad page should not lose the rest
                logger.info("pdf page extraction failed: %r", exc)
                lines, read = [], 0
            pages.append(lines)
            heights.append(page.get_height())
            chars += read
        _drop_page_furniture(pages, heights)
        lines = [line for page_lines in pages for line in page_lines]
        _set_right_edges(lines, page_columns)
        text = "\n".join(_join_lines(lines))
        real = real_char_count(text)
        if real < _SCANNED_CHARS_PER_IMAGE_PAGE * len(pages):  # only then look for images
            image_pages = _image_pages(document)
            if image_pages and real < _SCANNED_CHARS_PER_IMAGE_PAGE * image_pages:
                raise UnreadableDocument(_SCANNED_MESSAGE, "scanned")
        return text
    finally:
        document.close()
