-- depends: 0007.race-free-job-claims
-- A process can die after a step's document is committed but before the user is told,
-- and a job can be failed by jf_claim_jobs when its workers keep dying. Such finished,
-- unannounced jobs are claimed here (with a short lease) and announced again.
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
