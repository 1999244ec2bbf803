"""Vectors of job descriptions and documents, and exact per-user similarity.

Vectors are zero-padded to the column width (1536), which keeps cosine distance, and are
only compared with vectors of the same model. Search is an exact scan of one user's rows
through the (user_id, model) index: exact, and no cross-tenant leakage (measured in docs/benchmarks.md §3).
"""

from __future__ import annotations

from uuid import UUID

from pgvector.sqlalchemy import VECTOR
from sqlalchemy import bindparam, text
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.models import SimilarApplication

VECTOR_WIDTH = 1536


def pad(vector: list[float]) -> list[float]:
    if len(vector) > VECTOR_WIDTH:
        raise ValueError(f"embedding has {len(vector)} dims; the column holds {VECTOR_WIDTH}")
    return list(vector) + [0.0] * (VECTOR_WIDTH - len(vector))


_VEC = bindparam("vec", type_=VECTOR(VECTOR_WIDTH))


class EmbeddingRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def save_for_application(
        self, application_id: UUID, model: str, vector: list[float], content_sha256: str
    ) -> None:
        await self._conn.execute(
            text(
                "INSERT INTO job_embeddings (user_id, application_id, model, dims,"
                " content_sha256, embedding) VALUES ((SELECT jf_current_user_id()), :app,"
                " :model, :dims, :sha, :vec) ON CONFLICT (application_id, model) DO UPDATE"
                " SET embedding = EXCLUDED.embedding, dims = EXCLUDED.dims,"
                " content_sha256 = EXCLUDED.content_sha256, created_at = now()"
            ).bindparams(_VEC),
            {
                "app": application_id,
                "model": model,
                "dims": len(vector),
                "sha": content_sha256,
                "vec": pad(vector),
            },
        )

    async def save_for_document(self, document_id: UUID, model: str, vector: list[float]) -> None:
        await self._conn.execute(
            text(
                "INSERT INTO document_embeddings (user_id, document_id, model, dims, embedding)"
                " VALUES ((SELECT jf_current_user_id()), :doc, :model, :dims, :vec)"
                " ON CONFLICT (document_id, model) DO UPDATE"
                " SET embedding = EXCLUDED.embedding, dims = EXCLUDED.dims, created_at = now()"
            ).bindparams(_VEC),
            {"doc": document_id, "model": model, "dims": len(vector), "vec": pad(vector)},
        )

    async def has_application_embedding(self, application_id: UUID, model: str) -> bool:
        row = (
            await self._conn.execute(
                text("SELECT 1 FROM job_embeddings WHERE application_id = :a AND model = :m"),
                {"a": application_id, "m": model},
            )
        ).first()
        return row is not None

    async def similar_applications(
        self, application_id: UUID, model: str, limit: int = 5
    ) -> list[SimilarApplication]:
        rows = await self._conn.execute(
            text(
                "SELECT a.id, a.company_name, a.role_title,"
                " 1 - (e.embedding <=> q.embedding) AS similarity"
                " FROM job_embeddings q"
                " JOIN job_embeddings e ON e.user_id = q.user_id AND e.model = q.model"
                "  AND e.application_id <> q.application_id"
                " JOIN applications a ON a.id = e.application_id"
                " WHERE q.application_id = :app AND q.model = :model"
                " ORDER BY e.embedding <=> q.embedding, a.id LIMIT :limit"
            ),
            {"app": application_id, "model": model, "limit": limit},
        )
        return [SimilarApplication(r[0], r[1], r[2], round(float(r[3]), 4)) for r in rows]

    async def nearest_applications(
        self, vector: list[float], model: str, limit: int = 20
    ) -> list[tuple[UUID, float]]:
        """Applications ranked by the best of their posting's and documents' similarity."""
        rows = await self._conn.execute(
            text(
                "SELECT application_id, max(similarity) AS s FROM ("
                " SELECT application_id, 1 - (embedding <=> :vec) AS similarity"
                "  FROM job_embeddings WHERE model = :model"
                " UNION ALL"
                " SELECT d.application_id, 1 - (de.embedding <=> :vec)"
                "  FROM document_embeddings de JOIN documents d ON d.id = de.document_id"
                "  WHERE de.model = :model AND d.is_current"
                ") x GROUP BY application_id ORDER BY s DESC, application_id LIMIT :limit"
            ).bindparams(_VEC),
            {"vec": pad(vector), "model": model, "limit": limit},
        )
        return [(r[0], float(r[1])) for r in rows]

    async def documents_missing_embedding(
        self, application_id: UUID, model: str
    ) -> list[tuple[UUID, str]]:
        """Current documents of an application that have no vector of this model yet."""
        rows = await self._conn.execute(
            text(
                "SELECT d.id, d.content FROM documents d WHERE d.application_id = :app"
                " AND d.is_current AND NOT EXISTS (SELECT 1 FROM document_embeddings e"
                " WHERE e.document_id = d.id AND e.model = :model) ORDER BY d.created_at"
            ),
            {"app": application_id, "model": model},
        )
        return [(r[0], str(r[1])) for r in rows]
