"""DOCX text extraction with python-docx: paragraphs and tables in document order."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable, Iterator

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from bot.documents.errors import UnreadableDocument

logger = logging.getLogger(__name__)

_CORRUPT_MESSAGE = (
    "I couldn't open this Word file; it may be damaged. Please export it again as DOCX or "
    "PDF, or paste the text."
)


def _paragraph_text(paragraph: Paragraph) -> str:
    """Keep list items recognisable as bullets and headings on their own line."""
    text = paragraph.text.strip()
    if not text:
        return ""
    ppr = paragraph._p.pPr
    style_name = (paragraph.style.name or "") if paragraph.style is not None else ""
    is_list = (ppr is not None and ppr.numPr is not None) or style_name.startswith("List")
    if is_list and not text.startswith(("•", "-", "–", "*", "▪")):
        return f"- {text}"
    return text


def _table_lines(table: Table) -> Iterator[str]:
    """One line per row when cells are short; otherwise each cell's content in turn."""
    for row in table.rows:
        seen: set[int] = set()
        cell_texts: list[str] = []
        for cell in row.cells:
            if id(cell._tc) in seen:  # merged cells repeat the same element
                continue
            seen.add(id(cell._tc))
            cell_text = "\n".join(_block_lines(cell.iter_inner_content())).strip()
            if cell_text:
                cell_texts.append(cell_text)
        if all("\n" not in t for t in cell_texts):
            if cell_texts:
                yield " | ".join(cell_texts)
        else:
            yield from cell_texts


def _block_lines(blocks: Iterable[Paragraph | Table]) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, Paragraph):
            yield _paragraph_text(block)
        else:
            yield from _table_lines(block)


def docx_text(data: bytes) -> str:
    """Extract header text first (contact details often live there), then the body."""
    try:
        document = docx.Document(io.BytesIO(data))
        header_lines: list[str] = []
        for section in document.sections:
            try:
                if section.header.is_linked_to_previous:
                    continue
                for line in _block_lines(section.header.iter_inner_content()):
                    if line and line not in header_lines:
                        header_lines.append(line)
            except Exception as exc:  # a broken header should not lose the body
                logger.debug("docx header failed: %r", exc)
        body = list(_block_lines(document.iter_inner_content()))
    except UnreadableDocument:
        raise
    except Exception as exc:  # python-docx/lxml raise many types for broken files
        logger.info("docx open failed: %r", exc)
        raise UnreadableDocument(_CORRUPT_MESSAGE, "corrupt") from exc
    return "\n".join([*header_lines, "", *body]) if header_lines else "\n".join(body)
