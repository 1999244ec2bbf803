"""The offline engine: real documents from the inputs alone, deterministic, no network.

It never writes a fact it did not read: the resume's own lines are reordered and lightly
re-framed, and everything about the job is quoted from the posting. That is what lets the
fabrication guard pass its output unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.generation import research_texts
from bot.generation.engine import (
    DeltaCallback,
    DocumentKind,
    EmbeddingResult,
    EngineResult,
    Finding,
    GenerationInput,
    JobFacts,
)
from bot.generation.evidence import Status, level_said
from bot.generation.guard import from_findings
from bot.generation.letter import cover_letter
from bot.generation.lexicon import Hit, find_hard_skills
from bot.generation.local_embedding import LOCAL_EMBEDDING_MODEL, embed_local
from bot.generation.match import compute_match
from bot.generation.posting import (
    UNKNOWN_COMPANY,
    UNKNOWN_ROLE,
    PostingAnalysis,
    analyze_posting,
    job_facts,
)
from bot.generation.proof import usable_proof
from bot.generation.relevance import Feedback, Relevance, parse_feedback, ranked, relevance
from bot.generation.resume_parsing import Section, candidate_name, parse_resume
from bot.generation.scrub import scrub_claims
from bot.generation.text import (
    is_bullet,
    normalize,
    strip_bullet,
    strip_markdown,
    word_count,
)
from bot.generation.written_language import written_in

MODEL = "jobforge-offline-1"


def _names(inp: GenerationInput, analysis: PostingAnalysis) -> tuple[str, str]:
    company = inp.company.strip() or analysis.company
    role = inp.role.strip() or analysis.role
    return company, role


def _resume_surfaces(resume: str) -> dict[str, str]:
    """Canonical skill -> the resume's own spelling (first occurrence)."""
    out: dict[str, str] = {}
    hit: Hit
    text = normalize(resume)
    for hit in find_hard_skills(text):
        # "QA" inside "QA/QC" is written "QA/QC": the resume's whole term, not a fragment.
        whole = re.match(r"(?:/[\w+#.-]+)+", text[hit.end :])
        surface = hit.surface + (whole.group(0) if whole else "")
        level = level_said(text, hit.start, hit.end)
        out.setdefault(hit.term.canonical, f"{surface} ({level})" if level else surface)
    return out


def _merged_skills(ordered: str, lines: list[str], asked: Sequence[str] = ()) -> list[str]:
    """One skills list: the posting's skills first, then every other item of the resume's
    plain lists (nothing dropped); grouped lines such as "Languages: …" stay as they are.
    `asked`: the posting's names for what the resume shows ("AutoCAD", "HEC-RAS"): items
    naming one move to the front, in their order."""
    items = [i.strip() for i in ordered.split(",")]
    seen = {normalize(i).lower() for i in items}
    seen_canonical = {h.term.canonical for i in items for h in find_hard_skills(normalize(i))}
    kept: list[str] = []
    for line in lines:
        plain = strip_markdown(strip_bullet(line)).strip()
        if not plain:
            continue
        if ":" in plain:
            kept.append(line)
            continue
        # "Eaglesoft • Carestream • Spanish (fluent)": a bullet between items arrives as " * "
        for item in (i.strip() for i in re.split(r"[,;|·•]|\s\*\s", plain)):
            canon = {h.term.canonical for h in find_hard_skills(normalize(item))}
            key = normalize(item).lower()
            if item and key not in seen and not (canon and canon <= seen_canonical):
                items.append(item)
            seen.add(key)
    wanted = [re.compile(rf"(?<![\w+#]){re.escape(a.lower())}(?![\w+#])") for a in asked if a]
    items.sort(key=lambda item: not any(w.search(item.lower()) for w in wanted))
    return [", ".join(items), *kept]


def _q(text: str) -> str:
    """Quote posting material so it is attributed, never asserted about the candidate."""
    return '"' + text.replace('"', "'").strip() + '"'


