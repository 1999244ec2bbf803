"""No user content or secret in the logs, at any level.

Third-party loggers that write request and response bodies at DEBUG (python-telegram-bot
logs whole updates, httpx logs Bot API URLs that contain the token, the OpenAI client logs
prompts) are held at INFO or WARNING even when the bot runs at DEBUG; SQL errors are
logged without their bound parameters (`hide_parameters` in storage.database); and any
record that still carries a bot token is redacted by the handler filter.
"""

from __future__ import annotations

import logging
import re

TOKEN_RE = re.compile(r"\b\d{5,}:[A-Za-z0-9_-]{30,}\b")
_PAYLOAD_LOGGERS = {
    "telegram": logging.INFO,
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "hpack": logging.WARNING,
    "openai": logging.INFO,
    "aiohttp.access": logging.WARNING,
    "aiohttp.server": logging.INFO,
    "asyncpg": logging.INFO,
    "sqlalchemy.engine": logging.WARNING,
    "apscheduler": logging.WARNING,
    "yoyo": logging.WARNING,
    "telegram.ext.Updater": logging.WARNING,
}


class TokenRedactor(logging.Filter):
    """Replaces anything shaped like a bot token in a record's message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if TOKEN_RE.search(message):
            record.msg, record.args = TOKEN_RE.sub("<bot-token>", message), None
        return True


def quiet_payload_loggers() -> None:
    """Hold the loggers that write payloads at a level where they do not."""
    for name, floor in _PAYLOAD_LOGGERS.items():
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET or logger.level < floor:
            logger.setLevel(floor)


def configure_logging(level: str | int) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:
        handler.addFilter(TokenRedactor())
    quiet_payload_loggers()
