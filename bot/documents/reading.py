"""Turn an uploaded resume (PDF, DOCX, TXT/MD) into clean text, or say clearly why not.

Every failure is one exception type with a user-facing message and a machine-readable
reason, so handlers can answer the user without knowing about file formats.

`extract_resume_text` is the pure, synchronous reader (the command line uses it).
The bot calls `extract_resume_text_isolated`, which runs the same function in a separate
worker process with a time and memory limit: parsing a hostile file (a million empty
paragraphs, fifty pages sharing one huge content stream) must never stall the event loop
that serves every other user. Run as `python -m bot.documents.reading` this module is
that worker.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import logging
import math
import os
import sys
import weakref
import zipfile
from pathlib import Path
from typing import Literal

from bot.documents.errors import UnreadableDocument, UnreadableReason
from bot.documents.reading_docx import docx_text
from bot.documents.reading_pdf import pdf_text
from bot.documents.text_cleanup import normalize_text, real_char_count
from bot.wording import N_

logger = logging.getLogger(__name__)

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
    "extract_resume_text_isolated",
]

DocumentKindDetected = Literal["pdf", "docx", "txt"]
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # Telegram bots cannot download bigger files anyway.
MIN_TEXT_CHARS = 100
MAX_TEXT_CHARS = 50_000
# A resume DOCX is a few hundred KB of XML plus images; these caps refuse zip bombs before
# anything is decompressed (the central directory states every entry's size).
MAX_DOCX_ENTRIES = 1_000
MAX_DOCX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_DOCX_XML_BYTES = 8 * 1024 * 1024  # one XML part; a 3-page resume's document.xml is ~200 KB
MAX_COMPRESSION_RATIO = 100  # for parts over 1 MB; ordinary XML compresses 5-20 times
READ_TIME_LIMIT_S = 10.0
READ_MEMORY_LIMIT_BYTES = 512 * 1024 * 1024  # address space of the worker; a resume needs <60 MB
MAX_PARALLEL_READS = 2  # worker processes at once; more uploads wait their turn

_NOT_TEXT_MESSAGE = N_("This does not look like a text file. Supported: PDF, DOCX, TXT or MD.")
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
            "or paste the text. Supported: PDF, DOCX, TXT or MD.",
            "unsupported_type",
        )
    if claimed in ("pdf", "docx"):
        return UnreadableDocument(
            "This file is named like a {kind} but cannot be opened as one; it "
            "may be damaged. Please export it again or paste the text.",
            "corrupt",
            kind=claimed.upper(),
        )
    if claimed in _TEXT_EXTENSIONS or claimed == "txt":
        return UnreadableDocument(_NOT_TEXT_MESSAGE, "unsupported_type")
    return UnreadableDocument(
        "I can't read this file type. Please send a PDF, DOCX, TXT or MD file, or paste the text.",
        "unsupported_type",
    )


def extract_resume_text(filename: str, data: bytes, mime_type: str | None = None) -> str:
    """Return normalised resume text, or raise `UnreadableDocument` with a reason."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise UnreadableDocument(
            "The file is too large (max {megabytes} MB). "
            "Please send a smaller file or paste the text.",
            "too_large",
            megabytes=MAX_UPLOAD_BYTES // (1024 * 1024),
        )
    if not data:
        raise UnreadableDocument("The file is empty.", "empty")
    kind = detect_kind(filename, data)
    if kind is None:
        raise _reject_undetected(filename, data, mime_type)
    if kind == "pdf":
        raw = pdf_text(data, max_chars=2 * MAX_TEXT_CHARS)
    elif kind == "docx":
        _check_docx_archive(data)
        raw = docx_text(data, max_chars=2 * MAX_TEXT_CHARS)
    else:
        raw = decode_text_bytes(data)
    return check_text(normalize_text(raw))


_TOO_COMPLEX_MESSAGE = N_(
    "I did not read this file: it is far larger or more complex inside than a resume. Please "
    "export it again as a simple PDF or DOCX, or paste the text."
)


