-- The current schema, part 3 of 4: triggers, and the functions the bot calls.
--
-- Each function appears once, in its current version. In the history some were replaced:
-- jf_upsert_user (0004 -> 0005), jf_claim_due_digests (0004 -> 0006) and jf_claim_jobs
-- (0004 -> 0007); the 0004 texts of those three are superseded, read these instead.
--
-- Two kinds of function:
-- * trigger functions run as the user who changed the row (the bot, under RLS);
-- * the jf_* "doors" are SECURITY DEFINER: they run as the owner, who bypasses RLS, for the
--   work that has no user context yet (finding a user by Telegram id) or spans users
--   (worker, scheduler, inbox). Each is narrow, pins its search_path, is revoked from
--   PUBLIC and granted to jobforge_bot alone.
-- jf_current_user_id, which the RLS policies read, is in 04-access.sql next to them.


-- =======================================================================================
-- Triggers
-- =======================================================================================

-- updated_at follows every UPDATE, whoever writes it.
CREATE OR REPLACE FUNCTION jf_touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

CREATE TRIGGER touch_users BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION jf_touch_updated_at();
CREATE TRIGGER touch_user_resumes BEFORE UPDATE ON user_resumes
    FOR EACH ROW EXECUTE FUNCTION jf_touch_updated_at();
CREATE TRIGGER touch_applications BEFORE UPDATE ON applications
    FOR EACH ROW EXECUTE FUNCTION jf_touch_updated_at();
CREATE TRIGGER touch_documents BEFORE UPDATE ON documents
    FOR EACH ROW EXECUTE FUNCTION jf_touch_updated_at();
CREATE TRIGGER touch_generation_jobs BEFORE UPDATE ON generation_jobs
    FOR EACH ROW EXECUTE FUNCTION jf_touch_updated_at();
CREATE TRIGGER touch_reminders BEFORE UPDATE ON reminders
    FOR EACH ROW EXECUTE FUNCTION jf_touch_updated_at();
CREATE TRIGGER touch_digest_deliveries BEFORE UPDATE ON digest_deliveries
    FOR EACH ROW EXECUTE FUNCTION jf_touch_updated_at();
CREATE TRIGGER touch_user_facts BEFORE UPDATE ON user_facts
    FOR EACH ROW EXECUTE FUNCTION jf_touch_updated_at();
-- (job_embeddings, document_embeddings, token_usage and update_inbox have no updated_at.)

-- THIS TRIGGER CHANGES STATE that the Python reads back. Whenever a document is inserted,
-- moved or deleted, it recomputes the application's step flags (research_completed,
-- resume_optimized, cover_letter_generated), its status and last_activity_at from the
-- documents that exist; no Python code writes those columns. It runs in the same
-- transaction, so code that adds a document and then re-reads the application sees the
-- flags already flipped:
--   * bot/services/generation.py, the step runner: after uow.documents.add_version(...) it
--     re-reads the application (`refreshed`) and, for "Generate all", queues
--     refreshed.next_step(); request() refuses a step whose predecessor is missing
--     (app.has_step(needed));
--   * storage/models.py, Application.next_step() and has_step() read the flags;
--   * handlers/views (render.py, progress_views.py) show them as ✅ / ▶️ Next.
-- On DELETE it reads OLD, so deleting a document clears its flag (and the later ones).
-- Each flag requires the previous one, so the phase-order CHECKs on applications hold.
CREATE OR REPLACE FUNCTION jf_update_application_phases() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    app_id uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.application_id ELSE NEW.application_id END;
    has_research boolean;
    has_resume boolean;
    has_letter boolean;
BEGIN
    SELECT bool_or(document_type = 'research_report'),
           bool_or(document_type = 'optimized_resume'),
           bool_or(document_type = 'cover_letter')
      INTO has_research, has_resume, has_letter
      FROM documents WHERE application_id = app_id;
    has_research := coalesce(has_research, false);
    has_resume := has_research AND coalesce(has_resume, false);
    has_letter := has_resume AND coalesce(has_letter, false);
    UPDATE applications SET
        research_completed = has_research,
        resume_optimized = has_resume,
        cover_letter_generated = has_letter,
        status = CASE
            WHEN has_letter THEN 'cover_letter_ready'
            WHEN has_resume THEN 'resume_ready'
            WHEN has_research THEN 'research_complete'
            ELSE 'draft'
        END::application_status_type,
        last_activity_at = now()
    WHERE id = app_id;
    RETURN NULL;
END
$$;

CREATE TRIGGER documents_update_phases
    AFTER INSERT OR UPDATE OF document_type, application_id OR DELETE ON documents
    FOR EACH ROW EXECUTE FUNCTION jf_update_application_phases();


-- =======================================================================================
-- Users: the doors used before there is a user context
-- =======================================================================================

