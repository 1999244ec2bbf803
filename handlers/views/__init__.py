"""Views: every text and keyboard the bot shows (no Telegram calls, no services)."""
