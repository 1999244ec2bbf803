"""A user's stored resumes; one of them is primary."""

from __future__ import annotations

import hashlib
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.models import Resume
from storage.rows import columns_of, to_model, to_models

_COLS = columns_of(Resume)


class DuplicateResume(Exception):
    """The same resume text is already stored for this user."""


def content_hash(content: str) -> str:
    normalised = " ".join(content.split()).lower()
    return hashlib.sha256(normalised.encode()).hexdigest()


class ResumeRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def add(self, name: str, content: str, source: str) -> Resume:
        """Store a resume; the first one becomes primary."""
        has_primary = (
            await self._conn.execute(text("SELECT 1 FROM user_resumes WHERE is_primary"))
        ).first() is not None
        try:
            async with self._conn.begin_nested():
                row = (
                    await self._conn.execute(
                        text(
                            "INSERT INTO user_resumes (user_id, name, content, content_sha256,"
                            " source, is_primary) VALUES ((SELECT jf_current_user_id()), :name,"
                            f" :content, :sha, :source, :primary) RETURNING {_COLS}"
                        ),
                        {
                            "name": name,
                            "content": content,
                            "sha": content_hash(content),
                            "source": source,
                            "primary": not has_primary,
                        },
                    )
                ).one()
        except IntegrityError as exc:
            if "user_resumes_no_duplicate" in str(exc.orig):
                raise DuplicateResume from None
            raise
        return to_model(Resume, row)

    async def replace(self, resume_id: UUID, name: str, content: str, source: str) -> Resume | None:
        """New text for an existing resume (same id, same primary flag); None if it is gone."""
        try:
            async with self._conn.begin_nested():
                row = (
                    await self._conn.execute(
                        text(
                            "UPDATE user_resumes SET name = :name, content = :content,"
                            " content_sha256 = :sha, source = :source WHERE id = :id"
                            f" RETURNING {_COLS}"
                        ),
                        {
                            "id": resume_id,
                            "name": name,
                            "content": content,
                            "sha": content_hash(content),
                            "source": source,
                        },
                    )
                ).first()
        except IntegrityError as exc:
            if "user_resumes_no_duplicate" in str(exc.orig):
                raise DuplicateResume from None
            raise
        return to_model(Resume, row) if row else None

    async def with_content(self, content: str) -> Resume | None:
        row = (
            await self._conn.execute(
                text(f"SELECT {_COLS} FROM user_resumes WHERE content_sha256 = :sha"),
                {"sha": content_hash(content)},
            )
        ).first()
        return to_model(Resume, row) if row else None

    async def all(self) -> list[Resume]:
        rows = await self._conn.execute(
            text(f"SELECT {_COLS} FROM user_resumes ORDER BY is_primary DESC, created_at DESC")
        )
        return to_models(Resume, rows)

    async def get(self, resume_id: UUID) -> Resume | None:
        row = (
            await self._conn.execute(
                text(f"SELECT {_COLS} FROM user_resumes WHERE id = :id"), {"id": resume_id}
            )
        ).first()
        return to_model(Resume, row) if row else None

    async def primary(self) -> Resume | None:
        row = (
            await self._conn.execute(text(f"SELECT {_COLS} FROM user_resumes WHERE is_primary"))
        ).first()
        return to_model(Resume, row) if row else None

    async def for_application(self, resume_id: UUID | None) -> Resume | None:
        """The resume an application was made with, or the primary one if that is gone."""
        chosen = await self.get(resume_id) if resume_id is not None else None
        return chosen or await self.primary()

    async def label_for_application(self, resume_id: UUID | None) -> tuple[str, int] | None:
        """The name of the resume an application uses (its own, else the primary) and how
        many resumes the user has, in one statement (the card names it when there are two)."""
        row = (
            await self._conn.execute(
                text(
                    "SELECT r.name, (SELECT count(*) FROM user_resumes) FROM user_resumes r"
                    " WHERE r.id = coalesce(CAST(:rid AS uuid),"
                    " (SELECT id FROM user_resumes WHERE is_primary LIMIT 1))"
                ),
                {"rid": resume_id},
            )
        ).first()
        return (str(row[0]), int(row[1])) if row else None

    async def set_primary(self, resume_id: UUID) -> bool:
        if await self.get(resume_id) is None:
            return False
        await self._conn.execute(
            text("UPDATE user_resumes SET is_primary = false WHERE is_primary")
        )
        await self._conn.execute(
            text("UPDATE user_resumes SET is_primary = true WHERE id = :id"), {"id": resume_id}
        )
        return True

    async def rename(self, resume_id: UUID, name: str) -> bool:
        result = await self._conn.execute(
            text("UPDATE user_resumes SET name = :name WHERE id = :id"),
            {"id": resume_id, "name": name},
        )
        return bool(result.rowcount)

    async def delete(self, resume_id: UUID) -> bool:
        """Delete; if it was primary, the newest remaining resume becomes primary."""
        row = (
            await self._conn.execute(
                text("DELETE FROM user_resumes WHERE id = :id RETURNING is_primary"),
                {"id": resume_id},
            )
        ).first()
        if row is None:
            return False
        if row[0]:
            await self._conn.execute(
                text(
                    "UPDATE user_resumes SET is_primary = true WHERE id = ("
                    "SELECT id FROM user_resumes ORDER BY created_at DESC LIMIT 1)"
                )
            )
        return True