def research_report(inp: GenerationInput) -> str:
    """What the posting asks and how the resume meets it, all quoted from the two texts; in
    German for a German posting (the reader of a "Stellenanzeige" reads German)."""
    a = analyze_posting(inp.posting)
    company, role = _names(inp, a)
    german = parse_feedback(inp.feedback).german or written_in(inp.posting) == "de"
    t = research_texts.DE if german else research_texts.EN
    not_stated = t["not_stated"]
    mode = a.remote or not_stated
    if german and a.remote:
        mode = research_texts.DE_MODES.get(a.remote, a.remote)
    out: list[str] = [f"# {t['title'].format(role=role, company=company)}", "", t["offline"]]
    out += [
        "",
        f"## {t['overview']}",
        f"- **{t['company']}:** {company}",
        f"- **{t['role']}:** {role}",
    ]
    out.append(f"- **{t['seniority']}:** {a.seniority or not_stated}")
    out.append(f"- **{t['location']}:** {_q(a.location) if a.location else not_stated}")
    out.append(f"- **{t['work_mode']}:** {mode}")
    if a.education_required:
        asked = a.education_required
        if german:
            asked = research_texts.DE_DEGREES.get(asked, asked)
        out.append(f"- **{t['education']}:** {_q(asked)}")
    out.append(f"- **{t['salary']}:** {t['salary_given'] if a.has_salary else t['salary_missing']}")

    def quoted_list(title: str, items: list[str]) -> None:
        out.extend(["", f"## {title}"])
        if items:
            out.extend(f"> - {strip_markdown(item)}" for item in items)
        else:
            out.append(t["nothing_marked"])

    out += _fit_section(inp, a, t)
    quoted_list(t["must"], quoted_lines(a.must_haves))
    quoted_list(t["nice"], quoted_lines(a.nice_to_haves))
    quoted_list(t["resp"], quoted_lines(a.responsibilities))
    out += ["", f"## {t['stack']}"]
    out.append(f"> {' · '.join(a.hard_skills)}" if a.hard_skills else t["no_skills"])
    if a.soft_skills:
        out += ["", f"## {t['soft']}", f"> {' · '.join(a.soft_skills)}"]
    if a.certifications:
        out += ["", f"## {t['certs']}", f"> {' · '.join(a.certifications)}"]
    out += ["", f"## {t['questions']}"]
    out += [f"- {q}" for q in _questions(a, t, mode)]
    flags = [research_texts.DE_FLAGS.get(f, f) if german else f for f in a.red_flags]
    out += ["", f"## {t['red_flags']}"]
    out += [f"- {flag}" for flag in flags] or [f"- {t['no_flags']}"]
    out += ["", f"## {t['not_covered']}", t["not_covered_text"].format(company=company)]
    if inp.related_context:
        out += ["", t["related"]]
    return "\n".join(out).strip() + "\n"


# (Not the German gender ending: "Gesundheits- und Krankenpfleger:in" is a whole line.)
_DANGLING_END_RE = re.compile(
    r"(?<![:*/_])\b(?:a|an|the|and|or|with|of|to|for|in|on|at|by|our|your|their|as)$", re.I
)


_LEADING_SYMBOLS_RE = re.compile(r"^[^\w\"'(]+", re.UNICODE)
_MONEY_RE = re.compile(r"[$€£]\s?\d|\d\s?(?:k|K)?\s?(?:€|EUR|GBP|USD)\b")


def _quotable(line: str) -> bool:
    """A line worth quoting as a duty or a requirement: not a banner in capitals, not the pay
    line, not the place-and-hours line ("📍 Brighton seafront | On-site | 48 hrs/week")."""
    letters = [c for c in line if c.isalpha()]
    shouting = len(letters) >= 6 and sum(c.isupper() for c in letters) / len(letters) > 0.7
    return not (shouting or _MONEY_RE.search(line) or line.count("|") >= 2)


def quoted_lines(lines: list[str]) -> list[str]:
    """The posting's lines as quotes: bullet symbols and emoji dropped, banners and pay lines
    left out, and lines a hard-wrapped posting split mid-sentence joined again ("We're
    looking for a" + "Sous Chef to run the pass …"): a quote cut in half reads as a mistake."""
    out: list[str] = []
    for raw in lines:
        line = _LEADING_SYMBOLS_RE.sub("", raw.strip())
        if not line or not _quotable(line):
            continue
        prev = out[-1].rstrip() if out else ""
        if (
            prev
            and not prev.endswith((".", "!", "?", ":", ";"))
            and (_DANGLING_END_RE.search(prev) or line[:1].islower())
        ):
            out[-1] = f"{prev} {line.strip()}"
        else:
            out.append(line)
    return out


