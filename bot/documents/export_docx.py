"""Markdown to DOCX with python-docx, using the built-in Word styles so users can restyle."""

from __future__ import annotations

import io
import re

from docx.shared import Pt
from docx.text.paragraph import Paragraph

from bot.documents.markdown_blocks import Block, parse_markdown
from bot.documents.templates_docx import new_document

_MONO_FONT = "Courier New"
# XML 1.0 forbids these; python-docx raises on them.
_XML_INVALID_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _add_runs(paragraph: Paragraph, block: Block) -> None:
    for run in block.runs:
        added = paragraph.add_run(_XML_INVALID_RE.sub("", run.text))
        added.bold = run.bold or None
        added.italic = run.italic or None
        if run.code or block.kind == "code":
            added.font.name = _MONO_FONT


def _list_style(base: str, level: int) -> str:
    return base if level == 0 else f"{base} {min(level + 1, 3)}"


def markdown_to_docx(
    markdown: str, title: str, *, paper: str = "A4", author: str | None = None
) -> bytes:
    """Render Markdown as a Word document; `title` goes into the document properties.

    The title is not added as visible text because letters and resumes carry their own.
    """
    document = new_document(paper=paper, title=title, author=author)
    for block in parse_markdown(markdown):
        if block.kind == "heading":
            paragraph = document.add_heading(level=min(max(block.level, 1), 9))
        elif block.kind == "bullet":
            paragraph = document.add_paragraph(style=_list_style("List Bullet", block.level))
        elif block.kind == "numbered":
            # Explicit numbers: Word's auto-numbering would continue across separate lists.
            paragraph = document.add_paragraph(style=_list_style("List", block.level))
            paragraph.add_run(f"{block.number}. ")
        elif block.kind == "quote":
            paragraph = document.add_paragraph(style="Quote")
        elif block.kind == "code":
            paragraph = document.add_paragraph(style="No Spacing")
        elif block.kind == "rule":
            document.add_paragraph("—" * 20)
            continue
        else:
            paragraph = document.add_paragraph()
            if block.level:
                paragraph.paragraph_format.left_indent = Pt(18 * block.level)
        _add_runs(paragraph, block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
