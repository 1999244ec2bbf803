"""One input boundary: every string in an update from Telegram is cleaned once, before
python-telegram-bot builds the `Update` (polling: the getUpdates response; webhook: the
posted body), so no handler, service or SQL statement ever sees a NUL byte or a lone
surrogate (PostgreSQL rejects both: a first name with NUL locked a user out).

Everywhere: NUL and other control characters (not newline or tab) and lone surrogates are
removed, and text is NFC. In names and file names, bidi controls and zero-width characters
are removed too (they can make "exe.pdf" look like "fdp.exe").
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from telegram.error import TelegramError
from telegram.request import HTTPXRequest

NAME_KEYS = frozenset({"first_name", "last_name", "username", "title", "file_name"})
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_NAME_ONLY_RE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad]")


def clean_text(text: str, *, name: str | None = None) -> str:
    cleaned = unicodedata.normalize("NFC", _CONTROL_RE.sub("", text))
    return _NAME_ONLY_RE.sub("", cleaned) if name in NAME_KEYS else cleaned


def clean_incoming(value: Any, key: str | None = None) -> Any:
    """The same JSON with every string cleaned (names more strictly than text)."""
    if isinstance(value, str):
        return clean_text(value, name=key)
    if isinstance(value, dict):
        return {k: clean_incoming(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_incoming(v, key) for v in value]
    return value


class InboundRequest(HTTPXRequest):
    """The getUpdates connection: responses are cleaned before PTB parses updates.

    Invalid JSON is reported without echoing the body (it holds user messages).
    """

    @staticmethod
    def parse_json_payload(payload: bytes) -> dict[str, Any]:
        try:
            parsed = json.loads(payload.decode("utf-8", "replace"))
        except ValueError as exc:
            raise TelegramError(f"Invalid server response ({len(payload)} bytes)") from exc
        cleaned: dict[str, Any] = clean_incoming(parsed)
        return cleaned
