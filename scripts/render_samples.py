"""Render the first page of a tailored resume and cover letter as PNG into docs/samples/,
so a reader can see what an employer receives. Offline engine, a hand-written pair from
tests/fixtures/pairs, the same `render_file` the bot uses.

    uv run python scripts/render_samples.py [pair]     # default: 08_nursing
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pypdfium2

from bot.documents.files import DocumentContext, render_file
from bot.generation.engine import GenerationInput
from bot.generation.offline import render
from bot.generation.posting import analyze_posting

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "samples"


def main() -> None:
    pair = (
        ROOT / "tests" / "fixtures" / "pairs" / (sys.argv[1] if len(sys.argv) > 1 else "08_nursing")
    )
    resume, posting = (pair / "resume.md").read_text(), (pair / "posting.txt").read_text()
    analysis = analyze_posting(posting)
    inp = GenerationInput(posting=posting, resume=resume, company="", role="")
    ctx = DocumentContext(
        resume=resume,
        company=analysis.company,
        role=analysis.role,
        location=analysis.location,
        language="en",
        timezone=None,
        today=date(2026, 11, 30),
    )
    OUT.mkdir(parents=True, exist_ok=True)
    for kind in ("optimized_resume", "cover_letter"):
        pdf = render_file(kind, render(kind, inp), ctx, "pdf")
        page = pypdfium2.PdfDocument(pdf.data)[0]
        image = page.render(scale=1.4).to_pil()
        target = OUT / f"{kind}.png"
        image.save(target, optimize=True)
        print(f"{target.relative_to(ROOT)}  ({pdf.filename})")


if __name__ == "__main__":
    main()
