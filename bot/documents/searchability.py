"""Will an applicant tracking system read this resume? The checks Jobscan and Rezi show next
to a resume, each failure with a one-line fix the user can act on.

Checks run on the file the user will send (the structured layout and its rendered pages),
not on the chat text, so what passes here is what the employer's system receives.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.documents.layout import ResumeLayout, RoleHeader
from bot.generation.resume_parsing import parse_resume
from bot.generation.resume_profile import analyze_resume

MAX_PAGES = 2


class CheckName(StrEnum):
    CONTACT = "contact details"
    HEADINGS = "standard headings"
    DATES = "dates"
    FILE = "file type and name"
    LENGTH = "length"


@dataclass(frozen=True)
class Check:
    name: CheckName
    ok: bool
    detail: str  # what was found, or the one-line fix when `ok` is False


def searchability(markdown: str, layout: ResumeLayout, *, pages: int, filename: str) -> list[Check]:
    profile = analyze_resume(markdown)
    missing_contact = [
        label for label, value in (("email", profile.email), ("phone", profile.phone)) if not value
    ]
    kinds = {section.kind for section in parse_resume(markdown).sections}
    missing_sections = [k for k in ("experience", "education", "skills") if k not in kinds]
    roles = [i for s in layout.sections for i in s.items if isinstance(i, RoleHeader)]
    undated = _experience_lines_without_dates(layout)
    checks = [
        Check(
            CheckName.CONTACT,
            not missing_contact,
            "email and phone at the top"
            if not missing_contact
            else f"Add your {' and '.join(missing_contact)} under your name.",
        ),
        Check(
            CheckName.HEADINGS,
            not missing_sections,
            "Experience, Education, Skills"
            if not missing_sections
            else "Add a section headed "
            + " and ".join(f"“{k.title()}”" for k in missing_sections)
            + " (standard names are what ATS parsers look for).",
        ),
        Check(
            CheckName.DATES,
            bool(roles) and not undated,
            f"{len(roles)} role(s) with start and end dates"
            if roles and not undated
            else (
                f"Add dates such as “Mar 2021 – Present” to: {undated[0]}"
                if undated
                else "Put each job on its own line with its dates, e.g. “Analyst, Acme (2021 – "
                "Present)”."
            ),
        ),
        Check(
            CheckName.FILE,
            filename.count("_") >= 2 and filename.endswith((".pdf", ".docx")),
            filename
            if filename.count("_") >= 2
            else "Put your full name on the first line of the resume so the file is named "
            "after you.",
        ),
        Check(
            CheckName.LENGTH,
            pages <= MAX_PAGES,
            f"{pages} page(s)"
            if pages <= MAX_PAGES
            else f"{pages} pages: cut older roles to one line each to fit on {MAX_PAGES}.",
        ),
    ]
    return checks


def _experience_lines_without_dates(layout: ResumeLayout) -> list[str]:
    """Bold-less lines that head a run of bullets in Experience but carry no dates."""
    out: list[str] = []
    for section in layout.sections:
        if parse_resume(f"## {section.title}").sections[0].kind != "experience":
            continue
        items = section.items
        for item, following in zip(items, [*items[1:], None], strict=True):
            if (
                not isinstance(item, RoleHeader)
                and not item.bullet
                and following is not None
                and not isinstance(following, RoleHeader)
                and following.bullet
            ):
                out.append(item.text)
    return out
