-- Extensions and the bot's login role.
-- The migrating role owns every object; the bot logs in as jobforge_bot, which owns
-- nothing, cannot bypass RLS and only receives the grants in 0004.
CREATE EXTENSION IF NOT EXISTS vector;

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'jobforge_bot') THEN
        CREATE ROLE jobforge_bot LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE
            NOREPLICATION NOINHERIT;
    END IF;
END
$$;

-- Roles are cluster-wide; make sure a pre-existing role has no dangerous attributes.
ALTER ROLE jobforge_bot NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION;

REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO jobforge_bot;

-- Reads the per-transaction user context once per statement (wrapped in a scalar
-- sub-select by every policy). Empty or missing context yields NULL: no rows match.
CREATE OR REPLACE FUNCTION jf_current_user_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT NULLIF(current_setting('app.current_user_id', true), '')::uuid $$;

CREATE OR REPLACE FUNCTION jf_touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;
