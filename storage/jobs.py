"""The durable generation queue, as seen by one user (claiming lives in storage.system)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.models import Job
from storage.rows import columns_of, to_model, to_models

_COLS = columns_of(Job)


class JobRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def enqueue(
        self,
        application_id: UUID,
        kind: str,
        *,
        feedback: str | None = None,
        chain: bool = False,
        chat_id: int | None = None,
    ) -> tuple[Job, bool]:
        """Queue a step; if the same step is already queued or running, return that job.

        The partial unique index makes this safe under concurrent presses.
        """
        row = (
            await self._conn.execute(
                text(
                    "INSERT INTO generation_jobs (user_id, application_id, kind, feedback, chain,"
                    " chat_id) VALUES ((SELECT jf_current_user_id()), :app, :kind, :feedback,"
                    " :chain, :chat) ON CONFLICT (application_id, kind)"
                    " WHERE status IN ('queued', 'running') DO NOTHING"
                    f" RETURNING {_COLS}"
                ),
                {
                    "app": application_id,
                    "kind": kind,
                    "feedback": feedback,
                    "chain": chain,
                    "chat": chat_id,
                },
            )
        ).first()
        if row is not None:
            return to_model(Job, row), True
        existing = (
            await self._conn.execute(
                text(
                    f"SELECT {_COLS} FROM generation_jobs WHERE application_id = :app"
                    " AND kind = :kind AND status IN ('queued', 'running')"
                ),
                {"app": application_id, "kind": kind},
            )
        ).one()
        return to_model(Job, existing), False

    async def get(self, job_id: UUID) -> Job | None:
        row = (
            await self._conn.execute(
                text(f"SELECT {_COLS} FROM generation_jobs WHERE id = :id"), {"id": job_id}
            )
        ).first()
        return to_model(Job, row) if row else None

    async def lock(self, job_id: UUID, worker: str) -> Job | None:
        """Re-read a claimed job inside the unit of work that will finish it.

        Returns None when another worker has taken it over (our lease expired).
        """
        row = (
            await self._conn.execute(
                text(
                    f"SELECT {_COLS} FROM generation_jobs WHERE id = :id"
                    " AND status = 'running' AND locked_by = :worker FOR UPDATE"
                ),
                {"id": job_id, "worker": worker},
            )
        ).first()
        return to_model(Job, row) if row else None

    async def extend_lease(self, job_id: UUID, worker: str, seconds: int) -> bool:
        result = await self._conn.execute(
            text(
                "UPDATE generation_jobs SET locked_until = now() + make_interval(secs => :s)"
                " WHERE id = :id AND status = 'running' AND locked_by = :worker"
            ),
            {"id": job_id, "worker": worker, "s": seconds},
        )
        return bool(result.rowcount)

    async def mark_done(self, job_id: UUID, document_id: UUID | None) -> None:
        await self._conn.execute(
            text(
                "UPDATE generation_jobs SET status = 'done', document_id = :doc,"
                " finished_at = now(), locked_until = NULL, last_error = NULL WHERE id = :id"
            ),
            {"id": job_id, "doc": document_id},
        )

    async def mark_failed(
        self,
        job_id: UUID,
        error: str,
        *,
        retryable: bool,
        retry_at: datetime | None,
        worker: str | None = None,
    ) -> str:
        """Requeue while attempts remain and the error is retryable; else fail for good.

        The casts matter: asyncpg cannot infer the type of a parameter that is only
        tested with IS NOT NULL, and without them every requeue raised.

        With `worker`, only while that worker still holds the job: a worker whose lease
        expired must not requeue or fail the run another worker has taken over. Returns
        the new status, or "lost" when the job was not ours any more.
        """
        owner = " AND status = 'running' AND locked_by = :worker" if worker is not None else ""
        row = (
            await self._conn.execute(
                text(
                    "UPDATE generation_jobs SET"
                    " status = CASE WHEN CAST(:retryable AS boolean) AND attempts < max_attempts"
                    "   AND CAST(:retry_at AS timestamptz) IS NOT NULL THEN 'queued'"
                    "   ELSE 'failed' END,"
                    " run_after = coalesce(CAST(:retry_at AS timestamptz), run_after),"
                    " last_error = left(:error, 1000),"
                    " error_retryable = CAST(:retryable AS boolean), locked_until = NULL,"
                    " finished_at = CASE WHEN CAST(:retryable AS boolean)"
                    "   AND attempts < max_attempts"
                    "   AND CAST(:retry_at AS timestamptz) IS NOT NULL THEN NULL ELSE now() END"
                    f" WHERE id = :id{owner} RETURNING status"
                ),
                {"id": job_id, "error": error, "retryable": retryable, "retry_at": retry_at}
                | ({"worker": worker} if worker is not None else {}),
            )
        ).first()
        return str(row[0]) if row else "lost"

    async def cancel_for_application(self, application_id: UUID) -> int:
        result = await self._conn.execute(
            text(
                "UPDATE generation_jobs SET status = 'cancelled', finished_at = now()"
                " WHERE application_id = :app AND status IN ('queued', 'running')"
            ),
            {"app": application_id},
        )
        return int(result.rowcount or 0)

    async def active_for_application(self, application_id: UUID) -> list[Job]:
        rows = await self._conn.execute(
            text(
                f"SELECT {_COLS} FROM generation_jobs WHERE application_id = :app"
                " AND status IN ('queued', 'running') ORDER BY created_at"
            ),
            {"app": application_id},
        )
        return to_models(Job, rows)

    async def latest_failed(self, application_id: UUID, kind: str) -> Job | None:
        row = (
            await self._conn.execute(
                text(
                    f"SELECT {_COLS} FROM generation_jobs WHERE application_id = :app"
                    " AND kind = :kind AND status = 'failed' ORDER BY created_at DESC LIMIT 1"
                ),
                {"app": application_id, "kind": kind},
            )
        ).first()
        return to_model(Job, row) if row else None

    async def all_active(self) -> list[Job]:
        rows = await self._conn.execute(
            text(
                f"SELECT {_COLS} FROM generation_jobs WHERE status IN ('queued', 'running')"
                " ORDER BY created_at"
            )
        )
        return to_models(Job, rows)

    async def mark_notified(self, job_id: UUID) -> None:
        await self._conn.execute(
            text(
                "UPDATE generation_jobs SET notified = true, locked_until = NULL"
                " WHERE id = :id AND status IN ('done', 'failed')"
            ),
            {"id": job_id},
        )
