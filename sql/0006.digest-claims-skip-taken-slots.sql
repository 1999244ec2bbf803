-- depends: 0005.cheaper-user-upsert
-- jf_claim_due_digests picked the oldest due users first and only then found their slot
-- already taken (ON CONFLICT DO NOTHING). While `p_limit` or more digests were in flight or
-- waiting for a retry, every call returned nothing and the other due users were starved.
-- Users whose current slot already has a delivery row are now left out of the candidates.
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
