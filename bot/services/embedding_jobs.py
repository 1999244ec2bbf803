"""Embedding jobs: every posting and current document gets a vector of the configured
model, in the background, retried like any job, never twice."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from bot.generation.engine import Engine
from bot.llm.errors import LLMError
from storage.applications import posting_hash
from storage.database import Database, UnitOfWork
from storage.models import Application, Job


class EmbeddingJobs:
    def __init__(self, db: Database, engine: Engine, model: str) -> None:
        self._db = db
        self._engine = engine
        self._model = model

    async def pending(
        self, uow: UnitOfWork, app: Application
    ) -> list[tuple[str, UUID | None, str]]:
        """(kind, document id, text) for everything of this application not yet embedded."""
        model = self._model
        pending: list[tuple[str, UUID | None, str]] = []
        if not await uow.embeddings.has_application_embedding(app.id, model):
            pending.append(("posting", None, f"{app.role_title}\n{app.job_description}"))
        for doc_id, content in await uow.embeddings.documents_missing_embedding(app.id, model):
            pending.append(("document", doc_id, content))
        return pending

    async def run(
        self,
        job: Job,
        app: Application,
        worker: str,
        pending: list[tuple[str, UUID | None, str]],
        *,
        retry_at: datetime,
    ) -> None:
        user_id = job.user_id
        vectors: list[list[float]] = []
        # Stored under the configured name, which search and related-context look up
        # (a server may answer with an alias such as a dated model version).
        model = served = self._model
        tokens = 0
        if pending:
            try:
                result = await self._engine.embed([text for _, _, text in pending])
            except LLMError as exc:
                async with self._db.as_user(user_id) as uow:
                    await uow.jobs.mark_failed(
                        job.id,
                        exc.user_message,
                        retryable=exc.retryable,
                        retry_at=retry_at,
                        worker=worker,
                    )
                return
            vectors, served, tokens = result.vectors, result.model, result.prompt_tokens
        async with self._db.as_user(user_id) as uow:
            if await uow.jobs.lock(job.id, worker) is None:
                return
            for (kind, doc_id, text), vector in zip(pending, vectors, strict=True):
                if kind == "posting":
                    await uow.embeddings.save_for_application(
                        app.id, model, vector, posting_hash(text)
                    )
                elif doc_id is not None:
                    await uow.embeddings.save_for_document(doc_id, model, vector)
            if tokens:
                await uow.usage.record(
                    purpose="embedding",
                    model=served,
                    prompt_tokens=tokens,
                    completion_tokens=0,
                    application_id=app.id,
                    job_id=job.id,
                )
            await uow.jobs.mark_done(job.id, None)
            # A step that finished while we embedded could not queue another embed job
            # (ours was still running): queue it now so its document is not left out.
            if await self.pending(uow, app):
                await uow.jobs.enqueue(app.id, "embed")
