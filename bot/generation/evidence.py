"""The evidence map: for every requirement of a posting, what in the resume shows it.

Statuses, strongest first: `stated` (the same term), `alternative met` (one of "X or Y"),
`confirmed` (a fact the user confirmed in chat), `evidenced` (other words: "migrated MySQL
to PostgreSQL" shows SQL; the curated implication graph in data/implications.json says
which), `missing`. The resume line behind each status is kept, so the card, the tailoring
and the fabrication check can all quote it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache, lru_cache
from importlib import resources

from bot.generation.lexicon import find_certifications, find_hard_skills, find_soft_skills
from bot.generation.requirements import Requirement, RequirementKind
from bot.generation.resume_profile import DATE_RANGE_RE, ResumeProfile
from bot.generation.text import STOPWORDS, normalize, stem, words

_CEFR = {"A1": 1, "A2": 2, "B1": 3, "B2": 4, "C1": 5, "C2": 6}
_LEVEL_RANK = {
    "basic": 2,
    "conversational": 3,
    "intermediate": 3,
    "good": 4,
    "working": 4,
    "very good": 5,
    "professional": 5,
    "business": 5,
    "business fluent": 5,
    "fluent": 5,
    "advanced": 5,
    "excellent": 5,
    "strong": 5,
    "full": 5,
    "proficient": 5,
    "bilingual": 6,
    "native": 6,
}


class Status(StrEnum):
    STATED = "stated"
    ALTERNATIVE_MET = "alternative met"
    CONFIRMED = "confirmed"
    EVIDENCED = "evidenced"
    MISSING = "missing"


@dataclass(frozen=True)
class Fact:
    """Something the user confirmed about themselves ("Kubernetes: yes, in a course")."""

    skill: str
    has: bool = True
    detail: str = ""


@dataclass(frozen=True)
class Evidence:
    requirement: Requirement
    status: Status
    evidence: str | None = None  # the resume line (or confirmed fact) behind the status
    matched: str | None = None  # which option or which evidence term

    @property
    def met(self) -> bool:
        return self.status != Status.MISSING


@cache
def _rules() -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    raw = resources.files(__package__).joinpath("data", "implications.json").read_text("utf-8")
    data = json.loads(raw)
    return [(tuple(c.lower() for c in r["concept"]), tuple(r["evidence"])) for r in data["rules"]]


@cache
def _evidence_regex(entry: str) -> re.Pattern[str]:
    if entry.startswith("re:"):
        return re.compile(entry[3:], re.I)
    return re.compile(r"(?<![\w-])" + re.escape(entry) + r"(?![\w-])", re.I)


class _Lines:
    """The resume's lines with their lexicon hits, computed once per match."""

    def __init__(self, profile: ResumeProfile) -> None:
        self.lines = profile.evidence_lines()
        self.terms: list[set[str]] = []
        for line in self.lines:
            text = normalize(line)
            hits = [*find_hard_skills(text), *find_soft_skills(text), *find_certifications(text)]
            self.terms.append({h.term.canonical.lower() for h in hits})
        self.stems = [{stem(w.lower()) for w in words(line)} for line in self.lines]

    def with_term(self, name: str) -> str | None:
        key = name.lower()
        for line, terms in zip(self.lines, self.terms, strict=True):
            if key in terms:
                return line
        return None

    def with_phrase(self, phrase: str) -> str | None:
        tokens = [stem(w.lower()) for w in words(phrase) if w.lower() not in STOPWORDS]
        if not tokens:
            return None
        if len(tokens) == 1 and (phrase.isupper() or any(c.isdigit() for c in phrase)):
            rx = re.compile(r"(?<![\w-])" + re.escape(phrase.strip()) + r"(?![\w-])")
            return next((line for line in self.lines if rx.search(line)), None)
        for line, stems in zip(self.lines, self.stems, strict=True):
            if all(t in stems for t in tokens):
                return line
        return None

    def matching(self, entry: str) -> str | None:
        found = self.with_term(entry)
        if found:
            return found
        rx = _evidence_regex(entry)
        return next((line for line in self.lines if rx.search(line)), None)


def _stated(option: str, req: Requirement, lines: _Lines) -> str | None:
    if req.kind == RequirementKind.CERTIFICATION:
        head = re.sub(
            r"\s+(?:registration|certificate|certification|certified|licen[cs]e|qualification"
            r"|card|check|status)$",
            "",
            option,
            flags=re.I,
        )
        head = re.sub(r"^(?:full|enhanced)\s+", "", head, flags=re.I)
        return lines.with_term(option) or lines.with_phrase(head)
    return lines.with_term(option) or lines.with_phrase(option)


def _implied(option: str, lines: _Lines) -> tuple[str, str] | None:
    key = option.lower()
    for concepts, evidence in _rules():
        if key not in concepts:
            continue
        for entry in evidence:
            line = lines.matching(entry)
            if line:
                return line, entry.removeprefix("re:")
    return None


@lru_cache(maxsize=16)
def _resume_lines(resume: str) -> _Lines:
    from bot.generation.resume_profile import analyze_resume

    return _Lines(analyze_resume(resume))


