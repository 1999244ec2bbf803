"""Local playground: a Telegram Bot API emulator and a terminal chat to try the bot offline."""

from playground.bot_api import BotApiEmulator
from playground.bot_api_models import ApiError, Button, Document, Draft, RateLimits, SentMessage

__all__ = [
    "ApiError",
    "BotApiEmulator",
    "Button",
    "Document",
    "Draft",
    "RateLimits",
    "SentMessage",
]
