"""Match rate between a resume and a posting, in the spirit of Jobscan's score.

Hard skills dominate because they are what screeners filter on; keywords stay under 20% so
stuffing generic words cannot buy a high score. Education only counts when asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.generation.lexicon import (
    canonicals,
    find_hard_skills,
    find_soft_skills,
    find_titles,
    highest_degree_rank,
    title_core,
)
from bot.generation.posting import UNKNOWN_ROLE, PostingAnalysis, analyze_posting
from bot.generation.text import content_tokens, normalize, squash

WEIGHTS: dict[str, float] = {
    "hard_skills": 0.50,
    "title": 0.15,
    "education": 0.10,
    "soft_skills": 0.10,
    "keywords": 0.15,
}
_MUST_WEIGHT = 1.0
_OTHER_WEIGHT = 0.75
_NICE_WEIGHT = 0.5


@dataclass(frozen=True)
class MatchReport:
    score: int
    components: dict[str, float]
    matched: list[str]
    missing: list[str]
    missing_hard_skills: list[str] = field(default_factory=list)


def _skill_weight(skill: str, posting: PostingAnalysis) -> float:
    if skill in posting.must_have_skills:
        return _MUST_WEIGHT
    if skill in posting.nice_to_have_skills:
        return _NICE_WEIGHT
    return _OTHER_WEIGHT


def _title_score(resume: str, role: str) -> float:
    """1.0 when the resume names the same kind of job; partial credit for shared title words."""
    if role == UNKNOWN_ROLE:
        return 1.0
    core = title_core(role)
    if not core:
        return 1.0
    resume_titles = [title_core(t[2]) for t in find_titles(resume)]
    if any(f" {core} " in f" {t} " for t in resume_titles):
        return 1.0
    normalized_resume = squash(" ".join(title_core(line) for line in resume.split("\n")))
    if f" {core} " in normalized_resume:
        return 0.9
    core_tokens = core.split()
    present = sum(1 for tok in core_tokens if f" {tok} " in normalized_resume)
    return round(0.8 * present / len(core_tokens), 4)


def _fraction(found: list[str], wanted: list[str]) -> float:
    return 1.0 if not wanted else len(found) / len(wanted)


def compute_match(resume: str, posting: str | PostingAnalysis) -> MatchReport:
    """Deterministic match score; synonyms count because both sides map to canonical names."""
    analysis = posting if isinstance(posting, PostingAnalysis) else analyze_posting(posting)
    text = normalize(resume)
    resume_hard = set(canonicals(find_hard_skills(text)))
    resume_soft = set(canonicals(find_soft_skills(text)))
    resume_tokens = set(content_tokens(text, drop_generic=False))

    hard = analysis.hard_skills
    weights = {s: _skill_weight(s, analysis) for s in hard}
    total = sum(weights.values())
    got = sum(w for s, w in weights.items() if s in resume_hard)
    hard_score = 1.0 if total == 0 else got / total
    matched_hard = [s for s in hard if s in resume_hard]
    missing_hard = sorted(
        (s for s in hard if s not in resume_hard), key=lambda s: (-weights[s], hard.index(s))
    )

    soft_found = [s for s in analysis.soft_skills if s in resume_soft]
    soft_missing = [s for s in analysis.soft_skills if s not in resume_soft]

    def keyword_found(keyword: str) -> bool:
        return all(tok in resume_tokens for tok in content_tokens(keyword, drop_generic=False))

    kw_found = [k for k in analysis.keywords if keyword_found(k)]
    kw_missing = [k for k in analysis.keywords if not keyword_found(k)]

    components: dict[str, float] = {
        "hard_skills": round(hard_score, 4),
        "title": _title_score(text, analysis.role),
        "soft_skills": round(_fraction(soft_found, analysis.soft_skills), 4),
        "keywords": round(_fraction(kw_found, analysis.keywords), 4),
    }
    if analysis.education_rank > 0:
        components["education"] = (
            1.0 if highest_degree_rank(text) >= analysis.education_rank else 0.0
        )

    weight_sum = sum(WEIGHTS[k] for k in components)
    raw = sum(WEIGHTS[k] * v for k, v in components.items()) / weight_sum
    return MatchReport(
        score=max(0, min(100, round(raw * 100))),
        components=components,
        matched=matched_hard + soft_found + kw_found,
        missing=missing_hard + soft_missing + kw_missing,
        missing_hard_skills=missing_hard,
    )
