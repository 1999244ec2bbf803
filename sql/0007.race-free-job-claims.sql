-- depends: 0005.cheaper-user-upsert
-- jf_claim_jobs enforced "one running job per user" with a NOT EXISTS evaluated in the
-- claiming statement's snapshot, so two workers claiming at the same moment (or one call
-- with p_limit > 1) could start two jobs of the same user. Now each user is claimed under
-- a transaction-scoped advisory lock, and the check runs in a new statement after the
-- lock is held, so it sees every claim committed before. A job whose workers died
-- max_attempts times is failed instead of being claimed forever.
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
