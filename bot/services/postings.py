"""Turning a pasted posting (or a job URL) into an application, at once, no questionnaire."""

from __future__ import annotations

import logging
import re
from dataclasses import asdict
from uuid import UUID

from bot.documents.web import FetchError, fetch_job_posting
from bot.generation.engine import Engine, JobFacts
from bot.generation.match import compute_match
from bot.generation.posting import job_facts
from bot.llm.errors import LLMError
from bot.services.job_fields import read_job_fields
from bot.services.problems import InputProblem, PasteWording, checked_text
from bot.wording import N_
from storage.applications import DuplicateApplication
from storage.database import Database
from storage.models import Application

_log = logging.getLogger(__name__)

MIN_POSTING_CHARS = 50
MAX_POSTING_CHARS = 20_000


MIN_DISTINCT_WORDS = 8

_PASTED_POSTING = PasteWording(
    empty=N_("That message is empty. Paste the job description, or see /help."),
    binary=N_("That does not look like a job description (it is not plain text)."),
    too_short=N_(
        "That is only {length} characters; a job description needs at least {minimum}. "
        "Paste the whole job description, or send a link to it."
    ),
    too_long=N_(
        "That is {length} characters; the limit is {maximum}. "
        "Paste just the job description (role, responsibilities, requirements)."
    ),
)


def check_posting(text: str) -> str:
    """Length rules, then substance: a posting is written in words (a title, tasks,
    requirements); a run of one token or of symbols cannot be analysed."""
    posting = checked_text(
        text, min_chars=MIN_POSTING_CHARS, max_chars=MAX_POSTING_CHARS, wording=_PASTED_POSTING
    )
    distinct = {w.lower() for w in re.findall(r"[^\W\d_]{2,}", posting)}
    if len(distinct) < MIN_DISTINCT_WORDS:
        raise InputProblem(
            "That does not read like a job posting: I found no job title, tasks or "
            "requirements in it. Paste the whole job description, or send a link to it.",
            code="no_substance",
        )
    return posting


class PostingService:
    def __init__(self, db: Database, engine: Engine, *, allow_private_urls: bool = False) -> None:
        self._db = db
        self._engine = engine
        self._allow_private = allow_private_urls

    async def create_from_url(self, user_id: UUID, url: str) -> Application:
        try:
            page = await fetch_job_posting(url, allow_private=self._allow_private)
        except FetchError as exc:
            raise InputProblem.of(exc, code=f"fetch_{exc.reason}") from None
        text = page.text
        if len(text) > MAX_POSTING_CHARS:
            text = text[:MAX_POSTING_CHARS]
        return await self.create(user_id, text, job_url=page.url)

    async def _facts(self, posting: str) -> JobFacts:
        """The model's reading of the posting; the local one when the model fails.

        Saving the posting must not depend on the model server: a bad key, an empty
        quota or an outage would otherwise lose what the user just pasted.
        """
        try:
            return await self._engine.extract_job_facts(posting)
        except LLMError as exc:
            _log.warning("job facts from the model failed, reading locally: %s", exc)
            return job_facts(posting)

    async def create(self, user_id: UUID, text: str, *, job_url: str | None = None) -> Application:
        posting = check_posting(text)
        facts = await self._facts(posting)
        try:
            async with self._db.as_user(user_id) as uow:
                resume = await uow.resumes.primary()
                app = await uow.applications.create(
                    company=facts.company.strip() or "Unknown company",
                    role=facts.role.strip() or "Unknown role",
                    posting=posting,
                    job_url=job_url,
                    location=facts.location,
                    remote=facts.remote if facts.remote in ("remote", "hybrid", "onsite") else None,
                    resume_id=resume.id if resume else None,
                    job_fields=read_job_fields(posting),
                )
                if resume is not None:
                    report = compute_match(resume.content, posting)
                    await uow.applications.set_match(
                        app.id, before=report.score, details={"before": asdict(report)}
                    )
                    app = await uow.applications.get(app.id) or app
                prompt = getattr(facts, "prompt_tokens", 0)
                completion = getattr(facts, "completion_tokens", 0)
                if prompt or completion:  # what the model charged for reading the posting
                    await uow.usage.record(
                        purpose="job_facts",
                        model=getattr(facts, "model", "") or "unknown",
                        prompt_tokens=prompt,
                        completion_tokens=completion,
                        cached_tokens=getattr(facts, "cached_tokens", 0),
                        application_id=app.id,
                    )
                await uow.jobs.enqueue(app.id, "embed")
                return app
        except DuplicateApplication as dup:
            raise DuplicatePosting(dup.existing_id) from None


class DuplicatePosting(InputProblem):
    def __init__(self, existing_id: UUID) -> None:
        super().__init__("You already saved this job posting.", code="duplicate")
        self.existing_id = existing_id
