"""Full-text search over a user's own applications and documents (the lexical half of
hybrid search; the vector half is in storage.embeddings)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection


class SearchRepository:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def full_text(self, query: str, limit: int = 20) -> list[tuple[UUID, float, str, str]]:
        """(application id, rank, snippet, where it matched), best first."""
        rows = await self._conn.execute(
            text(
                "WITH q AS (SELECT websearch_to_tsquery('english', :q) AS tsq),"
                " hits AS ("
                "  SELECT a.id AS app_id, ts_rank(a.search_tsv, q.tsq) AS rank,"
                "   ts_headline('english', a.job_description, q.tsq,"
                "     'MaxWords=18, MinWords=6, StartSel=«, StopSel=»') AS snippet,"
                "   'posting' AS source"
                "  FROM applications a, q WHERE a.search_tsv @@ q.tsq"
                "  UNION ALL"
                "  SELECT d.application_id, ts_rank(d.search_tsv, q.tsq),"
                "   ts_headline('english', d.content, q.tsq,"
                "     'MaxWords=18, MinWords=6, StartSel=«, StopSel=»'),"
                "   d.document_type::text"
                "  FROM documents d, q WHERE d.is_current AND d.search_tsv @@ q.tsq"
                " )"
                " SELECT DISTINCT ON (app_id) app_id, rank, snippet, source FROM hits"
                " ORDER BY app_id, rank DESC"
            ),
            {"q": query},
        )
        hits = [(r[0], float(r[1]), str(r[2]), str(r[3])) for r in rows]
        hits.sort(key=lambda h: (-h[1], str(h[0])))
        return hits[:limit]
