"""Benchmark 11: reading uploaded resumes — extractor fidelity and speed, and whether a
hostile file can stall the event loop.

a. PDF extractors on resumes built like CV-builder output (tests/documents/conftest.py:
   three fields, multi-column contact header, right-aligned dates, wrapped and hyphenated
   bullets, bold figures, a two-column skills block, page footers, 2 pages, drawn row by row
   and column by column, plus an A4 variant): pypdf (plain, the reader before this change,
   and layout mode), pdfplumber, pdfminer.six, PDFium's own text (pypdfium2) and the shipped
   reader (PDFium glyph positions + reading order + rejoined lines). Each text goes through
   `analyze_resume`; a role counts when title, employer, place and both dates are right, a
   bullet when it is exactly right under the right role. PyMuPDF is not measured: AGPL.
b. DOCX: python-docx paragraphs (the reader before this change) vs the lxml reader.
c. A 50 ms asyncio ticker while hostile files are read: alone (baseline), in the worker
   process (shipped), and on the event loop (before this change); p99 lateness as a ratio of
   the baseline from the same run.

    uv run python -m bench.bench_reading --quick   # 3 timing rounds
    uv run python -m bench.bench_reading           # 10 timing rounds
"""

from __future__ import annotations

import argparse
import asyncio
import io
import resource
import statistics
import time
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import docx
import pdfplumber
import pypdfium2
from pdfminer.high_level import extract_text as pdfminer_text
from pypdf import PdfReader

from bench.common import header, percentile, table
from bot.documents.reading import (
    READ_TIME_LIMIT_S,
    UnreadableDocument,
    check_text,
    extract_resume_text,
    extract_resume_text_isolated,
)
from bot.documents.reading_docx import docx_text
from bot.documents.reading_pdf import pdf_text
from bot.documents.text_cleanup import normalize_text
from bot.generation.resume_profile import analyze_resume
from bot.generation.text import normalize
from tests.documents.conftest import (
    RESUMES,
    SpecResume,
    hostile_docx,
    plain,
    resume_docx,
    resume_pdf,
    shared_stream_pdf,
    spec_numbers,
)

warnings.filterwarnings("ignore")


