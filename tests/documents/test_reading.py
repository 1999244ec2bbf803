from __future__ import annotations

import io
import zipfile

import pytest
from pypdf import PdfReader, PdfWriter

from bot.documents.reading import (
    MAX_UPLOAD_BYTES,
    UnreadableDocument,
    detect_kind,
    extract_resume_text,
)
from tests.documents.conftest import RESUME_TEXT, make_docx, make_pdf, make_png


def _reason(filename: str, data: bytes, mime: str | None = None) -> str:
    with pytest.raises(UnreadableDocument) as info:
        extract_resume_text(filename, data, mime)
    assert info.value.user_message
    return info.value.reason


def test_pdf_text_extracted(resume_lines: list[str]) -> None:
    text = extract_resume_text("cv.pdf", make_pdf([*resume_lines, "Łódź, Привет"]))
    assert "Jane Müller" in text
    assert "Łódź" in text and "Привет" in text
    assert "- Built asynchronous data pipelines" in text


def test_docx_paragraphs_and_tables_in_order() -> None:
    text = extract_resume_text("cv.docx", make_docx())
    lines = text.splitlines()
    assert lines[0] == "Jane Müller"
    assert "- Built data pipelines with asyncio" in lines
    assert lines.index("Skill | Level") < lines.index("Python | Expert")
    assert text.index("Python | Expert") < text.index("References available")


def test_txt_encodings() -> None:
    body = RESUME_TEXT + "Łódź ünïcödé"
    assert "Łódź" in extract_resume_text("cv.txt", b"\xef\xbb\xbf" + body.encode())
    assert "Łódź" in extract_resume_text("cv.txt", body.encode("utf-16"))
    assert "Łódź" in extract_resume_text("cv.txt", body.encode("utf-16-le"))
    latin = RESUME_TEXT.replace("Müller", "Müller – CV").encode("cp1252")
    assert "Müller – CV" in extract_resume_text("cv.md", latin)


def test_whitespace_and_control_chars_normalised() -> None:
    raw = "Jane\x00 Doe\t\x07 \u00a0Engineer\r\n\r\n\r\n\r\n\uf0b7 Python\n" + "word " * 40
    text = extract_resume_text("cv.txt", raw.encode())
    assert text.startswith("Jane Doe Engineer\n\n• Python\n")


def test_scanned_pdf_rejected() -> None:
    assert _reason("scan.pdf", make_pdf([], image=make_png(), pages=2)) == "scanned"


def test_empty_pdf() -> None:
    assert _reason("empty.pdf", make_pdf([])) == "empty"


def test_corrupt_and_unsupported() -> None:
    assert _reason("cv.pdf", b"%PDF-1.4 garbage garbage") == "corrupt"
    assert _reason("cv.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50) == "corrupt"
    assert _reason("cv.docx", b"not a zip at all") == "corrupt"
    assert _reason("photo.png", make_png()) == "unsupported_type"
    assert _reason("cv.txt", b"\x00\x01\x02binary\x00" * 20) == "unsupported_type"
    assert _reason("cv.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100) == (
        "unsupported_type"
    )


def test_pdf_that_is_really_a_zip() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert detect_kind("cv.pdf", buffer.getvalue()) is None
    assert _reason("cv.pdf", buffer.getvalue()) == "corrupt"


def test_wrong_extension_uses_magic_bytes(resume_lines: list[str]) -> None:
    pdf = make_pdf(resume_lines)
    assert detect_kind("cv.txt", pdf) == "pdf"
    assert "Jane Müller" in extract_resume_text("cv.txt", pdf)
    assert detect_kind("cv.pdf", make_docx()) == "docx"
    assert detect_kind("cv.md", b"# Hi") == "txt"


def test_encrypted_pdf(resume_lines: list[str]) -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(resume_lines))))
    writer.encrypt("secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert _reason("cv.pdf", buffer.getvalue()) == "encrypted"


def test_size_and_length_limits() -> None:
    assert _reason("cv.pdf", b"%PDF" + b"0" * MAX_UPLOAD_BYTES) == "too_large"
    assert _reason("cv.txt", b"Jane Doe, engineer.") == "too_short"
    assert _reason("cv.txt", ("word " * 12_000).encode()) == "too_long"
    assert _reason("cv.txt", b"   \n\n  ") == "empty"
    assert _reason("cv.txt", b"") == "empty"
