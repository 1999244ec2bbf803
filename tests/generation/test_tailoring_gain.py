"""Tailoring on the hand-labelled pairs of eight fields: what the resume shows in other words
is restated in the posting's words (with its proof line), so the match rises and never falls."""

from __future__ import annotations

import json
from pathlib import Path

from bot.generation.checked import check, repair
from bot.generation.engine import GenerationInput
from bot.generation.evidence import Status
from bot.generation.match import compute_match
from bot.generation.offline import render

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _pairs() -> list[tuple[str, str, str]]:
    out = []
    for path in sorted((FIXTURES / "match_pairs").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        out.append(
            (
                path.stem,
                (FIXTURES / data["resume"]).read_text(encoding="utf-8"),
                (FIXTURES / data["posting"]).read_text(encoding="utf-8"),
            )
        )
    return out


def test_tailoring_restates_evidence_in_the_postings_words() -> None:
    gains: list[int] = []
    keyword_gains: list[int] = []
    for name, resume, posting in _pairs():
        inp = GenerationInput(posting=posting, resume=resume)
        text = render("optimized_resume", inp)
        text = repair("optimized_resume", inp, text, check("optimized_resume", inp, text))
        before, after = compute_match(resume, posting), compute_match(text, posting)
        assert after.score >= before.score, name
        evidenced = [e for e in before.evidence if e.status == Status.EVIDENCED]
        still = [e for e in after.evidence if e.status == Status.EVIDENCED]
        assert len(still) <= len(evidenced), name
        # Nothing the resume lacks (or shows below the level asked) is met by the rewrite.
        lacking = {e.requirement.name for e in before.evidence if e.status == Status.MISSING}
        assert not lacking & set(after.matched), (name, lacking & set(after.matched))
        if evidenced:
            gains.append(after.score - before.score)
            screened = [compute_match(t, posting, words_only=True).score for t in (resume, text)]
            keyword_gains.append(screened[1] - screened[0])
    assert len(gains) >= 10
    # Honest restating earns the rest of each such requirement's weight (other words already
    # count 60 %); measured 3.5 on these pairs (docs/benchmarks.md §10d): a drop below 3
    # means evidence went unused.
    assert sum(gains) / len(gains) >= 3.0
    # A keyword screen credits only the posting's terms: measured +8.3 (the issue's +8 goal
    # holds on the score an ATS gives, not on the recruiter's, which credits other words).
    assert sum(keyword_gains) / len(keyword_gains) >= 8.0
