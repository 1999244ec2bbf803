"""The files a recruiter receives, opened the way a recruiter's tools open them: the PDF
with a PDF reader (text, page size, metadata), the DOCX with python-docx (styles,
paragraphs, core properties)."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest
from pypdf import PdfReader

from bot.documents.files import DocumentContext, file_name, render_file
from bot.documents.layout import RoleHeader, letter_layout, resume_layout

RESUME = """Jürgen Müller-Lüdenscheidt
Personalreferent
München · juergen.mueller@example.de · +49 170 1234567

## Summary
HR generalist with 6 years in payroll and recruiting for manufacturing companies.

## Experience
Personalreferent - Brennert Maschinenbau GmbH, München (03/2021 - heute)
- Supported 420 employees across 3 sites with payroll questions in DATEV
- Cut time-to-hire from 48 to 31 days by rebuilding the interview process

Junior HR Generalist
Café Crème Retail SAS · Lyon · Sep 2018 - Feb 2021
- Ran onboarding for 60 store staff per year

## Education
M.A. Human Resource Management, LMU München, 2018
B.A. Betriebswirtschaft, Universität Augsburg, 2016
"""

LETTER = """Dear Hiring Team,

I am applying for the HR Business Partner role. In my current role I support 420 employees.

I cut time-to-hire from 48 to 31 days.

