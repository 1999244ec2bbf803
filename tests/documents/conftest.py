"""Builders for test fixtures: real PDF/DOCX/PNG files generated on the fly, no binaries.

Besides the small files of the original tests, `RESUMES` holds three realistic resumes (a
data analyst in Lyon, a UK nurse, a German Personalreferentin) that `resume_pdf` and
`resume_docx` lay out the way word processors and CV builders do: multi-column contact
header, right-aligned dates, wrapped bullets with hyphenated breaks, bold figures, a
two-column skills block, page footers and several pages (PDF); heading and list styles,
numbering, a contact table in the page header, content controls, tracked insertions and a
text box (DOCX). The bench uses the same builders.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass

import docx
import pytest
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm
from fpdf import FPDF
from PIL import Image

from bot.documents.export_pdf import find_unicode_fonts

RESUME_TEXT = (
    "Jane Müller\n"
    "Senior Python Engineer, Zürich\n"
    "Experience\n"
    "- Built asynchronous data pipelines processing 2 million events per day\n"
    "- Led a team of five engineers delivering a Telegram bot platform\n"
)


def make_pdf(lines: list[str], *, image: bytes | None = None, pages: int = 1) -> bytes:
    """A text PDF with the DejaVu font (so non-Latin text is real text), or an image-only one."""
    pdf = FPDF()
    fonts = find_unicode_fonts()
    assert fonts is not None
    pdf.add_font("DejaVu", "", str(fonts[""]))
    for _ in range(pages):
        pdf.add_page()
        pdf.set_font("DejaVu", size=11)
        for line in lines:
            pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
        if image is not None:
            pdf.image(io.BytesIO(image), x=10, y=10, w=180)
    return bytes(pdf.output())


def make_png(width: int = 60, height: int = 40) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def make_docx() -> bytes:
    document = docx.Document()
    document.add_heading("Jane Müller", level=1)
    document.add_paragraph("Senior Python Engineer based in Zürich with ten years of experience.")
    document.add_paragraph("Built data pipelines with asyncio", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Skill"
    table.cell(0, 1).text = "Level"
    table.cell(1, 0).text = "Python"
    table.cell(1, 1).text = "Expert"
    document.add_paragraph("References available on request, thank you for reading.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def resume_lines() -> list[str]:
    return RESUME_TEXT.splitlines()


# --- Realistic resumes -------------------------------------------------------------------
# Markup inside texts: **bold** (figures are often bold), and U+00AD where a word may be
# hyphenated at a line break. `plain()` gives the text a reader must return.


@dataclass(frozen=True)
class SpecRole:
    title: str
    employer: str
    place: str
    start: str
    end: str
    bullets: tuple[str, ...]


@dataclass(frozen=True)
class SpecResume:
    field: str
    name: str
    headline: str
    contact: tuple[str, str, str]
    headings: dict[str, str]  # summary, experience, skills, education, languages
    summary: str
    roles: tuple[SpecRole, ...]
    skills: tuple[str, str]  # two columns
    education: tuple[str, ...]
    languages: str


def plain(text: str) -> str:
    """The text as a reader should return it: no markup, no soft hyphens."""
    return text.replace("**", "").replace("\u00ad", "")


def spec_numbers(spec: SpecResume) -> list[str]:
    """Every figure a reader must keep (with its unit when one follows)."""
    texts = [spec.summary, *spec.skills, *spec.education, spec.languages]
    for role in spec.roles:
        texts += list(role.bullets)
    return [m.group(0) for t in texts for m in re.finditer(r"\d[\d.,]*(?:\s?%)?", plain(t))]


ANALYST = SpecResume(
    field="data analyst (Lyon)",
    name="Camille Durand",
    headline="Data Analyst – retail and loyalty analytics",
    contact=("camille.durand@example.fr", "+33 6 12 34 56 78", "Lyon, France"),
    headings={
        "summary": "Profile",
        "experience": "Experience",
        "skills": "Skills",
        "education": "Education",
        "languages": "Languages",
    },
    summary=(
        "Data analyst with five years in French retail, turning till and loyalty data into "
        "decisions that store managers use every week. I like clean pipelines, honest "
        "dashboards and tests that prove a change before it ships."
    ),
    roles=(
        SpecRole(
            "Data Analyst",
            "Boulangeries Martin SA",
            "Lyon",
            "Mar 2021",
            "present",
            (
                "Built Power BI dashboards for 40 stores, cutting preparation time **from 3 "
                "days to 2 hours** for the weekly regional review",
                "Ran A/B tests on the loyalty app that lifted sign-ups by **18%** across "
                "120,000 members and informed the 2023 pricing decisions",
                "Automated stock report in Python for the regional manage\u00adment team, saving "
                "6 hours a week of copy-and-paste work in Excel",
                "Introduced automated data-quality checks for the full-stack developers of the "
                "e-commerce team, catching 95% of broken feeds before the morning run",
            ),
        ),
        SpecRole(
            "Junior Data Analyst",
            "Café Crème Retail SAS",
            "Lyon",
            "Sep 2019",
            "Feb 2021",
            (
                "Forecast weekly demand for 35 pastries in Python, reducing waste **by 12%** "
                "in 18 cafés over the first six months of the project",
                "Cleaned 2.4 million till records in PostgreSQL so that the category team "
                "could compare promotions across regions for the first time",
            ),
        ),
        SpecRole(
            "Data Intern",
            "Crédit Mutuel",
            "Villeurbanne",
            "Mar 2019",
            "Aug 2019",
            (
                "Scored 14,000 loan files with a logistic model in R and documented the "
                "approach for the risk committee in a 12-page report",
            ),
        ),
    ),
    skills=(
        "Fluent in English, German and French; comfortable presenting to regional directors.",
        "Strong in SQL, Python (pandas), Power BI and dbt for data-driven decisions.",
    ),
    education=("MSc Data Science, Université Lumière Lyon 2, 2019",),
    languages="French (native), English (C1), German (B2)",
)

NURSE = SpecResume(
    field="UK nurse",
    name="Amelia Clarke",
    headline="Registered Nurse (Adult), NMC PIN 12A3456E",
    contact=("amelia.clarke@example.co.uk", "07700 900123", "Leeds, LS6 2QA"),
    headings={
        "summary": "Personal Statement",
        "experience": "Clinical Experience",
        "skills": "Key Skills",
        "education": "Education",
        "languages": "Languages",
    },
    summary=(
        "Compassionate adult nurse with six years on acute surgical wards, calm under "
        "pressure and committed to safe, dignified care for every patient and family."
    ),
    roles=(
        SpecRole(
            "Staff Nurse (Band 5)",
            "Leeds Teaching Hospitals NHS Trust",
            "Leeds",
            "Sep 2018",
            "present",
            (
                "Cared for up to **8 patients** per shift on a 28-bed acute surgical ward, "
                "including post-operative patients after major abdominal surgery",
                "Administered IV medication and blood transfusions with 0 drug errors in "
                "2022, and audited 30 medicine charts a month for the ward manager",
                "Mentored 6 student nurses through their final-year place\u00adment assessments and "
                "led 4 teaching sessions on sepsis recognition for new starters",
            ),
        ),
        SpecRole(
            "Healthcare Assistant",
            "St James's University Hospital",
            "Leeds",
            "Jun 2016",
            "Aug 2018",
            (
                "Supported 12 elderly patients per shift with mobility, nutrition and personal "
                "care on a 24-bed medical ward",
                "Recorded observations (NEWS2) every 4 hours and escalated deteriorating "
                "patients, cutting missed escalations from 9 to 2 a quarter",
            ),
        ),
    ),
    skills=(
        "Wound care, IV therapy, catheterisation, venepuncture and cannulation; safe "
        "moving and handling.",
        "Electronic patient records (Cerner), NEWS2, SBAR handover and infection control.",
    ),
    education=("BSc (Hons) Adult Nursing, University of Leeds, 2018",),
    languages="English (native), Polish (conversational)",
)

HR_DE = SpecResume(
    field="German Personalreferentin",
    name="Jana Weiß",
    headline="Personalreferentin mit Schwerpunkt Recruiting",
    contact=("jana.weiss@example.de", "+49 89 1234567", "München"),
    headings={
        "summary": "Kurzprofil",
        "experience": "Berufserfahrung",
        "skills": "Kenntnisse",
        "education": "Ausbildung",
        "languages": "Sprachen",
    },
    summary=(
        "Personalreferentin mit sieben Jahren Erfahrung in Recruiting, Entgeltabrechnung und "
        "Mitarbeiterbetreuung in mittelständischen Unternehmen der Großhandelsbranche."
    ),
    roles=(
        SpecRole(
            "Personalreferentin",
            "Müller & Söhne GmbH",
            "München",
            "03/2020",
            "heute",
            (
                "Betreuung von **450 Mitarbeitenden** in allen personalrelevanten Fragen von der "
                "Einstellung bis zum Austritt, einschließlich Zeugnissen",
                "Reduzierung der durchschnittlichen Besetzungszeit von 62 auf 41 Tage durch "
                "ein strukturiertes Interviewverfahren",
                "Einführung und Betrieb eines digitalen Bewerber\u00admanagement\u00adsystems für 3 "
                "Standorte mit insgesamt 120 Stellen pro Jahr und Schulung von 15 Führungskräften",
            ),
        ),
        SpecRole(
            "Personalsachbearbeiterin",
            "Großhandel Süd AG",
            "Augsburg",
            "09/2016",
            "02/2020",
            (
                "Abrechnung von Löhnen und Gehältern für 1.200 Beschäftigte in DATEV, "
                "fristgerecht zu 100 % ohne Nachberechnungen",
                "Begleitung von 25 Auszubildenden durch die Ausbildung zur Kauffrau für "
                "Büromanagement und Organisation von 2 Azubi-Messen",
            ),
        ),
    ),
    skills=(
        "SAP HCM, DATEV Lohn und Gehalt, MS Office, Personio und Arbeitsrecht-Grundlagen.",
        "Souverän in Gesprächsführung, Konfliktlösung und Moderation von Workshops.",
    ),
    education=("Bachelor of Arts Personalmanagement, Hochschule Augsburg, 2016",),
    languages="Deutsch (Muttersprache), Englisch (C1), Französisch (B1)",
)

RESUMES = (ANALYST, NURSE, HR_DE)


_PAGE_SIZES = {"A4": (210.0, 297.0), "A5": (148.0, 210.0)}


class _PdfLayout:
    """Lays a `SpecResume` out on fixed-width pages and records which breaks it made."""

    def __init__(self, spec: SpecResume, *, page_format: str, footer: bool, rowwise: bool):
        fonts = find_unicode_fonts()
        assert fonts is not None
        self.spec = spec
        self.pdf = FPDF(format=_PAGE_SIZES[page_format])
        self.pdf.set_auto_page_break(False)
        self.pdf.set_margins(18, 16, 18)
        for style, path in fonts.items():
            self.pdf.add_font("DejaVu", style, str(path))
        self.footer = footer
        self.rowwise = rowwise
        self.breaks: set[str] = set()  # "hyphenated", "compound", "page"
        self.left = 18.0
        self.width = self.pdf.w - 36
        self.bottom = self.pdf.h - 18
        self._new_page()

    def _new_page(self) -> None:
        if self.pdf.page:
            self.breaks.add("page")
        self.pdf.add_page()
        if self.footer:
            self.pdf.set_font("DejaVu", "", 8)
            self.pdf.set_xy(self.left, self.pdf.h - 12)
            self.pdf.cell(self.width, 4, f"{self.spec.name} – CV – Page {self.pdf.page}", align="C")
        self.pdf.set_xy(self.left, 16)

    def _room(self, height: float) -> None:
        if self.pdf.get_y() + height > self.bottom:
            self._new_page()

    def _width(self, text: str, bold: bool, size: float) -> float:
        self.pdf.set_font("DejaVu", "B" if bold else "", size)
        return self.pdf.get_string_width(text)

    def _wrap(self, text: str, width: float, size: float) -> list[list[tuple[str, bool]]]:
        """Greedy wrapping over words, hyphenating at U+00AD and after real hyphens."""
        words: list[tuple[str, bool]] = []
        bold = False
        for i, chunk in enumerate(text.split("**")):
            bold = i % 2 == 1
            words += [(w, bold) for w in chunk.split(" ") if w]
        lines: list[list[tuple[str, bool]]] = [[]]
        used = 0.0
        space = self._width(" ", False, size)
        queue = list(words)
        while queue:
            word, bold = queue.pop(0)
            shown = word.replace("\u00ad", "")
            need = self._width(shown, bold, size) + (space if lines[-1] else 0)
            if not lines[-1] or used + need <= width:
                lines[-1].append((shown, bold))
                used += need
                continue
            split = self._split(word, bold, size, width - used - space)
            if split:
                head, tail, kind = split
                lines[-1].append((head, bold))
                self.breaks.add(kind)
                queue.insert(0, (tail, bold))
            lines.append([])
            used = 0.0
            if not split:
                queue.insert(0, (word, bold))
        return [line for line in lines if line]

    def _split(
        self, word: str, bold: bool, size: float, room: float
    ) -> tuple[str, str, str] | None:
        best: tuple[str, str, str] | None = None
        for i, ch in enumerate(word):
            if ch == "\u00ad":
                head, tail, kind = word[:i].replace("\u00ad", "") + "-", word[i + 1 :], "hyphenated"
            elif ch == "-" and 0 < i < len(word) - 1:
                head, tail, kind = word[: i + 1].replace("\u00ad", ""), word[i + 1 :], "compound"
            else:
                continue
            if self._width(head, bold, size) <= room:
                best = (head, tail, kind)
        return best

    def _draw_line(self, x: float, segments: list[tuple[str, bool]], size: float, h: float):
        self.pdf.set_x(x)
        runs: list[tuple[str, bool]] = []
        for word, bold in segments:
            if runs and runs[-1][1] == bold:
                runs[-1] = (runs[-1][0] + " " + word, bold)
            else:
                runs.append(((" " if runs else "") + word, bold))
        for text, bold in runs:
            self.pdf.set_font("DejaVu", "B" if bold else "", size)
            self.pdf.cell(self.pdf.get_string_width(text), h, text)
        self.pdf.ln(h)

    def _paragraph(self, text: str, *, x: float, width: float, size: float = 10, h: float = 5):
        for segments in self._wrap(text, width, size):
            self._room(h)
            self._draw_line(x, segments, size, h)

    def _heading(self, text: str) -> None:
        self._room(16)
        self.pdf.ln(3)
        self.pdf.set_font("DejaVu", "B", 12)
        self.pdf.set_x(self.left)
        self.pdf.cell(self.width, 7, text.upper(), new_x="LMARGIN", new_y="NEXT")

    def build(self) -> bytes:
        pdf, spec = self.pdf, self.spec
        pdf.set_font("DejaVu", "B", 18)
        pdf.cell(self.width, 9, spec.name, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 11)
        pdf.cell(self.width, 6, spec.headline, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 7.5)
        y = pdf.get_y()
        for text, align in zip(spec.contact, ("L", "C", "R"), strict=True):
            pdf.set_xy(self.left, y)
            pdf.cell(self.width, 5, text, align=align)
        pdf.set_xy(self.left, y + 6)
        self._heading(spec.headings["summary"])
        self._paragraph(spec.summary, x=self.left, width=self.width)
        self._heading(spec.headings["experience"])
        for role in spec.roles:
            self._room(18)
            pdf.ln(1.5)
            y = pdf.get_y()
            pdf.set_font("DejaVu", "B", 10.5)
            pdf.cell(self.width - 40, 5.5, role.title)
            pdf.set_font("DejaVu", "", 9.5)
            pdf.set_xy(self.left, y)
            pdf.cell(self.width, 5.5, f"{role.start} – {role.end}", align="R")
            pdf.set_xy(self.left, y + 5.5)
            pdf.set_font("DejaVu", "I", 10)
            pdf.cell(self.width, 5, f"{role.employer}, {role.place}", new_x="LMARGIN", new_y="NEXT")
            for bullet in role.bullets:
                self._room(5)
                y = pdf.get_y()
                pdf.set_font("DejaVu", "", 10)
                pdf.set_xy(self.left + 2, y)
                pdf.cell(4, 5, "•")
                pdf.set_xy(self.left, y)
                self._paragraph(bullet, x=self.left + 7, width=self.width - 7)
        self._heading(spec.headings["skills"])
        self._columns(spec.skills)
        self._heading(spec.headings["education"])
        for line in spec.education:
            self._paragraph(line, x=self.left, width=self.width)
        self._heading(spec.headings["languages"])
        self._paragraph(spec.languages, x=self.left, width=self.width)
        return bytes(pdf.output())

    def _columns(self, texts: tuple[str, str]) -> None:
        """Two text columns side by side, drawn row by row or column by column."""
        gap, size, h = 8.0, 10.0, 5.0
        col_w = (self.width - gap) / 2
        wrapped = [self._wrap(t, col_w, size) for t in texts]
        self._room(h * max(map(len, wrapped)))
        top = self.pdf.get_y()
        xs = (self.left, self.left + col_w + gap)
        cells = [(r, c) for r in range(max(map(len, wrapped))) for c in (0, 1)]
        if not self.rowwise:
            cells.sort(key=lambda rc: (rc[1], rc[0]))
        for row, col in cells:
            if row < len(wrapped[col]):
                self.pdf.set_y(top + row * h)
                self._draw_line(xs[col], wrapped[col][row], size, h)
        self.pdf.set_y(top + h * max(map(len, wrapped)))


def resume_pdf(spec: SpecResume, **options: object) -> bytes:
    """`spec` laid out as a CV builder would (A5 pages so every resume spans several)."""
    return resume_pdf_layout(spec, **options).build()


def resume_pdf_layout(
    spec: SpecResume,
    *,
    page_format: str = "A5",
    footer: bool = True,
    rowwise: bool = True,
) -> _PdfLayout:
    return _PdfLayout(spec, page_format=page_format, footer=footer, rowwise=rowwise)


def _runs(paragraph: docx.text.paragraph.Paragraph, text: str) -> None:
    """Add `text` as runs: **bold** figures, and words split across runs as Word does."""
    for i, chunk in enumerate(text.split("**")):
        if not chunk:
            continue
        if i % 2:
            paragraph.add_run(chunk).bold = True
            continue
        cut = len(chunk) // 2
        paragraph.add_run(chunk[:cut])
        paragraph.add_run(chunk[cut:])


def _wrap_in(paragraph: docx.text.paragraph.Paragraph, xml: str) -> None:
    """Move a paragraph into a block-level wrapper (content control) given as XML."""
    wrapper = parse_xml(xml)
    paragraph._p.addprevious(wrapper)
    wrapper.find(qn("w:sdtContent")).append(paragraph._p)


_SDT = f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="Role"/></w:sdtPr><w:sdtContent/></w:sdt>'


def _text_box(paragraph: docx.text.paragraph.Paragraph, lines: list[str]) -> None:
    """A VML text box anchored in `paragraph` (its text is not in the paragraph's runs)."""
    paras = "".join(f"<w:p><w:r><w:t xml:space='preserve'>{t}</w:t></w:r></w:p>" for t in lines)
    paragraph._p.append(
        parse_xml(
            f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict>'
            '<v:shape style="width:200pt;height:60pt">'
            f"<v:textbox><w:txbxContent>{paras}</w:txbxContent></v:textbox>"
            "</v:shape></w:pict></w:r>"
        )
    )


def resume_docx(spec: SpecResume) -> bytes:
    """`spec` as a Word document, with a different role-header shape per resume:
    data analyst: "Title, Employer, Place (dates)" typed in the "List Paragraph" style (not a
    list: no numbering); nurse: "Title<tab>dates" then "Employer, Place"; German: a Heading 2
    title with dates after a tab, the employer line inside a content control. Contact
    details sit in a table in the page header; languages in a text box."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    contact = section.header.add_table(1, 3, width=Mm(170))
    for cell, text in zip(contact.rows[0].cells, spec.contact, strict=True):
        cell.text = text
    document.add_paragraph(spec.name, style="Title")
    document.add_paragraph(spec.headline)
    document.add_heading(spec.headings["summary"], level=1)
    summary = document.add_paragraph()
    for i, sentence in enumerate(spec.summary.split(". ")):
        if i:
            summary.add_run().add_break()  # a soft line break inside the paragraph
        summary.add_run(sentence if sentence.endswith(".") else sentence + ".")
    document.add_heading(spec.headings["experience"], level=1)
    bullet_num = document.styles["List Bullet"].element.pPr.numPr.numId.val
    for role in spec.roles:
        dates = f"{role.start} – {role.end}"
        if spec is ANALYST:
            header = document.add_paragraph(style="List Paragraph")
            header.add_run(f"{role.title}, {role.employer}, {role.place} ({dates})").bold = True
        elif spec is NURSE:
            header = document.add_paragraph()
            header.paragraph_format.tab_stops.add_tab_stop(Mm(170), WD_TAB_ALIGNMENT.RIGHT)
            header.add_run(role.title).bold = True
            header.add_run(f"\t{dates}")
            document.add_paragraph().add_run(f"{role.employer}, {role.place}").italic = True
        else:
            header = document.add_heading(f"{role.title}\t{dates}", level=2)
            employer = document.add_paragraph(f"{role.employer}, {role.place}")
            _wrap_in(employer, _SDT)
        for n, bullet in enumerate(role.bullets):
            if spec is NURSE:  # direct numbering on a List Paragraph
                paragraph = document.add_paragraph(style="List Paragraph")
                num_pr = parse_xml(
                    f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/>'
                    f'<w:numId w:val="{bullet_num}"/></w:numPr>'
                )
                paragraph._p.get_or_add_pPr().append(num_pr)
            else:
                paragraph = document.add_paragraph(style="List Bullet")
            if spec is ANALYST and role is ANALYST.roles[1] and n == 0:
                # a tracked change: "by 15%" deleted, the bold "by 12%" inserted
                before, _, after = bullet.partition("**by 12%**")
                _runs(paragraph, before)
                paragraph._p.append(
                    parse_xml(
                        f'<w:del {nsdecls("w")} w:id="1" w:author="CD" w:date="2024-01-01T00:00:00Z">'
                        '<w:r><w:delText xml:space="preserve">by 15%</w:delText></w:r></w:del>'
                    )
                )
                paragraph._p.append(
                    parse_xml(
                        f'<w:ins {nsdecls("w")} w:id="2" w:author="CD" w:date="2024-01-01T00:00:00Z">'
                        '<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">by 12%</w:t></w:r></w:ins>'
                    )
                )
                _runs(paragraph, after)
            else:
                _runs(paragraph, bullet)
    document.add_heading(spec.headings["skills"], level=1)
    skills = document.add_table(rows=1, cols=2)
    for cell, text in zip(skills.rows[0].cells, spec.skills, strict=True):
        cell.text = plain(text)
    document.add_heading(spec.headings["education"], level=1)
    for line in spec.education:
        document.add_paragraph(line)
    document.add_heading(spec.headings["languages"], level=1)
    anchor = document.add_paragraph()
    _text_box(anchor, [spec.languages])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- Hostile files (issue: one upload stalled the bot for everyone) --------------------


def hostile_docx(paragraphs: int = 1_000_000) -> bytes:
    """A DOCX of a million tiny paragraphs: ~240 KB on disk, tens of MB of XML inside."""
    body = "<w:p><w:r><w:t>x</w:t></w:r></w:p>" * paragraphs
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            '.org/package/2006/content-types"><Default Extension="xml" ContentType="application'
            '/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def shared_stream_pdf(pages: int = 50, operators: int = 60_000, *, text: bool = True) -> bytes:
    """Every page draws the same compressed content stream of `operators` text (or path)
    operations: a ~30 KB file that makes a reader parse pages × operators objects."""
    op = b"BT /F1 9 Tf %d %d Td (Text and more text) Tj ET\n" if text else b"%d %d m 5 5 l S\n"
    content = zlib.compress(
        b"".join(op % (20 + i % 50 * 10, 20 + i % 70 * 10) for i in range(operators)), 9
    )
    kids = " ".join(f"{4 + i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content)
        + content
        + b"\nendstream",
    ]
    font = (
        b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
    )
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R " + font + b" >>"
    ] * pages
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()
