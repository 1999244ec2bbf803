"""Applications: one per job posting a user saved."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.models import STAGES, Application, Stage, WeekInNumbers
from storage.rows import columns_of, to_model, to_models

_COLS = columns_of(Application)
# The sort orders of a list (the enum's order is low < medium < high).
_ORDERS = {
    "date": "created_at DESC, id",
    "priority": "priority_level DESC, created_at DESC, id",
}
# A stage that means the user has applied, and one that means the employer has answered.
_APPLIED = {Stage.APPLIED, Stage.INTERVIEWING, Stage.OFFER, Stage.REJECTED}
_RESPONDED = {Stage.INTERVIEWING, Stage.OFFER, Stage.REJECTED}
_EDITABLE = {"company_name", "role_title", "location", "priority_level", "remote", "resume_id"}


class DuplicateApplication(Exception):
    def __init__(self, existing_id: UUID) -> None:
        super().__init__(str(existing_id))
        self.existing_id = existing_id


def posting_hash(posting: str) -> str:
    normalised = " ".join(posting.split()).lower()
    return hashlib.sha256(normalised.encode()).hexdigest()


def application_name(company: str, role: str, when: datetime) -> str:
    """The seed's generate_application_name, done in Python (no SQL needed for a slug)."""

    def clean(value: str) -> str:
        return re.sub(r"[^a-z0-9]+", "_", value.lower()).strip("_")[:80] or "x"

    return f"{clean(company)}_{clean(role)}_{when:%Y_%m_%d}"


class ApplicationRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def create(
        self,
        *,
        company: str,
        role: str,
        posting: str,
        job_url: str | None,
        location: str | None,
        remote: str | None,
        resume_id: UUID | None,
        job_fields: dict[str, str] | None = None,
    ) -> Application:
        sha = posting_hash(posting)
        existing = (
            await self._conn.execute(
                text("SELECT id FROM applications WHERE posting_sha256 = :sha"), {"sha": sha}
            )
        ).first()
        if existing:
            raise DuplicateApplication(existing[0])
        params = {
            "name": application_name(company, role, datetime.now(UTC)),
            "company": company[:255],
            "role": role[:255],
            "url": job_url,
            "posting": posting,
            "sha": sha,
            "location": location[:255] if location else None,
            "remote": remote,
            "resume_id": resume_id,
            "fields": json.dumps(job_fields or {}),
        }
        try:
            async with self._conn.begin_nested():
                row = (
                    await self._conn.execute(
                        text(
                            "INSERT INTO applications (user_id, name, company_name, role_title,"
                            " job_url, job_description, posting_sha256, location, remote,"
                            " resume_id, job_fields) VALUES ((SELECT jf_current_user_id()), :name,"
                            " :company, :role, :url, :posting, :sha, :location, :remote,"
                            " :resume_id, CAST(:fields AS jsonb))"
                            f" RETURNING {_COLS}"
                        ),
                        params,
                    )
                ).one()
        except IntegrityError as exc:
            if "applications_no_duplicate" in str(exc.orig):
                again = (
                    await self._conn.execute(
                        text("SELECT id FROM applications WHERE posting_sha256 = :sha"),
                        {"sha": sha},
                    )
                ).first()
                raise DuplicateApplication(again[0] if again else UUID(int=0)) from None
            raise
        return to_model(Application, row)

    async def get(self, application_id: UUID) -> Application | None:
        row = (
            await self._conn.execute(
                text(f"SELECT {_COLS} FROM applications WHERE id = :id"), {"id": application_id}
            )
        ).first()
        return to_model(Application, row) if row else None

    async def list_page(
        self,
        *,
        limit: int,
        offset: int = 0,
        stage: str | None = None,
        status: str | None = None,
        order: str = "date",
    ) -> list[Application]:
        """Newest first (`order="date"`), or highest priority first, newest first within."""
        where, params = self._filters(stage, status)
        params.update({"limit": limit, "offset": offset})
        rows = await self._conn.execute(
            text(
                f"SELECT {_COLS} FROM applications {where} ORDER BY {_ORDERS[order]}"
                " LIMIT :limit OFFSET :offset"
            ),
            params,
        )
        return to_models(Application, rows)

    async def count(self, *, stage: str | None = None, status: str | None = None) -> int:
        where, params = self._filters(stage, status)
        row = (
            await self._conn.execute(text(f"SELECT count(*) FROM applications {where}"), params)
        ).one()
        return int(row[0])

    @staticmethod
    def _filters(stage: str | None, status: str | None) -> tuple[str, dict[str, Any]]:
        clauses: list[str] = []
        params: dict[str, Any] = {}
        if stage:
            clauses.append("stage = CAST(:stage AS application_stage_type)")
            params["stage"] = stage
        if status:
            clauses.append("status = CAST(:status AS application_status_type)")
            params["status"] = status
        return ("WHERE " + " AND ".join(clauses)) if clauses else "", params

    async def update(self, application_id: UUID, **values: Any) -> bool:
        unknown = set(values) - _EDITABLE
        if unknown:
            raise ValueError(f"not editable: {sorted(unknown)}")
        casts = {"priority_level": "CAST(:priority_level AS priority_level_type)"}
        assignments = ", ".join(f"{k} = {casts.get(k, ':' + k)}" for k in values)
        result = await self._conn.execute(
            text(f"UPDATE applications SET {assignments}, last_activity_at = now() WHERE id = :id"),
            {**values, "id": application_id},
        )
        return bool(result.rowcount)

    async def set_job_field(self, application_id: UUID, key: str, value: str | None) -> bool:
        """One job field set (or removed with None); the others are kept."""
        result = await self._conn.execute(
            text(
                "UPDATE applications SET job_fields = CASE WHEN CAST(:value AS text) IS NULL"
                " THEN job_fields - :key"
                " ELSE job_fields || jsonb_build_object(:key, CAST(:value AS text)) END,"
                " last_activity_at = now() WHERE id = :id"
            ),
            {"key": key, "value": value, "id": application_id},
        )
        return bool(result.rowcount)

    async def set_stage(self, application_id: UUID, stage: str) -> bool:
        if stage not in STAGES:
            raise ValueError(f"unknown stage {stage!r}")
        result = await self._conn.execute(
            text(
                "UPDATE applications SET stage = CAST(:stage AS application_stage_type),"
                " stage_changed_at = now(), last_activity_at = now(),"
                " applied_at = CASE WHEN :applied THEN coalesce(applied_at, now())"
                " ELSE applied_at END,"
                " responded_at = CASE WHEN :responded THEN coalesce(responded_at, now())"
                " ELSE responded_at END"
                " WHERE id = :id AND stage <> CAST(:stage AS application_stage_type)"
            ),
            {
                "id": application_id,
                "stage": stage,
                "applied": stage in _APPLIED,
                "responded": stage in _RESPONDED,
            },
        )
        return bool(result.rowcount)

    async def set_match(
        self,
        application_id: UUID,
        *,
        before: int | None = None,
        after: int | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        await self._conn.execute(
            text(
                "UPDATE applications SET match_before = coalesce(:before, match_before),"
                " match_after = coalesce(:after, match_after),"
                " match_details = match_details || CAST(:details AS jsonb) WHERE id = :id"
            ),
            {
                "id": application_id,
                "before": before,
                "after": after,
                "details": json.dumps(details or {}),
            },
        )

    async def set_card_place(
        self, application_id: UUID, chat_id: int, message_id: int
    ) -> tuple[int, int] | None:
        """Make this message the living card; returns the card it replaces (to retire it)."""
        row = (
            await self._conn.execute(
                text(
                    "UPDATE applications a SET card_chat_id = :chat, card_message_id = :msg"
                    " FROM applications old WHERE a.id = :id AND old.id = a.id"
                    " RETURNING old.card_chat_id, old.card_message_id"
                ),
                {"id": application_id, "chat": chat_id, "msg": message_id},
            )
        ).first()
        if row is None or row[1] is None or (row[0], row[1]) == (chat_id, message_id):
            return None
        return int(row[0]), int(row[1])

    async def delete(self, application_id: UUID) -> bool:
        result = await self._conn.execute(
            text("DELETE FROM applications WHERE id = :id"), {"id": application_id}
        )
        return bool(result.rowcount)

    async def counts_by_stage(self) -> dict[str, int]:
        rows = await self._conn.execute(
            text("SELECT stage::text, count(*) FROM applications GROUP BY stage")
        )
        return {str(r[0]): int(r[1]) for r in rows}

    async def week_in_numbers(self, since: datetime) -> WeekInNumbers:
        """What the weekly summary counts: applications sent, employers' answers and
        interviews held or booked, each since `since`."""
        row = (
            await self._conn.execute(
                text(
                    "SELECT count(*) FILTER (WHERE applied_at >= :since),"
                    " count(*) FILTER (WHERE responded_at >= :since),"
                    " count(*) FILTER (WHERE stage = 'interviewing' AND CASE"
                    " WHEN job_fields ->> 'interview' ~ '^\\d{4}-\\d\\d-\\d\\dT'"
                    " THEN CAST(job_fields ->> 'interview' AS timestamptz) END >= :since)"
                    " FROM applications"
                ),
                {"since": since},
            )
        ).one()
        return WeekInNumbers(applied=int(row[0]), responses=int(row[1]), interviews=int(row[2]))

    async def open_on_other_resume(self, resume_id: UUID) -> list[Application]:
        """Applications still in play (saved, applied, interviewing) that name a resume other
        than this one (NULL already means "the primary")."""
        rows = await self._conn.execute(
            text(
                f"SELECT {_COLS} FROM applications"
                " WHERE stage IN ('saved', 'applied', 'interviewing')"
                " AND resume_id IS NOT NULL AND resume_id <> :rid ORDER BY created_at"
            ),
            {"rid": resume_id},
        )
        return to_models(Application, rows)

    async def stalled(self, older_than_days: int, limit: int = 5) -> list[Application]:
        """Open applications with no progress for N days (not offer/rejected/withdrawn)."""
        rows = await self._conn.execute(
            text(
                f"SELECT {_COLS} FROM applications"
                " WHERE stage IN ('saved', 'applied', 'interviewing')"
                " AND last_activity_at < now() - make_interval(days => :days)"
                " ORDER BY last_activity_at LIMIT :limit"
            ),
            {"days": older_than_days, "limit": limit},
        )
        return to_models(Application, rows)

    async def all_for_export(self) -> list[Application]:
        rows = await self._conn.execute(
            text(f"SELECT {_COLS} FROM applications ORDER BY created_at")
        )
        return to_models(Application, rows)
