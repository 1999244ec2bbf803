"""Export documents as DOCX/PDF and bundle everything into one ZIP with an applications CSV.

The CSV is written for Excel: UTF-8 with BOM, and cells that Excel would run as formulas
are neutralised with a leading quote (CSV injection).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from bot.documents.export_docx import markdown_to_docx
from bot.documents.export_pdf import markdown_to_pdf
from bot.documents.files import DocumentContext, render_file

__all__ = [
    "ExportDocument",
    "build_export_zip",
    "csv_safe",
    "markdown_to_docx",
    "markdown_to_pdf",
    "safe_name",
]

_UNSAFE_RE = re.compile(r"[^a-z0-9._-]+")
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_MAX_NAME = 60


@dataclass(frozen=True)
class ExportDocument:
    """One stored document version to put into the export."""

    application_slug: str
    kind: str
    version: int
    markdown: str
    context: DocumentContext


def safe_name(value: str, fallback: str = "document") -> str:
    """ASCII, lowercase, no separators or dot-only names: safe as one path component."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    name = _UNSAFE_RE.sub("-", ascii_text.lower()).strip(".-_")
    name = re.sub(r"-{2,}", "-", name)[:_MAX_NAME].strip(".-_")
    return name or fallback


def csv_safe(value: object) -> str:
    """Prefix a quote to cells a spreadsheet would evaluate as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_PREFIXES) else text


def _applications_csv(rows: list[dict[str, str]]) -> bytes:
    columns: list[str] = []
    for row in rows:
        columns.extend(key for key in row if key not in columns)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_safe(column) for column in columns])
    for row in rows:
        writer.writerow([csv_safe(row.get(column, "")) for column in columns])
    return buffer.getvalue().encode("utf-8-sig")


def _unique(path: str, used: set[str]) -> str:
    stem, dot, ext = path.rpartition(".")
    candidate, counter = path, 2
    while candidate in used:
        candidate = f"{stem}-{counter}{dot}{ext}"
        counter += 1
    used.add(candidate)
    return candidate


def build_export_zip(
    documents: list[ExportDocument],
    applications_csv_rows: list[dict[str, str]],
    texts: dict[str, str] | None = None,
) -> bytes:
    """ZIP with `<slug>/<kind>_v<version>.{md,docx,pdf}` per document, applications.csv and
    plain texts (`texts`: path → text, e.g. the resumes and the postings as pasted)."""
    buffer = io.BytesIO()
    used: set[str] = {"applications.csv"}
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("applications.csv", _applications_csv(applications_csv_rows))
        for path, content in (texts or {}).items():
            folder, _, name = path.rpartition("/")
            stem, _, ext = name.rpartition(".")
            safe = f"{safe_name(folder, 'files')}/{safe_name(stem)}.{safe_name(ext, 'txt')}"
            archive.writestr(_unique(safe, used), content.encode("utf-8"))
        for document in documents:
            folder = safe_name(document.application_slug, "application")
            base = f"{folder}/{safe_name(document.kind)}_v{int(document.version)}"
            stem = _unique(f"{base}.md", used).removesuffix(".md")
            used.update({f"{stem}.docx", f"{stem}.pdf"})
            archive.writestr(f"{stem}.md", document.markdown.encode("utf-8"))
            for fmt in ("docx", "pdf"):
                rendered = render_file(document.kind, document.markdown, document.context, fmt)
                archive.writestr(f"{stem}.{fmt}", rendered.data)
    return buffer.getvalue()
