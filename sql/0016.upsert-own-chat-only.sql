-- depends: 0015.drop-progress-message
-- jf_upsert_user runs as the owner for any Telegram id: a bot role that could pass any chat id
-- could point another user's digests, reminders and documents at a chat of its choosing. The
-- bot answers private chats only, where the chat id is the user's own id, so the door now
-- accepts only that; everything else it did is unchanged.
CREATE OR REPLACE FUNCTION jf_upsert_user(
    p_telegram_id bigint, p_chat_id bigint, p_display_name text, p_language text
) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    found_id uuid;
BEGIN
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
