"""'Jobs like this one' and /search over a user's own applications and documents.

Similarity is an exact cosine scan over the user's own vectors (measured in docs/benchmarks.md §3). Search
fuses PostgreSQL full-text ranking with vector similarity by reciprocal rank fusion, so
an exact word match and a paraphrase both surface.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from uuid import UUID

from bot.generation.engine import EmbeddingResult, Engine
from bot.llm.errors import LLMError
from bot.services.problems import InputProblem
from storage.database import Database
from storage.models import SearchHit, SimilarApplication

_log = logging.getLogger(__name__)
RRF_K = 60
MAX_QUERY_CHARS = 200
MIN_VECTOR_SIMILARITY = 0.2


@dataclass(frozen=True)
class SimilarResult:
    ready: bool
    items: list[SimilarApplication]


def reciprocal_rank_fusion(rankings: list[list[UUID]], k: int = RRF_K) -> dict[UUID, float]:
    scores: dict[UUID, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, 1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return scores


class SearchService:
    def __init__(self, db: Database, engine: Engine, embedding_model: str) -> None:
        self._db = db
        self._engine = engine
        self._model = embedding_model

    async def similar(self, user_id: UUID, application_id: UUID, limit: int = 5) -> SimilarResult:
        async with self._db.as_user(user_id) as uow:
            ready = await uow.embeddings.has_application_embedding(application_id, self._model)
            items = (
                await uow.embeddings.similar_applications(application_id, self._model, limit)
                if ready
                else []
            )
        return SimilarResult(ready=ready, items=items)

    async def _embed_query(self, query: str) -> EmbeddingResult | None:
        """The vector half is a bonus: with the embedding API down, words still match."""
        try:
            return await self._engine.embed([query])
        except LLMError as exc:
            _log.warning("search without vectors: %s", exc)
            return None

    async def search(self, user_id: UUID, query: str, limit: int = 8) -> list[SearchHit]:
        query = " ".join(query.split())
        if len(query) < 2:
            raise InputProblem("Send at least one word to search for, e.g. /search kubernetes")
        if len(query) > MAX_QUERY_CHARS:
            raise InputProblem("Keep the search under {limit} characters.", limit=MAX_QUERY_CHARS)
        embedding = await self._embed_query(query)
        async with self._db.as_user(user_id) as uow:
            lexical = await uow.search.full_text(query, limit=20)
            vector = (
                [
                    (app_id, score)
                    for app_id, score in await uow.embeddings.nearest_applications(
                        embedding.vectors[0], embedding.model, limit=20
                    )
                    if score >= MIN_VECTOR_SIMILARITY
                ]
                if embedding is not None
                else []
            )
            fused = reciprocal_rank_fusion([[h[0] for h in lexical], [v[0] for v in vector]])
            snippets = {h[0]: (h[2], h[3]) for h in lexical}
            hits: list[SearchHit] = []
            for app_id, score in sorted(fused.items(), key=lambda kv: (-kv[1], str(kv[0])))[:limit]:
                app = await uow.applications.get(app_id)
                if app is None:
                    continue
                snippet, source = snippets.get(app_id, (app.job_description[:160], "meaning"))
                hits.append(
                    SearchHit(
                        application_id=app_id,
                        company_name=app.company_name,
                        role_title=app.role_title,
                        snippet=" ".join(snippet.split()),
                        score=round(score, 5),
                        matched_in=[source],
                    )
                )
        return hits
