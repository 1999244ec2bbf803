"""Builders for search tests: applications, generated documents and their stored vectors."""

from __future__ import annotations

from uuid import UUID

import pytest

from bot.generation.engine import Engine
from bot.generation.offline import OfflineEngine
from bot.services.search import SearchService
from storage.applications import posting_hash
from storage.database import Database
from storage.models import Application


@pytest.fixture
def engine() -> OfflineEngine:
    return OfflineEngine()


@pytest.fixture
def search(db: Database, engine: OfflineEngine) -> SearchService:
    from bot.generation.local_embedding import LOCAL_EMBEDDING_MODEL

    return SearchService(db, engine, LOCAL_EMBEDDING_MODEL)


async def add_application(
    db: Database,
    user_id: UUID,
    company: str,
    role: str,
    posting: str,
    *,
    engine: Engine | None = None,
    documents: dict[str, str] | None = None,
) -> Application:
    """An application with documents; vectors are stored as the embed job stores them."""
    async with db.as_user(user_id) as uow:
        app = await uow.applications.create(
            company=company,
            role=role,
            posting=posting,
            job_url=None,
            location=None,
            remote=None,
            resume_id=None,
        )
        docs = []
        for kind, content in (documents or {}).items():
            docs.append(
                await uow.documents.add_version(
                    application_id=app.id, document_type=kind, content=content, model="test"
                )
            )
        if engine is not None:
            texts = [f"{role}\n{posting}"] + [d.content for d in docs]
            result = await engine.embed(texts)
            await uow.embeddings.save_for_application(
                app.id, result.model, result.vectors[0], posting_hash(texts[0])
            )
            for doc, vector in zip(docs, result.vectors[1:], strict=True):
                await uow.embeddings.save_for_document(doc.id, result.model, vector)
    return app


def posting(company: str, body: str) -> str:
    return f"{company} is hiring. {body} We offer a friendly team and a fair salary in Europe."
