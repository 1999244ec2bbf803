"""Match rate v2: computed from the evidence map, the way a recruiter reads a checklist.

Essentials weigh three times desirables; soft skills half a hard requirement; evidence in
other words counts 60% (a keyword screen misses it and a recruiter must make the connection; tailoring that uses the posting's word earns the rest); years, degrees and languages
are judged as such. No frequency keywords: words such as "vacation" or "learning" can never
move the score. The job title adds 15%.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from bot.generation.evidence import Evidence, Fact, Status, evidence_map
from bot.generation.fit import fit_of
from bot.generation.lexicon import find_titles, title_core
from bot.generation.posting import UNKNOWN_ROLE, PostingAnalysis, analyze_posting
from bot.generation.requirements import RequirementKind
from bot.generation.resume_profile import ResumeProfile, analyze_resume
from bot.generation.text import normalize, squash

TITLE_WEIGHT = 0.15
_ESSENTIAL = 3.0
_DESIRABLE = 1.0
_CREDIT = {
    Status.STATED: 1.0,
    Status.ALTERNATIVE_MET: 1.0,
    Status.CONFIRMED: 1.0,
    Status.EVIDENCED: 0.6,
    Status.MISSING: 0.0,
}
# What a keyword screen (an ATS searching the posting's terms) gives: other words earn nothing.
_WORDS_ONLY_CREDIT = {**_CREDIT, Status.EVIDENCED: 0.0}


@dataclass(frozen=True)
class MatchReport:
    score: int
    components: dict[str, float]
    matched: list[str]
    missing: list[str]
    missing_hard_skills: list[str] = field(default_factory=list)
    explanation: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def checks(self) -> list[str]:
        """Pre-employment checks the resume does not show (DBS, right to work): listed apart
        from the gaps, because the employer runs them after an offer."""
        return [e.requirement.name for e in self.evidence if e.requirement.is_check and not e.met]

    @property
    def missing_essentials(self) -> list[str]:
        return [
            e.requirement.name
            for e in self.evidence
            if e.requirement.essential and not e.met and not e.requirement.is_check
        ]


def _weight(e: Evidence) -> float:
    if e.requirement.is_check and not e.met:
        return 0.0  # the employer runs the check after an offer: no resume shows it beforehand
    w = _ESSENTIAL if e.requirement.essential else _DESIRABLE
    return w * (0.5 if e.requirement.kind == RequirementKind.SOFT else 1.0)


@lru_cache(maxsize=32)
def _resume_titles(resume: str) -> tuple[tuple[str, ...], str]:
    """The resume's job titles and its text in title words, kept like the profile."""
    titles = tuple(title_core(t[2]) for t in find_titles(resume))
    return titles, squash(" ".join(title_core(line) for line in resume.split("\n")))


def _title_score(resume: str, role: str) -> float:
    """1.0 when the resume names the same kind of job; partial credit for shared title words."""
    if role == UNKNOWN_ROLE:
        return 1.0
    core = title_core(role)
    if not core:
        return 1.0
    resume_titles, normalized_resume = _resume_titles(resume)
    if any(f" {core} " in f" {t} " for t in resume_titles):
        return 1.0
    if f" {core} " in normalized_resume:
        return 0.9
    core_tokens = core.split()
    present = sum(1 for tok in core_tokens if f" {tok} " in normalized_resume)
    return round(0.8 * present / len(core_tokens), 4)


def _quote(line: str | None, limit: int = 48) -> str:
    if not line:
        return ""
    line = line.strip()
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def explain(evidence: list[Evidence]) -> list[str]:
    """Two or three lines for the card: essentials shown, other words, true gaps."""
    essentials = [e for e in evidence if e.requirement.essential]
    out: list[str] = []
    if essentials:
        met = sum(1 for e in essentials if e.met)
        out.append(f"{met} of {len(essentials)} essentials shown")
    if fit_of(evidence).weak:
        out.append(
            "⚠️ A weak fit: the letter will name the gaps and speak of transferable experience "
            "(check your gaps first)"
        )
    other = [e for e in evidence if e.status == Status.EVIDENCED]
    if other:
        shown = ", ".join(f"{e.requirement.name} ← “{_quote(e.evidence, 40)}”" for e in other[:2])
        more = f" (+{len(other) - 2} more)" if len(other) > 2 else ""
        out.append(f"{len(other)} in other words: {shown}{more}")
    gaps = [e for e in evidence if not e.met and not e.requirement.is_check]
    missing = [e.requirement.name for e in gaps if e.requirement.essential]
    missing_nice = [e.requirement.name for e in gaps if not e.requirement.essential]
    checks = [e.requirement.name for e in evidence if not e.met and e.requirement.is_check]
    if missing or missing_nice or checks:
        parts = []
        if missing:
            parts.append("missing: " + ", ".join(missing[:6]))
        if missing_nice:
            parts.append("nice to have: " + ", ".join(missing_nice[:4]))
        if checks:
            parts.append("checked at offer: " + ", ".join(checks[:3]))
        out.append(" · ".join(parts))
    return out


@lru_cache(maxsize=32)
def _profile(resume: str) -> ResumeProfile:
    """The typed resume, kept for the next match: one resume meets many postings (the card,
    digests, search). Read-only here, so sharing one instance is safe."""
    return analyze_resume(resume)


def compute_match(
    resume: str | ResumeProfile,
    posting: str | PostingAnalysis,
    facts: Iterable[Fact] = (),
    *,
    today: date | None = None,
    words_only: bool = False,
) -> MatchReport:
    """Deterministic score from the evidence map (see module docstring). `words_only`: the
    score a keyword screen gives, where only the posting's own terms count: what tailoring
    that restates evidence in those terms raises."""
    credit = _WORDS_ONLY_CREDIT if words_only else _CREDIT
    analysis = posting if isinstance(posting, PostingAnalysis) else analyze_posting(posting)
    profile = resume if isinstance(resume, ResumeProfile) else _profile(resume)
    evidence = evidence_map(analysis.requirements, profile, facts, today=today)
    total = sum(_weight(e) for e in evidence)
    got = sum(_weight(e) * credit[e.status] for e in evidence)
    req_score = 1.0 if total == 0 else got / total
    title = _title_score(normalize("\n".join(profile.lines)), analysis.role)
    raw = (1 - TITLE_WEIGHT) * req_score + TITLE_WEIGHT * title
    missing = [e for e in evidence if not e.met and not e.requirement.is_check]
    missing.sort(key=lambda e: (not e.requirement.essential, evidence.index(e)))
    return MatchReport(
        score=max(0, min(100, round(raw * 100))),
        components={"requirements": round(req_score, 4), "title": title},
        matched=[e.requirement.name for e in evidence if e.met],
        missing=[e.requirement.name for e in missing],
        missing_hard_skills=[
            e.requirement.name for e in missing if e.requirement.kind == RequirementKind.SKILL
        ],
        explanation=explain(evidence),
        evidence=evidence,
    )
