-- depends: 0004.grants-and-functions
-- Every update calls jf_upsert_user; only write when something changed (or the user had
-- blocked the bot and is back), so the common case is a single index lookup.
CREATE OR REPLACE FUNCTION jf_upsert_user(
    p_telegram_id bigint, p_chat_id bigint, p_display_name text, p_language text
) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    found_id uuid;
BEGIN
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
