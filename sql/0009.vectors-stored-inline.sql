-- depends: 0008.notification-sweep
-- A 1536-dim vector is ~6 KB, so PostgreSQL moved it out of line (TOAST) and every
-- similarity scan paid a detour per row. Stored inline (still fits a page), the exact
-- per-user scan was 5x faster in bench/similar. Applies to rows written from now on;
-- re-embedding rewrites older ones.
ALTER TABLE job_embeddings ALTER COLUMN embedding SET STORAGE PLAIN;
ALTER TABLE document_embeddings ALTER COLUMN embedding SET STORAGE PLAIN;
