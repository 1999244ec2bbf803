"""Generated documents, versioned: a regeneration adds a version and keeps the old one."""

from __future__ import annotations

import json
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.models import Document
from storage.rows import columns_of, to_model, to_models

_COLS = columns_of(Document)


class DocumentRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def add_version(
        self,
        *,
        application_id: UUID,
        document_type: str,
        content: str,
        model: str,
        feedback: str | None = None,
        job_id: UUID | None = None,
        removed_claims: list[dict[str, str]] | None = None,
    ) -> Document:
        """Store a new current version. A job that already produced its document gets
        that document back, so a retried job never stores a duplicate."""
        if job_id is not None:
            existing = (
                await self._conn.execute(
                    text(f"SELECT {_COLS} FROM documents WHERE job_id = :job"), {"job": job_id}
                )
            ).first()
            if existing:
                return to_model(Document, existing)
        # Lock the application row: concurrent versions of one document serialise here.
        await self._conn.execute(
            text("SELECT 1 FROM applications WHERE id = :app FOR UPDATE"), {"app": application_id}
        )
        await self._conn.execute(
            text(
                "UPDATE documents SET is_current = false WHERE application_id = :app"
                " AND document_type = CAST(:kind AS document_type_enum) AND is_current"
            ),
            {"app": application_id, "kind": document_type},
        )
        row = (
            await self._conn.execute(
                text(
                    "INSERT INTO documents (user_id, application_id, document_type, version,"
                    " content, feedback, model, job_id, removed_claims)"
                    " SELECT (SELECT jf_current_user_id()), :app,"
                    " CAST(:kind AS document_type_enum), coalesce(max(version), 0) + 1,"
                    " :content, :feedback, :model, :job, CAST(:claims AS jsonb)"
                    " FROM documents WHERE application_id = :app"
                    " AND document_type = CAST(:kind AS document_type_enum)"
                    f" RETURNING {_COLS}"
                ),
                {
                    "app": application_id,
                    "kind": document_type,
                    "content": content,
                    "feedback": feedback,
                    "model": model,
                    "job": job_id,
                    "claims": json.dumps(removed_claims or []),
                },
            )
        ).one()
        return to_model(Document, row)

    async def current(self, application_id: UUID, document_type: str) -> Document | None:
        row = (
            await self._conn.execute(
                text(
                    f"SELECT {_COLS} FROM documents WHERE application_id = :app"
                    " AND document_type = CAST(:kind AS document_type_enum) AND is_current"
                ),
                {"app": application_id, "kind": document_type},
            )
        ).first()
        return to_model(Document, row) if row else None

    async def get(self, document_id: UUID) -> Document | None:
        row = (
            await self._conn.execute(
                text(f"SELECT {_COLS} FROM documents WHERE id = :id"), {"id": document_id}
            )
        ).first()
        return to_model(Document, row) if row else None

    async def versions(self, application_id: UUID, document_type: str) -> list[Document]:
        rows = await self._conn.execute(
            text(
                f"SELECT {_COLS} FROM documents WHERE application_id = :app"
                " AND document_type = CAST(:kind AS document_type_enum) ORDER BY version"
            ),
            {"app": application_id, "kind": document_type},
        )
        return to_models(Document, rows)

    async def for_application(self, application_id: UUID) -> list[Document]:
        rows = await self._conn.execute(
            text(
                f"SELECT {_COLS} FROM documents WHERE application_id = :app"
                " ORDER BY document_type, version"
            ),
            {"app": application_id},
        )
        return to_models(Document, rows)

    async def all(self) -> list[Document]:
        rows = await self._conn.execute(
            text(f"SELECT {_COLS} FROM documents ORDER BY application_id, document_type, version")
        )
        return to_models(Document, rows)

    async def recent(self, limit: int = 20) -> list[Document]:
        rows = await self._conn.execute(
            text(f"SELECT {_COLS} FROM documents ORDER BY updated_at DESC LIMIT :limit"),
            {"limit": limit},
        )
        return to_models(Document, rows)

    async def latest_of_kind(self, document_type: str) -> Document | None:
        """The user's most recently written current document of this kind."""
        row = (
            await self._conn.execute(
                text(
                    f"SELECT {_COLS} FROM documents WHERE document_type = :kind AND is_current"
                    " ORDER BY updated_at DESC LIMIT 1"
                ),
                {"kind": document_type},
            )
        ).first()
        return to_model(Document, row) if row else None

    async def delete(self, document_id: UUID) -> bool:
        result = await self._conn.execute(
            text("DELETE FROM documents WHERE id = :id"), {"id": document_id}
        )
        return bool(result.rowcount)
