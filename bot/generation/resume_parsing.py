"""Reading a pasted resume into its header, sections and bullets, and finding the
candidate's name: the structure the offline engine reorders (it never rewrites facts)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.generation.text import (
    is_bullet,
    is_markdown_heading,
    normalize,
    split_sentences,
    strip_bullet,
    strip_markdown,
)

_SECTION_WORDS = {
    "summary": "summary",
    "professional summary": "summary",
    "profile": "summary",
    "about me": "summary",
    "about": "summary",
    "objective": "summary",
    "experience": "experience",
    "work experience": "experience",
    "professional experience": "experience",
    "employment": "experience",
    "employment history": "experience",
    "work history": "experience",
    "career history": "experience",
    "skills": "skills",
    "technical skills": "skills",
    "key skills": "skills",
    "core skills": "skills",
    "core competencies": "skills",
    "education": "education",
    "certifications": "certifications",
    "certificates": "certifications",
    "licenses & certifications": "certifications",
    "licenses and certifications": "certifications",
    "licences & certifications": "certifications",
    "projects": "projects",
    "selected projects": "projects",
    "languages": "other",
    "awards": "other",
    "publications": "other",
    "volunteering": "other",
    "volunteer experience": "other",
    "interests": "other",
}


@dataclass
class Section:
    heading: str | None
    kind: str
    lines: list[str] = field(default_factory=list)


@dataclass
class Resume:
    header: list[str]
    sections: list[Section]

    def bullets(self) -> list[str]:
        return [
            strip_bullet(line)
            for s in self.sections
            if s.kind in ("experience", "projects", "other")
            for line in s.lines
            if is_bullet(line)
        ]

    def summary_sentences(self) -> list[str]:
        return [
            sentence
            for s in self.sections
            if s.kind == "summary"
            for line in s.lines
            for sentence in split_sentences(strip_markdown(line))
        ]


_EXTRA_SECTIONS = {
    "education and qualifications": "education",
    "education & qualifications": "education",
    "qualifications": "education",
    "education and training": "education",
    "training": "certifications",
    "professional registration": "certifications",
    "registration": "certifications",
    "registrations": "certifications",
    "licences": "certifications",
    "licenses": "certifications",
    "berufserfahrung": "experience",
    "beruflicher werdegang": "experience",
    "praxiserfahrung": "experience",
    "ausbildung": "education",
    "bildung": "education",
    "studium": "education",
    "kenntnisse": "skills",
    "fähigkeiten": "skills",
    "it-kenntnisse": "skills",
    "sprachen": "other",
    "sprachkenntnisse": "other",
    "zertifikate": "certifications",
    "weiterbildungen": "certifications",
    "profil": "summary",
    "kurzprofil": "summary",
    "personal statement": "summary",
    "personal profile": "summary",
    "career summary": "summary",
    "relevant experience": "experience",
    "teaching experience": "experience",
    "clinical experience": "experience",
    "skills and competencies": "skills",
    "key skills and competencies": "skills",
    "skills & tools": "skills",
    "technical skills and tools": "skills",
    "languages and interests": "other",
}


_CAPS_HEADING_RE = re.compile(r"^[A-ZÄÖÜ][A-ZÄÖÜ &/,-]{3,60}$")
_KIND_WORDS = (
    ("experience", ("experience", "employment", "work history", "career", "erfahrung")),
    ("certifications", ("registration", "licen", "certif", "accreditation", "training")),
    ("education", ("education", "qualification", "ausbildung", "studium")),
    ("skills", ("skill", "competenc", "kenntnisse", "tools")),
)


def _section_kind(line: str, *, in_body: bool = False) -> str | None:
    """The kind of section a line opens, or None. `in_body`: sections have begun, so a short
    line in capitals ("REGISTRATION & QUALIFICATIONS") is a heading even if not a known one
    (at the top, capitals are the name or "CURRICULUM VITAE")."""
    plain = strip_markdown(line).strip().rstrip(":").strip().lower()
    if plain in _SECTION_WORDS:
        return _SECTION_WORDS[plain]
    if plain in _EXTRA_SECTIONS:
        return _EXTRA_SECTIONS[plain]
    if is_markdown_heading(line) and line.lstrip().startswith("## "):
        return "other"
    if in_body and _CAPS_HEADING_RE.match(strip_markdown(line).strip().rstrip(":")):
        # Only a heading word makes it one: "SENIOR DATA ANALYST" is a job title in capitals.
        return next((k for k, words in _KIND_WORDS if any(w in plain for w in words)), None)
    return None


def parse_resume(resume: str) -> Resume:
    """Split a resume into header lines and titled sections, keeping every line."""
    header: list[str] = []
    sections: list[Section] = []
    for raw in normalize(resume).split("\n"):
        line = raw.rstrip()
        # Below the name and a contact line, "LICENSES / CERTS" in capitals is a heading
        # even when it is the first one (the name itself may be in capitals).
        in_body = bool(sections) or sum(1 for h in header if h.strip()) >= 2
        kind = _section_kind(line, in_body=in_body) if line.strip() else None
        if kind is not None:
            sections.append(Section(strip_markdown(line).rstrip(":").strip(), kind))
        elif sections:
            sections[-1].lines.append(line)
        elif line.strip() and is_bullet(line):
            sections.append(Section(None, "other", [line]))
        else:
            header.append(line)
    for section in sections:
        while section.lines and not section.lines[-1].strip():
            section.lines.pop()
        while section.lines and not section.lines[0].strip():
            section.lines.pop(0)
    while header and not header[-1].strip():
        header.pop()
    return Resume(header, sections)


_CONTACT_LINE_RE = re.compile(r"@|https?://|www\.|linkedin|\+?\d[\d ()./-]{6,}\d", re.I)


# A document's title above the name ("CURRICULUM VITAE", "Lebenslauf"): not the person.
DOCUMENT_TITLE_RE = re.compile(
    r"^(?:curriculum vitae|cv|r[ée]sum[ée]|lebenslauf|tabellarischer lebenslauf"
    r"|curr[íi]culum)\s*:?$",
    re.I,
)


def candidate_name(resume: str, given: str | None = None) -> str | None:
    """The candidate's name: given explicitly, or the resume's first line if it looks like one.

    Contact lines before it are skipped: a Word file's page header (email | phone | city)
    comes out before the name."""
    if given and given.strip():
        return given.strip()
    top = normalize(resume).split("\n")[:_NAME_SEARCH_LINES]
    for raw in top:  # "Name: Julia Brandstätter" under "Persönliche Daten"
        labelled = _NAME_LABEL_RE.match(strip_markdown(raw).strip())
        if labelled and _looks_like_name(labelled.group(1).strip()):
            return labelled.group(1).strip()
    for raw in top:
        line = strip_markdown(raw).strip()
        if not line or _CONTACT_LINE_RE.search(line) or DOCUMENT_TITLE_RE.match(line):
            continue
        if line.rstrip(":").lower() in _PERSONAL_HEADINGS or _section_kind(line):
            continue  # "Persönliche Daten", "Personal details": a heading, not a name
        name = line.split(",")[0].split("|")[0].split(" - ")[0].strip()
        return name if _looks_like_name(name) else None
    return None


_NAME_SEARCH_LINES = 15
_NAME_LABEL_RE = re.compile(
    r"(?i)^(?:full name|name|vor- und nachname|vorname und name)\s*:\s*(.+)$"
)
_PERSONAL_HEADINGS = frozenset(
    [
        "persönliche daten",
        "personal details",
        "personal information",
        "personal data",
        "kontakt",
        "kontaktdaten",
        "contact",
        "contact details",
        "angaben zur person",
    ]
)


def _looks_like_name(name: str) -> bool:
    parts = name.split()
    return 2 <= len(parts) <= 4 and all(re.fullmatch(r"[A-ZÀ-Ý][\w'.-]*", p) for p in parts)
