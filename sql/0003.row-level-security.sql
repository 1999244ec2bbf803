-- depends: 0002.core-tables
-- ENABLE + FORCE on every user-owned table; one fail-closed policy on the row's own
-- user id. `(SELECT jf_current_user_id())` is an initPlan: read once per statement.

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY users_own_row ON users FOR ALL TO jobforge_bot
    USING (id = (SELECT jf_current_user_id()))
    WITH CHECK (id = (SELECT jf_current_user_id()));

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['user_resumes', 'applications', 'documents', 'job_embeddings',
                             'document_embeddings', 'generation_jobs', 'reminders',
                             'digest_deliveries', 'token_usage']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY %I ON %I FOR ALL TO jobforge_bot '
            'USING (user_id = (SELECT jf_current_user_id())) '
            'WITH CHECK (user_id = (SELECT jf_current_user_id()))',
            t || '_own_rows', t);
    END LOOP;
END
$$;
