"""What an employer receives, as structure: a resume and a letter built from their parts.

Stored documents are Markdown (what the chat shows and the model writes). Rendering a
resume or a letter line by line from Markdown lost its shape (two degrees ran together in
one paragraph, the name ran into the contact line, the sign-off sat on one line), so the
exporters render these two kinds from the layout below instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from babel.dates import format_date

from bot.documents.markdown_blocks import Run, parse_markdown
from bot.documents.region import locale_for
from bot.generation.prose import signed_name
from bot.generation.resume_parsing import DOCUMENT_TITLE_RE, parse_resume
from bot.generation.resume_profile import (
    DATE_RANGE_RE,
    analyze_resume,
    split_title,
    without_dates,
)
from bot.generation.text import is_bullet, strip_bullet, strip_markdown
from bot.generation.written_language import written_in

_CONTACT_RE = re.compile(
    r"@|\+?\d[\d ()./-]{6,}\d|https?://|www\.|linkedin|github\.com|\s·\s|\s\|\s"
    # a postal address: "50937 Köln", "Leeds LS1 4AP", "Austin, TX 78701"
    r"|(?-i:\b\d{5}\s+[A-ZÄÖÜ][a-zäöüß]+$|\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b|,\s[A-Z]{2}\s+\d{5}\b)",
    re.I,
)
_GREETING_RE = re.compile(
    r"^(?:dear|hello|hi|to whom|sehr geehrte|liebe[rs]?|guten tag|hallo)\b.*[,:!]?$", re.I
)
_CLOSING_RE = re.compile(
    r"^(?:kind(?:est)? regards|best regards|regards|best wishes|yours (?:sincerely|faithfully|truly)"
    r"|sincerely|with (?:kind|best) regards|thank you|many thanks|mit freundlichen grüßen"
    r"|freundliche grüße|viele grüße|beste grüße)\b[^.]{0,40}[,.!]?$",
    re.I,
)
_SUBJECT_RE = re.compile(r"^(?:re|subject|betreff)\s*:", re.I)
# A note to the user that a model (or an older engine version) left in the text: it must
# never reach the file an employer receives. Said in the chat instead.
_INTERNAL_RE = re.compile(
    r"^\W*(?:notes?|n\.b\.|disclaimer|tailoring notes?|changes made|hinweis)\s*[:\-–]"
    r"|\b(?:offline engine|this (?:resume|letter|cv) (?:was|has been) (?:tailored|generated|optimi[sz]ed)"
    r"|similar past application|as an ai\b|language model)",
    re.I,
)


def is_internal_note(line: str) -> bool:
    return bool(_INTERNAL_RE.search(strip_markdown(line)))


@dataclass(frozen=True)
class Line:
    """A paragraph or a bullet with its inline styles."""

    runs: tuple[Run, ...]
    bullet: bool = False

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class RoleHeader:
    """A job: title in bold, employer and place after it, dates aligned right."""

    title: str
    detail: str
    dates: str


@dataclass
class ResumeSection:
    title: str
    items: list[Line | RoleHeader] = field(default_factory=list)


@dataclass
class ResumeLayout:
    name: str
    headline: list[str]
    contact: list[str]
    sections: list[ResumeSection]


@dataclass(frozen=True)
class LetterLayout:
    """A business letter: sender, date, recipient, subject, greeting, body, sign-off."""

    sender_name: str | None
    sender_contact: list[str]
    date_text: str
    recipient: list[str]
    subject: str
    greeting: str
    paragraphs: list[str]
    closing: str
    signature: str | None


def inline_runs(text: str) -> tuple[Run, ...]:
    """Bold/italic runs of one line of Markdown (no block structure)."""
    escaped = re.sub(r"^(\s*)([#>+-]|\d+[.)])", r"\1\\\2", text)
    blocks = parse_markdown(escaped)
    runs = [run for block in blocks for run in block.runs]
    return tuple(runs) or (Run(text),)


def _dates_text(match: re.Match[str]) -> str:
    if match.group("since"):
        return match.group(0)
    return f"{match.group('start')} – {match.group('end')}"


def role_header(line: str, next_line: str | None = None) -> RoleHeader | None:
    """A role header from one line with dates, or a title line followed by a line with dates."""
    text = strip_markdown(line).strip(" *_")
    dates = DATE_RANGE_RE.search(text)
    extra = strip_markdown(next_line).strip(" *_") if next_line else ""
    if dates is None and extra:
        dates = DATE_RANGE_RE.search(extra)
        if dates is None:
            return None
        detail = without_dates(extra)
        return RoleHeader(without_dates(text), detail, _dates_text(dates))
    if dates is None:
        return None
    body = without_dates(text)
    title, detail = split_title(body)
    return RoleHeader(title or body, detail, _dates_text(dates))


def resume_layout(markdown: str) -> ResumeLayout:
    """Name first, then headline and contact, then each section with its roles and bullets."""
    parsed = parse_resume(markdown)
    header = [strip_markdown(line).strip() for line in parsed.header if line.strip()]
    header = [line for line in header if not DOCUMENT_TITLE_RE.match(line)]
    name = header[0] if header else ""
    headline = [line for line in header[1:] if not _CONTACT_RE.search(line)]
    contact = [line for line in header[1:] if _CONTACT_RE.search(line)]
    sections: list[ResumeSection] = []
    for section in parsed.sections:
        out = ResumeSection(section.heading or "")
        lines = [line for line in section.lines if line.strip() and not is_internal_note(line)]
        skip = False
        for i, line in enumerate(lines):
            if skip:
                skip = False
                continue
            if is_bullet(line):
                out.items.append(Line(inline_runs(strip_bullet(line)), bullet=True))
                continue
            following = lines[i + 1] if i + 1 < len(lines) else None
            two_line = (
                section.kind in ("experience", "projects")
                and following is not None
                and not is_bullet(following)
                and not DATE_RANGE_RE.search(line)
                and DATE_RANGE_RE.search(following) is not None
            )
            if section.kind not in ("summary", "skills") and (
                DATE_RANGE_RE.search(line) or two_line
            ):
                header_found = role_header(line, following if two_line else None)
                if header_found is not None:
                    out.items.append(header_found)
                    skip = two_line
                    continue
            out.items.append(Line(inline_runs(line.strip())))
        if out.items:
            sections.append(out)
    return ResumeLayout(name=name, headline=headline, contact=contact, sections=sections)


_WORDS = {
    "en": ("Application: {role}", "Application", "Dear Hiring Manager,", "Kind regards,"),
    "de": (
        "Bewerbung als {role}",
        "Bewerbung",
        "Sehr geehrte Damen und Herren,",
        "Mit freundlichen Grüßen",
    ),
    "fr": ("Candidature : {role}", "Candidature", "Madame, Monsieur,", "Cordialement,"),
    "es": ("Solicitud: {role}", "Solicitud", "Estimados señores:", "Atentamente,"),
    "ru": ("Отклик на вакансию «{role}»", "Отклик на вакансию", "Здравствуйте!", "С уважением,"),
}


def letter_layout(
    markdown: str,
    *,
    resume: str,
    company: str | None,
    role: str | None,
    location: str | None,
    language: str | None,
    today: date,
    locale: str,
) -> LetterLayout:
    """The letter's body from the stored text; sender, date and sign-off from the resume.

    The signature is the resume's name, never the chat's display name; with no name in
    the resume the letter ends with the closing alone rather than with a wrong name.
    """
    profile = analyze_resume(resume)
    parsed_header = parse_resume(resume).header
    contact = [
        strip_markdown(line).strip() for line in parsed_header[1:4] if _CONTACT_RE.search(line)
    ]
    if not contact:
        contact = [part for part in (profile.email, profile.phone) if part]
    lang = written_in(markdown) or (language or "en")[:2]
    subject_tpl, bare_subject, default_greeting, default_closing = _WORDS.get(lang, _WORDS["en"])
    greeting = default_greeting
    closing = default_closing
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", markdown.strip()):
        lines = [
            strip_markdown(line).strip()
            for line in block.split("\n")
            if line.strip() and not is_internal_note(line)
        ]
        if not lines:
            continue
        first = lines[0]
        if _SUBJECT_RE.match(first) and len(lines) == 1:
            continue
        if _GREETING_RE.match(first) and len(first) < 90:
            greeting = first if first.endswith((",", ":", "!")) else first + ","
            lines = lines[1:]
        if lines and _CLOSING_RE.match(lines[0]):
            closing = lines[0]
            break  # the sign-off and anything after it (a name) are rebuilt below
        if lines:
            paragraphs.append(" ".join(lines))
    recipient = [part for part in (company, location) if part]
    subject = subject_tpl.format(role=role) if role else bare_subject
    if not locale.startswith(lang):  # the body's language, the job's country
        locale = locale_for(lang, locale.partition("_")[2] or None)
    date_text = format_date(today, format="long", locale=locale)
    return LetterLayout(
        sender_name=signed_name(profile.name) if profile.name else None,
        sender_contact=contact,
        date_text=date_text,
        recipient=recipient,
        subject=subject,
        greeting=greeting,
        paragraphs=paragraphs,
        closing=closing,
        signature=signed_name(profile.name) if profile.name else None,
    )
