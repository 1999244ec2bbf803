-- The current schema, part 1 of 4: extension, roles, and the public schema's rights.
-- (sql/schema/ is the present; sql/NNNN.*.sql are the history. See README.md here.)
--
-- Two roles matter. The migrating role (DATABASE_URL; a superuser or BYPASSRLS) owns every
-- object below. The bot logs in as jobforge_bot, which owns nothing, cannot bypass row-level
-- security and can only do what 04-access.sql grants it.

-- pgvector: the vector(1536) columns of job_embeddings and document_embeddings.
CREATE EXTENSION IF NOT EXISTS vector;

-- Roles are cluster-wide, not per database: the role may already exist (another database on
-- the same server, a previous install), so create it only if missing ...
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'jobforge_bot') THEN
        CREATE ROLE jobforge_bot LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE
            NOREPLICATION NOINHERIT;
    END IF;
END
$$;

-- ... and make sure a pre-existing role has no attribute that would defeat RLS.
-- Its password is set by storage/migrations.py (JOBFORGE_APP_DB_PASSWORD), never here.
ALTER ROLE jobforge_bot NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION;

-- Nobody but the owner creates objects; the bot may only look names up.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO jobforge_bot;
