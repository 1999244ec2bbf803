"""Write like a real chat model: paraphrase the honest draft, and sometimes invent.

The stand-in's documents come from the offline engine, which never invents and words things
the way the checker expects. Real models do neither: they swap verbs ("Led" → "Spearheaded"),
spell numbers out ("5 years" → "five years"), write "percent", and now and then add a claim
the resume does not support — most often the posting's own missing requirement, an inflated
figure, a grander title, a language or a certificate. `ModelStyle` does both, seeded, and
records every invention so a test can check that none reaches the user.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

_VERBS = {
    "Led": "Spearheaded",
    "Built": "Developed",
    "Managed": "Oversaw",
    "Improved": "Enhanced",
    "Reduced": "Cut",
    "Created": "Designed",
    "Ran": "Coordinated",
    "Delivered": "Drove",
    "Supported": "Assisted",
    "Worked": "Collaborated",
    "Wrote": "Authored",
    "Trained": "Coached",
}
_NUMBER_WORDS = {
    "2": "two",
    "3": "three",
    "4": "four",
    "5": "five",
    "6": "six",
    "7": "seven",
    "8": "eight",
    "9": "nine",
}
_LANGUAGES = ("Spanish", "Mandarin", "Portuguese", "Japanese")
_CERTIFICATES = ("PMP", "Six Sigma Black Belt", "CISSP", "PRINCE2 Practitioner")
_KINDS = ("requirement", "number", "seniority", "language", "certificate")


@dataclass
class ModelStyle:
    """Seeded paraphrasing plus occasional fabrication; `planted` lists what was invented."""

    seed: int = 7
    invent_rate: float = 0.5
    # (kind, what was invented, the text that carries it and must not reach the user)
    planted: list[tuple[str, str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    def rewrite(self, step: str, document: str, resume: str, posting: str) -> str:
        text = paraphrase(document)
        writes = step in ("optimized_resume", "cover_letter", "research_report")
        if writes and self._rng.random() < self.invent_rate:
            text = self._invent(step, text, resume, posting)
        return text

    def _invent(self, step: str, text: str, resume: str, posting: str) -> str:
        for kind in self._rng.sample(_KINDS, len(_KINDS)):
            invented = _INVENTIONS[kind](self._rng, text, resume, posting)
            if invented is None:
                continue
            sentence, claim = invented
            if kind == "number":  # an inflated figure replaces the true one in place
                old, new = sentence, claim
                self.planted.append((kind, new, new))
                return text.replace(old, new, 1)
            said = _voice(step, sentence)
            self.planted.append((kind, claim, said))
            return _insert(text, said)
        return text


def paraphrase(text: str) -> str:
    """Honest rewording: the facts stay, the words change."""
    out = []
    for line in text.split("\n"):
        m = re.match(r"(\s*[-*•]\s+)(\w+)\b", line)
        if m and m.group(2) in _VERBS:
            line = m.group(1) + _VERBS[m.group(2)] + line[m.end() :]
        line = re.sub(
            r"\b([2-9]) (years|months|weeks)\b", lambda x: f"{_NUMBER_WORDS[x[1]]} {x[2]}", line
        )
        line = re.sub(r"(\d+(?:\.\d+)?)%", r"\1 percent", line)
        out.append(line)
    return "\n".join(out)


def _voice(step: str, predicate: str) -> str:
    """'is fluent in Spanish' as a resume line, a letter's sentence or a report's."""
    if step == "cover_letter":
        return "I " + predicate.replace("is ", "am ", 1).replace("has ", "have ", 1)
    if step == "research_report":
        return f"The candidate {predicate}"
    bare = re.sub(r"^(?:is|has) ", "", predicate)
    return bare[0].upper() + bare[1:]


def _insert(text: str, sentence: str) -> str:
    """After the first paragraph that is prose or a bullet list — where a model would boast."""
    parts = text.split("\n\n")
    for i, part in enumerate(parts):
        if i and not part.lstrip().startswith("#"):
            bullet = part.lstrip().startswith("- ")
            parts.insert(i + 1, f"- {sentence}" if bullet else sentence)
            return "\n\n".join(parts)
    return f"{text}\n\n{sentence}"


def _missing_requirement(
    rng: random.Random, text: str, resume: str, posting: str
) -> tuple[str, str] | None:
    from bot.generation.match import compute_match
    from bot.generation.requirements import RequirementKind

    kinds = (RequirementKind.SKILL, RequirementKind.CERTIFICATION)
    missing = [
        e.requirement.name
        for e in compute_match(resume, posting).evidence
        if not e.met
        and e.requirement.kind in kinds
        and not e.requirement.alternatives
        and len(e.requirement.name.split()) <= 3
    ]
    if not missing:
        return None
    skill = rng.choice(missing)
    return f"has hands-on experience with {skill} in production.", skill


def _inflated_number(
    rng: random.Random, text: str, resume: str, posting: str
) -> tuple[str, str] | None:
    figures = [m for m in re.finditer(r"\b(\d{2,3})(%| percent)", text)]
    if not figures:
        return None
    m = rng.choice(figures)
    bigger = str(int(m.group(1)) + 15 if int(m.group(1)) < 85 else int(m.group(1)) * 2)
    return m.group(0), bigger + m.group(2)


def _seniority(rng: random.Random, text: str, resume: str, posting: str) -> tuple[str, str] | None:
    years = rng.choice((8, 10, 12))
    return f"has {years}+ years of experience leading teams.", f"{years}+ years"


def _language(rng: random.Random, text: str, resume: str, posting: str) -> tuple[str, str] | None:
    language = next((x for x in _LANGUAGES if x.lower() not in resume.lower()), None)
    if language is None:
        return None
    return f"is fluent in {language}.", language


def _certificate(
    rng: random.Random, text: str, resume: str, posting: str
) -> tuple[str, str] | None:
    cert = next((c for c in _CERTIFICATES if c.lower() not in resume.lower()), None)
    if cert is None:
        return None
    return f"holds the {cert} certification.", cert


_INVENTIONS = {
    "requirement": _missing_requirement,
    "number": _inflated_number,
    "seniority": _seniority,
    "language": _language,
    "certificate": _certificate,
}
