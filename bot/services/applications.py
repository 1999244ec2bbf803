"""Reading, tracking, editing and deleting a user's applications."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from uuid import UUID

from bot.documents.files import FileFormat, OutgoingFile, render_file
from bot.services.conversation import Pending
from bot.services.document_context import document_context
from bot.services.job_fields import JobField, checked_value
from bot.services.problems import InputProblem
from bot.services.reminders import ReminderService
from bot.services.schedule import zone_of
from bot.services.settings import interface_language
from bot.services.when import WhenProblem, read_when
from storage.database import Database, UnitOfWork
from storage.models import STAGES, Application, Document, Job, Reminder

PAGE_SIZE = 5
SORTS = ("date", "priority")
FOLLOW_UP_DAYS = 7
REMINDER_HORIZON = timedelta(days=366)
EDITABLE_FIELDS = {"company": "company_name", "role": "role_title", "location": "location"}


@dataclass(frozen=True)
class Card:
    application: Application
    active_jobs: list[Job]
    # The soonest pending reminder, in the user's own time zone (shown on the card).
    reminder_due: datetime | None = None
    # The resume its match and steps use, named when the user has more than one.
    resume_name: str | None = None


@dataclass(frozen=True)
class Page:
    items: list[Application]
    page: int
    pages: int
    total: int
    counts: dict[str, int] = field(default_factory=dict)  # every stage, this filter or not
    sort: str = "date"


async def card_lines(uow: UnitOfWork, app: Application) -> tuple[datetime | None, str | None]:
    """What a card shows besides the application: its soonest reminder in the user's zone,
    and the resume it uses when the user has more than one (a button and a running step
    draw the same card)."""
    reminder = await uow.reminders.next_for_application(app.id)
    resume = await uow.resumes.label_for_application(app.resume_id)
    due = reminder[0].astimezone(zone_of(reminder[1])) if reminder else None
    return due, resume[0] if resume and resume[1] > 1 else None


class ApplicationService:
    def __init__(self, db: Database) -> None:
        self._db = db
        self.reminders = ReminderService(db)

    async def card(self, user_id: UUID, application_id: UUID) -> Card | None:
        async with self._db.as_user(user_id) as uow:
            app = await uow.applications.get(application_id)
            if app is None:
                return None
            jobs = [j for j in await uow.jobs.active_for_application(app.id) if j.kind != "embed"]
            due, resume_name = await card_lines(uow, app)
        return Card(app, jobs, due, resume_name)

    async def page(
        self,
        user_id: UUID,
        page: int,
        *,
        stage: str | None = None,
        status: str | None = None,
        sort: str = "date",
    ) -> Page:
        """One page of the list (newest or highest priority first) and the count per stage."""
        if stage is not None and stage not in STAGES:
            raise InputProblem("Unknown stage. Choose one of: {stages}.", stages=", ".join(STAGES))
        if sort not in SORTS:
            raise InputProblem("Sort by date or by priority.")
        async with self._db.as_user(user_id) as uow:
            counts = await uow.applications.counts_by_stage()
            total = await uow.applications.count(stage=stage, status=status)
            pages = max(1, -(-total // PAGE_SIZE))
            page = min(max(page, 1), pages)
            items = await uow.applications.list_page(
                limit=PAGE_SIZE,
                offset=(page - 1) * PAGE_SIZE,
                stage=stage,
                status=status,
                order=sort,
            )
        return Page(items, page, pages, total, {s: counts.get(s, 0) for s in STAGES}, sort)

    async def document(self, user_id: UUID, application_id: UUID, kind: str) -> Document | None:
        async with self._db.as_user(user_id) as uow:
            return await uow.documents.current(application_id, kind)

    async def outgoing_file(
        self, user_id: UUID, application_id: UUID, kind: str, fmt: FileFormat
    ) -> OutgoingFile | None:
        """The document as the employer will receive it (template, paper, file name).

        Rendering is CPU work, so it runs in a thread and never holds up other users.
        """
        async with self._db.as_user(user_id) as uow:
            app = await uow.applications.get(application_id)
            doc = await uow.documents.current(application_id, kind)
            user = await uow.users.me()
            resume = await uow.resumes.for_application(app.resume_id) if app else None
        if app is None or doc is None or user is None:
            return None
        ctx = document_context(app, resume.content if resume else doc.content, user)
        return await asyncio.to_thread(render_file, kind, doc.content, ctx, fmt)

    async def latest_with_document(self, user_id: UUID, kind: str) -> Application | None:
        """Where a typed request such as "make the letter shorter" most likely belongs."""
        async with self._db.as_user(user_id) as uow:
            doc = await uow.documents.latest_of_kind(kind)
            return await uow.applications.get(doc.application_id) if doc else None

    async def set_stage(self, user_id: UUID, application_id: UUID, stage: str) -> Reminder | None:
        """Change the stage; moving to *applied* schedules a follow-up reminder."""
        if stage not in STAGES:
            raise InputProblem("Unknown stage.")
        async with self._db.as_user(user_id) as uow:
            changed = await uow.applications.set_stage(application_id, stage)
            if changed and stage == "applied":
                due = datetime.now(UTC) + timedelta(days=FOLLOW_UP_DAYS)
                return await uow.reminders.add(
                    application_id, due, kind="follow_up", note="Follow up on your application"
                )
        return None

    async def edit(self, user_id: UUID, application_id: UUID, field: str, value: str) -> bool:
        if field == JobField.INTERVIEW:  # a date with its reminder: InterviewService.book
            raise InputProblem("That cannot be edited.")
        if field in JobField.__members__.values():
            return await self._edit_job_field(user_id, application_id, JobField(field), value)
        column = EDITABLE_FIELDS.get(field)
        if column is None:
            raise InputProblem("That cannot be edited.")
        value = " ".join(value.split())
        if not value or len(value) > 255:
            raise InputProblem("Send a value between 1 and 255 characters.")
        async with self._db.as_user(user_id) as uow:
            return await uow.applications.update(application_id, **{column: value})

    async def _edit_job_field(
        self, user_id: UUID, application_id: UUID, field: JobField, value: str
    ) -> bool:
        """Pay, closing date, contact, reference, process or notes; "-" clears one."""
        async with self._db.as_user(user_id) as uow:
            me = await uow.users.me()
            zone = zone_of(me.timezone if me else "UTC")
            checked = checked_value(field, value, now=datetime.now(UTC), zone=zone)
            return await uow.applications.set_job_field(application_id, field.value, checked)

    async def set_priority(self, user_id: UUID, application_id: UUID, priority: str) -> bool:
        if priority not in ("low", "medium", "high"):
            raise InputProblem("Priority is low, medium or high.")
        async with self._db.as_user(user_id) as uow:
            return await uow.applications.update(application_id, priority_level=priority)

    async def delete(self, user_id: UUID, application_id: UUID) -> bool:
        async with self._db.as_user(user_id) as uow:
            await uow.jobs.cancel_for_application(application_id)
            return await uow.applications.delete(application_id)

    async def remind_in_days(self, user_id: UUID, application_id: UUID, days: int) -> Reminder:
        if days not in (1, 3, 7):
            raise InputProblem("Choose 1, 3 or 7 days.")
        return await self._add_reminder(
            user_id, application_id, datetime.now(UTC) + timedelta(days=days)
        )

    async def remind_on(self, user_id: UUID, application_id: UUID, text: str) -> Reminder:
        """A date typed as the user writes it ("15.01.2027", "15 Jan", "next Friday", "morgen
        um 9"), read in their time zone and language; 09:00 local when no time is given.

        The returned reminder's `due_at` is the stored UTC moment; show it with
        `zone_of(user.timezone)` (bot/services/when.py: moment_text does so for a service).
        """
        async with self._db.as_user(user_id) as uow:
            user = await uow.users.me()
        try:
            due = read_when(
                text,
                now=datetime.now(UTC),
                zone=zone_of(user.timezone if user else "UTC"),
                language=interface_language(user),
                within=REMINDER_HORIZON,
            )
        except WhenProblem as problem:
            raise InputProblem(problem.message) from None
        return await self._add_reminder(user_id, application_id, due)

    async def _add_reminder(self, user_id: UUID, application_id: UUID, due: datetime) -> Reminder:
        async with self._db.as_user(user_id) as uow:
            if await uow.applications.get(application_id) is None:
                raise InputProblem("That application no longer exists.", code="not_found")
            return await uow.reminders.add(application_id, due, note="Reminder")

    async def set_pending(self, user_id: UUID, state: Pending) -> None:
        async with self._db.as_user(user_id) as uow:
            await uow.users.set_pending_input(state.to_json())

    async def pending(self, user_id: UUID) -> Pending:
        async with self._db.as_user(user_id) as uow:
            user = await uow.users.me()
        return Pending.from_json(user.pending_input if user else None)
