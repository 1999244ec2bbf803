"""What a user pastes as a resume: clear answers for the wrong thing, nothing stored."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.services.problems import InputProblem
from bot.services.resumes import ResumeService, looks_like_posting

PAIRS = Path(__file__).resolve().parents[1] / "fixtures" / "pairs"


@pytest.mark.parametrize("pair", sorted(p.name for p in PAIRS.iterdir() if p.is_dir()))
def test_postings_and_resumes_are_told_apart(pair: str) -> None:
    posting = (PAIRS / pair / "posting.txt").read_text()
    resume = (PAIRS / pair / "resume.md").read_text()
    assert not looks_like_posting(resume)
    assert looks_like_posting(posting) or "Responsibilities" not in posting


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "invalid"),
        ("   \n  ", "invalid"),
        ("I am a nurse.", "too_short"),
        ("x\x00y" * 60, "invalid"),
        ("word " * 12_000, "too_long"),
        (
            "Senior Engineer at Acme. Responsibilities: build APIs and more things. "
            "Requirements: Python, SQL. We offer a good salary and remote work options.",
            "posting_not_resume",
        ),
    ],
)
async def test_bad_resume_input_is_refused_and_nothing_stored(
    db: Any, make_user: Any, text: str, code: str
) -> None:
    user = await make_user()
    service = ResumeService(db)
    with pytest.raises(InputProblem) as refused:
        await service.add_text(user, text)
    assert refused.value.code == code
    assert refused.value.message
    assert await service.list(user) == []
