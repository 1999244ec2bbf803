"""No upload may stall the bot: hostile files get a clear answer within the time limit while
the event loop keeps serving (issue 11). The hostile files are generated here."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable

import pytest

from bot.documents.reading import (
    MAX_DOCX_XML_BYTES,
    UnreadableDocument,
    extract_resume_text,
    extract_resume_text_isolated,
)
from tests.documents.conftest import (
    NURSE,
    hostile_docx,
    resume_docx,
    resume_pdf,
    shared_stream_pdf,
)

TICK_S = 0.05


async def _refused_while_ticking(
    reading: Awaitable[str],
) -> tuple[UnreadableDocument, float, float]:
    """Await a read that must fail while a task ticks every 50 ms; returns the error, the
    time it took and the worst lateness of a tick."""
    loop = asyncio.get_running_loop()
    late: list[float] = []
    done = asyncio.Event()

    async def ticker() -> None:
        last = loop.time()
        while not done.is_set():
            await asyncio.sleep(TICK_S)
            now = loop.time()
            late.append(now - last - TICK_S)
            last = now

    task = asyncio.create_task(ticker())
    started = time.monotonic()
    try:
        with pytest.raises(UnreadableDocument) as info:
            await reading
    finally:
        done.set()
        await task
    return info.value, time.monotonic() - started, max(late, default=0.0)


async def test_million_paragraph_docx_is_refused_without_stalling() -> None:
    data = hostile_docx()
    assert len(data) < 300_000
    error, took, worst = await _refused_while_ticking(
        extract_resume_text_isolated("cv.docx", data, time_limit_s=10)
    )
    assert error.reason == "too_complex" and "did not read this file" in error.user_message
    assert took < 10 and worst < 1.0


async def test_fifty_pages_sharing_one_content_stream_are_refused_without_stalling() -> None:
    data = shared_stream_pdf(pages=50)
    assert len(data) < 50_000
    error, took, worst = await _refused_while_ticking(
        extract_resume_text_isolated("cv.pdf", data, time_limit_s=10)
    )
    assert error.reason == "too_long" and "50 pages" in error.user_message
    assert took < 10 and worst < 1.0


async def test_slow_file_is_killed_at_the_time_limit() -> None:
    """Twenty pages of 100,000 path operations each: within the page cap, ~11 s to parse."""
    data = shared_stream_pdf(pages=20, operators=100_000, text=False)
    error, took, worst = await _refused_while_ticking(
        extract_resume_text_isolated("cv.pdf", data, time_limit_s=1.5)
    )
    assert error.reason == "too_complex" and "did not read this file" in error.user_message
    assert took < 4 and worst < 1.0


async def test_memory_cap_ends_the_worker_with_a_clear_error() -> None:
    data = shared_stream_pdf(pages=2)  # over a million characters of text on a page
    error, _, worst = await _refused_while_ticking(
        extract_resume_text_isolated("cv.pdf", data, memory_limit_bytes=200 * 1024 * 1024)
    )
    assert error.reason == "too_complex" and worst < 1.0


async def test_isolated_read_equals_the_in_process_read() -> None:
    for filename, data in (("cv.pdf", resume_pdf(NURSE)), ("cv.docx", resume_docx(NURSE))):
        assert await extract_resume_text_isolated(filename, data) == extract_resume_text(
            filename, data
        )


async def test_errors_cross_the_process_boundary_unchanged() -> None:
    with pytest.raises(UnreadableDocument) as info:
        await extract_resume_text_isolated("cv.pdf", b"%PDF-1.4 garbage garbage")
    assert info.value.reason == "corrupt" and "damaged" in info.value.user_message
    with pytest.raises(UnreadableDocument) as info:
        await extract_resume_text_isolated("cv.txt", b"")
    assert info.value.reason == "empty"


async def test_concurrent_uploads_all_answer() -> None:
    data = resume_pdf(NURSE)
    texts = await asyncio.gather(*(extract_resume_text_isolated("cv.pdf", data) for _ in range(4)))
    assert len(set(texts)) == 1 and NURSE.name in texts[0]


def test_docx_caps_refuse_before_unpacking() -> None:
    """The million-paragraph file is refused from the zip directory alone."""
    with pytest.raises(UnreadableDocument) as info:
        extract_resume_text("cv.docx", hostile_docx())
    assert info.value.reason == "too_complex"
    assert MAX_DOCX_XML_BYTES < 35 * 1_000_000  # the hostile document.xml is ~35 MB


def test_pdf_text_cap_stops_reading_early() -> None:
    """Over a million characters per page: reading stops at the text cap, not the end."""
    started = time.monotonic()
    with pytest.raises(UnreadableDocument) as info:
        extract_resume_text("cv.pdf", shared_stream_pdf(pages=3))
    assert info.value.reason == "too_long"
    assert time.monotonic() - started < 5
