"""Benchmark 12: rendering the files an employer receives.

A two-page resume and a one-page letter, rendered as PDF and DOCX by the structured
templates (`bot.documents.files.render_file`) and, as the baseline from the same run, by
the Markdown renderers they replaced (`markdown_to_pdf`, `markdown_to_docx`). The goal of
issue 13: a two-page resume PDF + DOCX in under 1 s on this machine.

    uv run python -m bench.bench_documents            # 20 rounds
    uv run python -m bench.bench_documents --rounds 5
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from bench.common import header, table
from bot.documents.export import markdown_to_docx, markdown_to_pdf
from bot.documents.files import DocumentContext, render_file

_PAIR = Path(__file__).parent.parent / "tests" / "fixtures" / "pairs" / "01_software_backend"


def _two_page_resume() -> str:
    base = (_PAIR / "resume.md").read_text()
    extra = "\n".join(
        f"- Delivered integration project {i} for a logistics client, cutting manual work by {i}%"
        for i in range(1, 45)
    )
    return base.replace("## Education", f"{extra}\n\n## Education")


def _median_ms(fn: Callable[[], object], rounds: int) -> float:
    fn()  # warm caches (fonts, lexicons)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="5 rounds")
    args = parser.parse_args()
    if args.quick:
        args.rounds = 5
    header("12. Rendering resume and letter files", "python -m bench.bench_documents")
    resume = _two_page_resume()
    letter = (
        "Dear Acme hiring team,\n\n" + "I built order-routing services in Python. " * 30 + "\n\n"
        "Kind regards,\nLena Hoffmann\n"
    )
    ctx = DocumentContext(
        resume, "Acme Corp", "Backend Engineer", "Berlin", "en", None, date.today()
    )
    pages = len(
        PdfReader(io.BytesIO(render_file("optimized_resume", resume, ctx, "pdf").data)).pages
    )
    rows = []
    for label, kind, text in (
        ("resume", "optimized_resume", resume),
        ("letter", "cover_letter", letter),
    ):

        def before(text: str = text) -> object:
            return markdown_to_pdf(text, "t"), markdown_to_docx(text, "t")

        def after(kind: str = kind, text: str = text) -> object:
            return render_file(kind, text, ctx, "pdf"), render_file(kind, text, ctx, "docx")

        old, new = _median_ms(before, args.rounds), _median_ms(after, args.rounds)
        rows.append((f"{label} PDF + DOCX", round(old, 1), round(new, 1), round(new / old, 2)))
    print(f"resume pages: {pages}\n")
    print(table(["document", "Markdown renderer ms (baseline)", "templates ms", "ratio"], rows))


if __name__ == "__main__":
    main()