Kind regards,
You
"""


def _ctx(**overrides: object) -> DocumentContext:
    values: dict[str, object] = {
        "resume": RESUME,
        "company": "Rheinland Logistik AG",
        "role": "HR Business Partner",
        "location": "Köln, Germany",
        "language": "en",
        "timezone": "Europe/Berlin",
        "today": date(2026, 11, 30),
    }
    values.update(overrides)
    return DocumentContext(**values)  # type: ignore[arg-type]


def _pdf(data: bytes) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(io.BytesIO(data))
    lines = [ln.strip() for page in reader.pages for ln in page.extract_text().splitlines()]
    return reader, [ln for ln in lines if ln]


def test_resume_layout_keeps_roles_degrees_and_dates_apart() -> None:
    layout = resume_layout(RESUME)
    assert layout.name == "Jürgen Müller-Lüdenscheidt"
    assert layout.headline == ["Personalreferent"]
    assert layout.contact == ["München · juergen.mueller@example.de · +49 170 1234567"]
    roles = [i for s in layout.sections for i in s.items if isinstance(i, RoleHeader)]
    assert roles == [
        RoleHeader("Personalreferent", "Brennert Maschinenbau GmbH, München", "03/2021 – heute"),
        RoleHeader("Junior HR Generalist", "Café Crème Retail SAS · Lyon", "Sep 2018 – Feb 2021"),
    ]
    education = next(s for s in layout.sections if s.title == "Education")
    assert len(education.items) == 2  # two degrees, two lines


def test_resume_pdf_name_first_roles_on_their_own_lines_page_size_and_author() -> None:
    reader, lines = _pdf(render_file("optimized_resume", RESUME, _ctx(), "pdf").data)
    assert lines[0] == "Jürgen Müller-Lüdenscheidt"
    assert any(ln.startswith("Personalreferent") and ln.endswith("03/2021 – heute") for ln in lines)
    assert "Junior HR Generalist Sep 2018 – Feb 2021" in lines
    assert "Café Crème Retail SAS · Lyon" in lines
    assert "M.A. Human Resource Management, LMU München, 2018" in lines
    assert "B.A. Betriebswirtschaft, Universität Augsburg, 2016" in lines
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 for a job in Germany
    assert reader.metadata is not None and reader.metadata.author == "Jürgen Müller-Lüdenscheidt"


def test_resume_docx_structure_page_and_properties() -> None:
    data = render_file("optimized_resume", RESUME, _ctx(location="Austin, TX"), "docx").data
    document = docx.Document(io.BytesIO(data))
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    assert paragraphs[0].style is not None and paragraphs[0].style.name == "Title"
    assert paragraphs[0].text == "Jürgen Müller-Lüdenscheidt"
    headings = [p.text for p in paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert headings == ["Summary", "Experience", "Education"]
    role = next(p for p in paragraphs if p.text.startswith("Junior HR Generalist"))
    assert role.runs[0].bold and role.text.endswith("\tSep 2018 – Feb 2021")
    bullets = [p.text for p in paragraphs if p.style is not None and p.style.name == "List Bullet"]
    assert "Ran onboarding for 60 store staff per year" in bullets and len(bullets) == 3
    section = document.sections[0]
    assert section.page_width is not None and abs(section.page_width.inches - 8.5) < 0.01
    props = document.core_properties
    assert props.author == "Jürgen Müller-Lüdenscheidt" and "python-docx" not in (
        props.last_modified_by or ""
    )


def test_letter_signed_with_the_resume_name_not_the_chat_name() -> None:
    _, lines = _pdf(render_file("cover_letter", LETTER, _ctx(), "pdf").data)
    assert lines[0] == "Jürgen Müller-Lüdenscheidt"
    assert "Rheinland Logistik AG" in lines and "30 November 2026" in lines
    assert "Application: HR Business Partner" in lines
    assert lines[-2:] == ["Kind regards,", "Jürgen Müller-Lüdenscheidt"]
    assert "You" not in lines
    assert lines.index("Dear Hiring Team,") < lines.index("Kind regards,")


def test_letter_frame_follows_the_language_the_body_is_written_in() -> None:
    german = (
        "Sehr geehrte Damen und Herren,\n\nich bewerbe mich als HR Business Partner bei Ihnen. "
        "In meiner Rolle bei der Brennert Maschinenbau GmbH betreue ich 420 Mitarbeitende und "
        "habe die Zeit bis zur Einstellung von 48 auf 31 Tage verkürzt. Ich freue mich auf "
        "ein Gespräch mit Ihnen und mit dem Team.\n\nMit freundlichen Grüßen\nJürgen"
    )
    data = render_file("cover_letter", german, _ctx(language="en"), "docx").data
    texts = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.text.strip()]
    assert "30. November 2026" in texts and "Bewerbung als HR Business Partner" in texts
    assert texts[-2:] == ["Mit freundlichen Grüßen", "Jürgen Müller-Lüdenscheidt"]
    # The setting says German but the body is English: the frame stays English.
    english = LETTER.replace("Hello", "Hello") + (" I have led the payroll team for years." * 3)
    data = render_file("cover_letter", english, _ctx(language="de"), "docx").data
    texts = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.text.strip()]
    assert "Application: HR Business Partner" in texts and "30 November 2026" in texts


def test_letter_without_a_name_in_the_resume_has_no_wrong_signature() -> None:
    layout = letter_layout(
        "Hello there,\n\nBody text here.",
        resume="## Experience\n- Did things for 3 years",
        company=None,
        role=None,
        location=None,
        language="en",
        today=date(2026, 1, 5),
        locale="en_US",
    )
    assert layout.signature is None and layout.recipient == []
    assert layout.subject == "Application" and layout.date_text == "January 5, 2026"
    assert layout.paragraphs == ["Body text here."]


def test_paper_follows_the_job_then_the_user() -> None:
    def page_width(ctx: DocumentContext) -> int:
        data = render_file("cover_letter", LETTER, ctx, "pdf").data
        return round(float(PdfReader(io.BytesIO(data)).pages[0].mediabox.upper_right[0]))

    assert page_width(_ctx(location="Peoria, IL")) == 612  # US Letter
    assert page_width(_ctx(location="Leeds, UK")) == 595
    assert page_width(_ctx(location=None, timezone="America/Chicago")) == 612
    assert page_width(_ctx(location="Remote", timezone="Europe/London")) == 595


@pytest.mark.parametrize(
    ("person", "company", "expected"),
    [
        ("Maria Gonzalez", "St. Mary's Regional Hospital", "Maria_Gonzalez_Resume_St_Marys_Regional_Hospital.pdf"),
        ("Jürgen Groß", "Brennert GmbH", "Jurgen_Gross_Resume_Brennert_GmbH.pdf"),
        ("Eve\u202e Evil\u200b", "../../etc/passwd", "Eve_Evil_Resume_etc_passwd.pdf"),
        (None, None, "Resume.pdf"),
    ],
)  # fmt: skip
def test_file_names_a_recruiter_can_use(
    person: str | None, company: str | None, expected: str
) -> None:
    assert file_name(person, "optimized_resume", company, "pdf") == expected


def test_a_two_page_resume_stays_readable() -> None:
    bullets = "\n".join(
        f"- Delivered project {i} for 12 clients, saving 8% of cost" for i in range(70)
    )
    long_resume = RESUME.replace("## Education", bullets + "\n\n## Education")
    reader, lines = _pdf(render_file("optimized_resume", long_resume, _ctx(), "pdf").data)
    assert len(reader.pages) >= 2
    assert sum("Delivered project" in ln for ln in lines) == 70


def test_notes_to_the_user_never_reach_the_file() -> None:
    noted = RESUME + (
        "\n_Bullet order also took your most similar past application into account._\n"
        "Note: the offline engine could not apply this feedback automatically.\n"
    )
    _, lines = _pdf(render_file("optimized_resume", noted, _ctx(), "pdf").data)
    text = "\n".join(lines)
    assert "similar past application" not in text and "offline engine" not in text
    assert "B.A. Betriebswirtschaft, Universität Augsburg, 2016" in lines
    letter = LETTER.replace("Kind regards,", "Note: I kept it short as asked.\n\nKind regards,")
    _, lines = _pdf(render_file("cover_letter", letter, _ctx(), "pdf").data)
    assert not any("kept it short" in ln for ln in lines)


@pytest.mark.parametrize("title", ["CURRICULUM VITAE", "Lebenslauf", "Résumé", "CV"])
def test_a_document_title_above_the_name_is_not_the_name(title: str) -> None:
    """European CVs often open with "CURRICULUM VITAE" or "LEBENSLAUF": the file's title and
    the letter's signature are the person, and a postal address is contact, not a headline."""
    from bot.generation.resume_parsing import candidate_name

    cv = (
        f"{title}\n\nJulia Schneider\nPersonalreferentin\nSülzburgstraße 118, 50937 Köln\n"
        "E-Mail: julia.schneider@example.de | Telefon: 0170 555 2814\n\n## Berufserfahrung\n"
        "Personalreferentin, Bergmann GmbH (04/2020 - heute)\n- Betreuung von 450 Mitarbeitenden\n"
    )
    layout = resume_layout(cv)
    assert layout.name == "Julia Schneider"
    assert layout.headline == ["Personalreferentin"]
    assert "Sülzburgstraße 118, 50937 Köln" in layout.contact
    assert candidate_name(cv) == "Julia Schneider"
