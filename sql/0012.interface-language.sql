-- depends: 0010.user-facts
-- The language of the bot's own texts (buttons, cards, replies) a user chose in /settings.
-- NULL follows the language of their Telegram app (users.language_code): de, de-AT, de-CH
-- read German, anything else English. Documents keep their own output_language.
ALTER TABLE users ADD COLUMN interface_language varchar(8)
    CONSTRAINT users_interface_language_known CHECK (interface_language IN ('en', 'de'));
