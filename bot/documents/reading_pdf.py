"""PDF text extraction with pypdf, including detection of encrypted and scanned files."""

from __future__ import annotations

import io
import logging
from typing import Any

from pypdf import PdfReader

from bot.documents.errors import UnreadableDocument
from bot.documents.text_cleanup import real_char_count

logger = logging.getLogger(__name__)

# Fewer real characters than this per page with images means the PDF is most likely scanned.
_SCANNED_CHARS_PER_IMAGE_PAGE = 40

_ENCRYPTED_MESSAGE = (
    "This PDF is password-protected. Please send a version without a password, or paste the text."
)
_CORRUPT_MESSAGE = (
    "I couldn't open this PDF; it may be damaged. Please export it again or paste the text."
)
_SCANNED_MESSAGE = (
    "This PDF looks scanned (it contains images of pages, not text), so I can't read it. "
    "Please send a text-based PDF or DOCX, or paste your resume as text."
)


def _open(data: bytes) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data))
    except Exception as exc:  # pypdf raises many types for broken files
        logger.info("pdf open failed: %r", exc)
        raise UnreadableDocument(_CORRUPT_MESSAGE, "corrupt") from exc
    if reader.is_encrypted:
        try:
            # Files with only an owner password open with an empty user password.
            opened = reader.decrypt("")
        except Exception as exc:  # missing crypto backend or unknown algorithm
            logger.info("pdf decrypt failed: %r", exc)
            raise UnreadableDocument(_ENCRYPTED_MESSAGE, "encrypted") from exc
        if not opened:
            raise UnreadableDocument(_ENCRYPTED_MESSAGE, "encrypted")
    return reader


def _has_images(resources: Any, depth: int = 0) -> bool:
    """Look for image XObjects, descending into form XObjects a little way."""
    try:
        xobjects = resources.get("/XObject") if resources is not None else None
        if xobjects is None:
            return False
        xobjects = xobjects.get_object()
        for ref in xobjects.values():
            obj = ref.get_object()
            subtype = obj.get("/Subtype")
            if subtype == "/Image":
                return True
            if subtype == "/Form" and depth < 3 and _has_images(obj.get("/Resources"), depth + 1):
                return True
    except Exception as exc:  # malformed resources must not crash the upload
        logger.debug("image scan failed: %r", exc)
    return False


def pdf_text(data: bytes) -> str:
    """Extract page texts in order; refuse scanned PDFs instead of returning near-empty text."""
    reader = _open(data)
    try:
        pages = list(reader.pages)
    except Exception as exc:
        raise UnreadableDocument(_CORRUPT_MESSAGE, "corrupt") from exc
    texts: list[str] = []
    image_pages = 0
    for page in pages:
        try:
            texts.append(page.extract_text() or "")
        except Exception as exc:  # one bad page should not lose the rest
            logger.info("pdf page extraction failed: %r", exc)
            texts.append("")
        try:
            resources = page.get("/Resources")
            resources = resources.get_object() if resources is not None else None
        except Exception:
            resources = None
        if _has_images(resources):
            image_pages += 1
    text = "\n\n".join(texts)
    if image_pages and real_char_count(text) < _SCANNED_CHARS_PER_IMAGE_PAGE * image_pages:
        raise UnreadableDocument(_SCANNED_MESSAGE, "scanned")
    return text
