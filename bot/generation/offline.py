"""The offline engine: real documents from the inputs alone, deterministic, no network.

It never writes a fact it did not read: the resume's own lines are reordered and lightly
re-framed, and everything about the job is quoted from the posting. That is what lets the
fabrication guard pass its output unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.generation.engine import (
    DeltaCallback,
    DocumentKind,
    EmbeddingResult,
    EngineResult,
    Finding,
    GenerationInput,
    JobFacts,
)
from bot.generation.guard import find_unsupported_claims, from_findings, scrub_claims
from bot.generation.lexicon import Hit, find_hard_skills, find_titles
from bot.generation.local_embedding import LOCAL_EMBEDDING_MODEL, embed_local
from bot.generation.match import compute_match
from bot.generation.posting import (
    UNKNOWN_COMPANY,
    UNKNOWN_ROLE,
    PostingAnalysis,
    analyze_posting,
    job_facts,
)
from bot.generation.resume_parsing import Section, candidate_name, parse_resume
from bot.generation.text import (
    content_tokens,
    is_bullet,
    normalize,
    strip_bullet,
    strip_markdown,
    word_count,
)

MODEL = "jobforge-offline-1"

_SHORTER_RE = re.compile(r"\b(shorter|short|concise|brief|trim|one[\s-]page|less)\b", re.I)
_LONGER_RE = re.compile(r"\b(longer|more detail|detailed|everything|keep all|expand)\b", re.I)
_STRESS_RE = re.compile(
    r"\b(?:stress|emphasi[sz]e|highlight|focus on|more about|put .* first|lead with)\s+"
    r"(?:on\s+|my\s+|the\s+)?"
    r"(?P<x>[^.,;!\n]{2,60})",
    re.I,
)
_PAST_IRREGULAR = frozenset(
    [
        "led",
        "built",
        "ran",
        "wrote",
        "grew",
        "cut",
        "won",
        "made",
        "drove",
        "sold",
        "set",
        "took",
        "kept",
        "brought",
        "taught",
        "oversaw",
        "held",
        "spoke",
        "began",
        "met",
        "gave",
        "found",
        "put",
        "chose",
        "became",
        "rebuilt",
        "undertook",
        "shipped",
    ]
)
_PRESENT_VERBS = frozenset(
    [
        "provide",
        "perform",
        "administer",
        "document",
        "educate",
        "precept",
        "manage",
        "lead",
        "build",
        "design",
        "develop",
        "support",
        "maintain",
        "run",
        "write",
        "coordinate",
        "create",
        "own",
        "deliver",
        "monitor",
        "handle",
        "oversee",
        "train",
        "mentor",
        "teach",
        "work",
        "partner",
        "conduct",
        "prepare",
        "analyse",
        "analyze",
        "plan",
        "track",
        "care",
        "assess",
    ]
)


# --- relevance --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Relevance:
    skills: frozenset[str]
    must_skills: frozenset[str]
    tokens: frozenset[str]
    stress: str | None

    def score(self, text: str) -> float:
        hits = {h.term.canonical for h in find_hard_skills(normalize(text))}
        overlap = set(content_tokens(text)) & self.tokens
        value = 3.0 * len(hits & self.must_skills) + 2.0 * len(hits & self.skills) + len(overlap)
        if self.stress and self._mentions_stress(text):
            value += 1000.0
        return value

    def _mentions_stress(self, text: str) -> bool:
        assert self.stress is not None
        if self.stress.lower() in text.lower():
            return True
        wanted = {h.term.canonical for h in find_hard_skills(self.stress)}
        if wanted & {h.term.canonical for h in find_hard_skills(normalize(text))}:
            return True
        stress_tokens = set(content_tokens(self.stress))
        return bool(stress_tokens) and stress_tokens <= set(content_tokens(text))


def _relevance(analysis: PostingAnalysis, stress: str | None) -> _Relevance:
    source = " ".join(analysis.must_haves + analysis.responsibilities + analysis.nice_to_haves)
    tokens = set(content_tokens(source)) | {t for k in analysis.keywords for t in content_tokens(k)}
    return _Relevance(
        frozenset(analysis.hard_skills),
        frozenset(analysis.must_have_skills),
        frozenset(tokens),
        stress,
    )


def _ranked(items: list[str], rel: _Relevance) -> list[str]:
    """Stable sort by relevance: ties keep the resume's own order."""
    return [item for _, item in sorted(enumerate(items), key=lambda p: (-rel.score(p[1]), p[0]))]


# --- feedback ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Feedback:
    shorter: bool = False
    longer: bool = False
    stress: str | None = None
    unknown: str | None = None


