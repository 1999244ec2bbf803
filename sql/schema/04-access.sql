-- The current schema, part 4 of 4: who sees which rows. Row-level security and the bot
-- role's table grants.
--
-- Every table has RLS ENABLEd and FORCEd: FORCE makes it apply to the table owner too, so
-- only the SECURITY DEFINER doors of 03-functions.sql (run by an owner who is a superuser or
-- has BYPASSRLS, checked by storage/migrations.py) see across users. The bot's connections
-- set app.current_user_id per transaction (storage/database.py, Database.as_user); each
-- policy is fail-closed on it: no context, no rows.

-- The per-transaction user context. Empty or missing yields NULL, which matches no row.
-- Every policy wraps it in a scalar sub-select, `(SELECT jf_current_user_id())`, which the
-- planner runs once per statement (an initPlan) instead of once per row.
CREATE OR REPLACE FUNCTION jf_current_user_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT NULLIF(current_setting('app.current_user_id', true), '')::uuid $$;
GRANT EXECUTE ON FUNCTION jf_current_user_id() TO jobforge_bot;


-- users: a user sees and changes only their own row. No INSERT grant: users are created
-- by jf_upsert_user.
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY users_own_row ON users FOR ALL TO jobforge_bot
    USING (id = (SELECT jf_current_user_id()))
    WITH CHECK (id = (SELECT jf_current_user_id()));
GRANT SELECT, UPDATE, DELETE ON users TO jobforge_bot;

-- Every other user-owned table: the row's user_id is the current user, for reading
-- (USING) and for writing (WITH CHECK, so no row can be written for someone else).
ALTER TABLE user_resumes ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_resumes FORCE ROW LEVEL SECURITY;
CREATE POLICY user_resumes_own_rows ON user_resumes FOR ALL TO jobforge_bot
    USING (user_id = (SELECT jf_current_user_id()))
    WITH CHECK (user_id = (SELECT jf_current_user_id()));
GRANT SELECT, INSERT, UPDATE, DELETE ON user_resumes TO jobforge_bot;

ALTER TABLE applications ENABLE ROW LEVEL SECURITY;
ALTER TABLE applications FORCE ROW LEVEL SECURITY;
CREATE POLICY applications_own_rows ON applications FOR ALL TO jobforge_bot
    USING (user_id = (SELECT jf_current_user_id()))
    WITH CHECK (user_id = (SELECT jf_current_user_id()));
GRANT SELECT, INSERT, UPDATE, DELETE ON applications TO jobforge_bot;

ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE documents FORCE ROW LEVEL SECURITY;
CREATE POLICY documents_own_rows ON documents FOR ALL TO jobforge_bot
    USING (user_id = (SELECT jf_current_user_id()))
    WITH CHECK (user_id = (SELECT jf_current_user_id()));
GRANT SELECT, INSERT, UPDATE, DELETE ON documents TO jobforge_bot;

ALTER TABLE job_embeddings ENABLE ROW LEVEL SECURITY;
ALTER TABLE job_embeddings FORCE ROW LEVEL SECURITY;
CREATE POLICY job_embeddings_own_rows ON job_embeddings FOR ALL TO jobforge_bot
    USING (user_id = (SELECT jf_current_user_id()))
    WITH CHECK (user_id = (SELECT jf_current_user_id()));
GRANT SELECT, INSERT, UPDATE, DELETE ON job_embeddings TO jobforge_bot;

ALTER TABLE document_embeddings ENABLE ROW LEVEL SECURITY;
ALTER TABLE document_embeddings FORCE ROW LEVEL SECURITY;
CREATE POLICY document_embeddings_own_rows ON document_embeddings FOR ALL TO jobforge_bot
    USING (user_id = (SELECT jf_current_user_id()))
    WITH CHECK (user_id = (SELECT jf_current_user_id()));
GRANT SELECT, INSERT, UPDATE, DELETE ON document_embeddings TO jobforge_bot;

ALTER TABLE generation_jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE generation_jobs FORCE ROW LEVEL SECURITY;
CREATE POLICY generation_jobs_own_rows ON generation_jobs FOR ALL TO jobforge_bot
    USING (user_id = (SELECT jf_current_user_id()))
    WITH CHECK (user_id = (SELECT jf_current_user_id()));
GRANT SELECT, INSERT, UPDATE, DELETE ON generation_jobs TO jobforge_bot;

ALTER TABLE reminders ENABLE ROW LEVEL SECURITY;
ALTER TABLE reminders FORCE ROW LEVEL SECURITY;
CREATE POLICY reminders_own_rows ON reminders FOR ALL TO jobforge_bot
    USING (user_id = (SELECT jf_current_user_id()))
    WITH CHECK (user_id = (SELECT jf_current_user_id()));
GRANT SELECT, INSERT, UPDATE, DELETE ON reminders TO jobforge_bot;

ALTER TABLE digest_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE digest_deliveries FORCE ROW LEVEL SECURITY;
CREATE POLICY digest_deliveries_own_rows ON digest_deliveries FOR ALL TO jobforge_bot
    USING (user_id = (SELECT jf_current_user_id()))
    WITH CHECK (user_id = (SELECT jf_current_user_id()));
GRANT SELECT, INSERT, UPDATE, DELETE ON digest_deliveries TO jobforge_bot;

-- token_usage is append-only for the bot: usage once recorded is not edited or deleted
-- (it is deleted with the user, by the cascade from users).
ALTER TABLE token_usage ENABLE ROW LEVEL SECURITY;
ALTER TABLE token_usage FORCE ROW LEVEL SECURITY;
CREATE POLICY token_usage_own_rows ON token_usage FOR ALL TO jobforge_bot
    USING (user_id = (SELECT jf_current_user_id()))
    WITH CHECK (user_id = (SELECT jf_current_user_id()));
GRANT SELECT, INSERT ON token_usage TO jobforge_bot;

ALTER TABLE user_facts ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_facts FORCE ROW LEVEL SECURITY;
CREATE POLICY user_facts_own_rows ON user_facts FOR ALL TO jobforge_bot
    USING (user_id = (SELECT jf_current_user_id()))
    WITH CHECK (user_id = (SELECT jf_current_user_id()));
GRANT SELECT, INSERT, UPDATE, DELETE ON user_facts TO jobforge_bot;

-- update_inbox is system data, not one user's: RLS is forced and there is deliberately no
-- policy and no grant, so the bot role sees nothing even if it were granted the table; it
-- works only through the jf_inbox_* doors.
ALTER TABLE update_inbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE update_inbox FORCE ROW LEVEL SECURITY;
