"""DOCX text straight from the WordprocessingML, one line per paragraph, in document order.

Read with lxml rather than python-docx because python-docx only sees paragraphs and tables
directly in the body: text inside content controls (which resume templates use for every
field), tracked insertions, smart tags and text boxes was silently lost. List detection
follows Word: a paragraph is a bullet when it (or its style) has numbering whose format is
not "none"; the "List Paragraph" style alone, headings and titles are never bullets (a role
title typed in "List Paragraph" became a bullet of the previous job).
"""

from __future__ import annotations

import io
import logging
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from bot.documents.errors import UnreadableDocument
from bot.wording import N_

logger = logging.getLogger(__name__)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
# Containers whose children are read as if they stood in their place.
_BLOCK_WRAPPERS = {f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}ins", f"{_W}smartTag"}
# Never text: properties, deleted or moved-away text, field codes, the VML copy of a shape.
_SKIPPED = {
    f"{_W}pPr",
    f"{_W}rPr",
    f"{_W}sdtPr",
    f"{_W}del",
    f"{_W}moveFrom",
    f"{_W}instrText",
    f"{_W}delText",
    _MC_FALLBACK,
}
_INLINE_TEXT = {f"{_W}tab": "\t", f"{_W}ptab": "\t", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}
_LEADING_MARKER_TAB_RE = re.compile(r"^(\S{1,3})\t")  # "•<tab>text", "1.<tab>text"

_CORRUPT_MESSAGE = N_(
    "I couldn't open this Word file; it may be damaged. Please export it again as DOCX or "
    "PDF, or paste the text."
)


@dataclass(frozen=True)
class _Style:
    name: str
    based_on: str | None
    num_id: str | None
    outline: bool


class _Document:
    """Styles and numbering: what decides whether a paragraph is a heading or a bullet."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.styles: dict[str, _Style] = {}
        styles = _xml(archive, "word/styles.xml")
        for style in styles.iter(f"{_W}style") if styles is not None else ():
            self.styles[_val(style, "styleId") or ""] = _Style(
                name=(_val(style.find(f"{_W}name")) or "").lower(),
                based_on=_val(style.find(f"{_W}basedOn")),
                num_id=_val(style.find(f"{_W}pPr/{_W}numPr/{_W}numId")),
                outline=style.find(f"{_W}pPr/{_W}outlineLvl") is not None,
            )
        self.formats: dict[tuple[str, str], str] = {}
        numbering = _xml(archive, "word/numbering.xml")
        if numbering is not None:
            abstract = {
                _val(a, "abstractNumId"): {
                    _val(lvl, "ilvl") or "0": _val(lvl.find(f"{_W}numFmt")) or "bullet"
                    for lvl in a.iter(f"{_W}lvl")
                }
                for a in numbering.iter(f"{_W}abstractNum")
            }
            for num in numbering.iter(f"{_W}num"):
                levels = abstract.get(_val(num.find(f"{_W}abstractNumId")), {})
                for ilvl, fmt in levels.items():
                    self.formats[(_val(num, "numId") or "", ilvl)] = fmt

    def _chain(self, style_id: str | None) -> Iterator[_Style]:
        seen: set[str] = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            yield self.styles[style_id]
            style_id = self.styles[style_id].based_on

    def kind(self, paragraph: etree._Element) -> str:
        """ "heading", "bullet" or "text"."""
        ppr = paragraph.find(f"{_W}pPr")
        style_id = _val(ppr.find(f"{_W}pStyle")) if ppr is not None else None
        chain = list(self._chain(style_id))
        names = [s.name for s in chain]
        if (
            any(n.startswith(("heading", "title", "subtitle")) for n in names)
            or any(s.outline for s in chain)
            or (ppr is not None and ppr.find(f"{_W}outlineLvl") is not None)
        ):
            return "heading"
        num_pr = ppr.find(f"{_W}numPr") if ppr is not None else None
        num_id = _val(num_pr.find(f"{_W}numId")) if num_pr is not None else None
        ilvl = (_val(num_pr.find(f"{_W}ilvl")) if num_pr is not None else None) or "0"
        if num_id is None:
            num_id = next((s.num_id for s in chain if s.num_id), None)
        if num_id is not None and num_id != "0":
            return "text" if self.formats.get((num_id, ilvl)) == "none" else "bullet"
        if num_id is None and any(n.startswith(("list bullet", "list number")) for n in names):
            return "bullet"
        return "text"


def _val(element: etree._Element | None, attr: str = "val") -> str | None:
    """A w: attribute of an element that may be missing."""
    return element.get(f"{_W}{attr}") if element is not None else None


def _xml(archive: zipfile.ZipFile, name: str) -> etree._Element | None:
    try:
        return etree.fromstring(archive.read(name), _PARSER)
    except KeyError:
        return None


def _inline(element: etree._Element, parts: list[str], boxes: list[etree._Element]) -> None:
    """A paragraph's text in order; text boxes are collected to be read after it."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag == f"{_W}t":
            parts.append(child.text or "")
        elif tag in _INLINE_TEXT:
            parts.append(_INLINE_TEXT[tag])
        elif tag == f"{_W}br":
            parts.append("\n")
        elif tag == f"{_W}sym":
            parts.append(chr(int(child.get(f"{_W}char", "20"), 16)))
        elif tag == f"{_W}txbxContent":
            boxes.append(child)
        elif tag != f"{_W}p":  # runs, hyperlinks, fields, content controls, drawings
            _inline(child, parts, boxes)


