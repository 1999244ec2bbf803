"""Everything a user stored, as one zip: documents (Markdown, DOCX, PDF) and a CSV."""

from __future__ import annotations

import asyncio
from uuid import UUID

from bot.documents.export import ExportDocument, build_export_zip
from storage.database import Database

TITLES = {
    "research_report": "Research report",
    "optimized_resume": "Optimized resume",
    "cover_letter": "Cover letter",
}


class ExportService:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def build(self, user_id: UUID, application_id: UUID | None = None) -> tuple[bytes, int]:
        """Returns (zip bytes, number of documents). Building runs off the event loop."""
        async with self._db.as_user(user_id) as uow:
            apps = await uow.applications.all_for_export()
            docs = await uow.documents.all()
        if application_id is not None:
            apps = [a for a in apps if a.id == application_id]
            docs = [d for d in docs if d.application_id == application_id]
        by_id = {a.id: a for a in apps}
        documents = [
            ExportDocument(
                application_slug=by_id[d.application_id].name,
                kind=d.document_type,
                version=d.version,
                markdown=d.content,
                title=f"{TITLES[d.document_type]} — {by_id[d.application_id].company_name}",
            )
            for d in docs
            if d.application_id in by_id
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
            }
            for a in apps
        ]
        data = await asyncio.to_thread(build_export_zip, documents, rows)
        return data, len(documents)
