"""The interview stage: the date (with a reminder the evening before) and the prep document.

The date is a job field (`JobField.INTERVIEW`, an ISO moment in the user's zone), so the
card and the export show it like the other fields (set only through `book`, with its
reminder). The prep document is built by the offline analysis from the posting, the resume
and the facts the user confirmed — never by a model, so nothing in it is invented — and
stored as a document like the pack's steps.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from uuid import UUID

from bot.generation.interview_prep import interview_prep
from bot.services.gaps import user_facts
from bot.services.job_fields import JobField
from bot.services.problems import InputProblem
from bot.services.schedule import zone_of
from bot.services.settings import interface_language
from bot.services.when import WhenProblem, read_when
from storage.database import Database
from storage.models import DocumentKind, ReminderKind, Stage

# The interview reminder comes at this local time on the day before.
REMINDER_TIME = time(18, 0)
HORIZON = timedelta(days=366)


@dataclass(frozen=True)
class InterviewBooked:
    at: datetime  # in the user's zone
    reminder_at: datetime | None  # in the user's zone; None when the evening before has passed


@dataclass(frozen=True)
class Prep:
    content: str
    version: int
    stored: bool  # False: the same text as the current version, so nothing new was stored


class InterviewService:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def book(self, user_id: UUID, application_id: UUID, text: str) -> InterviewBooked:
        """Read the date as the user writes it ("15.01.2027 14:00", "next Tuesday 10am"),
        store it, and replace any earlier interview reminder of this application."""
        async with self._db.as_user(user_id) as uow:
            user = await uow.users.me()
            app = await uow.applications.get(application_id)
            if app is None or user is None:
                raise InputProblem("That application no longer exists.", code="not_found")
            zone = zone_of(user.timezone)
            now = datetime.now(UTC)
            try:
                moment = read_when(
                    text,
                    now=now,
                    zone=zone,
                    language=interface_language(user),
                    within=HORIZON,
                    default_time=time(9),
                )
            except WhenProblem as problem:
                raise InputProblem(problem.message) from None
            local = moment.astimezone(zone)
            await uow.applications.set_job_field(
                application_id, JobField.INTERVIEW.value, local.isoformat(timespec="minutes")
            )
            await uow.applications.set_stage(application_id, Stage.INTERVIEWING)
            await uow.reminders.cancel_kind(application_id, ReminderKind.INTERVIEW)
            evening_before = datetime.combine(
                local.date() - timedelta(days=1), REMINDER_TIME, tzinfo=zone
            )
            if evening_before <= now:
                return InterviewBooked(local, None)
            # No note: the reminder is rendered from the application, in the reader's language.
            await uow.reminders.add(application_id, evening_before, kind=ReminderKind.INTERVIEW)
        return InterviewBooked(local, evening_before)

    async def prep(self, user_id: UUID, application_id: UUID) -> Prep | None:
        """Build the prep from the current posting, resume and confirmed facts; a new version
        is stored only when the text changed (a new resume, a gap answered, an edit)."""
        async with self._db.as_user(user_id) as uow:
            user = await uow.users.me()
            app = await uow.applications.get(application_id)
            if app is None or user is None:
                return None
            resume = await uow.resumes.for_application(app.resume_id)
            facts = await user_facts(uow)
        content = await asyncio.to_thread(
            interview_prep,
            app.job_description,
            resume.content if resume else "",
            company=app.company_name,
            role=app.role_title,
            facts=facts,
            language=interface_language(user),
        )
        async with self._db.as_user(user_id) as uow:
            current = await uow.documents.current(application_id, DocumentKind.INTERVIEW_PREP)
            if current is not None and current.content == content:
                return Prep(content, current.version, stored=False)
            doc = await uow.documents.add_version(
                application_id=application_id,
                document_type=DocumentKind.INTERVIEW_PREP,
                content=content,
                model="offline",
            )
        return Prep(content, doc.version, stored=True)
