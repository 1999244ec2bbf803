"""The offline cover letter: who I am, what you ask for and where I have done it, one
result I am proud of, and a close. Every sentence is a resume line in the first person or
a fixed frame around the posting's own words; nothing is added.

A recruiter reads a letter for the essentials of the posting, so the middle paragraph walks
the evidence map (essentials first) and quotes the resume line that shows each one.
"""

from __future__ import annotations

import re

from bot.generation.engine import GenerationInput
from bot.generation.evidence import Evidence, Status
from bot.generation.fit import fit_of
from bot.generation.match import compute_match
from bot.generation.places import is_place
from bot.generation.posting import UNKNOWN_COMPANY, UNKNOWN_ROLE, PostingAnalysis, analyze_posting
from bot.generation.proof import usable_proof
from bot.generation.prose import (
    first_person,
    in_sentence,
    introduction,
    join_words,
    lower_first,
    signed_name,
)
from bot.generation.relevance import parse_feedback, ranked, relevance
from bot.generation.resume_parsing import candidate_name, parse_resume
from bot.generation.resume_profile import (
    ResumeProfile,
    Role,
    analyze_resume,
    split_title,
    without_dates,
)
from bot.generation.text import strip_markdown, word_count
from bot.generation.written_language import written_in

_NUMBER_RE = re.compile(r"\d")
_STRONG_RESULT_RE = re.compile(r"\d\s?%|[$£€]\s?\d|\bfrom\b.{1,30}\bto\b.{0,10}\d", re.I)
_FRAMES = ("You ask for {name}: {proof}", "On {name}: {proof}", "For {name}, {proof}")
_MAX_WORDS = 330


def leads_the_posting(shown: list[Evidence], a: PostingAnalysis) -> bool:
    """Whether these requirements are the posting's first essentials, in its order: only
    then may a letter say the posting "puts them first" (a Teamassistenz posting that opens
    with shorthand and English does not put Excel first)."""
    essentials = [r.name for r in a.requirements if r.essential]
    return [e.requirement.name for e in shown] == essentials[: len(shown)]


def _proofs(
    inp: GenerationInput,
    a: PostingAnalysis,
    header: set[str],
    *,
    soft: bool = False,
    quoted: bool = False,
) -> list[Evidence]:
    """Met requirements with a resume line that shows them; essentials first, one per line.
    `soft`: soft skills count too (a weak fit's transferable experience is mostly those)."""
    report = compute_match(inp.resume, a, inp.facts)
    summary = " ".join(parse_resume(inp.resume).summary_sentences())
    out: list[Evidence] = []
    used: set[str] = set()
    for e in sorted(report.evidence, key=lambda e: not e.requirement.essential):
        proof = strip_markdown(e.evidence or "").strip().rstrip(".")
        if (
            not e.met
            or proof in used
            or not usable_proof(proof, header=header, summary=summary)
            or e.requirement.kind in ("years", "language", "degree")
            or (e.requirement.kind == "soft" and not soft)
            or (not quoted and _said(e) is None)  # quoted: the line as it stands
        ):
            continue
        used.add(proof)
        out.append(e)
    return out


_PLAIN_LEAD_RE = re.compile(r"(Full|Valid|Current|Clean|Enhanced)\s")


def _said(e: Evidence) -> str | None:
    """The proof line as a sentence with "I", or None if it does not read as one."""
    proof = strip_markdown(e.evidence or "").strip().rstrip(".")
    if e.status == Status.CONFIRMED:  # the user's own answer in chat, not a resume line
        where = {"at work": " at work", "in a course or project": " in a course or project"}
        return f"I have worked with it{where.get(proof, '')}."
    if e.requirement.kind == "certification":
        # "Full UK driving licence and own car" reads "I hold a full UK driving licence …"
        plain = _PLAIN_LEAD_RE.match(proof)
        if plain:
            return f"I hold a {plain.group(1).lower()}{proof[plain.end(1) :]}."
        return f"I hold {proof}."
    said = first_person(proof)
    return said if said.startswith("I ") else None


def _name_of(e: Evidence) -> str:
    """The requirement as the sentence says it: the option met, in the resume's case when the
    resume writes it in lower case ("an oscilloscope"), else as the posting writes it."""
    name = e.matched if e.status in ("stated", "alternative met") and e.matched else None
    name = name or e.requirement.name
    if e.requirement.kind == "soft":
        return name.lower()  # "communication", not a proper noun
    line = e.evidence or ""
    if name in line:
        return name
    return name.lower() if name.lower() in line else in_sentence(name)


_LEGAL_FORM_RE = re.compile(
    r"[\s,]+(?:Ltd\.?|Limited|GmbH|Inc\.?|LLC|PLC|plc|LLP|Pty\.? Ltd\.?|AG|SE|PartGmbB)$"
)


def _proof_sentence(e: Evidence, said: str, frame: str) -> str:
    shown = _name_of(e)
    return frame.format(name=shown, proof=lower_first(said) if frame.startswith("For") else said)


def _title_and_employer(role: Role) -> tuple[str, str | None]:
    """ "Staff Nurse, Intensive Care Unit - OSF Saint Francis, Peoria" → the title keeps its
    comma; the employer is what follows the title, without the place."""
    title, rest = split_title(without_dates(role.header))
    if not rest:
        return role.title, role.employer
    employer_parts = [p.strip() for p in rest.split(",")]
    while len(employer_parts) > 1 and is_place(employer_parts[-1]):
        employer_parts.pop()
    employer = split_title(", ".join(employer_parts))[0]
    return title, employer or role.employer


