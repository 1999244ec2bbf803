-- depends: 0003.row-level-security
-- What the bot role may do, and the narrow SECURITY DEFINER doors for work that has no
-- user context yet (finding a user by Telegram id) or spans users (worker, scheduler).

GRANT SELECT, UPDATE, DELETE ON users TO jobforge_bot;
GRANT SELECT, INSERT, UPDATE, DELETE ON user_resumes, applications, documents,
    job_embeddings, document_embeddings, generation_jobs, reminders, digest_deliveries
    TO jobforge_bot;
GRANT SELECT, INSERT ON token_usage TO jobforge_bot;
GRANT EXECUTE ON FUNCTION jf_current_user_id() TO jobforge_bot;

-- Creates or refreshes the user for a Telegram id and returns its uuid. A user who had
-- blocked the bot and writes again is no longer marked blocked.
CREATE OR REPLACE FUNCTION jf_upsert_user(
    p_telegram_id bigint, p_chat_id bigint, p_display_name text, p_language text
) RETURNS uuid
    LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    INSERT INTO users AS u (telegram_id, chat_id, display_name, language_code)
    VALUES (p_telegram_id, p_chat_id, left(coalesce(p_display_name, ''), 255),
            left(p_language, 16))
    ON CONFLICT (telegram_id) DO UPDATE
        SET chat_id = EXCLUDED.chat_id,
            display_name = EXCLUDED.display_name,
            language_code = coalesce(EXCLUDED.language_code, u.language_code),
            blocked_at = NULL
    RETURNING u.id
$$;

-- Looks a user up without creating one (webhook/callback of an unknown user).
CREATE OR REPLACE FUNCTION jf_find_user(p_telegram_id bigint) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT id FROM users WHERE telegram_id = p_telegram_id $$;

-- Claims runnable jobs: queued and due, or running with an expired lease (a worker died).
-- SKIP LOCKED lets any number of workers share the queue without blocking each other.
CREATE OR REPLACE FUNCTION jf_claim_jobs(p_worker text, p_lease_s integer, p_limit integer)
RETURNS TABLE (job_id uuid, user_id uuid)
    LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    WITH candidates AS (
        SELECT j.id
          FROM generation_jobs j
         WHERE ((j.status = 'queued' AND j.run_after <= now())
                OR (j.status = 'running' AND j.locked_until < now()))
           -- one running job per user, so one user's many requests cannot starve others
           AND NOT EXISTS (
               SELECT 1 FROM generation_jobs r
                WHERE r.user_id = j.user_id AND r.id <> j.id
                  AND r.status = 'running' AND r.locked_until >= now())
         ORDER BY j.run_after
         LIMIT greatest(p_limit, 0)
         FOR UPDATE SKIP LOCKED
    )
    UPDATE generation_jobs g
       SET status = 'running',
           attempts = g.attempts + 1,
           locked_by = left(p_worker, 128),
           locked_until = now() + make_interval(secs => p_lease_s)
      FROM candidates c
     WHERE g.id = c.id
    RETURNING g.id, g.user_id
$$;

-- Claims users whose digest is due. The digest_deliveries row (unique per user and slot)
-- is the claim: a second scheduler finds it taken; an expired claim (crash before the
-- send) is taken again, so a restart never skips a digest.
CREATE OR REPLACE FUNCTION jf_claim_due_digests(p_limit integer, p_lease_s integer)
RETURNS TABLE (delivery_id uuid, user_id uuid, due_at timestamptz)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    RETURN QUERY
    WITH retry AS (
        SELECT d.id FROM digest_deliveries d
         WHERE d.status = 'claimed' AND d.claimed_until < now()
         ORDER BY d.claimed_until
         LIMIT greatest(p_limit, 0)
         FOR UPDATE SKIP LOCKED
    )
    UPDATE digest_deliveries d
       SET claimed_until = now() + make_interval(secs => p_lease_s),
           attempts = d.attempts + 1
      FROM retry r
     WHERE d.id = r.id
    RETURNING d.id, d.user_id, d.due_at;

    RETURN QUERY
    WITH due AS (
        SELECT u.id, u.next_digest_at
          FROM users u
         WHERE u.digest_frequency <> 'off' AND u.blocked_at IS NULL
           AND u.next_digest_at IS NOT NULL AND u.next_digest_at <= now()
         ORDER BY u.next_digest_at
         LIMIT greatest(p_limit, 0)
         FOR UPDATE SKIP LOCKED
    ), claimed AS (
        INSERT INTO digest_deliveries (user_id, due_at, claimed_until)
        SELECT due.id, due.next_digest_at, now() + make_interval(secs => p_lease_s) FROM due
        ON CONFLICT ON CONSTRAINT digest_deliveries_once DO NOTHING
        RETURNING digest_deliveries.id, digest_deliveries.user_id, digest_deliveries.due_at
    )
    SELECT c.id, c.user_id, c.due_at FROM claimed c;
END
$$;

-- Claims due reminders with a lease; an expired lease (crash before sending) is reclaimed.
CREATE OR REPLACE FUNCTION jf_claim_due_reminders(p_limit integer, p_lease_s integer)
RETURNS TABLE (reminder_id uuid, user_id uuid)
    LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    WITH due AS (
        SELECT r.id FROM reminders r
         WHERE r.status = 'pending' AND r.due_at <= now()
           AND (r.claimed_until IS NULL OR r.claimed_until < now())
           AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = r.user_id AND u.blocked_at IS NOT NULL)
         ORDER BY r.due_at
         LIMIT greatest(p_limit, 0)
         FOR UPDATE SKIP LOCKED
    )
    UPDATE reminders r SET claimed_until = now() + make_interval(secs => p_lease_s)
      FROM due WHERE r.id = due.id
    RETURNING r.id, r.user_id
$$;

REVOKE ALL ON FUNCTION jf_upsert_user(bigint, bigint, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION jf_find_user(bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION jf_claim_jobs(text, integer, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION jf_claim_due_digests(integer, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION jf_claim_due_reminders(integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION jf_upsert_user(bigint, bigint, text, text) TO jobforge_bot;
GRANT EXECUTE ON FUNCTION jf_find_user(bigint) TO jobforge_bot;
GRANT EXECUTE ON FUNCTION jf_claim_jobs(text, integer, integer) TO jobforge_bot;
GRANT EXECUTE ON FUNCTION jf_claim_due_digests(integer, integer) TO jobforge_bot;
GRANT EXECUTE ON FUNCTION jf_claim_due_reminders(integer, integer) TO jobforge_bot;
