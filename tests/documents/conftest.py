"""Builders for test fixtures: real PDF/DOCX/PNG files generated on the fly, no binaries."""

from __future__ import annotations

import io

import docx
import pytest
from fpdf import FPDF
from PIL import Image

from bot.documents.export_pdf import find_unicode_fonts

RESUME_TEXT = (
    "Jane Müller\n"
    "Senior Python Engineer, Zürich\n"
    "Experience\n"
    "- Built asynchronous data pipelines processing 2 million events per day\n"
    "- Led a team of five engineers delivering a Telegram bot platform\n"
)


def make_pdf(lines: list[str], *, image: bytes | None = None, pages: int = 1) -> bytes:
    """A text PDF with the DejaVu font (so non-Latin text is real text), or an image-only one."""
    pdf = FPDF()
    fonts = find_unicode_fonts()
    assert fonts is not None
    pdf.add_font("DejaVu", "", str(fonts[""]))
    for _ in range(pages):
        pdf.add_page()
        pdf.set_font("DejaVu", size=11)
        for line in lines:
            pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
        if image is not None:
            pdf.image(io.BytesIO(image), x=10, y=10, w=180)
    return bytes(pdf.output())


def make_png(width: int = 60, height: int = 40) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def make_docx() -> bytes:
    document = docx.Document()
    document.add_heading("Jane Müller", level=1)
    document.add_paragraph("Senior Python Engineer based in Zürich with ten years of experience.")
    document.add_paragraph("Built data pipelines with asyncio", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Skill"
    table.cell(0, 1).text = "Level"
    table.cell(1, 0).text = "Python"
    table.cell(1, 1).text = "Expert"
    document.add_paragraph("References available on request, thank you for reading.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def resume_lines() -> list[str]:
    return RESUME_TEXT.splitlines()
