"""Follow-up and custom reminders, and the digest delivery records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.models import Reminder
from storage.rows import columns_of, to_model, to_models

_COLS = columns_of(Reminder)
_R_COLS = columns_of(Reminder, "r.")


@dataclass(frozen=True)
class OpenReminder:
    """A pending reminder with what it is about (None: a reminder about no application)."""

    reminder: Reminder
    company_name: str | None
    role_title: str | None


class ReminderRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def add(
        self, application_id: UUID | None, due_at: datetime, *, kind: str = "custom", note: str = ""
    ) -> Reminder:
        row = (
            await self._conn.execute(
                text(
                    "INSERT INTO reminders (user_id, application_id, kind, note, due_at)"
                    " VALUES ((SELECT jf_current_user_id()), :app, :kind, :note, :due)"
                    f" RETURNING {_COLS}"
                ),
                {"app": application_id, "kind": kind, "note": note[:500], "due": due_at},
            )
        ).one()
        return to_model(Reminder, row)

    async def get(self, reminder_id: UUID) -> Reminder | None:
        row = (
            await self._conn.execute(
                text(f"SELECT {_COLS} FROM reminders WHERE id = :id"), {"id": reminder_id}
            )
        ).first()
        return to_model(Reminder, row) if row else None

    async def pending(self, limit: int = 20) -> list[Reminder]:
        rows = await self._conn.execute(
            text(
                f"SELECT {_COLS} FROM reminders WHERE status = 'pending'"
                " ORDER BY due_at LIMIT :limit"
            ),
            {"limit": limit},
        )
        return to_models(Reminder, rows)

    async def open_for_user(self, *, limit: int, offset: int = 0) -> list[OpenReminder]:
        """Pending reminders, soonest first, with their application's company and role."""
        rows = await self._conn.execute(
            text(
                f"SELECT {_R_COLS}, a.company_name, a.role_title FROM reminders r"
                " LEFT JOIN applications a ON a.id = r.application_id"
                " WHERE r.status = 'pending' ORDER BY r.due_at, r.id LIMIT :limit OFFSET :offset"
            ),
            {"limit": limit, "offset": offset},
        )
        return [
            OpenReminder(to_model(Reminder, row), row.company_name, row.role_title) for row in rows
        ]

    async def open_count(self) -> int:
        row = (
            await self._conn.execute(
                text("SELECT count(*) FROM reminders WHERE status = 'pending'")
            )
        ).one()
        return int(row[0])

    async def next_for_application(self, application_id: UUID) -> tuple[datetime, str] | None:
        """The application's soonest pending reminder and the user's time zone (one query)."""
        row = (
            await self._conn.execute(
                text(
                    "SELECT r.due_at, u.timezone FROM reminders r JOIN users u ON u.id = r.user_id"
                    " WHERE r.application_id = :id AND r.status = 'pending'"
                    " ORDER BY r.due_at LIMIT 1"
                ),
                {"id": application_id},
            )
        ).first()
        return (row[0], str(row[1])) if row else None

    async def close(self, reminder_id: UUID, status: str) -> Reminder | None:
        """Done or cancelled, if still open (pending or sent); None when it was not open."""
        if status not in ("done", "cancelled"):
            raise ValueError(f"not a closing status: {status!r}")
        row = (
            await self._conn.execute(
                text(
                    "UPDATE reminders SET status = :s, claimed_until = NULL"
                    f" WHERE id = :id AND status IN ('pending', 'sent') RETURNING {_COLS}"
                ),
                {"id": reminder_id, "s": status},
            )
        ).first()
        return to_model(Reminder, row) if row else None

    async def cancel_kind(self, application_id: UUID, kind: str) -> int:
        """Cancel an application's pending reminders of one kind (an interview moved)."""
        result = await self._conn.execute(
            text(
                "UPDATE reminders SET status = 'cancelled', claimed_until = NULL"
                " WHERE application_id = :app AND kind = :kind AND status = 'pending'"
            ),
            {"app": application_id, "kind": kind},
        )
        return int(result.rowcount)

    async def due_within(self, until: datetime) -> list[Reminder]:
        rows = await self._conn.execute(
            text(
                f"SELECT {_COLS} FROM reminders WHERE status = 'pending' AND due_at <= :until"
                " ORDER BY due_at"
            ),
            {"until": until},
        )
        return to_models(Reminder, rows)

    async def mark_sent(self, reminder_id: UUID) -> bool:
        result = await self._conn.execute(
            text(
                "UPDATE reminders SET status = 'sent', sent_at = now(), claimed_until = NULL"
                " WHERE id = :id AND status = 'pending'"
            ),
            {"id": reminder_id},
        )
        return bool(result.rowcount)

    async def release_claim(self, reminder_id: UUID, retry_at: datetime | None = None) -> None:
        """Give a claimed reminder back; `retry_at` keeps a failing send from spinning."""
        await self._conn.execute(
            text("UPDATE reminders SET claimed_until = :t WHERE id = :id AND status = 'pending'"),
            {"id": reminder_id, "t": retry_at},
        )

    async def snooze(self, reminder_id: UUID, due_at: datetime) -> bool:
        result = await self._conn.execute(
            text(
                "UPDATE reminders SET status = 'pending', due_at = :due, sent_at = NULL,"
                " claimed_until = NULL WHERE id = :id AND status IN ('pending', 'sent')"
            ),
            {"id": reminder_id, "due": due_at},
        )
        return bool(result.rowcount)

    # Digest delivery records (claimed by storage.system, finished here as the user).

    async def finish_digest(
        self, delivery_id: UUID, status: str, next_digest_at: datetime | None
    ) -> None:
        """Record the outcome and move the schedule on, in one transaction."""
        # One parameter used as both varchar and text made asyncpg refuse the statement
        # after the message had gone out; the sent flag is now its own parameter.
        await self._conn.execute(
            text(
                "UPDATE digest_deliveries SET status = :s,"
                " sent_at = CASE WHEN :sent THEN now() END, claimed_until = NULL WHERE id = :id"
            ),
            {"id": delivery_id, "s": status, "sent": status == "sent"},
        )
        await self._conn.execute(
            text("UPDATE users SET next_digest_at = :next"), {"next": next_digest_at}
        )

    async def release_digest(self, delivery_id: UUID, retry_at: datetime) -> None:
        await self._conn.execute(
            text("UPDATE digest_deliveries SET claimed_until = :t WHERE id = :id"),
            {"id": delivery_id, "t": retry_at},
        )

    async def digest_sent_count(self) -> int:
        row = (
            await self._conn.execute(
                text("SELECT count(*) FROM digest_deliveries WHERE status = 'sent'")
            )
        ).one()
        return int(row[0])
