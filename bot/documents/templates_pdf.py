"""The resume and letter templates as PDF (fpdf2): one column, real text, standard headings.

ATS parsers read PDFs top to bottom, so nothing is placed in tables or side columns; the
only positioned text is a role's dates, aligned right on the title's own line.
"""

from __future__ import annotations

from pathlib import Path

from bot.documents.export_pdf import _Renderer, find_unicode_fonts
from bot.documents.layout import LetterLayout, Line, ResumeLayout, RoleHeader

_INK = (33, 37, 41)
_MUTED = (90, 96, 104)
_ACCENT = (31, 56, 100)
_BODY = 10.0
_LINE_H = 4.9
_KEEP_WITH_NEXT = 22.0  # mm: a role header is never the last thing on a page


def _renderer(
    title: str, paper: str, author: str | None, fonts: dict[str, Path] | None
) -> _Renderer:
    renderer = _Renderer(title, fonts if fonts is not None else find_unicode_fonts(), paper, author)
    renderer.pdf.set_text_color(*_INK)
    return renderer


def _text_width(r: _Renderer) -> float:
    return r.pdf.w - r.pdf.l_margin - r.pdf.r_margin


def _line(r: _Renderer, line: Line) -> None:
    pdf = r.pdf
    base = r.base_margin
    if line.bullet:
        pdf.set_font(r.family, "", _BODY)
        marker = "•  " if r.unicode else "-  "
        width = pdf.get_string_width(marker)
        pdf.set_x(base + 1.5)
        pdf.write(_LINE_H, marker)
        pdf.set_left_margin(base + 1.5 + width)
    else:
        pdf.set_x(base)
    r.write_runs(list(line.runs), _BODY)
    pdf.set_left_margin(base)
    pdf.ln(_LINE_H + (0.9 if line.bullet else 1.6))


def _role(r: _Renderer, role: RoleHeader) -> None:
    pdf = r.pdf
    if pdf.get_y() + _KEEP_WITH_NEXT > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.ln(1.2)
    y = pdf.get_y()
    pdf.set_font(r.family, "", _BODY - 0.5)
    dates_w = pdf.get_string_width(r.clean(role.dates)) + 2
    pdf.set_font(r.family, "B", _BODY + 0.5)
    pdf.set_xy(r.base_margin, y)
    pdf.multi_cell(
        _text_width(r) - dates_w - 3, 5.2, r.clean(role.title), new_x="LMARGIN", new_y="NEXT"
    )
    after = pdf.get_y()
    pdf.set_font(r.family, "", _BODY - 0.5)
    pdf.set_text_color(*_MUTED)
    pdf.set_xy(r.base_margin, y)
    pdf.cell(_text_width(r), 5.2, r.clean(role.dates), align="R")
    pdf.set_y(after)
    if role.detail:
        pdf.set_font(r.family, "I", _BODY)
        pdf.multi_cell(_text_width(r), _LINE_H, r.clean(role.detail), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*_INK)
    pdf.ln(0.8)


def _section_title(r: _Renderer, title: str) -> None:
    pdf = r.pdf
    if pdf.get_y() + _KEEP_WITH_NEXT > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.ln(3.5)
    pdf.set_font(r.family, "B", 11.5)
    pdf.set_text_color(*_ACCENT)
    pdf.set_x(r.base_margin)
    pdf.cell(_text_width(r), 6, r.clean(title), new_x="LMARGIN", new_y="NEXT")
    y = pdf.get_y() + 0.3
    pdf.set_draw_color(*_ACCENT)
    pdf.set_line_width(0.3)
    pdf.line(r.base_margin, y, pdf.w - pdf.r_margin, y)
    pdf.set_text_color(*_INK)
    pdf.ln(2.2)


def resume_pdf(
    layout: ResumeLayout, *, paper: str, title: str, fonts: dict[str, Path] | None = None
) -> bytes:
    """Name as the title, one contact line, then sections with roles and bullets."""
    r = _renderer(title, paper, layout.name or None, fonts)
    pdf = r.pdf
    pdf.set_font(r.family, "B", 20)
    pdf.multi_cell(_text_width(r), 9, r.clean(layout.name), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(r.family, "", 11)
    pdf.set_text_color(*_MUTED)
    for headline in layout.headline:
        pdf.multi_cell(_text_width(r), 5.6, r.clean(headline), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(r.family, "", 9.5)
    if layout.contact:
        pdf.multi_cell(
            _text_width(r), 5, r.clean(" · ".join(layout.contact)), new_x="LMARGIN", new_y="NEXT"
        )
    pdf.set_text_color(*_INK)
    for section in layout.sections:
        _section_title(r, section.title)
        for item in section.items:
            if isinstance(item, RoleHeader):
                _role(r, item)
            else:
                _line(r, item)
    return r.output()


def letter_pdf(
    layout: LetterLayout, *, paper: str, title: str, fonts: dict[str, Path] | None = None
) -> bytes:
    """Sender block, recipient, date, subject, greeting, body, sign-off with the name."""
    r = _renderer(title, paper, layout.sender_name, fonts)
    pdf = r.pdf
    width = _text_width(r)
    pdf.set_margins(25, 22, 25)
    r.base_margin = pdf.l_margin
    width = _text_width(r)
    pdf.set_y(22)
    if layout.sender_name:
        pdf.set_font(r.family, "B", 13)
        pdf.multi_cell(width, 6.5, r.clean(layout.sender_name), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(r.family, "", 9.5)
    pdf.set_text_color(*_MUTED)
    for line in layout.sender_contact:
        pdf.multi_cell(width, 4.8, r.clean(line), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*_INK)
    pdf.ln(10)
    pdf.set_font(r.family, "", 10.5)
    for line in layout.recipient:
        pdf.multi_cell(width, 5.2, r.clean(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.cell(width, 5.2, r.clean(layout.date_text), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font(r.family, "B", 10.5)
    pdf.multi_cell(width, 5.4, r.clean(layout.subject), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(5)
    pdf.set_font(r.family, "", 10.5)
    for paragraph in [layout.greeting, *layout.paragraphs]:
        pdf.multi_cell(width, 5.4, r.clean(paragraph), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3.2)
    pdf.ln(1)
    pdf.multi_cell(width, 5.4, r.clean(layout.closing), new_x="LMARGIN", new_y="NEXT")
    if layout.signature:
        pdf.ln(10)
        pdf.multi_cell(width, 5.4, r.clean(layout.signature), new_x="LMARGIN", new_y="NEXT")
    return r.output()
