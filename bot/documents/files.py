"""The files a user sends to an employer: which template, which paper, which file name.

One entry point (`render_file`) for the chat buttons and the ZIP export, so a resume
downloaded either way is the same file with the same name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Literal

import pypdfium2 as pdfium

from bot.documents.export_docx import markdown_to_docx
from bot.documents.export_pdf import markdown_to_pdf
from bot.documents.layout import letter_layout, resume_layout
from bot.documents.region import Region, region_for
from bot.documents.searchability import Check, searchability
from bot.documents.templates_docx import letter_docx, resume_docx
from bot.documents.templates_pdf import letter_pdf, resume_pdf
from bot.generation.resume_parsing import candidate_name

FileFormat = Literal["pdf", "docx"]
_KIND_WORDS = {
    "optimized_resume": "Resume",
    "cover_letter": "Cover_Letter",
    "research_report": "Research_Report",
}
_TITLE_WORDS = {
    "optimized_resume": "Resume",
    "cover_letter": "Cover letter",
    "research_report": "Research report",
}
_ASCII_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "œ": "oe", "Œ": "OE"})  # fmt: skip
_NAME_PART_RE = re.compile(r"[A-Za-z0-9]+")
_MAX_PART = 40


@dataclass(frozen=True)
class DocumentContext:
    """What a document needs besides its text: whose it is, for whom, and where."""

    resume: str
    company: str | None
    role: str | None
    location: str | None
    language: str | None
    timezone: str | None
    today: date

    @property
    def region(self) -> Region:
        return region_for(self.location, self.timezone, self.language)

    @property
    def person(self) -> str | None:
        return candidate_name(self.resume)


@dataclass(frozen=True)
class OutgoingFile:
    filename: str
    data: bytes


def _file_part(text: str | None) -> str:
    """Letters and digits only, ASCII, words joined by "_": no separators, bidi or zero-width
    characters can survive, and every mail client and ATS accepts the name."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKD", text.translate(_ASCII_FOLD))
    ascii_text = folded.encode("ascii", "ignore").decode().replace("'", "")
    return "_".join(_NAME_PART_RE.findall(ascii_text))[:_MAX_PART].strip("_")


def file_name(person: str | None, kind: str, company: str | None, ext: str) -> str:
    """`Firstname_Lastname_Resume_Company.pdf`; parts that are unknown are left out."""
    parts = [_file_part(person), _KIND_WORDS.get(kind, "Document"), _file_part(company)]
    return "_".join(part for part in parts if part) + f".{ext}"


def document_title(person: str | None, kind: str, company: str | None) -> str:
    words = _TITLE_WORDS.get(kind, "Document")
    who = f"{person} — " if person else ""
    return f"{who}{words}" + (f" — {company}" if company else "")


def render_file(kind: str, markdown: str, ctx: DocumentContext, fmt: FileFormat) -> OutgoingFile:
    """The employer-facing file for one stored document (blocking: run it in a thread)."""
    region = ctx.region
    person = ctx.person
    title = document_title(person, kind, ctx.company)
    if kind == "optimized_resume":
        layout = resume_layout(markdown)
        data = (
            resume_pdf(layout, paper=region.paper, title=title)
            if fmt == "pdf"
            else resume_docx(layout, paper=region.paper, title=title)
        )
    elif kind == "cover_letter":
        letter = letter_layout(
            markdown,
            resume=ctx.resume,
            company=ctx.company,
            role=ctx.role,
            location=ctx.location,
            language=ctx.language,
            today=ctx.today,
            locale=region.locale,
        )
        data = (
            letter_pdf(letter, paper=region.paper, title=title)
            if fmt == "pdf"
            else letter_docx(letter, paper=region.paper, title=title)
        )
    else:
        data = (
            markdown_to_pdf(markdown, title, paper=region.paper, author=person)
            if fmt == "pdf"
            else markdown_to_docx(markdown, title, paper=region.paper, author=person)
        )
    return OutgoingFile(file_name(person, kind, ctx.company, fmt), data)


def resume_checks(markdown: str, ctx: DocumentContext) -> list[Check]:
    """The searchability checks of the optimized resume as it will be sent (PDF)."""
    rendered = render_file("optimized_resume", markdown, ctx, "pdf")
    pages = len(pdfium.PdfDocument(rendered.data))  # the reader's library: one PDF stack
    return searchability(markdown, resume_layout(markdown), pages=pages, filename=rendered.filename)