def _parse_feedback(feedback: str | None) -> _Feedback:
    if not feedback or not feedback.strip():
        return _Feedback()
    text = normalize(feedback).strip()
    stress_m = _STRESS_RE.search(text)
    stress = stress_m.group("x").strip() if stress_m else None
    shorter = bool(_SHORTER_RE.search(text))
    longer = bool(_LONGER_RE.search(text)) and not shorter
    known = shorter or longer or stress is not None
    return _Feedback(shorter, longer, stress, None if known else text)


def _names(inp: GenerationInput, analysis: PostingAnalysis) -> tuple[str, str]:
    company = inp.company.strip() or analysis.company
    role = inp.role.strip() or analysis.role
    return company, role


def _resume_surfaces(resume: str) -> dict[str, str]:
    """Canonical skill -> the resume's own spelling (first occurrence)."""
    out: dict[str, str] = {}
    hit: Hit
    for hit in find_hard_skills(normalize(resume)):
        out.setdefault(hit.term.canonical, hit.surface)
    return out


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _q(text: str) -> str:
    """Quote posting material so it is attributed, never asserted about the candidate."""
    return '"' + text.replace('"', "'").strip() + '"'


def research_report(inp: GenerationInput) -> str:
    a = analyze_posting(inp.posting)
    company, role = _names(inp, a)
    out: list[str] = [f"# Research report: {role} at {company}", ""]
    out.append("_Prepared offline from the posting text only; quoted lines come from the posting._")
    out += ["", "## Overview", f"- **Company:** {company}", f"- **Role:** {role}"]
    out.append(f"- **Seniority:** {a.seniority or 'not stated'}")
    out.append(f"- **Location:** {_q(a.location) if a.location else 'not stated'}")
    out.append(f"- **Work mode:** {a.remote or 'not stated'}")
    if a.education_required:
        out.append(f"- **Education asked for:** {_q(a.education_required)}")
    out.append(
        f"- **Salary information:** {'given in the posting' if a.has_salary else 'not given'}"
    )

    def quoted_list(title: str, items: list[str]) -> None:
        out.extend(["", f"## {title}"])
        if items:
            out.extend(f"> - {strip_markdown(item)}" for item in items)
        else:
            out.append("Nothing clearly marked in the posting.")

    quoted_list("Must-haves", a.must_haves)
    quoted_list("Nice-to-haves", a.nice_to_haves)
    quoted_list("Responsibilities", a.responsibilities)
    out += ["", "## Tech stack and hard skills"]
    out.append(f"> {' · '.join(a.hard_skills)}" if a.hard_skills else "None named in the posting.")
    if a.soft_skills:
        out += ["", "## Soft skills", f"> {' · '.join(a.soft_skills)}"]
    if a.certifications:
        out += ["", "## Certifications mentioned", f"> {' · '.join(a.certifications)}"]
    if a.keywords:
        out += ["", "## Other keywords", f"> {' · '.join(a.keywords)}"]
    out += ["", "## Questions to ask"]
    out += [f"- {q}" for q in _questions(a)]
    out += ["", "## Red flags"]
    out += [f"- {flag}" for flag in a.red_flags] or ["- None spotted in the posting text."]
    out += [
        "",
        "## What this report does not cover",
        "No outside research was done: the offline engine cannot browse. Nothing here about "
        f"{company} goes beyond what the posting itself says. Before an interview, check the "
        "company's website, recent news and employee reviews yourself.",
    ]
    if inp.related_context:
        out += ["", "_A similar past application of yours exists; compare the two postings._"]
    return "\n".join(out).strip() + "\n"


def _questions(a: PostingAnalysis) -> list[str]:
    questions: list[str] = []
    for skill in a.must_have_skills[:2]:
        questions.append(f"How is {_q(skill)} used in the team's day-to-day work?")
    short = [r for r in a.responsibilities if word_count(r) <= 16]
    if short:
        first = strip_markdown(short[0]).rstrip(".")
        questions.append(f"What would great work on {_q(first)} look like after the first quarter?")
    if a.nice_to_have_skills:
        questions.append(
            f"How much weight do the nice-to-haves (such as {_q(a.nice_to_have_skills[0])}) carry?"
        )
    if a.remote in ("hybrid", "onsite"):
        questions.append(f"What does the {_q(a.remote)} setup look like in a typical week?")
    elif a.remote == "remote":
        questions.append("How does the team collaborate across time zones, and are there meetups?")
    if not a.has_salary:
        questions.append("What is the salary range for this role?")
    if any("hours" in flag for flag in a.red_flags):
        questions.append("What are typical working hours, and how is overtime handled?")
    questions.append("Who would this role report to, and how is growth to the next level handled?")
    return questions


