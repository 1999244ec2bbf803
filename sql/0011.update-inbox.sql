-- depends: 0010.user-facts
-- The durable inbox: every update from Telegram is recorded here before it is acknowledged
-- (polling: before the next getUpdates carries the higher offset; webhook: before the 200),
-- and marked done after it was processed. Updates recorded but not done when the process
-- died are replayed on the next start; a done row stays as a tombstone without its payload
-- for a day (Telegram redelivers an unacknowledged update for up to 24 h), so a redelivery
-- is recognised and dropped.
--
-- System data, not one user's content: the bot role gets no grant on the table (RLS is
-- forced and no policy exists, so even a granted role would see nothing) and works only
-- through the narrow SECURITY DEFINER functions below. The payload (message text) lives
-- only while the update is unfinished.
CREATE TABLE update_inbox (
    bot_id      bigint NOT NULL,          -- update ids are per bot token
    update_id   bigint NOT NULL,
    fingerprint bytea NOT NULL,           -- sha256 of the update: a redelivery is identical
    payload     jsonb,                    -- NULL once done
    attempts    smallint NOT NULL DEFAULT 0,
    received_at timestamptz NOT NULL DEFAULT now(),
    done_at     timestamptz,
    PRIMARY KEY (bot_id, update_id),
    CONSTRAINT update_inbox_done_has_no_payload CHECK (done_at IS NULL OR payload IS NULL),
    CONSTRAINT update_inbox_open_has_payload CHECK (done_at IS NOT NULL OR payload IS NOT NULL)
);
CREATE INDEX idx_update_inbox_open ON update_inbox (bot_id, update_id) WHERE done_at IS NULL;
CREATE INDEX idx_update_inbox_done ON update_inbox (done_at) WHERE done_at IS NOT NULL;

ALTER TABLE update_inbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE update_inbox FORCE ROW LEVEL SECURITY;

-- Records a batch (a getUpdates result or one webhook body) and answers, per update,
-- whether it is a duplicate of one already processed, and whether it is new here (fresh).
-- An update id seen before with a different content is a new update (Telegram picks new
-- ids at random after a week of silence).
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
        INSERT INTO update_inbox AS i (bot_id, update_id, fingerprint, payload)
        SELECT p_bot, n.update_id, n.fingerprint, n.payload FROM incoming n
        ON CONFLICT (bot_id, update_id) DO UPDATE
            SET fingerprint = EXCLUDED.fingerprint, payload = EXCLUDED.payload,
                attempts = 0, received_at = now(), done_at = NULL
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

REVOKE ALL ON FUNCTION jf_inbox_record(bigint, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION jf_inbox_claim(bigint, bigint, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION jf_inbox_finish(bigint, bigint[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION jf_inbox_unfinished(bigint, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION jf_inbox_prune(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION jf_inbox_record(bigint, jsonb) TO jobforge_bot;
GRANT EXECUTE ON FUNCTION jf_inbox_claim(bigint, bigint, integer) TO jobforge_bot;
GRANT EXECUTE ON FUNCTION jf_inbox_finish(bigint, bigint[]) TO jobforge_bot;
GRANT EXECUTE ON FUNCTION jf_inbox_unfinished(bigint, integer) TO jobforge_bot;
GRANT EXECUTE ON FUNCTION jf_inbox_prune(integer) TO jobforge_bot;
