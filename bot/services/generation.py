"""The three generation steps as durable jobs: requesting them, and running one.

A step is a job row. Running it reads its inputs in one short transaction, generates
outside any transaction (minutes, for a local model), and stores the document, the match
rate, the token usage and the job's completion in one final transaction keyed by the job
id, so a retried or re-claimed job never stores a second document.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from bot.documents.files import resume_checks
from bot.documents.searchability import Check
from bot.generation.checked import CheckedText, generate_checked
from bot.generation.engine import DocumentKind, Engine, GenerationInput
from bot.generation.match import compute_match
from bot.generation.relevance import parse_feedback
from bot.generation.resume_parsing import candidate_name
from bot.llm.errors import LLMError
from bot.services.announcements import Announcer
from bot.services.document_context import document_context
from bot.services.embedding_jobs import EmbeddingJobs
from bot.services.gaps import user_facts
from bot.services.notifier import Notifier, SilentStream, StepOutcome, StepStream
from bot.services.problems import InputProblem
from bot.wording import N_, Said
from storage.database import Database, UnitOfWork
from storage.models import STEP_ORDER, Application, Job, User

_log = logging.getLogger(__name__)

REQUIRES = {"optimized_resume": "research_report", "cover_letter": "optimized_resume"}
# Why a step cannot run yet, by step: whole sentences, as German inflects the step names.
COMES_FIRST = {
    "optimized_resume": N_("Research report comes first: run it, then optimized resume."),
    "cover_letter": N_("Optimized resume comes first: run it, then cover letter."),
}
MAX_FEEDBACK_CHARS = 500
RELATED_MIN_SIMILARITY = 0.35
RELATED_MAX_CHARS = 3000


@dataclass(frozen=True)
class StepRequest:
    job: Job
    created: bool


@dataclass(frozen=True)
class _Inputs:
    job: Job
    application: Application
    user: User
    inp: GenerationInput
    used_related: bool


def _retry_delay(attempts: int, base_s: float = 10.0) -> timedelta:
    """Backoff before a failed job runs again: base, 3×base, 9×base … capped at 5 minutes."""
    return timedelta(seconds=min(300.0, base_s * 3 ** max(0, attempts - 1)))


class _LeaseLost(Exception):
    """This worker no longer holds the job: another worker took it, or the user is gone."""

    def __init__(self, *, deleted: bool) -> None:
        super().__init__("lease lost")
        self.deleted = deleted


class GenerationService:
    def __init__(
        self,
        db: Database,
        engine: Engine,
        notifier: Notifier,
        *,
        embedding_model: str,
        daily_token_budget: int,
        lease_s: int = 60,
        retry_base_s: float = 10.0,
    ) -> None:
        self._db = db
        self._engine = engine
        self._notifier = notifier
        self._announcer = Announcer(db, notifier)
        self._embedding_model = embedding_model
        self._embeddings = EmbeddingJobs(db, engine, embedding_model)
        self._budget = daily_token_budget
        self._lease_s = lease_s
        self._retry_base_s = retry_base_s

    @property
    def engine(self) -> Engine:
        return self._engine

    # -- requesting -------------------------------------------------------------------

    async def request(
        self,
        user_id: UUID,
        application_id: UUID,
        kind: str,
        *,
        feedback: str | None = None,
        chain: bool = False,
        chat_id: int | None = None,
    ) -> StepRequest:
        if kind not in STEP_ORDER:
            raise InputProblem("Unknown step.")
        if feedback is not None:
            feedback = feedback.strip()[:MAX_FEEDBACK_CHARS] or None
        async with self._db.as_user(user_id) as uow:
            app = await uow.applications.get(application_id)
            if app is None:
                raise InputProblem("That application no longer exists.", code="not_found")
            needed = REQUIRES.get(kind)
            if needed and not app.has_step(needed):
                raise InputProblem(COMES_FIRST[kind], code="order")
            if await self._resume_for(uow, app) is None:
                raise InputProblem(
                    "Add your resume first: send /resume and paste it or upload a file.",
                    code="no_resume",
                )
            await self._check_budget(uow)
            job, created = await uow.jobs.enqueue(
                application_id, kind, feedback=feedback, chain=chain, chat_id=chat_id
            )
        return StepRequest(job=job, created=created)

    async def request_remaining(
        self, user_id: UUID, application_id: UUID, *, chat_id: int | None
    ) -> StepRequest | None:
        """'Generate all': start the first missing step; each finished step starts the next."""
        async with self._db.as_user(user_id) as uow:
            app = await uow.applications.get(application_id)
        if app is None:
            raise InputProblem("That application no longer exists.", code="not_found")
        step = app.next_step()
        if step is None:
            return None
        return await self.request(user_id, application_id, step, chain=True, chat_id=chat_id)

    async def _check_budget(self, uow: UnitOfWork) -> None:
        if self._engine.name == "offline":
            return
        used = await uow.usage.used_last_24h()
        if used >= self._budget:
            raise InputProblem(
                "You have used your daily allowance of {budget} model tokens "
                "({used} in the last 24 hours). It frees up gradually over the next day.",
                code="budget",
                budget=self._budget,
                used=used,
            )

    @staticmethod
    async def _resume_for(uow: UnitOfWork, app: Application) -> str | None:
        resume = await uow.resumes.for_application(app.resume_id)
        return resume.content if resume else None

    # -- running ----------------------------------------------------------------------

    async def announce_unnotified(self, job_id: UUID, user_id: UUID) -> None:
        """Repeat a lost announcement (the worker's sweep claimed this job)."""
        await self._announcer.repeat(job_id, user_id)

    async def run(self, job_id: UUID, user_id: UUID, worker: str) -> None:
        async with self._db.as_user(user_id) as uow:
            job = await uow.jobs.lock(job_id, worker)
            if job is None:
                return
            app = await uow.applications.get(job.application_id)
            if app is None:
                await uow.jobs.mark_done(job.id, None)
                return
            if job.kind == "embed":
                pending = await self._embeddings.pending(uow, app)
            else:
                prepared = await self._prepare(uow, job, app)
        if job.kind == "embed":
            await self._embeddings.run(job, app, worker, pending, retry_at=self._retry_at(job))
        else:
            await self._run_step(prepared, worker)

    async def _prepare(self, uow: UnitOfWork, job: Job, app: Application) -> _Inputs | None:
        user = await uow.users.me()
        resume = await self._resume_for(uow, app)
        if user is None or resume is None:
            await uow.jobs.mark_failed(
                job.id, "No resume stored: add one with /resume.", retryable=False, retry_at=None
            )
            return None
        research = await uow.documents.current(app.id, "research_report")
        optimized = await uow.documents.current(app.id, "optimized_resume")
        previous = await uow.documents.current(app.id, job.kind)
        related, used_related = await self._related_context(uow, app, job.kind)
        facts = tuple(await user_facts(uow))
        inp = GenerationInput(
            posting=app.job_description,
            resume=resume,
            company=app.company_name,
            role=app.role_title,
            research=research.content if research else None,
            optimized_resume=optimized.content if optimized else None,
            feedback=job.feedback,
            previous=previous.content if previous and job.feedback else None,
            language=user.output_language,
            # The resume's name signs the letter; the chat's display name ("You", a nickname)
            # never reaches a document an employer reads.
            candidate_name=candidate_name(resume),
            related_context=related,
            facts=facts,
        )
        return _Inputs(job=job, application=app, user=user, inp=inp, used_related=used_related)

    async def _related_context(
        self, uow: UnitOfWork, app: Application, kind: str
    ) -> tuple[str | None, bool]:
        """The user's own most similar past application's document of this kind, if any."""
        similar = await uow.embeddings.similar_applications(app.id, self._embedding_model, 3)
        for candidate in similar:
            if candidate.similarity < RELATED_MIN_SIMILARITY:
                break
            doc = await uow.documents.current(candidate.application_id, kind)
            if doc is not None:
                header = f"{candidate.company_name} — {candidate.role_title}"
                return f"{header}\n{doc.content[:RELATED_MAX_CHARS]}", True
        return None, False

    async def _run_step(self, prepared: _Inputs | None, worker: str) -> None:
        if prepared is None:
            return
        job, app = prepared.job, prepared.application
        kind: DocumentKind = job.kind  # type: ignore[assignment]
        stream = await self._started(job, app)
        heartbeat = asyncio.create_task(self._heartbeat(job, worker))
        try:
            checked = await generate_checked(
                self._engine, kind, prepared.inp, on_delta=stream.delta, on_restart=stream.reset
            )
        except LLMError as exc:
            await self._fail(job, app, worker, Said.of(exc), retryable=exc.retryable)
            return
        except Exception:
            _log.exception("step %s of job %s failed", kind, job.id)
            message = Said(N_("Something went wrong while generating."))
            await self._fail(job, app, worker, message, retryable=True)
            return
        finally:
            heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await heartbeat
            await stream.close()
        await self._store(prepared, worker, kind, checked)

    async def _started(self, job: Job, app: Application) -> StepStream:
        """Tell the user a step started; a failure to tell them must not fail the step."""
        try:
            return await self._notifier.step_started(job, app, resumed=job.attempts > 1)
        except Exception:
            _log.warning("could not announce job %s", job.id, exc_info=True)
            return SilentStream()

    async def _store(
        self,
        prepared: _Inputs,
        worker: str,
        kind: str,
        checked: CheckedText,
    ) -> None:
        text, removed, usage = checked.text, checked.removed_labels, checked.usage
        app = prepared.application
        job_id = prepared.job.id
        checks: list[Check] = []
        if kind == "optimized_resume":  # rendered in a thread, before the transaction opens
            ctx = document_context(app, prepared.inp.resume, prepared.user)
            checks = await asyncio.to_thread(resume_checks, text, ctx)
        notes: list[str] = []
        if prepared.job.feedback and self._engine.name == "offline":
            limit = parse_feedback(prepared.job.feedback).offline_limits(kind)
            if limit:
                notes.append(limit)
        try:
            async with self._db.as_user(app.user_id) as uow:
                previous = await uow.documents.current(app.id, kind)
                if previous is not None and previous.content.strip() == text.strip():
                    notes.append(f"This version is the same text as version {previous.version}.")
                job = await uow.jobs.lock(job_id, worker)
                if job is None:
                    raise _LeaseLost(deleted=await uow.users.me() is None)
                document = await uow.documents.add_version(
                    application_id=app.id,
                    document_type=kind,
                    content=text,
                    model=usage[-1].model,
                    feedback=job.feedback,
                    job_id=job.id,
                    removed_claims=[{"claim": c} for c in removed],
                )
                before = app.match_before
                after = None
                missing: list[str] = []
                if kind == "optimized_resume":
                    facts = prepared.inp.facts
                    report_before = compute_match(prepared.inp.resume, app.job_description, facts)
                    report_after = compute_match(text, app.job_description, facts)
                    before, after = report_before.score, report_after.score
                    missing = list(report_after.missing)
                    await uow.applications.set_match(
                        app.id, before=before, after=after, details={"after": asdict(report_after)}
                    )
                for result in usage:
                    if result.prompt_tokens or result.completion_tokens:
                        await uow.usage.record(
                            purpose=kind,
                            model=result.model,
                            prompt_tokens=result.prompt_tokens,
                            completion_tokens=result.completion_tokens,
                            cached_tokens=result.cached_tokens,
                            application_id=app.id,
                            job_id=job.id,
                        )
                await uow.jobs.mark_done(job.id, document.id)
                await uow.jobs.enqueue(app.id, "embed")
                refreshed = await uow.applications.get(app.id) or app
                chain_stopped: Said | None = None
                if job.chain and refreshed.next_step():
                    try:
                        # "Generate all" was checked once; the budget may have run out since.
                        await self._check_budget(uow)
                    except InputProblem as problem:
                        chain_stopped = Said.of(problem)
                    else:
                        await uow.jobs.enqueue(
                            app.id, refreshed.next_step() or "", chain=True, chat_id=job.chat_id
                        )
                active = [
                    j for j in await uow.jobs.active_for_application(app.id) if j.kind != "embed"
                ]
        except _LeaseLost as lost:
            if lost.deleted:  # the user deleted their data while this step ran
                await self._notifier.step_cancelled(prepared.job)
            else:
                _log.warning("job %s: lease lost before storing; another worker owns it", job_id)
            return
        await self._announcer.finished(
            StepOutcome(
                job=job,
                application=refreshed,
                document=document,
                removed_claims=removed,
                match_before=before,
                match_after=after,
                missing_keywords=missing,
                used_related=prepared.used_related,
                resumed_after_restart=job.attempts > 1,
                active_jobs=active,
                chain_stopped=chain_stopped,
                searchability=checks,
                notes=notes,
            )
        )

    async def _fail(
        self, job: Job, app: Application, worker: str, message: Said, *, retryable: bool
    ) -> None:
        """The job row keeps the English text (for logs and operators); the user is told in
        their language, from the template and values."""
        retry_at = self._retry_at(job) if retryable else None
        async with self._db.as_user(app.user_id) as uow:
            status = await uow.jobs.mark_failed(
                job.id, str(message), retryable=retryable, retry_at=retry_at, worker=worker
            )
        if status == "lost":
            _log.warning("job %s failed after its lease passed to another worker", job.id)
            return
        await self._announcer.failed(job, app, message, will_retry=status == "queued")

    def _retry_at(self, job: Job) -> datetime:
        return datetime.now(UTC) + _retry_delay(job.attempts, self._retry_base_s)

    async def _heartbeat(self, job: Job, worker: str) -> None:
        """Keep the lease while a long generation runs, so nobody else re-claims the job."""
        while True:
            await asyncio.sleep(self._lease_s / 3)
            try:
                async with self._db.as_user(job.user_id) as uow:
                    await uow.jobs.extend_lease(job.id, worker, self._lease_s)
            except Exception:  # a missed beat is survivable; the next one may work
                _log.warning("could not extend lease of job %s", job.id, exc_info=True)