def _shortened(text: str, limit: int = 140) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;·-") + " …"


def _fit_section(inp: GenerationInput, a: PostingAnalysis, t: dict[str, str]) -> list[str]:
    """Each requirement, essential first, with what the resume shows for it: the same
    evidence map the card's match rate and the tailoring use."""
    report = compute_match(inp.resume, a, inp.facts)
    if not report.evidence:
        return []
    out = ["", f"## {t['fit']}"]
    for essential, title in ((True, t["essential"]), (False, t["desirable"])):
        items = [e for e in report.evidence if e.requirement.essential == essential]
        if not items:
            continue
        out.append(f"**{title}**")
        for e in items:
            line = f"- {e.requirement.name} — {t[e.status.value]}"
            if e.evidence and e.status in (Status.EVIDENCED, Status.STATED):
                line += f": {_q(_shortened(strip_markdown(e.evidence)))}"
            out.append(line)
    return out


def _questions(a: PostingAnalysis, t: dict[str, str], mode: str) -> list[str]:
    questions = [t["q_skill"].format(skill=_q(skill)) for skill in a.must_have_skills[:2]]
    short = [r for r in quoted_lines(a.responsibilities) if word_count(r) <= 16]
    if short:
        questions.append(t["q_duty"].format(duty=_q(strip_markdown(short[0]).rstrip("."))))
    if a.nice_to_have_skills:
        questions.append(t["q_nice"].format(skill=_q(a.nice_to_have_skills[0])))
    if a.remote in ("hybrid", "onsite"):
        questions.append(t["q_mode"].format(mode=_q(mode)))
    elif a.remote == "remote":
        questions.append(t["q_remote"])
    if not a.has_salary:
        questions.append(t["q_salary"])
    if any("hours" in flag for flag in a.red_flags):
        questions.append(t["q_hours"])
    questions.append(t["q_growth"])
    return questions


