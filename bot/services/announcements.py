"""Telling the user a step finished or failed, exactly once in the normal case.

Only a delivered announcement marks the job notified; the worker's sweep
(jf_claim_unnotified_jobs) repeats lost ones after a crash or a Telegram outage.
"""

from __future__ import annotations

import logging
from uuid import UUID

from bot.services.notifier import Notifier, StepOutcome
from bot.wording import N_, Said
from storage.database import Database
from storage.models import Application, Job

_log = logging.getLogger(__name__)


class Announcer:
    def __init__(self, db: Database, notifier: Notifier) -> None:
        self._db = db
        self._notifier = notifier

    async def finished(self, outcome: StepOutcome) -> None:
        try:
            await self._notifier.step_finished(outcome)
        except Exception:
            _log.warning("could not announce job %s; will retry", outcome.job.id, exc_info=True)
            return
        await self._mark(outcome.job)

    async def failed(self, job: Job, app: Application, message: Said, *, will_retry: bool) -> None:
        try:
            await self._notifier.step_failed(job, app, message, will_retry=will_retry)
        except Exception:
            _log.warning("could not announce failure of job %s", job.id, exc_info=True)
            return
        if not will_retry:
            await self._mark(job)

    async def repeat(self, job_id: UUID, user_id: UUID) -> None:
        """Announce a finished job whose announcement was lost."""
        async with self._db.as_user(user_id) as uow:
            job = await uow.jobs.get(job_id)
            if job is None or job.status not in ("done", "failed"):
                return
            app = await uow.applications.get(job.application_id)
            doc = await uow.documents.get(job.document_id) if job.document_id else None
            if app is None or (job.status == "done" and doc is None):
                await uow.jobs.mark_notified(job.id)
                return
            active = [j for j in await uow.jobs.active_for_application(app.id) if j.kind != "embed"]
        if job.status == "failed":
            # Only the English text was stored: it is said in the user's language when it is
            # a sentence without values (the others stay English in this rare repeat).
            said = Said(job.last_error or N_("The step failed."))
            await self.failed(job, app, said, will_retry=False)
            return
        assert doc is not None
        await self.finished(
            StepOutcome(
                job=job,
                application=app,
                document=doc,
                removed_claims=[str(c.get("claim", "")) for c in doc.removed_claims],
                match_before=app.match_before,
                match_after=app.match_after,
                resumed_after_restart=True,
                active_jobs=active,
            )
        )

    async def _mark(self, job: Job) -> None:
        async with self._db.as_user(job.user_id) as uow:
            await uow.jobs.mark_notified(job.id)
