"""Application services: what the bot does, free of Telegram types."""
