"""Markdown to PDF with fpdf2, using the bundled DejaVu Sans so any European or Cyrillic text
renders ("Müller", "Łódź", "Привет").

If no Unicode font can be found (e.g. the font files were stripped from a deployment), the
PDF degrades gracefully: the built-in Helvetica is used and text is transliterated to
Latin-1 ("Łódź" becomes "Lodz"), instead of failing the export.
"""

from __future__ import annotations

import logging
import unicodedata
from pathlib import Path

from fpdf import FPDF

from bot.documents.markdown_blocks import Block, Run, parse_markdown

logger = logging.getLogger(__name__)

FONT_DIR = Path(__file__).parent / "fonts"
_SYSTEM_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
_FONT_FILES = {
    "": "DejaVuSans.ttf",
    "B": "DejaVuSans-Bold.ttf",
    "I": "DejaVuSans-Oblique.ttf",
    "BI": "DejaVuSans-BoldOblique.ttf",
}
_FAMILY = "DejaVu"
_BODY_SIZE = 10.5
_HEADING_SIZES = {1: 18.0, 2: 14.0, 3: 12.0}
_LINE = 5.2
_INDENT = 6.0
_LATIN1_MAP = str.maketrans(
    {
        "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ø": "O", "ø": "o", "ı": "i", "Œ": "OE",
        "œ": "oe", "•": "-", "▪": "-", "⦁": "-", "–": "-", "—": "-", "‘": "'", "’": "'",
        "‚": ",", "“": '"', "”": '"', "„": '"', "…": "...", "€": "EUR", "☐": "[ ]", "☑": "[x]",
        "→": "->", "✓": "v", "\u00a0": " ",
        "А": "A", "Б": "B", "В": "V", "Г": "G", "Д": "D", "Е": "E", "Ё": "E", "Ж": "Zh",
        "З": "Z", "И": "I", "Й": "Y", "К": "K", "Л": "L", "М": "M", "Н": "N", "О": "O",
        "П": "P", "Р": "R", "С": "S", "Т": "T", "У": "U", "Ф": "F", "Х": "Kh", "Ц": "Ts",
        "Ч": "Ch", "Ш": "Sh", "Щ": "Shch", "Ъ": "", "Ы": "Y", "Ь": "", "Э": "E", "Ю": "Yu",
        "Я": "Ya", "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e",
        "ж": "zh", "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n",
        "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh",
        "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e",
        "ю": "yu", "я": "ya", "Є": "Ye", "є": "ye", "І": "I", "і": "i", "Ї": "Yi", "ї": "yi",
    }
)  # fmt: skip


def find_unicode_fonts(directories: tuple[Path, ...] | None = None) -> dict[str, Path] | None:
    """All four DejaVu Sans styles from the first directory that has them, else None."""
    for directory in directories or (FONT_DIR, *_SYSTEM_FONT_DIRS):
        paths = {style: directory / name for style, name in _FONT_FILES.items()}
        if all(path.is_file() for path in paths.values()):
            return paths
    return None


def to_latin1(text: str) -> str:
    """Transliterate for the core PDF fonts, which only cover Latin-1."""
    text = text.translate(_LATIN1_MAP)
    out: list[str] = []
    for char in text:
        if ord(char) < 256:
            out.append(char)
            continue
        decomposed = unicodedata.normalize("NFKD", char)
        base = "".join(c for c in decomposed if ord(c) < 256 and not unicodedata.combining(c))
        out.append(base or "?")
    return "".join(out)


class _Renderer:
    """Writes blocks with flowing inline styles; indentation via the left margin."""

    def __init__(
        self,
        title: str,
        fonts: dict[str, Path] | None,
        paper: str = "A4",
        author: str | None = None,
    ) -> None:
        self.pdf = FPDF(format=paper.lower())
        self.pdf.set_auto_page_break(auto=True, margin=18)
        self.pdf.set_margins(18, 18, 18)
        self.unicode = bool(fonts)
        if fonts:
            for style, path in fonts.items():
                self.pdf.add_font(_FAMILY, style, str(path))
            self.family = _FAMILY
        else:
            logger.warning("no Unicode font found; PDF text is transliterated to Latin-1")
            self.family = "helvetica"
        self.pdf.set_title(self.clean(title))
        self.pdf.set_creator("")
        if author:
            self.pdf.set_author(self.clean(author))
        self.pdf.add_page()
        self.base_margin = self.pdf.l_margin

    def clean(self, text: str) -> str:
        text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc")
        return text.replace("\t", "    ") if self.unicode else to_latin1(text).replace("\t", " ")

    def write_runs(self, runs: list[Run], size: float, force_bold: bool = False) -> None:
        for run in runs:
            style = ("B" if run.bold or force_bold else "") + ("I" if run.italic else "")
            self.pdf.set_font(self.family, style, size)
            self.pdf.write(size * 0.5, self.clean(run.text))

    def block(self, block: Block) -> None:
        pdf = self.pdf
        indent = self.base_margin + _INDENT * block.level
        if block.kind == "heading":
            size = _HEADING_SIZES.get(block.level, _BODY_SIZE + 0.5)
            pdf.ln(3 if block.level > 1 else 1)
            pdf.set_x(self.base_margin)
            self.write_runs(block.runs, size, force_bold=True)
            pdf.ln(size * 0.5 + 1.5)
            return
        if block.kind == "rule":
            y = pdf.get_y() + 1.5
            pdf.line(self.base_margin, y, pdf.w - pdf.r_margin, y)
            pdf.ln(4)
            return
        marker = ""
        if block.kind == "bullet":
            marker = "•  " if self.unicode else "-  "
        elif block.kind == "numbered":
            marker = f"{block.number}. "
        elif block.kind == "quote":
            indent += _INDENT
        pdf.set_font(self.family, "", _BODY_SIZE)
        marker_width = pdf.get_string_width(marker)
        pdf.set_left_margin(indent + marker_width)
        pdf.set_x(indent)
        if marker:
            pdf.write(_LINE, marker)
        size = _BODY_SIZE - 1 if block.kind == "code" else _BODY_SIZE
        self.write_runs(block.runs, size)
        pdf.set_left_margin(self.base_margin)
        pdf.ln(_LINE + (0.8 if block.kind in ("bullet", "numbered") else 2.2))

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def markdown_to_pdf(
    markdown: str,
    title: str,
    *,
    fonts: dict[str, Path] | None = None,
    paper: str = "A4",
    author: str | None = None,
) -> bytes:
    """Render Markdown as a PDF; `title` and `author` go into the PDF metadata only.

    `fonts` overrides font discovery (`{}` forces the fallback); without any Unicode font
    the text is transliterated to Latin-1 rather than failing.
    """
    renderer = _Renderer(title, fonts if fonts is not None else find_unicode_fonts(), paper, author)
    for block in parse_markdown(markdown):
        renderer.block(block)
    return renderer.output()