def _current_role_parts(profile: ResumeProfile) -> tuple[str, str | None, bool] | None:
    """(title, employer, still there) of the most recent role."""
    if not profile.roles:
        return None
    role = profile.roles[0]
    title, employer = _title_and_employer(role)
    current = (role.end or "").lower() in ("present", "current", "now", "today", "heute")
    return title, employer, current


def _current_role(profile: ResumeProfile) -> str | None:
    parts = _current_role_parts(profile)
    if parts is None:
        return None
    title, employer, current = parts
    where = f" at {employer}" if employer else ""
    verb = "I currently work as" if current else "Most recently I worked as"
    return f"{verb} {title}{where}".rstrip(".") + "."


def cover_letter(inp: GenerationInput) -> str:
    if (
        inp.language.lower().startswith("de")
        or parse_feedback(inp.feedback).german
        or (written_in(inp.posting) == "de" and written_in(inp.resume) == "de")
    ):
        from bot.generation.letter_de import german_cover_letter

        return german_cover_letter(inp)
    a = analyze_posting(inp.posting)
    company = inp.company.strip() or a.company
    role = inp.role.strip() or a.role
    fb = parse_feedback(inp.feedback)
    rel = relevance(a, fb.stress)
    resume = parse_resume(inp.resume)
    profile = analyze_resume(inp.resume)
    name = candidate_name(inp.resume, inp.candidate_name)
    known_company = company != UNKNOWN_COMPANY

    addressed = _LEGAL_FORM_RE.sub("", company).strip() or company  # "Harbour Aero Engineering"
    greeting = f"Dear {addressed} hiring team," if known_company else "Dear Hiring Manager,"
    role_part = f"the {role} position" if role != UNKNOWN_ROLE else "this position"
    opening = [f"I am applying for {role_part}{f' at {company}' if known_company else ''}."]
    intro = next((s for s in map(introduction, ranked(resume.summary_sentences(), rel)) if s), None)
    current = _current_role(profile)
    opening += [s for s in (intro, current) if s]

    header = {strip_markdown(line).strip() for line in resume.header if line.strip()}
    fit = fit_of(compute_match(inp.resume, a, inp.facts).evidence)
    proofs = _proofs(inp, a, header, soft=fit.weak)[: 2 if fb.shorter else 5]
    while len(proofs) > 3 and sum(word_count(e.evidence or "") for e in proofs) > 90:
        proofs.pop()  # a letter is a page: up to five proofs when they are short
    said: set[str] = {strip_markdown(e.evidence or "").strip().rstrip(".") for e in proofs}
    # The essentials the opening line names are answered without naming them again ("Your
    # posting puts the B1.1 licence first. You ask for the B1.1 licence: …" read twice).
    firsts = [] if fit.weak else [e for e in proofs if e.requirement.essential][:3]
    middle = [
        _proof_sentence(e, _said(e) or "", "{proof}" if e in firsts else _FRAMES[i % len(_FRAMES)])
        for i, e in enumerate(proofs)
    ]

    results = [
        first_person(b)
        for b in sorted(
            ranked(resume.bullets(), rel), key=lambda b: not _STRONG_RESULT_RE.search(b)
        )
        if _NUMBER_RE.search(b) and strip_markdown(b).strip().rstrip(".") not in said
    ]
    results = [r for r in results if r.startswith("I ")][: 1 if fb.shorter else 2]
    proud = ""
    if len(results) == 1:
        proud = "A result I am proud of: " + results[0]
    elif results:
        proud = f"Results I am proud of: {results[0][:-1]}, and {results[1]}"

    team = f"the team at {addressed}" if known_company else "your team"
    closing = (
        f"I would welcome the chance to talk about how I could contribute to {team}. "
        "Thank you for your time and consideration."
    )
    paragraphs = [greeting, " ".join(opening)]
    if fit.weak:
        # Most essentials look missing: no confident letter the reader would see through,
        # but no list of gaps either. A letter that tells an employer "I lack your licence"
        # is fatal when the analysis missed it (a licence named another way, "RDH"), and a
        # true gap is for the user to weigh (❓ Check my gaps), not for the letter to confess.
        honest = (
            "My background is not a textbook match for every point in your posting, so let me "
            "be clear about what I would bring: transferable experience."
        )
        paragraphs.append(honest + " " + " ".join(middle) if middle else honest)
        closing = (
            f"I would welcome the chance to talk about how my experience could transfer to "
            f"{team}, and how quickly I learn what is new to me. Thank you for your time."
        )
    elif middle:
        skills = join_words([_name_of(e) for e in firsts])
        verb = "puts {} first" if leads_the_posting(firsts, a) else "asks for {}"
        lead = f"Your posting {verb.format(skills)}. " if skills else ""
        paragraphs.append(lead + " ".join(middle))
    if proud and word_count(" ".join(paragraphs)) + word_count(proud) < _MAX_WORDS:
        paragraphs.append(proud)
    paragraphs.append(closing)
    paragraphs.append("Kind regards," + (f"\n{signed_name(name)}" if name else ""))
    return "\n\n".join(paragraphs).strip() + "\n"
