"""The resume and letter templates as Word documents (python-docx), built on Word's own
styles (Title, Heading 1, List Bullet) so a user can restyle them and an ATS reads them.

Page size matches the PDF (A4 or US Letter), and the document properties carry the
candidate's name instead of the library's ("python-docx").
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from bot.documents.layout import LetterLayout, Line, ResumeLayout, RoleHeader

_XML_INVALID_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_PAPER = {"A4": (Mm(210), Mm(297)), "Letter": (Mm(215.9), Mm(279.4))}
_ACCENT = RGBColor(0x1F, 0x38, 0x64)
_MUTED = RGBColor(0x5A, 0x60, 0x68)


def _x(text: str) -> str:
    return _XML_INVALID_RE.sub("", text)


def new_document(*, paper: str, title: str, author: str | None, margin_mm: float = 18) -> Document:
    """An empty document with the page size, margins, body font and properties set."""
    document = docx.Document()
    width, height = _PAPER.get(paper, _PAPER["A4"])
    for section in document.sections:
        section.page_width, section.page_height = width, height
        section.left_margin = section.right_margin = Mm(margin_mm)
        section.top_margin = section.bottom_margin = Mm(margin_mm)
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    props = document.core_properties
    props.title = _x(title)[:255]
    props.author = _x(author or "")[:255]
    props.last_modified_by = _x(author or "")[:255]
    props.comments = ""
    props.created = props.modified = datetime.now(UTC).replace(tzinfo=None)
    return document


def _save(document: Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _text_width(document: Document) -> int:
    section = document.sections[0]
    parts = (section.page_width, section.left_margin, section.right_margin)
    width, left, right = (int(part or 0) for part in parts)
    return width - left - right


def _line(document: Document, line: Line) -> None:
    paragraph = document.add_paragraph(style="List Bullet" if line.bullet else None)
    paragraph.paragraph_format.space_after = Pt(2 if line.bullet else 4)
    for run in line.runs:
        added = paragraph.add_run(_x(run.text))
        added.bold = run.bold or None
        added.italic = run.italic or None


def _role(document: Document, role: RoleHeader) -> None:
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(6), Pt(0)
    fmt.keep_with_next = True
    fmt.tab_stops.add_tab_stop(_text_width(document), WD_TAB_ALIGNMENT.RIGHT)
    paragraph.add_run(_x(role.title)).bold = True
    dates = paragraph.add_run("\t" + _x(role.dates))
    dates.font.color.rgb = _MUTED
    if role.detail:
        detail = document.add_paragraph()
        detail.paragraph_format.space_after = Pt(2)
        detail.paragraph_format.keep_with_next = True
        run = detail.add_run(_x(role.detail))
        run.italic = True


def _heading(document: Document, text: str) -> Paragraph:
    heading = document.add_heading(_x(text), level=1)
    heading.paragraph_format.space_before = Pt(10)
    heading.paragraph_format.space_after = Pt(3)
    for run in heading.runs:
        run.font.size = Pt(12)
        run.font.color.rgb = _ACCENT
    return heading


def resume_docx(layout: ResumeLayout, *, paper: str, title: str) -> bytes:
    document = new_document(paper=paper, title=title, author=layout.name)
    name = document.add_paragraph(_x(layout.name), style="Title")
    name.paragraph_format.space_after = Pt(2)
    for headline in layout.headline:
        paragraph = document.add_paragraph()
        paragraph.add_run(_x(headline)).font.size = Pt(11.5)
        paragraph.paragraph_format.space_after = Pt(0)
    if layout.contact:
        contact = document.add_paragraph()
        run = contact.add_run(_x(" · ".join(layout.contact)))
        run.font.size = Pt(9.5)
        run.font.color.rgb = _MUTED
    for section in layout.sections:
        _heading(document, section.title)
        for item in section.items:
            if isinstance(item, RoleHeader):
                _role(document, item)
            else:
                _line(document, item)
    return _save(document)


def letter_docx(layout: LetterLayout, *, paper: str, title: str) -> bytes:
    document = new_document(paper=paper, title=title, author=layout.sender_name, margin_mm=25)

    def para(
        text: str, *, bold: bool = False, after: float = 0, size: float | None = None
    ) -> Paragraph:
        paragraph = document.add_paragraph()
        run = paragraph.add_run(_x(text))
        run.bold = bold or None
        if size:
            run.font.size = Pt(size)
        paragraph.paragraph_format.space_after = Pt(after)
        return paragraph

    if layout.sender_name:
        para(layout.sender_name, bold=True, size=13)
    for line in layout.sender_contact:
        para(line, size=9.5)
    document.add_paragraph()
    for line in layout.recipient:
        para(line)
    document.add_paragraph()
    para(layout.date_text, after=12).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    para(layout.subject, bold=True, after=12)
    for paragraph in [layout.greeting, *layout.paragraphs]:
        para(paragraph, after=8)
    para(layout.closing, after=24 if layout.signature else 0)
    if layout.signature:
        para(layout.signature)
    return _save(document)
