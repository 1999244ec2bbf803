"""Turn an uploaded resume (PDF, DOCX, TXT/MD) into clean text, or say clearly why not.

Every failure is one exception type with a user-facing message and a machine-readable
reason, so handlers can answer the user without knowing about file formats.
"""

from __future__ import annotations

import io
import zipfile
from typing import Literal

from bot.documents.errors import UnreadableDocument, UnreadableReason
from bot.documents.reading_docx import docx_text
from bot.documents.reading_pdf import pdf_text
from bot.documents.text_cleanup import normalize_text, real_char_count

__all__ = [
    "MAX_TEXT_CHARS",
    "MAX_UPLOAD_BYTES",
    "MIN_TEXT_CHARS",
    "UnreadableDocument",
    "UnreadableReason",
    "check_text",
    "decode_text_bytes",
    "detect_kind",
    "extract_resume_text",
]

DocumentKindDetected = Literal["pdf", "docx", "txt"]
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # Telegram bots cannot download bigger files anyway.
MIN_TEXT_CHARS = 100
MAX_TEXT_CHARS = 50_000

SUPPORTED_TYPES_TEXT = "PDF, DOCX, TXT or MD"
_TEXT_EXTENSIONS = {"txt", "md", "markdown", "text"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc and password-protected Office
_MIME_KINDS: dict[str, DocumentKindDetected] = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "text/plain": "txt",
    "text/markdown": "txt",
    "text/x-markdown": "txt",
}


def _extension(filename: str) -> str:
    name = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _is_docx_zip(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def _looks_binary(data: bytes) -> bool:
    """Many NUL or control bytes (outside UTF-16 text) mean this is not a text file."""
    sample = data[:8192]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")) or _guess_bomless_utf16(sample):
        return False
    if not sample:
        return False
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return sample.count(0) / len(sample) > 0.01 or controls / len(sample) > 0.05


def _guess_bomless_utf16(sample: bytes) -> str | None:
    """UTF-16 without BOM: ASCII-heavy text has NULs in every other byte."""
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.3 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.3 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def detect_kind(filename: str, data: bytes) -> DocumentKindDetected | None:
    """Decide the real format by magic bytes first; the extension only decides for text."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if _is_docx_zip(data) else None
    if head.startswith(_OLE_MAGIC):
        return None
    if _extension(filename) in _TEXT_EXTENSIONS or not _extension(filename):
        return None if _looks_binary(data) else "txt"
    return None


def _claimed_kind(filename: str, mime_type: str | None) -> str:
    ext = _extension(filename)
    if ext in ("pdf", "docx"):
        return ext
    if mime_type:
        return _MIME_KINDS.get(mime_type.split(";")[0].strip().lower(), ext)
    return ext


def _reject_undetected(filename: str, data: bytes, mime_type: str | None) -> UnreadableDocument:
    claimed = _claimed_kind(filename, mime_type)
    if data[:8].startswith(_OLE_MAGIC):
        if claimed == "docx":
            return UnreadableDocument(
                "This Word file is password-protected. Please remove the password and "
                "send it again, or paste the text.",
                "encrypted",
            )
        return UnreadableDocument(
            "Old Word (.doc) files are not supported. Please save it as DOCX or PDF, "
            f"or paste the text. Supported: {SUPPORTED_TYPES_TEXT}.",
            "unsupported_type",
        )
    if claimed in ("pdf", "docx"):
        return UnreadableDocument(
            f"This file is named like a {claimed.upper()} but cannot be opened as one; it "
            "may be damaged. Please export it again or paste the text.",
            "corrupt",
        )
    if claimed in _TEXT_EXTENSIONS or claimed == "txt":
        return UnreadableDocument(
            f"This does not look like a text file. Supported: {SUPPORTED_TYPES_TEXT}.",
            "unsupported_type",
        )
    return UnreadableDocument(
        f"I can't read this file type. Please send a {SUPPORTED_TYPES_TEXT} file, "
        "or paste the text.",
        "unsupported_type",
    )


def extract_resume_text(filename: str, data: bytes, mime_type: str | None = None) -> str:
    """Return normalised resume text, or raise `UnreadableDocument` with a reason."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise UnreadableDocument(
            f"The file is too large (max {MAX_UPLOAD_BYTES // (1024 * 1024)} MB). "
            "Please send a smaller file or paste the text.",
            "too_large",
        )
    if not data:
        raise UnreadableDocument("The file is empty.", "empty")
    kind = detect_kind(filename, data)
    if kind is None:
        raise _reject_undetected(filename, data, mime_type)
    if kind == "pdf":
        raw = pdf_text(data)
    elif kind == "docx":
        raw = docx_text(data)
    else:
        raw = decode_text_bytes(data)
    return check_text(normalize_text(raw))


def check_text(text: str) -> str:
    """Apply the length rules shared by uploads and pasted text."""
    real = real_char_count(text)
    if real == 0:
        raise UnreadableDocument(
            "I couldn't find any text in this file. Please send a text PDF/DOCX or paste the text.",
            "empty",
        )
    if real < MIN_TEXT_CHARS:
        raise UnreadableDocument(
            f"This resume is very short (under {MIN_TEXT_CHARS} characters). Please send "
            "the full resume.",
            "too_short",
        )
    if len(text) > MAX_TEXT_CHARS:
        raise UnreadableDocument(
            f"This document is too long ({len(text):,} characters; max {MAX_TEXT_CHARS:,}). "
            "Please send just the resume.",
            "too_long",
        )
    return text


def decode_text_bytes(data: bytes) -> str:
    """Decode a text upload: BOMs first, then BOM-less UTF-16, UTF-8, and cp1252 last."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    bomless = _guess_bomless_utf16(data[:8192])
    if bomless:
        return data.decode(bomless, errors="replace")
    if _looks_binary(data):
        raise UnreadableDocument(
            f"This does not look like a text file. Supported: {SUPPORTED_TYPES_TEXT}.",
            "unsupported_type",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
