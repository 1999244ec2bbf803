"""One place that says what a document file needs from the stored rows, so a file from the
chat button, from /export and the searchability check after generation are the same file."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.documents.files import DocumentContext
from bot.generation.posting_facts import known_name
from storage.models import Application, User


def document_context(app: Application, resume: str, user: User | None) -> DocumentContext:
    """The job's company, role and place; the user's language and today in their timezone."""
    timezone = user.timezone if user else "UTC"
    return DocumentContext(
        resume=resume,
        company=known_name(app.company_name),
        role=known_name(app.role_title),
        location=app.location,
        language=user.output_language if user else None,
        timezone=timezone,
        today=datetime.now(ZoneInfo(timezone)).date(),
    )