-- Creates or refreshes the user for a Telegram id and returns its uuid; called on every
-- update. Writes only when something changed (or the user had blocked the bot and is back,
-- which clears blocked_at), so the common case is a single index lookup.
CREATE OR REPLACE FUNCTION jf_upsert_user(
    p_telegram_id bigint, p_chat_id bigint, p_display_name text, p_language text
) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    found_id uuid;
BEGIN
    -- Private chats only: the chat is the user's own (0016), so no caller can point another
    -- user's messages at a chat of its choosing.
    IF p_chat_id IS DISTINCT FROM p_telegram_id THEN
        RAISE EXCEPTION 'a user''s chat is their own private chat' USING ERRCODE = '22023';
    END IF;
    SELECT id INTO found_id FROM users
     WHERE telegram_id = p_telegram_id AND chat_id = p_chat_id
       AND display_name = left(coalesce(p_display_name, ''), 255)
       AND language_code IS NOT DISTINCT FROM coalesce(left(p_language, 16), language_code)
       AND blocked_at IS NULL;
    IF found_id IS NOT NULL THEN
        RETURN found_id;
    END IF;
    INSERT INTO users AS u (telegram_id, chat_id, display_name, language_code)
    VALUES (p_telegram_id, p_chat_id, left(coalesce(p_display_name, ''), 255),
            left(p_language, 16))
    ON CONFLICT (telegram_id) DO UPDATE
        SET chat_id = EXCLUDED.chat_id,
            display_name = EXCLUDED.display_name,
            language_code = coalesce(EXCLUDED.language_code, u.language_code),
            blocked_at = NULL
    RETURNING u.id INTO found_id;
    RETURN found_id;
