from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

import docx
from pypdf import PdfReader

from bot.documents.export import (
    ExportDocument,
    build_export_zip,
    csv_safe,
    markdown_to_docx,
    markdown_to_pdf,
    safe_name,
)
from bot.documents.files import DocumentContext

MARKDOWN = """# Jane Müller
Zürich · Łódź · Привет, мир

## Experience
**Senior Engineer** at ACME, *2020–2024*

- Built pipelines with **Python**
  - nested <Hiring Manager> & co
1. first
2. second
"""


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_docx_roundtrip() -> None:
    document = docx.Document(io.BytesIO(markdown_to_docx(MARKDOWN, "Resume – ACME")))
    assert document.core_properties.title == "Resume – ACME"
    paragraphs = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]
    assert ("Heading 1", "Jane Müller") in paragraphs
    assert ("Heading 2", "Experience") in paragraphs
    assert ("List Bullet", "Built pipelines with Python") in paragraphs
    assert ("List Bullet 2", "nested <Hiring Manager> & co") in paragraphs
    assert ("List", "2. second") in paragraphs
    senior = next(p for p in document.paragraphs if p.text.startswith("Senior"))
    assert senior.runs[0].bold and any(run.italic for run in senior.runs)


def test_docx_survives_control_characters() -> None:
    data = markdown_to_docx("Hello\x00 world\x0b!", "t\x01")
    assert "Hello world!" in docx.Document(io.BytesIO(data)).paragraphs[0].text


def test_pdf_unicode_roundtrip() -> None:
    text = _pdf_text(markdown_to_pdf(MARKDOWN, "Resume"))
    for expected in ("Jane Müller", "Zürich", "Łódź", "Привет", "<Hiring Manager>", "2. second"):
        assert expected in text


def test_pdf_latin1_fallback() -> None:
    text = _pdf_text(markdown_to_pdf(MARKDOWN + "\n😀 emoji", "Łódź", fonts={}))
    assert "Jane Müller" in text
    assert "Lódz" in text and "Privet" in text


def test_long_pdf_has_several_pages() -> None:
    data = markdown_to_pdf("\n\n".join(f"Paragraph {i} " + "text " * 40 for i in range(80)), "t")
    assert len(PdfReader(io.BytesIO(data)).pages) > 2


def test_safe_name() -> None:
    assert safe_name("../../etc/passwd") == "etc-passwd"
    assert safe_name("ACME GmbH – Zürich!") == "acme-gmbh-zurich"
    assert safe_name("..") == "document"
    assert safe_name("", "x") == "x"


def test_csv_safe() -> None:
    assert csv_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert csv_safe("+1") == "'+1" and csv_safe("-2") == "'-2" and csv_safe("@x") == "'@x"
    assert csv_safe("normal") == "normal"


def _context() -> DocumentContext:
    return DocumentContext(MARKDOWN, "ACME", "Dev", None, "en", "UTC", date(2026, 1, 1))


def test_zip_contents() -> None:
    documents = [
        ExportDocument("acme-backend", "optimized_resume", 2, MARKDOWN, _context()),
        ExportDocument("../evil", "cover_letter", 1, "Dear team,\n\nHello.", _context()),
    ]
    rows = [
        {"company": "ACME", "role": "=cmd|' /C calc'!A0", "status": "applied"},
        {"company": "Zürich AG", "role": "Dev", "notes": "@SUM(1)"},
    ]
    archive = zipfile.ZipFile(io.BytesIO(build_export_zip(documents, rows)))
    names = set(archive.namelist())
    for ext in ("md", "docx", "pdf"):
        assert f"acme-backend/optimized_resume_v2.{ext}" in names
        assert f"evil/cover_letter_v1.{ext}" in names
    assert all(".." not in name and not name.startswith("/") for name in names)
    assert archive.read("acme-backend/optimized_resume_v2.md").decode() == MARKDOWN
    raw = archive.read("applications.csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[0] == ["company", "role", "status", "notes"]
    assert table[1] == ["ACME", "'=cmd|' /C calc'!A0", "applied", ""]
    assert table[2] == ["Zürich AG", "Dev", "", "'@SUM(1)"]
    assert "Jane Müller" in _pdf_text(archive.read("acme-backend/optimized_resume_v2.pdf"))