def _paragraph(paragraph: etree._Element, document: _Document) -> Iterator[str]:
    parts: list[str] = []
    boxes: list[etree._Element] = []
    _inline(paragraph, parts, boxes)
    lines = [_tabs(line) for line in "".join(parts).split("\n")]
    lines = [line for line in lines if line]
    if (
        lines
        and document.kind(paragraph) == "bullet"
        and not lines[0].startswith(("•", "-", "–", "*", "▪"))
    ):
        lines[0] = f"- {lines[0]}"
    yield from lines
    for box in boxes:
        yield from _blocks(box, document)


def _tabs(line: str) -> str:
    """A tab after a list marker or a label is a space; between words it separates columns
    ("Staff Nurse<tab>Sep 2018 – present" → "Staff Nurse | Sep 2018 – present")."""
    line = _LEADING_MARKER_TAB_RE.sub(r"\1 ", line.strip())
    line = re.sub(r":[ \t]*\t\s*", ": ", line)  # "Email:<tab>jane@…" is a label and its value
    return re.sub(r"\s*\t[\s\t]*", " | ", line).strip(" |")


def _table(table: etree._Element, document: _Document) -> Iterator[str]:
    """One line per row when cells are short; otherwise each cell's content in turn."""
    for row in table.iter(f"{_W}tr"):
        if row.getparent() is not table:
            continue
        cells: list[str] = []
        for cell in row.findall(f"{_W}tc"):
            merge = cell.find(f"{_W}tcPr/{_W}vMerge")
            if merge is not None and merge.get(f"{_W}val") != "restart":
                continue  # the rest of a vertically merged cell repeats nothing new
            text = "\n".join(_blocks(cell, document)).strip()
            if text:
                cells.append(text)
        if all("\n" not in c for c in cells):
            if cells:
                yield " | ".join(cells)
        else:
            yield from cells


def _blocks(parent: etree._Element, document: _Document) -> Iterator[str]:
    for child in parent:
        tag = child.tag
        if tag == f"{_W}p":
            yield from _paragraph(child, document)
        elif tag == f"{_W}tbl":
            yield from _table(child, document)
        elif tag in _BLOCK_WRAPPERS:
            yield from _blocks(child, document)


def _header_parts(archive: zipfile.ZipFile) -> list[str]:
    rels = _xml(archive, "word/_rels/document.xml.rels")
    if rels is None:
        return []
    return sorted(
        posixpath.normpath(posixpath.join("word", rel.get("Target", "")))
        for rel in rels.iter(_REL)
        if rel.get("Type", "").endswith("/header")
    )


def docx_text(data: bytes, *, max_chars: int | None = None) -> str:
    """Header text first (contact details often live there), then the body; reading stops
    after `max_chars` characters (the text is too long anyway)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            document = _Document(archive)
            root = _xml(archive, "word/document.xml")
            body = root.find(f"{_W}body") if root is not None else None
            if body is None:
                raise UnreadableDocument(_CORRUPT_MESSAGE, "corrupt")
            header_lines: list[str] = []
            for name in _header_parts(archive):
                try:
                    header = _xml(archive, name)
                    for line in _blocks(header, document) if header is not None else ():
                        if line not in header_lines:
                            header_lines.append(line)
                except etree.XMLSyntaxError as exc:  # a broken header should not lose the body
                    logger.debug("docx header failed: %r", exc)
            lines: list[str] = []
            chars = 0
            for line in _blocks(body, document):
                lines.append(line)
                chars += len(line) + 1
                if max_chars is not None and chars > max_chars:
                    break
    except UnreadableDocument:
        raise
    except Exception as exc:  # zipfile and lxml raise many types for broken files
        logger.info("docx open failed: %r", exc)
        raise UnreadableDocument(_CORRUPT_MESSAGE, "corrupt") from exc
    return "\n".join([*header_lines, "", *lines]) if header_lines else "\n".join(lines)