END
$$;
REVOKE ALL ON FUNCTION jf_upsert_user(bigint, bigint, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION jf_upsert_user(bigint, bigint, text, text) TO jobforge_bot;

-- Looks a user up without creating one (webhook/callback of an unknown user).
CREATE OR REPLACE FUNCTION jf_find_user(p_telegram_id bigint) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT id FROM users WHERE telegram_id = p_telegram_id $$;
REVOKE ALL ON FUNCTION jf_find_user(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION jf_find_user(bigint) TO jobforge_bot;


-- =======================================================================================
-- The work queue (generation_jobs): claiming jobs, and announcing finished ones
-- =======================================================================================

-- Claims runnable jobs for a worker: queued and due, or running with an expired lease (a
-- worker died). At most one running job per user, so one user's backlog cannot starve the
-- others. Each user is claimed under a transaction-scoped advisory lock and the "nothing
-- running" check is repeated in a new statement once the lock is held, so two workers
-- claiming at the same moment (or one call with p_limit > 1) cannot start two jobs of the
-- same user. A job whose workers died max_attempts times is failed instead of being
-- claimed forever (and then announced by jf_claim_unnotified_jobs).
CREATE OR REPLACE FUNCTION jf_claim_jobs(p_worker text, p_lease_s integer, p_limit integer)
RETURNS TABLE (job_id uuid, user_id uuid)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    cand record;
    locked uuid;
    claimed integer := 0;
BEGIN
    IF p_limit <= 0 THEN
        RETURN;
    END IF;

    UPDATE generation_jobs g
       SET status = 'failed', finished_at = now(), locked_until = NULL,
           error_retryable = false,
           last_error = 'The worker stopped while running this step, '
                        || g.attempts || ' times. Please try again.'
     WHERE g.status = 'running' AND g.locked_until < now() AND g.attempts >= g.max_attempts;

    -- Each user's oldest runnable job, for users with no job running (as far as this
    -- snapshot knows), oldest first: one user's backlog cannot crowd out another user.
    FOR cand IN
        SELECT c.id, c.user_id FROM (
            SELECT DISTINCT ON (j.user_id) j.id, j.user_id, j.run_after
              FROM generation_jobs j
             WHERE ((j.status = 'queued' AND j.run_after <= now())
                    OR (j.status = 'running' AND j.locked_until < now()))
               AND NOT EXISTS (
                   SELECT 1 FROM generation_jobs r
                    WHERE r.user_id = j.user_id AND r.id <> j.id
                      AND r.status = 'running' AND r.locked_until >= now())
             ORDER BY j.user_id, j.run_after, j.created_at
        ) c
        ORDER BY c.run_after
        LIMIT p_limit + 16
    LOOP
        -- One claimer per user at a time, until our transaction ends.
        CONTINUE WHEN NOT pg_try_advisory_xact_lock(
            hashtext('jf_claim_jobs'), hashtext(cand.user_id::text));
        -- New statements, new snapshot: claims committed before we got the lock count.
        CONTINUE WHEN EXISTS (
            SELECT 1 FROM generation_jobs r
             WHERE r.user_id = cand.user_id AND r.id <> cand.id
               AND r.status = 'running' AND r.locked_until >= now());
        locked := NULL;
        SELECT g.id INTO locked
          FROM generation_jobs g
         WHERE g.id = cand.id
           AND ((g.status = 'queued' AND g.run_after <= now())
                OR (g.status = 'running' AND g.locked_until < now()))
           FOR UPDATE SKIP LOCKED;
        CONTINUE WHEN locked IS NULL;
        UPDATE generation_jobs g
           SET status = 'running',
               attempts = g.attempts + 1,
               locked_by = left(p_worker, 128),
               locked_until = now() + make_interval(secs => p_lease_s)
         WHERE g.id = locked;
        job_id := locked;
        user_id := cand.user_id;
        RETURN NEXT;
        claimed := claimed + 1;
        EXIT WHEN claimed >= p_limit;
    END LOOP;
END
$$;
REVOKE ALL ON FUNCTION jf_claim_jobs(text, integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION jf_claim_jobs(text, integer, integer) TO jobforge_bot;

-- A process can die after a step's document is committed but before the user is told, and
-- jf_claim_jobs fails jobs whose workers keep dying. Such finished, unannounced jobs are
-- claimed here (with a short lease) and announced again. Jobs nobody needs to hear about
-- (embeddings, jobs without a chat) are just marked notified.
CREATE OR REPLACE FUNCTION jf_claim_unnotified_jobs(p_limit integer, p_lease_s integer)
RETURNS TABLE (job_id uuid, user_id uuid)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    -- Nothing to announce for background embeddings or jobs without a chat.
    UPDATE generation_jobs g SET notified = true
     WHERE g.status IN ('done', 'failed') AND NOT g.notified
       AND (g.kind = 'embed' OR g.chat_id IS NULL);

    RETURN QUERY
    WITH due AS (
        SELECT g.id FROM generation_jobs g
         WHERE g.status IN ('done', 'failed') AND NOT g.notified
           AND g.finished_at < now() - interval '20 seconds'
           AND (g.locked_until IS NULL OR g.locked_until < now())
         ORDER BY g.finished_at
         LIMIT greatest(p_limit, 0)
         FOR UPDATE SKIP LOCKED
    )
    UPDATE generation_jobs g SET locked_until = now() + make_interval(secs => p_lease_s)
      FROM due WHERE g.id = due.id
    RETURNING g.id, g.user_id;
END
$$;
REVOKE ALL ON FUNCTION jf_claim_unnotified_jobs(integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION jf_claim_unnotified_jobs(integer, integer) TO jobforge_bot;


-- =======================================================================================
-- The scheduler: digests and reminders
-- =======================================================================================

-- Claims users whose digest is due. The digest_deliveries row (unique per user and slot) is
-- the claim: a second scheduler finds it taken; an expired claim (crash before the send) is
-- taken again first, so a restart never skips a digest. Users whose current slot already
-- has a delivery row are left out of the candidates, so in-flight or retrying digests
-- cannot use up p_limit and starve the other due users.
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
           AND NOT EXISTS (
               SELECT 1 FROM digest_deliveries t
                WHERE t.user_id = u.id AND t.due_at = u.next_digest_at)
         ORDER BY u.next_digest_at
         LIMIT greatest(p_limit, 0)
         FOR UPDATE OF u SKIP LOCKED
    ), claimed AS (
        INSERT INTO digest_deliveries (user_id, due_at, claimed_until)
        SELECT due.id, due.next_digest_at, now() + make_interval(secs => p_lease_s) FROM due
        ON CONFLICT ON CONSTRAINT digest_deliveries_once DO NOTHING
        RETURNING digest_deliveries.id, digest_deliveries.user_id, digest_deliveries.due_at
    )
    SELECT c.id, c.user_id, c.due_at FROM claimed c;
END
$$;
REVOKE ALL ON FUNCTION jf_claim_due_digests(integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION jf_claim_due_digests(integer, integer) TO jobforge_bot;

-- Claims due reminders with a lease; an expired lease (crash before sending) is reclaimed.
-- Users who blocked the bot get none.
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
REVOKE ALL ON FUNCTION jf_claim_due_reminders(integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION jf_claim_due_reminders(integer, integer) TO jobforge_bot;


-- =======================================================================================
-- The update inbox (update_inbox): the bot has no grant on the table, only these doors
-- =======================================================================================

-- Records a batch (a getUpdates result or one webhook body) and answers, per update,
-- whether it is a duplicate of one already processed, and whether it is new here (fresh).
-- An update id seen before with a different content is a new update (Telegram picks new
-- ids at random after a week of silence). A fresh update is stored with its first attempt
-- counted (0018): the recording process runs it at once, without a jf_inbox_claim.
CREATE OR REPLACE FUNCTION jf_inbox_record(p_bot bigint, p_updates jsonb)
RETURNS TABLE (update_id bigint, duplicate boolean, fresh boolean)
    LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    WITH incoming AS (
        SELECT DISTINCT ON ((u ->> 'update_id')::bigint)
               (u ->> 'update_id')::bigint AS update_id,
               sha256(convert_to(u::text, 'UTF8')) AS fingerprint,
               u AS payload
          FROM jsonb_array_elements(p_updates) AS u
         WHERE jsonb_typeof(u -> 'update_id') = 'number'
         ORDER BY (u ->> 'update_id')::bigint
    ), stored AS (
        INSERT INTO update_inbox AS i (bot_id, update_id, fingerprint, payload, attempts)
        SELECT p_bot, n.update_id, n.fingerprint, n.payload, 1 FROM incoming n
        ON CONFLICT (bot_id, update_id) DO UPDATE
            SET fingerprint = EXCLUDED.fingerprint, payload = EXCLUDED.payload,
                attempts = 1, received_at = now(), done_at = NULL
          WHERE i.fingerprint <> EXCLUDED.fingerprint
        RETURNING i.update_id
    )
    -- the final SELECT sees the table as it was before this statement
    SELECT n.update_id,
           s.update_id IS NULL AND EXISTS (
               SELECT 1 FROM update_inbox d
                WHERE d.bot_id = p_bot AND d.update_id = n.update_id
                  AND d.done_at IS NOT NULL),
           s.update_id IS NOT NULL
      FROM incoming n LEFT JOIN stored s ON s.update_id = n.update_id
$$;
REVOKE ALL ON FUNCTION jf_inbox_record(bigint, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION jf_inbox_record(bigint, jsonb) TO jobforge_bot;

-- Counts one processing attempt. 'run': go ahead; 'done': already processed (skip);
-- 'give_up': this update failed p_max_attempts times (it is closed, payload dropped);
-- 'unknown': never recorded (processed without the inbox's guarantees).
CREATE OR REPLACE FUNCTION jf_inbox_claim(p_bot bigint, p_update_id bigint, p_max_attempts integer)
RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    UPDATE update_inbox SET attempts = attempts + 1
     WHERE bot_id = p_bot AND update_id = p_update_id
       AND done_at IS NULL AND attempts < p_max_attempts;
    IF FOUND THEN
        RETURN 'run';
    END IF;
    UPDATE update_inbox SET done_at = now(), payload = NULL
     WHERE bot_id = p_bot AND update_id = p_update_id AND done_at IS NULL;
    IF FOUND THEN
        RETURN 'give_up';
    END IF;
    IF EXISTS (SELECT 1 FROM update_inbox WHERE bot_id = p_bot AND update_id = p_update_id) THEN
        RETURN 'done';
    END IF;
    RETURN 'unknown';
END
$$;
REVOKE ALL ON FUNCTION jf_inbox_claim(bigint, bigint, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION jf_inbox_claim(bigint, bigint, integer) TO jobforge_bot;

-- Marks updates processed: the row stays as a tombstone, its content is dropped.
CREATE OR REPLACE FUNCTION jf_inbox_finish(p_bot bigint, p_update_ids bigint[])
RETURNS integer
    LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    WITH closed AS (
        UPDATE update_inbox SET done_at = now(), payload = NULL
         WHERE bot_id = p_bot AND update_id = ANY(p_update_ids) AND done_at IS NULL
        RETURNING 1
    )
    SELECT count(*)::integer FROM closed
$$;
REVOKE ALL ON FUNCTION jf_inbox_finish(bigint, bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION jf_inbox_finish(bigint, bigint[]) TO jobforge_bot;

-- The updates a dead process left unfinished, oldest first, for replay on start.
CREATE OR REPLACE FUNCTION jf_inbox_unfinished(p_bot bigint, p_limit integer)
RETURNS TABLE (update_id bigint, payload jsonb)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT i.update_id, i.payload FROM update_inbox i
     WHERE i.bot_id = p_bot AND i.done_at IS NULL
     ORDER BY i.update_id
     LIMIT greatest(p_limit, 0)
$$;
REVOKE ALL ON FUNCTION jf_inbox_unfinished(bigint, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION jf_inbox_unfinished(bigint, integer) TO jobforge_bot;

-- Deletes tombstones older than p_keep_s seconds (no payload; ids and times only).
CREATE OR REPLACE FUNCTION jf_inbox_prune(p_keep_s integer)
RETURNS integer
    LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    WITH gone AS (
        DELETE FROM update_inbox
         WHERE done_at IS NOT NULL AND done_at < now() - make_interval(secs => p_keep_s)
        RETURNING 1
    )
    SELECT count(*)::integer FROM gone
$$;
REVOKE ALL ON FUNCTION jf_inbox_prune(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION jf_inbox_prune(integer) TO jobforge_bot;