def _section_lines(section: Section, rel: Relevance, fb: Feedback) -> list[str]:
    """The section's lines with each run of bullets reordered (and trimmed if asked)."""
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if not run:
            return
        ordered = ranked(run, rel)
        if fb.shorter and section.kind in ("experience", "projects"):
            ordered = ordered[: max(2, (len(ordered) + 1) // 2)]
        out.extend(ordered)
        run.clear()

    for line in section.lines:
        if is_bullet(line):
            run.append(line)
            continue
        flush()
        out.append(line)
    flush()
    return out


# Headings the offline resume adds, in the language the resume is written in.
_HEADINGS = {
    "en": {"summary": "Summary", "key": "Key qualifications for this role", "skills": "Skills"},
    "de": {"summary": "Profil", "key": "Schwerpunkte für diese Stelle", "skills": "Kenntnisse"},
    "fr": {"summary": "Profil", "key": "Atouts pour ce poste", "skills": "Compétences"},
    "es": {"summary": "Perfil", "key": "Puntos fuertes para este puesto", "skills": "Habilidades"},
}


def _label(names: list[str]) -> str:
    """The requirement names as the posting writes them ("SQL, Event-driven architecture")."""
    return ", ".join(n[:1].upper() + n[1:] for n in names)


def key_qualifications(
    inp: GenerationInput, a: PostingAnalysis, heading: str = "Key qualifications for this role"
) -> list[str]:
    """The posting's own words for what the resume shows, essentials first, each with the
    resume line (or confirmed fact) that proves it: nothing here is new information."""
    report = compute_match(inp.resume, a, inp.facts)
    parsed = parse_resume(inp.resume)
    header = {strip_markdown(ln).strip() for ln in parsed.header}
    summary = " ".join(parsed.summary_sentences())
    met = [
        e
        for e in report.evidence
        if e.met
        and e.evidence
        and e.requirement.kind not in ("years", "language", "degree")
        and e.status != Status.CONFIRMED  # a chat answer is no resume line to quote
    ]
    # Skills before soft skills (a soft skill needs a concrete line as proof, and comes last).
    met.sort(
        key=lambda e: (
            e.requirement.kind == "soft",
            not e.requirement.essential,
            e.status == "stated",
        )
    )
    # One resume line may prove several requirements ("Kafka" and "event-driven architecture"
    # by the same ingestion bullet): one entry naming them all, in the posting's words.
    names_by_proof: dict[str, list[str]] = {}
    for e in met:
        proof = strip_markdown(e.evidence or "").strip().rstrip(".")
        if not usable_proof(proof, header=header, summary=summary):
            continue
        if e.status in ("stated", "alternative met") and e.matched:
            name = e.matched
        elif e.requirement.alternatives:
            continue  # shown in other words, but which of "X or Y" it shows is unclear
        else:
            name = e.requirement.name
        names = names_by_proof.setdefault(proof, [])
        if name.lower() not in (n.lower() for n in names) and len(names) < 3:
            names.append(name)
    lines = [f"- **{_label(names)}:** {proof}" for proof, names in list(names_by_proof.items())[:8]]
    return [f"## {heading}", *lines, ""] if lines else []


MIN_NEW_SKILLS = 3


def optimized_resume(inp: GenerationInput) -> str:
    a = analyze_posting(inp.posting)
    fb = parse_feedback(inp.feedback)
    rel = relevance(a, fb.stress)
    resume = parse_resume(inp.resume)
    surfaces = _resume_surfaces(inp.resume)
    out: list[str] = [*resume.header, ""]

    headings = _HEADINGS.get(written_in(inp.resume) or "en", _HEADINGS["en"])
    summary = resume.summary_sentences()
    if summary:
        # The summary is the candidate's own narrative: kept in its order unless asked to
        # stress something (reordering its sentences breaks the story it tells).
        summary_text = " ".join(ranked(summary, rel) if fb.stress else summary)
        out += [f"## {headings['summary']}", summary_text, ""]
    # No summary in the resume: none is made up ("Professional with experience in MS
    # Office." read as filler, in English inside a German CV); the key qualifications lead.
    out += key_qualifications(inp, a, headings["key"])

    report = compute_match(inp.resume, a, inp.facts)
    asked = [
        option
        for e in report.evidence
        if e.met and e.requirement.kind in ("skill", "other", "certification")
        for option in ([e.matched] if e.matched and e.status == Status.STATED else [])
    ] + list(a.hard_skills)
    matched_first = [surfaces[s] for s in a.hard_skills if s in surfaces]
    rest = [v for k, v in surfaces.items() if k not in a.hard_skills]
    if fb.stress:
        stressed = [s for s in matched_first + rest if rel.mentions_stress(s)]
        matched_first = stressed + [s for s in matched_first if s not in stressed]
        rest = [s for s in rest if s not in stressed]
    confirmed = [f.skill for f in inp.facts if f.has and f.skill not in matched_first + rest]
    listed = matched_first + rest + confirmed
    skills_line = ", ".join(listed)
    # A standard heading an ATS reads, when the resume has none: only with a few items, as
    # "Skills: cable tray" alone reads like a fault.
    if len(listed) >= MIN_NEW_SKILLS and not any(s.kind == "skills" for s in resume.sections):
        out += [f"## {headings['skills']}", skills_line, ""]

    for section in resume.sections:
        if section.kind == "summary":
            continue
        if section.heading:
            out.append(
                f"## {section.heading.title() if section.heading.isupper() else section.heading}"
            )
        lines = _section_lines(section, rel, fb)
        if section.kind == "skills" and skills_line:
            lines = _merged_skills(skills_line, lines, asked)
        out += lines
        out.append("")

    return "\n".join(out).strip() + "\n"


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
        # No model to rewrite with: remove what was flagged (the caller's loop checks again).
        text = scrub_claims(draft, from_findings(findings))
        await _stream(text, on_delta)
        return EngineResult(text=text, model=MODEL)

    async def embed(self, texts: list[str]) -> EmbeddingResult:
        return EmbeddingResult(model=LOCAL_EMBEDDING_MODEL, vectors=[embed_local(t) for t in texts])
