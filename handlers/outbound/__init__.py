"""Outbound delivery: what the bot sends on its own (worker results, digests, reminders),
long texts split for Telegram, and the rate limiter every Bot API call passes through."""
