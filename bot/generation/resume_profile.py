"""A resume as a recruiter reads it: contact, summary, each role with its own bullets,
skills, education, certifications and spoken languages.

Built on `parse_resume` (sections) so pasted text and text read from a PDF or DOCX end in
the same structure. Role headers come in many shapes ("Title — Employer, Place (2020 –
present)", "Title | Employer | Mar 2019 – Present", title on one line and employer and dates
on the next); a date range is what marks a header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.generation.lexicon import canonicals, find_certifications, find_degrees, find_hard_skills
from bot.generation.places import is_place
from bot.generation.resume_parsing import candidate_name, parse_resume
from bot.generation.spoken_languages import find_languages
from bot.generation.text import (
    is_bullet,
    normalize,
    split_outside_brackets,
    split_sentences,
    strip_bullet,
    strip_markdown,
)

_MONTH = (
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Januar|Februar|März|Mai|Juni|Juli"
    r"|Okt|Dez)[a-z]*\.?"
)
_DATE = rf"(?:{_MONTH}\s+\d{{4}}|\d{{1,2}}[/.]\d{{4}}|\d{{4}})"
_END = rf"(?:{_DATE}|present|current|now|today|heute|date|ongoing|laufend)"
DATE_RANGE_RE = re.compile(
    rf"(?P<start>{_DATE})\s*(?:-|–|—|to|bis)\s*(?P<end>{_END})|(?:since|seit)\s+(?P<since>{_DATE})",
    re.I,
)
_HEADER_SPLIT_RE = re.compile(r"\s+[—–|]\s+|\s+-\s+|\s*\|\s*|\s+@\s+|\s+at\s+|,\s+")
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE_RE = re.compile(r"(?:\+?\d[\d ()./-]{7,}\d)")


# Separators that end a job title ("Title — Employer", "Title | Employer", "Title at
# Employer"); a comma does not ("Staff Nurse, Intensive Care Unit").
TITLE_END_RE = re.compile(r"\s+[—–|·]\s+|\s+-\s+|\s+at\s+|\s*\|\s*")


def without_dates(text: str) -> str:
    """A role header without its date range and the brackets it leaves behind."""
    text = DATE_RANGE_RE.sub("", text, count=1)
    text = re.sub(r"\(\s*\)|\[\s*\]", "", text)
    return re.sub(r"\s{2,}", " ", text).strip(" ,|—–-·")


def split_title(header: str) -> tuple[str, str]:
    """(title, the rest) of a role header without dates, split at the first separator."""
    parts = TITLE_END_RE.split(header, maxsplit=1)
    return parts[0].strip(" ,"), (parts[1].strip(" ,") if len(parts) > 1 else "")


@dataclass
class Role:
    title: str
    employer: str | None
    place: str | None
    start: str | None
    end: str | None
    bullets: list[str] = field(default_factory=list)
    header: str = ""


@dataclass
class ResumeProfile:
    name: str | None
    email: str | None
    phone: str | None
    summary: list[str]
    roles: list[Role]
    skills: list[str]
    education: list[str]
    certifications: list[str]
    languages: list[str]
    lines: list[str]

    def evidence_lines(self) -> list[str]:
        """Every line that can prove something, without headings or blank lines, and without
        the sentences that say what the person wants to do next ("Looking to move closer to
        the planning side of the supply chain" shows no supply chain planning)."""
        return [shown for line in self.lines if (shown := without_aspirations(line))]


# "Looking to move into …", "keen to learn …", "möchte mich … weiterentwickeln": a wish, not
# something done. "Looking to bring my eight years of SQL" still shows SQL.
ASPIRATION_RE = re.compile(
    r"\b(?:looking|seeking|keen|eager|hoping|aiming|aspiring|wanting|want|wish|planning"
    r"|would like|ready|excited|motivated)\s+to\s+(?:\w+\s+){0,2}?(?:move|step|progress"
    r"|transition|switch|develop|learn|grow|gain|break|expand|broaden|deepen|pursue|take on"
    r"|get into|work towards|branch)\b"
    r"|\b(?:next step|career change|looking for (?:a|my) (?:first|next|new) (?:role|position|job))\b"
    r"|\bmöchte\s+(?:mich\s+)?(?:\w+\s+){0,4}?(?:weiterentwickeln|wechseln|lernen|einsteigen)\b",
    re.I,
)


def without_aspirations(line: str) -> str:
    """The line without its sentences of wishes and plans."""
    if not ASPIRATION_RE.search(line):
        return line
    kept = [s for s in split_sentences(line) if not ASPIRATION_RE.search(s)]
    return " ".join(kept)


def _clean(line: str) -> str:
    return strip_markdown(line).strip(" *_")


def _split_header(text: str) -> list[str]:
    """ "Junior Sister (Band 6) | Trust": the band stays with the title."""
    return [
        p.strip(" ,") for p in split_outside_brackets(text, _HEADER_SPLIT_RE) if p.strip(" ,()")
    ]


def _without_dates(text: str) -> str:
    """The header without its date range and the separators or brackets left around it."""
    body = re.sub(r"\(\s*\)|\[\s*\]", "", DATE_RANGE_RE.sub("", text)).strip(" ,|—–-")
    while body.endswith("(") or (body.endswith(")") and body.count(")") > body.count("(")):
        body = body[:-1].strip(" ,|—–-")
    while body.startswith(")") or (body.startswith("(") and body.count("(") > body.count(")")):
        body = body[1:].strip(" ,|—–-")
    return body


def _parse_header(header: str, next_line: str | None) -> Role:
    """Title, employer, place and dates from a role header (and its next line, if needed)."""
    text = _clean(header)
    dates = DATE_RANGE_RE.search(text)
    extra = _clean(next_line) if next_line else ""
    if not dates and extra:
        dates = DATE_RANGE_RE.search(extra)
    start = end = None
    if dates:
        start = dates.group("start") or dates.group("since")
        end = dates.group("end") or "present"
    parts = _split_header(_without_dates(text))
    if extra and len(parts) == 1:
        parts += _split_header(_without_dates(extra))
    title = parts[0] if parts else text
    employer = parts[1] if len(parts) > 1 else None
    place = None
    rest = parts[2:]
    for part in rest:
        if is_place(part.split(",")[0]):
            place = part if place is None else place
    if employer and is_place(employer) and len(parts) > 2:
        place, employer = employer, parts[2]
    if employer is None and place is None and rest:
        employer = rest[0]
    return Role(title, employer, place, start, end, header=text)


def _employer_line(line: str | None) -> bool:
    """ "Boulangeries Martin SA, Lyon" under "Data Analyst | Mar 2021 – present"."""
    if not line or is_bullet(line) or DATE_RANGE_RE.search(line):
        return False
    text = _clean(line)
    return 0 < len(text.split()) <= 10 and not text.endswith((".", ":", ";"))


def _after_dates(lines: list[str], i: int) -> list[str]:
    """The header lines under a line that holds only dates ("04/2020 – heute", then the
    title, then the employer): the layout of many European CVs. Up to the first bullet."""
    block: list[str] = []
    for raw in lines[i + 1 : i + 4]:
        text = raw.strip()
        if not text or is_bullet(text) or DATE_RANGE_RE.search(text):
            break
        block.append(text)
    return block


def _roles(lines: list[str]) -> list[Role]:
    roles: list[Role] = []
    skip = 0
    for i, raw in enumerate(lines):
        if skip:
            skip -= 1
            continue
        line = raw.strip()
        if not line:
            continue
        if is_bullet(line):
            if roles:
                roles[-1].bullets.append(strip_bullet(line))
            continue
        nxt = next((ln for ln in lines[i + 1 : i + 2] if ln.strip() and not is_bullet(ln)), None)
        block = _after_dates(lines, i) if DATE_RANGE_RE.search(line) else []
        if block and not _without_dates(_clean(line)):
            # Dates alone, then "Title", then "Employer, Place", then "(what the firm does)".
            named = [b for b in block if not b.startswith("(")][:2]
            role = _parse_header(" | ".join(named), line)
            roles.append(role)
            skip = len(block)
            continue
        if DATE_RANGE_RE.search(line):
            role = _parse_header(line, None)
            if role.employer is None and role.place is None and _employer_line(nxt):
                role, skip = _parse_header(line, nxt), 1  # title and dates, then employer
            roles.append(role)
            continue
        if nxt and DATE_RANGE_RE.search(nxt):
            roles.append(_parse_header(line, nxt))
            skip = 1
            continue
        if roles and not roles[-1].bullets and len(line.split()) > 8:
            roles[-1].bullets.append(_clean(line))  # a prose description under a header
        elif (
            roles
            and roles[-1].bullets
            and line[:1].islower()
            and not roles[-1].bullets[-1].endswith((".", "!", "?", ":", ";"))
        ):
            roles[-1].bullets[-1] += " " + _clean(line)  # a bullet wrapped in pasted text
        else:
            roles.append(_parse_header(line, None))
    return roles


def analyze_resume(text: str) -> ResumeProfile:
    resume = parse_resume(text)
    norm = normalize(text)
    header_text = "\n".join(resume.header)
    email = _EMAIL_RE.search(header_text) or _EMAIL_RE.search(norm)
    phone = _PHONE_RE.search(header_text)
    roles: list[Role] = []
    skills: list[str] = []
    education: list[str] = []
    certs: list[str] = []
    languages: list[str] = []
    for section in resume.sections:
        content = [ln for ln in section.lines if ln.strip()]
        if section.kind in ("experience", "projects"):
            roles += _roles(section.lines)
        elif section.kind == "skills":
            skills += canonicals(find_hard_skills("\n".join(content)))
        elif section.kind == "education":
            education += [_clean(ln) for ln in content]
        elif section.kind == "certifications":
            certs += [_clean(ln) for ln in content]
        heading = (section.heading or "").lower()
        if "language" in heading or "sprach" in heading:
            languages += [_clean(ln) for ln in content]
    if not skills:
        skills = canonicals(find_hard_skills(norm))
    if not education:
        education = [_clean(ln) for ln in norm.split("\n") if find_degrees(ln)]
    if not certs:
        certs = canonicals(find_certifications(norm))
    if not languages:
        languages = list(dict.fromkeys(h.label for h in find_languages(norm)))
    return ResumeProfile(
        name=candidate_name(text),
        email=email.group(0) if email else None,
        phone=phone.group(0).strip() if phone else None,
        summary=resume.summary_sentences(),
        roles=roles,
        skills=skills,
        education=education,
        certifications=certs,
        languages=languages,
        lines=[_clean(ln) for ln in norm.split("\n") if _clean(ln)],
    )