def _section_lines(section: Section, rel: _Relevance, fb: _Feedback) -> list[str]:
    """The section's lines with each run of bullets reordered (and trimmed if asked)."""
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if not run:
            return
        ranked = _ranked(run, rel)
        if fb.shorter and section.kind in ("experience", "projects"):
            ranked = ranked[: max(2, (len(ranked) + 1) // 2)]
        out.extend(ranked)
        run.clear()

    for line in section.lines:
        if is_bullet(line):
            run.append(line)
            continue
        flush()
        out.append(line)
    flush()
    return out


def key_qualifications(inp: GenerationInput, a: PostingAnalysis) -> list[str]:
    """The posting's own words for what the resume shows, essentials first, each with the
    resume line (or confirmed fact) that proves it: nothing here is new information."""
    report = compute_match(inp.resume, a, inp.facts)
    met = [
        e
        for e in report.evidence
        if e.met
        and e.evidence
        and e.requirement.kind not in ("years", "soft", "language", "degree")
    ]
    met.sort(key=lambda e: (not e.requirement.essential, e.status == "stated"))
    lines: list[str] = []
    used: set[str] = set()
    for e in met:
        proof = strip_markdown(e.evidence or "").strip().rstrip(".")
        if not proof or proof in used or len(lines) >= 8 or proof.count(",") >= 4:
            continue  # a skills list is no proof of use; "Key skills" already lists it
        used.add(proof)
        name = (
            e.matched
            if e.status in ("stated", "alternative met") and e.matched
            else e.requirement.name
        )
        lines.append(f"- **{name}:** {proof}")
    return ["## Key qualifications for this role", *lines, ""] if lines else []


def optimized_resume(inp: GenerationInput) -> str:
    a = analyze_posting(inp.posting)
    fb = _parse_feedback(inp.feedback)
    rel = _relevance(a, fb.stress)
    resume = parse_resume(inp.resume)
    surfaces = _resume_surfaces(inp.resume)
    out: list[str] = [*resume.header, ""]

    summary = resume.summary_sentences()
    if summary:
        summary_text = " ".join(_ranked(summary, rel))
    else:
        matched = [surfaces[s] for s in a.hard_skills if s in surfaces][:4]
        titles = find_titles(normalize(inp.resume))
        lead = titles[0][2] if titles else "Professional"
        summary_text = f"{lead} with experience in {_join(matched)}." if matched else lead + "."
    out += ["## Summary", summary_text, ""]
    out += key_qualifications(inp, a)

    matched_first = [surfaces[s] for s in a.hard_skills if s in surfaces]
    rest = [v for k, v in surfaces.items() if k not in a.hard_skills]
    if fb.stress:
        stressed = [s for s in matched_first + rest if rel._mentions_stress(s)]
        matched_first = stressed + [s for s in matched_first if s not in stressed]
        rest = [s for s in rest if s not in stressed]
    if matched_first or rest:
        out += [f"**Key skills:** {', '.join(matched_first + rest)}", ""]

    for section in resume.sections:
        if section.kind == "summary":
            continue
        if section.heading:
            out.append(
                f"## {section.heading.title() if section.heading.isupper() else section.heading}"
            )
        out += _section_lines(section, rel, fb)
        out.append("")

    return "\n".join(out).strip() + "\n"


def _first_person(bullet: str) -> str:
    """ "Built X" -> "I built X." so resume bullets read as letter prose without new facts."""
    text = strip_markdown(bullet).rstrip(" .;")
    if not text:
        return ""
    first, _, rest = text.partition(" ")
    low = first.lower()
    is_verb = low.isalpha() and (
        low.endswith("ed") or low in _PAST_IRREGULAR or low in _PRESENT_VERBS
    )
    if is_verb and not first[1:2].isupper():
        return f"I {low} {rest}".rstrip() + "."
    return text + "."


def cover_letter(inp: GenerationInput) -> str:
    a = analyze_posting(inp.posting)
    company, role = _names(inp, a)
    rel = _relevance(a, _parse_feedback(inp.feedback).stress)
    resume = parse_resume(inp.resume)
    name = candidate_name(inp.resume, inp.candidate_name)
    surfaces = _resume_surfaces(inp.resume)
    known_company = company != UNKNOWN_COMPANY
    known_role = role != UNKNOWN_ROLE

    greeting = f"Dear {company} hiring team," if known_company else "Dear Hiring Team,"
    role_part = f"the {role} position" if known_role else "this position"
    at_part = f" at {company}" if known_company else ""
    opening = [f"I am writing to apply for {role_part}{at_part}."]
    for sentence in _ranked(resume.summary_sentences(), rel)[:2]:
        sentence = sentence if sentence.endswith((".", "!")) else sentence + "."
        if not re.match(r"(?:I|My|As)\b", sentence):
            sentence = "My background: " + _lower_first(sentence)
        opening.append(sentence)

    evidence = [_first_person(b) for b in _ranked(resume.bullets(), rel)]
    evidence = [e for e in evidence if e]
    middle: list[str] = []
    closing_skills = [surfaces[s] for s in a.must_have_skills if s in surfaces][:6]
    skills_line = (
        f"The posting asks for {_join(closing_skills)}; "
        "the work described above draws on each of them."
        if closing_skills
        else ""
    )
    education = [
        strip_bullet(line).strip()
        for sec in resume.sections
        if sec.kind == "education"
        for line in sec.lines
        if line.strip()
    ][:1]
    if education:
        skills_line = (skills_line + " " if skills_line else "") + (
            f"My education: {strip_markdown(education[0]).rstrip('.')}."
        )
    closing = (
        "Thank you for considering my application. I would welcome the chance to discuss how my "
        f"experience could help {'the team at ' + company if known_company else 'your team'}."
    )

    def body_words() -> int:
        return word_count(" ".join(opening + middle + [skills_line, closing]))

    for sentence in evidence:
        if body_words() >= 230 or (len(middle) >= 3 and body_words() >= 200):
            break
        if body_words() + word_count(sentence) > 330:
            continue
        middle.append(sentence)

    paragraphs = [greeting, " ".join(opening)]
    if middle:
        split = (len(middle) + 1) // 2 if len(middle) > 3 else len(middle)
        paragraphs.append("In my recent work, " + _lower_first(" ".join(middle[:split])))
        if middle[split:]:
            paragraphs.append(" ".join(middle[split:]) + (f" {skills_line}" if skills_line else ""))
        elif skills_line:
            paragraphs.append(skills_line)
    elif skills_line:
        paragraphs.append(skills_line)
    paragraphs.append(closing)
    paragraphs.append("Kind regards," + (f"\n{name}" if name else ""))
    return "\n\n".join(paragraphs).strip() + "\n"


def _lower_first(text: str) -> str:
    """Lowercase a sentence-initial word, but not acronyms or the start of a Title Case name."""
    if text.startswith("I "):
        return text
    parts = text.split(" ", 2)
    if parts[0][1:2].isupper() or (len(parts) > 1 and parts[1][:1].isupper()):
        return text
    return text[:1].lower() + text[1:]


def render(kind: DocumentKind, inp: GenerationInput) -> str:
    if kind == "research_report":
        return research_report(inp)
    if kind == "optimized_resume":
        return optimized_resume(inp)
    if kind == "cover_letter":
        return cover_letter(inp)
    raise ValueError(f"unknown document kind: {kind}")


def allowed_strings(inp: GenerationInput) -> list[str]:
    """Strings the guard accepts although the resume lacks them: who we write to, and who writes."""
    a = analyze_posting(inp.posting)
    company, role = _names(inp, a)
    name = candidate_name(inp.resume, inp.candidate_name)
    shown = [e.requirement.name for e in compute_match(inp.resume, a, inp.facts).evidence if e.met]
    return [
        s for s in (company, role, name, *shown) if s and s not in (UNKNOWN_COMPANY, UNKNOWN_ROLE)
    ]


async def _stream(text: str, on_delta: DeltaCallback | None) -> None:
    if on_delta is None:
        return
    chunks = text.split("\n\n")
    for i, chunk in enumerate(chunks):
        await on_delta(chunk + ("\n\n" if i < len(chunks) - 1 else ""))


class OfflineEngine:
    """Engine protocol implementation that needs no API key and never invents facts."""

    name = "offline"

    async def extract_job_facts(self, posting: str) -> JobFacts:
        return job_facts(posting)

    async def generate(
        self, kind: DocumentKind, inp: GenerationInput, on_delta: DeltaCallback | None = None
    ) -> EngineResult:
        text = render(kind, inp)
        await _stream(text, on_delta)
        return EngineResult(text=text, model=MODEL)

    async def revise(
        self,
        kind: DocumentKind,
        inp: GenerationInput,
        draft: str,
        findings: list[Finding],
        on_delta: DeltaCallback | None = None,
    ) -> EngineResult:
        text = scrub_claims(draft, from_findings(findings))
        allowed = allowed_strings(inp)
        for _ in range(3):
            remaining = find_unsupported_claims(text, inp.resume, allowed=allowed)
            if not remaining:
                break
            text = scrub_claims(text, remaining)
        await _stream(text, on_delta)
        return EngineResult(text=text, model=MODEL)

    async def embed(self, texts: list[str]) -> EmbeddingResult:
        return EmbeddingResult(model=LOCAL_EMBEDDING_MODEL, vectors=[embed_local(t) for t in texts])