def implied_by_resume(name: str, resume: str) -> str | None:
    """The resume line that shows `name` in other words (data/implications.json), if any.

    The same graph the evidence map uses, for a term a generated text names although no
    posting asked for it ("Epic EHR" for a resume that documents in Epic)."""
    found = _implied(name, _resume_lines(normalize(resume)))
    return found[0] if found else None


def _years_of(profile: ResumeProfile, today: date) -> float:
    """Years covered by the resume's roles (overlaps merged)."""
    spans: list[tuple[float, float]] = []
    for role in profile.roles:
        m = DATE_RANGE_RE.search(f"{role.start} - {role.end}") if role.start else None
        if not m:
            continue
        start = _year(m.group("start") or m.group("since"))
        end_raw = m.group("end") or "present"
        end = _year(end_raw) if re.search(r"\d{4}", end_raw) else today.year + today.month / 12
        if start and end and end >= start:
            spans.append((start, end + (0.5 if end == int(end) else 0)))
    total = 0.0
    last = 0.0
    for s, e in sorted(spans):
        s = max(s, last)
        if e > s:
            total += e - s
            last = e
    return total


def _year(text: str) -> float | None:
    m = re.search(r"(\d{4})", text)
    return float(m.group(1)) if m else None


def _language_level(level: str | None) -> int:
    if not level:
        return 0
    return _CEFR.get(level.upper(), _LEVEL_RANK.get(level.lower(), 0))


def language_rank(level: str) -> int:
    """CEFR or word level as a number: A1 = 1 … C2 = 6 = native; 0 when unknown."""
    return _language_level(level.removesuffix("ly"))


def _language(req: Requirement, profile: ResumeProfile, lines: _Lines) -> Evidence:
    name = req.name.split(" (")[0]
    line = lines.with_phrase(name) or next(
        (ln for ln in profile.languages if name.lower() in ln.lower()), None
    )
    if (
        line is None
        and name == "English"
        and not re.search(r"[äöüß]|\b(?:und|mit|bei)\b", " ".join(profile.lines[:40]))
    ):
        return Evidence(req, Status.EVIDENCED, "resume written in English", "English")
    if line is None:
        return Evidence(req, Status.MISSING)
    want = _language_level(req.level)
    window = line[line.lower().find(name.lower()) :][:60] if name.lower() in line.lower() else line
    m = re.search(r"\b([ABC][12])\b", window) or re.search(
        r"native|fluent|bilingual|business|conversational|basic|intermediate|advanced|professional",
        window,
        re.I,
    )
    have = _language_level(m.group(0)) if m else 0
    if want and have and have < want:
        return Evidence(req, Status.MISSING, line)
    return Evidence(req, Status.STATED, line, name)


def _degree(req: Requirement, profile: ResumeProfile) -> Evidence:
    from bot.generation.lexicon import find_degrees

    best: tuple[int, str] | None = None
    for line in profile.education or profile.lines:
        for hit in find_degrees(normalize(line)):
            if best is None or hit.term.rank > best[0]:
                best = (hit.term.rank, line)
    if best and best[0] >= req.rank:
        return Evidence(req, Status.STATED, best[1])
    return Evidence(req, Status.MISSING, best[1] if best else None)


def _confirmed(option: str, facts: Iterable[Fact]) -> Fact | None:
    key = option.lower()
    for fact in facts:
        if fact.has and (fact.skill.lower() == key or key in fact.skill.lower().split(" or ")):
            return fact
    return None


def evidence_for(
    req: Requirement,
    profile: ResumeProfile,
    lines: _Lines,
    facts: Iterable[Fact] = (),
    *,
    today: date | None = None,
) -> Evidence:
    if req.kind == RequirementKind.YEARS:
        have = _years_of(profile, today or date.today())
        if have + 0.25 >= (req.years or 0):
            return Evidence(req, Status.STATED, f"{have:.0f} years across the roles listed")
        return Evidence(req, Status.MISSING, f"{have:.0f} years across the roles listed")
    if req.kind == RequirementKind.LANGUAGE:
        return _language(req, profile, lines)
    if req.kind == RequirementKind.DEGREE:
        return _degree(req, profile)
    for i, option in enumerate(req.options):
        line = _stated(option, req, lines)
        if line:
            status = Status.ALTERNATIVE_MET if req.alternatives and i > 0 else Status.STATED
            return Evidence(req, status, line, option)
    facts = list(facts)
    for option in req.options:
        fact = _confirmed(option, facts)
        if fact:
            return Evidence(
                req, Status.CONFIRMED, fact.detail or f"confirmed: {fact.skill}", option
            )
    for option in req.options:
        implied = _implied(option, lines)
        if implied:
            return Evidence(req, Status.EVIDENCED, implied[0], implied[1])
    return Evidence(req, Status.MISSING)


def evidence_map(
    requirements: list[Requirement],
    profile: ResumeProfile,
    facts: Iterable[Fact] = (),
    *,
    today: date | None = None,
) -> list[Evidence]:
    lines = _Lines(profile)
    facts = list(facts)
    return [evidence_for(r, profile, lines, facts, today=today) for r in requirements]