def pypdf_plain(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def pypdf_layout(data: bytes) -> str:
    pages = PdfReader(io.BytesIO(data)).pages
    return "\n".join(page.extract_text(extraction_mode="layout") or "" for page in pages)


def plumber(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def pdfminer(data: bytes) -> str:
    return pdfminer_text(io.BytesIO(data))


def pdfium_text(data: bytes) -> str:
    document = pypdfium2.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def python_docx_before(data: bytes) -> str:
    """The DOCX reader before this change: python-docx paragraphs and tables, "List*"
    styles as bullets, the page header first."""
    document = docx.Document(io.BytesIO(data))

    def paragraph(p: Any) -> str:
        text = p.text.strip()
        style = (p.style.name or "") if p.style is not None else ""
        ppr = p._p.pPr
        if text and ((ppr is not None and ppr.numPr is not None) or style.startswith("List")):
            return f"- {text}"
        return text

    def blocks(items: Any) -> Iterator[str]:
        for block in items:
            if isinstance(block, docx.table.Table):
                for row in block.rows:
                    cells = ["\n".join(blocks(c.iter_inner_content())) for c in row.cells]
                    yield " | ".join(c for c in cells if c)
            else:
                yield paragraph(block)

    head = [line for s in document.sections for line in blocks(s.header.iter_inner_content())]
    return "\n".join([*head, "", *blocks(document.iter_inner_content())])


PDF_READERS: dict[str, Callable[[bytes], str]] = {
    "pypdf plain (before)": pypdf_plain,
    "pypdf layout mode": pypdf_layout,
    "pdfplumber": plumber,
    "pdfminer.six": pdfminer,
    "pypdfium2 text": pdfium_text,
    "PDFium glyphs + layout (shipped)": pdf_text,
}
DOCX_READERS: dict[str, Callable[[bytes], str]] = {
    "python-docx (before)": python_docx_before,
    "lxml reader (shipped)": docx_text,
}


def pdf_cases() -> list[tuple[SpecResume, bytes]]:
    cases = []
    for spec in RESUMES:
        cases.append((spec, resume_pdf(spec)))
        cases.append((spec, resume_pdf(spec, rowwise=False)))
        cases.append((spec, resume_pdf(spec, page_format="A4", footer=False)))
    return cases


def fidelity(spec: SpecResume, raw: str) -> dict[str, int]:
    """What of the spec survives into the typed resume."""
    text = normalize_text(raw)
    profile = analyze_resume(text)
    got = {(r.title, r.employer, r.place, r.start, r.end): r.bullets for r in profile.roles}
    by_title = {r.title: " ".join(r.bullets) for r in reversed(profile.roles)}
    roles = bullets = in_role = in_role_total = 0
    for role in spec.roles:
        key = (role.title, role.employer, role.place, role.start, role.end)
        roles += key in got
        bullets += sum(normalize(plain(b)) in got.get(key, []) for b in role.bullets)
        figures = [n for b in role.bullets for n in _figures(b)]
        in_role_total += len(figures)
        in_role += sum(normalize(n) in by_title.get(role.title, "") for n in figures)
    evidence = " ".join(profile.evidence_lines())
    return {
        "roles": roles,
        "roles_total": len(spec.roles),
        "bullets": bullets,
        "bullets_total": sum(len(r.bullets) for r in spec.roles),
        "figures": in_role,
        "figures_total": in_role_total,
        "numbers": sum(normalize(n) in evidence for n in spec_numbers(spec)),
        "numbers_total": len(spec_numbers(spec)),
        "columns": sum(plain(c) in text for c in spec.skills),
        "columns_total": len(spec.skills),
    }


def _figures(bullet: str) -> list[str]:
    """A bullet's figures with the words around them ("by 18% across"): a figure counts as
    kept only where it was, not when it drifted into another line."""
    words = plain(bullet).split()
    return [
        " ".join(words[max(0, i - 1) : i + 2])
        for i, word in enumerate(words)
        if any(ch.isdigit() for ch in word)
    ]


def compare(
    readers: dict[str, Callable[[bytes], str]], cases: list[tuple[SpecResume, bytes]], rounds: int
) -> list[list[Any]]:
    rows: list[list[Any]] = []
    baseline_ms = None
    for name, reader in readers.items():
        totals: dict[str, int] = {}
        for spec, data in cases:
            for key, value in fidelity(spec, reader(data)).items():
                totals[key] = totals.get(key, 0) + value
        times = []
        for _ in range(rounds):
            for _, data in cases:
                started = time.perf_counter()
                reader(data)
                times.append(time.perf_counter() - started)
        ms = statistics.median(times) * 1000
        baseline_ms = baseline_ms or ms

        def share(key: str, totals: dict[str, int] = totals) -> str:
            return f"{totals[key]}/{totals[key + '_total']}"

        rows.append(
            [
                name,
                share("roles"),
                share("bullets"),
                share("figures"),
                share("numbers"),
                share("columns"),
                ms,
                f"{ms / baseline_ms:.2f}×",
            ]
        )
    return rows


async def ticker_lateness(work: Callable[[], Any] | None, seconds: float = 2.0) -> list[float]:
    """Lateness of a 50 ms ticker while `work` (sync or async) runs, or for `seconds` idle."""
    loop = asyncio.get_running_loop()
    late: list[float] = []
    done = asyncio.Event()

    async def tick() -> None:
        last = loop.time()
        while not done.is_set():
            await asyncio.sleep(0.05)
            now = loop.time()
            late.append(now - last - 0.05)
            last = now

    task = asyncio.create_task(tick())
    await asyncio.sleep(0.2)
    try:
        if work is None:
            await asyncio.sleep(seconds)
        else:
            result = work()
            if asyncio.iscoroutine(result):
                await result
    except UnreadableDocument:
        pass
    finally:
        await asyncio.sleep(0.2)
        done.set()
        await task
    return late


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


async def event_loop_section(quick: bool) -> None:
    slow_pdf = shared_stream_pdf(pages=20, operators=100_000, text=False)
    hostile = {
        "DOCX, 10^6 paragraphs (100 KB)": ("cv.docx", hostile_docx()),
        "PDF, 50 pages share 1 stream (33 KB)": ("cv.pdf", shared_stream_pdf(pages=50)),
        "PDF, 20 pages × 10^5 path ops (16 KB)": ("cv.pdf", slow_pdf),
    }
    idle = await ticker_lateness(None, 1.0 if quick else 3.0)
    base = percentile([x * 1000 for x in idle], 99)
    rows: list[list[Any]] = [["nothing (baseline)", "—", "—", base, max(idle) * 1000, "1.0×"]]
    for label, (name, data) in hostile.items():
        outcome: list[str] = []

        async def isolated(
            name: str = name, data: bytes = data, outcome: list[str] = outcome
        ) -> None:
            try:
                await extract_resume_text_isolated(name, data)
            except UnreadableDocument as exc:
                outcome.append(exc.reason)
                raise

        started = time.perf_counter()
        late = await ticker_lateness(isolated)
        took = time.perf_counter() - started - 0.4
        p99 = percentile([x * 1000 for x in late], 99)
        rows.append(
            [f"{label}, worker", outcome[0], took, p99, max(late) * 1000, f"{p99 / base:.1f}×"]
        )
    name, data = hostile["PDF, 20 pages × 10^5 path ops (16 KB)"]
    before = rss_mb()
    started = time.perf_counter()
    late = await ticker_lateness(lambda: extract_resume_text(name, data))
    took = time.perf_counter() - started - 0.4
    p99 = percentile([x * 1000 for x in late], 99)
    rows.append(
        [
            "PDF, 20 pages × 10^5 path ops, on the event loop (no worker)",
            f"no limit (+{rss_mb() - before:.0f} MB RSS in the bot)",
            took,
            p99,
            max(late) * 1000,
            f"{p99 / base:.0f}×",
        ]
    )
    print(f"time limit {READ_TIME_LIMIT_S:.0f} s; ticker every 50 ms; lateness in ms\n")
    print(table(["file, where read", "answer", "took s", "p99 ms", "max ms", "p99 vs idle"], rows))
    worker_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\npeak RSS of any worker process: {worker_peak:.0f} MB")


async def upload_latency(rounds: int) -> None:
    """What isolation costs a normal upload: a fresh interpreter per file."""
    spec = RESUMES[0]
    rows: list[list[Any]] = []
    for name, data in (("cv.pdf", resume_pdf(spec)), ("cv.docx", resume_docx(spec))):
        inline, isolated = [], []
        for _ in range(rounds):
            started = time.perf_counter()
            check_text(extract_resume_text(name, data))
            inline.append(time.perf_counter() - started)
            started = time.perf_counter()
            await extract_resume_text_isolated(name, data)
            isolated.append(time.perf_counter() - started)
        a, b = statistics.median(inline) * 1000, statistics.median(isolated) * 1000
        rows.append([name, a, b, b - a])
    print(table(["normal resume", "in process ms", "worker ms", "worker overhead ms"], rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    rounds = 3 if args.quick else 10
    header(
        "11. Reading uploaded resumes",
        f"uv run python -m bench.bench_reading{' --quick' * args.quick}",
    )
    cases = pdf_cases()
    print(f"### a. PDF extractors ({len(cases)} PDFs, 3 fields; ms = median per PDF)\n")
    columns = [
        "extractor",
        "roles",
        "bullets",
        "figures in their role",
        "numbers anywhere",
        "columns whole",
        "ms",
        "time vs pypdf",
    ]
    print(table(columns, compare(PDF_READERS, cases, rounds)))
    docx_cases = [(spec, resume_docx(spec)) for spec in RESUMES]
    print(f"\n### b. DOCX readers ({len(docx_cases)} files)\n")
    columns[-1] = "time vs python-docx"
    print(table(columns, compare(DOCX_READERS, docx_cases, rounds)))
    print("\n### c. Event loop while a hostile file is read\n")
    asyncio.run(event_loop_section(args.quick))
    print()
    asyncio.run(upload_latency(rounds))


if __name__ == "__main__":
    main()
