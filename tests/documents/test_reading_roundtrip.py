"""Uploaded resumes read faithfully: every role (title, employer, place, dates), every
bullet under its own role and every figure survive PDF/DOCX → text → typed resume.

The PDFs and DOCX files are built in the test (tests/documents/conftest.py) the way CV
builders and Word lay them out; nothing binary is checked in.
"""

from __future__ import annotations

import re

import pytest

from bot.documents.reading import extract_resume_text
from bot.generation.resume_profile import ResumeProfile, analyze_resume
from bot.generation.text import normalize
from tests.documents.conftest import (
    ANALYST,
    HR_DE,
    NURSE,
    RESUMES,
    SpecResume,
    plain,
    resume_docx,
    resume_pdf,
    resume_pdf_layout,
    spec_numbers,
)

FORMATS = {
    "pdf": lambda spec: ("cv.pdf", resume_pdf(spec)),
    "pdf-drawn-by-column": lambda spec: ("cv.pdf", resume_pdf(spec, rowwise=False)),
    "pdf-a4-no-footer": lambda spec: ("cv.pdf", resume_pdf(spec, page_format="A4", footer=False)),
    "docx": lambda spec: ("cv.docx", resume_docx(spec)),
}


def _read(spec: SpecResume, fmt: str) -> tuple[str, ResumeProfile]:
    filename, data = FORMATS[fmt](spec)
    text = extract_resume_text(filename, data)
    return text, analyze_resume(text)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("spec", RESUMES, ids=lambda s: s.field)
def test_every_role_and_bullet_round_trips(spec: SpecResume, fmt: str) -> None:
    text, profile = _read(spec, fmt)
    expected = [
        (r.title, r.employer, r.place, r.start, r.end, [normalize(plain(b)) for b in r.bullets])
        for r in spec.roles
    ]
    got = [(r.title, r.employer, r.place, r.start, r.end, r.bullets) for r in profile.roles]
    assert got == expected, text
    assert profile.name == spec.name
    assert profile.email == spec.contact[0]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("spec", RESUMES, ids=lambda s: s.field)
def test_every_number_and_unit_survives(spec: SpecResume, fmt: str) -> None:
    text, profile = _read(spec, fmt)
    evidence = " ".join(profile.evidence_lines())
    missing = [n for n in spec_numbers(spec) if normalize(n) not in evidence]
    assert not missing, text


@pytest.mark.parametrize("fmt", ["pdf", "pdf-drawn-by-column", "docx"])
@pytest.mark.parametrize("spec", RESUMES, ids=lambda s: s.field)
def test_columns_are_not_spliced_and_furniture_is_dropped(spec: SpecResume, fmt: str) -> None:
    text, _ = _read(spec, fmt)
    for column in spec.skills:  # each column's sentences stay whole
        assert plain(column) in text
    assert "Page 1" not in text and "Page 2" not in text
    assert plain(spec.summary).split(". ")[0] in text


def test_the_fixtures_exercise_what_they_claim() -> None:
    """The PDF layouts really break words, compounds and pages (else the tests prove less)."""
    breaks = {spec.field: resume_pdf_layout(spec) for spec in RESUMES}
    for layout in breaks.values():
        layout.build()
    assert {"page", "hyphenated", "compound"} <= breaks[ANALYST.field].breaks
    assert {"page", "hyphenated"} <= breaks[NURSE.field].breaks
    assert {"page", "hyphenated", "compound"} <= breaks[HR_DE.field].breaks


def test_pdf_keeps_role_header_apart_from_the_previous_bullet() -> None:
    """Issue 13: the next job's title must never end up inside the last bullet."""
    text, profile = _read(ANALYST, "pdf")
    assert "Junior Data Analyst | Sep 2019 – Feb 2021" in text.splitlines()
    assert not any("Junior Data Analyst" in b for r in profile.roles for b in r.bullets)
    first, second = profile.roles[0], profile.roles[1]
    assert first.bullets[-1].endswith("before the morning run")
    assert second.bullets[0].startswith("Forecast weekly demand")


def test_docx_list_paragraph_style_alone_is_not_a_bullet() -> None:
    """Issue 13: a role title typed in "List Paragraph" (no numbering) was read as a bullet
    of the previous job, and that job's bullets then read as the previous employer's."""
    text, profile = _read(ANALYST, "docx")
    assert "Junior Data Analyst, Café Crème Retail SAS, Lyon (Sep 2019 – Feb 2021)" in (
        text.splitlines()
    )
    assert [len(r.bullets) for r in profile.roles] == [len(r.bullets) for r in ANALYST.roles]


def test_docx_tracked_changes_content_controls_and_text_boxes() -> None:
    text, _ = _read(ANALYST, "docx")
    assert "reducing waste by 12%" in text and "15%" not in text  # insertion in, deletion out
    assert ANALYST.languages in text  # from the text box
    _, hr = _read(HR_DE, "docx")
    assert hr.roles[0].employer == "Müller & Söhne GmbH"  # employer line in a content control


def test_pasted_wrapped_bullet_rejoins_but_a_header_never_does() -> None:
    text = (
        "Experience\n"
        "Data Analyst, Boulangeries Martin SA, Lyon (2021 – present)\n"
        "- Built dashboards for 40 stores, cutting preparation time\n"
        "from 3 days to 2 hours\n"
        "- Ran A/B tests that lifted sign-ups by 18%\n"
        "junior Data Analyst, Café Crème Retail SAS, Lyon (2019 – 2021)\n"
        "- Forecast weekly demand, reducing waste by 12%\n"
    )
    roles = analyze_resume(text).roles
    assert roles[0].bullets == [
        "Built dashboards for 40 stores, cutting preparation time from 3 days to 2 hours",
        "Ran A/B tests that lifted sign-ups by 18%",
    ]
    assert roles[1].employer == "Café Crème Retail SAS"
    assert roles[1].bullets == ["Forecast weekly demand, reducing waste by 12%"]


def test_title_and_dates_then_employer_line() -> None:
    profile = analyze_resume(
        "Berufserfahrung\nPersonalreferentin | 03/2020 – heute\nMüller & Söhne GmbH, München\n"
        "- Betreuung von 450 Mitarbeitenden\n"
        "Staff Nurse (Band 5) | Sep 2018 – present\n"
        "Led a team of six nurses on a busy surgical ward for three years running.\n"
    )
    first, second = profile.roles
    assert (first.title, first.employer, first.place) == (
        "Personalreferentin",
        "Müller & Söhne GmbH",
        "München",
    )
    assert (second.title, second.employer, second.end) == ("Staff Nurse (Band 5)", None, "present")
    assert second.bullets == [
        "Led a team of six nurses on a busy surgical ward for three years running."
    ]


def test_numbers_never_dropped_from_wrapped_lines() -> None:
    """A figure at the start of a wrapped line ("18% across…") stays in its bullet."""
    _, profile = _read(ANALYST, "pdf")
    bullet = profile.roles[0].bullets[1]
    assert re.search(r"lifted sign-ups by 18% across 120,000 members", bullet)