def _check_docx_archive(data: bytes) -> None:
    """Refuse archives that would unpack to far more than a resume, before unpacking."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = archive.infolist()
    unpacked = sum(e.file_size for e in entries)
    bomb = any(
        e.file_size > 1024 * 1024 and e.file_size > MAX_COMPRESSION_RATIO * max(1, e.compress_size)
        for e in entries
    )
    xml_too_big = any(
        e.filename.endswith((".xml", ".rels")) and e.file_size > MAX_DOCX_XML_BYTES for e in entries
    )
    if len(entries) > MAX_DOCX_ENTRIES or unpacked > MAX_DOCX_UNPACKED_BYTES or bomb or xml_too_big:
        raise UnreadableDocument(_TOO_COMPLEX_MESSAGE, "too_complex")


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
            "This resume is very short (under {minimum} characters). Please send the full resume.",
            "too_short",
            minimum=MIN_TEXT_CHARS,
        )
    if len(text) > MAX_TEXT_CHARS:
        raise UnreadableDocument(
            "This document is too long ({length} characters; max {maximum}). "
            "Please send just the resume.",
            "too_long",
            length=len(text),
            maximum=MAX_TEXT_CHARS,
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
        raise UnreadableDocument(_NOT_TEXT_MESSAGE, "unsupported_type")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _loop_slots() -> asyncio.Semaphore:
    """One semaphore per event loop (asyncio primitives are bound to the loop they run on)."""
    loop = asyncio.get_running_loop()
    slots = _SLOTS.get(loop)
    if slots is None:
        slots = _SLOTS[loop] = asyncio.Semaphore(MAX_PARALLEL_READS)
    return slots


_SLOTS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
    weakref.WeakKeyDictionary()
)
_PROJECT_ROOT = str(Path(__file__).resolve().parents[2])


async def extract_resume_text_isolated(
    filename: str,
    data: bytes,
    mime_type: str | None = None,
    *,
    time_limit_s: float = READ_TIME_LIMIT_S,
    memory_limit_bytes: int = READ_MEMORY_LIMIT_BYTES,
) -> str:
    """`extract_resume_text` in a fresh worker process that is killed past `time_limit_s`
    and cannot grow beyond `memory_limit_bytes`; same result, same `UnreadableDocument`.

    Why a process: the parsers run native code (PDFium, libxml2) that can spin or allocate
    without returning to Python, so a thread could be neither stopped nor capped; a process
    can be killed and given its own RLIMIT_AS. Why `asyncio.create_subprocess_exec(python -m
    bot.documents.reading)` rather than `multiprocessing`: the loop awaits it natively (no
    blocking join, no helper thread); "fork" would copy the running bot (its threads,
    sockets and database pool); "spawn" re-imports the parent's `__main__` (the bot's entry
    point, or pytest) in every child; "forkserver" keeps a resident process with its own
    lifecycle. A fresh interpreter per file costs ~0.25 s (docs/benchmarks.md, section 11),
    and uploads are rare. The worker gets a minimal environment (no tokens, no database
    URL) and sets its own RLIMIT_AS and RLIMIT_CPU, so it ends even if the bot dies. At most
    `MAX_PARALLEL_READS` workers run at once; waiting for a slot does not count against
    the time limit.
    """
    if len(data) > MAX_UPLOAD_BYTES or not data:
        return extract_resume_text(filename, data, mime_type)  # raises at once, no worker
    header = json.dumps({"filename": filename, "mime_type": mime_type}).encode() + b"\n"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": _PROJECT_ROOT,
        "PYTHONIOENCODING": "utf-8",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    async with _loop_slots():
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.documents.reading",
            str(time_limit_s),
            str(memory_limit_bytes),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=env,
        )
        try:
            out, err = await asyncio.wait_for(process.communicate(header + data), time_limit_s)
        except TimeoutError:
            logger.warning("resume reading timed out after %.1fs (%s)", time_limit_s, filename)
            raise UnreadableDocument(_TOO_COMPLEX_MESSAGE, "too_complex") from None
        finally:
            if process.returncode is None:
                process.kill()
                with contextlib.suppress(ProcessLookupError):
                    await process.wait()
    try:
        result = json.loads(out)
    except ValueError:
        logger.warning(
            "resume reading worker died (exit %s): %s", process.returncode, err[-2000:].decode()
        )
        raise UnreadableDocument(_TOO_COMPLEX_MESSAGE, "too_complex") from None
    if "text" in result:
        return str(result["text"])
    template, reason, values = result["template"], result["reason"], result["values"]
    raise UnreadableDocument(template, reason, **values)


def _worker_main() -> None:
    """Read one file from stdin (a JSON header line, then the bytes), answer JSON on stdout."""
    import resource

    time_limit_s, memory_limit = float(sys.argv[1]), int(sys.argv[2])
    cpu = math.ceil(time_limit_s) + 1
    with contextlib.suppress(ValueError, OSError):  # Linux enforces both; others may refuse
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    header = json.loads(sys.stdin.buffer.readline())
    data = sys.stdin.buffer.read()
    result: dict[str, object]
    try:
        result = {"text": extract_resume_text(header["filename"], data, header["mime_type"])}
    except UnreadableDocument as exc:
        # The sentence crosses as msgid and values, so the bot can say it in any language.
        result = {"reason": exc.reason, "template": exc.template, "values": exc.values}
    except MemoryError:
        result = {"reason": "too_complex", "template": _TOO_COMPLEX_MESSAGE, "values": {}}
    sys.stdout.buffer.write(json.dumps(result).encode())
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    _worker_main()
