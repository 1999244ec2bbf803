"""What a posting and the user's feedback make relevant: the order in which resume lines
are shown ("stress leadership" first, then essentials, then other skills of the posting) and
how long a document should be ("shorter")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.generation.lexicon import find_hard_skills
from bot.generation.posting import PostingAnalysis
from bot.generation.text import content_tokens, normalize

_SHORTER_RE = re.compile(r"\b(shorter|short|concise|brief|trim|one[\s-]page|less)\b", re.I)
_LONGER_RE = re.compile(r"\b(longer|more detail|detailed|everything|keep all|expand)\b", re.I)
_STRESS_RE = re.compile(
    r"\b(?:stress|emphasi[sz]e|highlight|focus on|more about|put .* first|lead with)\s+"
    r"(?:on\s+|my\s+|the\s+)?"
    r"(?P<x>[^.,;!\n]{2,60})",
    re.I,
)


@dataclass(frozen=True)
class Relevance:
    skills: frozenset[str]
    must_skills: frozenset[str]
    tokens: frozenset[str]
    stress: str | None

    def score(self, text: str) -> float:
        hits = {h.term.canonical for h in find_hard_skills(normalize(text))}
        overlap = set(content_tokens(text)) & self.tokens
        value = 3.0 * len(hits & self.must_skills) + 2.0 * len(hits & self.skills) + len(overlap)
        if self.stress and self.mentions_stress(text):
            value += 1000.0
        return value

    def mentions_stress(self, text: str) -> bool:
        assert self.stress is not None
        if self.stress.lower() in text.lower():
            return True
        wanted = {h.term.canonical for h in find_hard_skills(self.stress)}
        if wanted & {h.term.canonical for h in find_hard_skills(normalize(text))}:
            return True
        stress_tokens = set(content_tokens(self.stress))
        return bool(stress_tokens) and stress_tokens <= set(content_tokens(text))


def relevance(analysis: PostingAnalysis, stress: str | None) -> Relevance:
    source = " ".join(analysis.must_haves + analysis.responsibilities + analysis.nice_to_haves)
    tokens = set(content_tokens(source)) | {t for k in analysis.keywords for t in content_tokens(k)}
    return Relevance(
        frozenset(analysis.hard_skills),
        frozenset(analysis.must_have_skills),
        frozenset(tokens),
        stress,
    )


def ranked(items: list[str], rel: Relevance) -> list[str]:
    """Stable sort by relevance: ties keep the resume's own order."""
    return [item for _, item in sorted(enumerate(items), key=lambda p: (-rel.score(p[1]), p[0]))]


_LANGUAGE_RE = re.compile(
    r"\b(?:in|into|auf)\s+(german|english|french|spanish|italian|dutch|deutsch|englisch"
    r"|französisch|spanisch)\b",
    re.I,
)


@dataclass(frozen=True)
class Feedback:
    shorter: bool = False
    longer: bool = False
    stress: str | None = None
    unknown: str | None = None
    language: str | None = None  # "in German": the offline engine cannot translate

    @property
    def german(self) -> bool:
        return (self.language or "").lower() in ("german", "deutsch")

    def offline_limits(self, kind: str = "") -> str | None:
        """What of this feedback the offline engine cannot do, said plainly (or None). It
        writes a cover letter in German; anything else it cannot translate."""
        if self.language and not (self.german and kind == "cover_letter"):
            return (
                f"Writing in {self.language.title()} needs a language model (set "
                "OPENAI_API_KEY); the offline engine writes in the resume's language."
            )
        if self.unknown:
            return (
                f"The offline engine understands “shorter”, “longer” and “stress <a skill>”; "
                f"it could not apply “{self.unknown[:80]}”. A language model (OPENAI_API_KEY) "
                "can."
            )
        return None


def parse_feedback(feedback: str | None) -> Feedback:
    if not feedback or not feedback.strip():
        return Feedback()
    text = normalize(feedback).strip()
    stress_m = _STRESS_RE.search(text)
    stress = stress_m.group("x").strip() if stress_m else None
    shorter = bool(_SHORTER_RE.search(text))
    longer = bool(_LONGER_RE.search(text)) and not shorter
    language_m = _LANGUAGE_RE.search(text)
    language = language_m.group(1) if language_m else None
    known = shorter or longer or stress is not None
    unknown = None if known or language else text
    return Feedback(shorter, longer, stress, unknown, language)
