-- depends: 0017.interview-and-stage-dates
-- An update recorded for the first time is processed by the process that recorded it, right
-- away: counting that first attempt when recording saves a transaction per update
-- (jf_inbox_claim is then only needed for replays after a crash). Give-up semantics are
-- unchanged: record = attempt 1, each replay's claim one more.
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
