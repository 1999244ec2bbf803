"""Everything a user stored, as one zip: documents (Markdown, DOCX, PDF) and a CSV."""

from __future__ import annotations

import asyncio
from uuid import UUID

from bot.documents.export import ExportDocument, build_export_zip
from bot.documents.files import DocumentContext
from bot.services.document_context import document_context
from bot.services.job_fields import JobField
from storage.database import Database


class ExportService:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def build(
        self, user_id: UUID, application_id: UUID | None = None, *, all_versions: bool = False
    ) -> tuple[bytes, int]:
        """Returns (zip bytes, number of documents). Building runs off the event loop.

        The current version of each document by default (what the user would send); every
        earlier version too when asked, e.g. to compare what feedback changed.
        """
        async with self._db.as_user(user_id) as uow:
            apps = await uow.applications.all_for_export()
            docs = await uow.documents.all()
            user = await uow.users.me()
            resumes = {r.id: r for r in await uow.resumes.all()}
            primary = next((r for r in resumes.values() if r.is_primary), None)
        if application_id is not None:
            apps = [a for a in apps if a.id == application_id]
            docs = [d for d in docs if d.application_id == application_id]
        by_id = {a.id: a for a in apps}

        def context(app_id: UUID, content: str) -> DocumentContext:
            app = by_id[app_id]
            resume = (resumes.get(app.resume_id) if app.resume_id else None) or primary
            return document_context(app, resume.content if resume else content, user)

        def folder(app_id: UUID) -> str:
            """Named from the current (possibly edited) company and role."""
            app = by_id[app_id]
            return f"{app.company_name} {app.role_title} {app.created_at:%Y-%m-%d}"

        texts = {f"resumes/{r.name}.md": r.content for r in resumes.values()}
        texts |= {f"{folder(a.id)}/posting.txt": a.job_description for a in apps}
        documents = [
            ExportDocument(
                application_slug=folder(d.application_id),
                kind=d.document_type,
                version=d.version,
                markdown=d.content,
                context=context(d.application_id, d.content),
            )
            for d in docs
            if d.application_id in by_id and (all_versions or d.is_current)
        ]
        rows = [
            {
                "company": a.company_name,
                "role": a.role_title,
                "location": a.location or "",
                "stage": a.stage,
                "status": a.status,
                "priority": a.priority_level,
                "match_before": "" if a.match_before is None else str(a.match_before),
                "match_after": "" if a.match_after is None else str(a.match_after),
                "job_url": a.job_url or "",
                "created_at": a.created_at.isoformat(),
                **{f.value: a.job_fields.get(f.value, "") for f in JobField},
            }
            for a in apps
        ]
        data = await asyncio.to_thread(build_export_zip, documents, rows, texts)
        return data, len(documents)
