"""Plain data records kept by the Bot API emulator, so tests can inspect what the bot did."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]


class ApiError(Exception):
    """A Telegram error reply; raised inside method handlers and serialised verbatim."""

    def __init__(self, error_code: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(f"{error_code}: {description}")
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    def to_json(self) -> JSON:
        """Telegram's error shape: ok/error_code/description(/parameters)."""
        body: JSON = {"ok": False, "error_code": self.error_code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(detail: str) -> ApiError:
    """Shortcut for Telegram's 400 replies, which all start with "Bad Request: "."""
    return ApiError(400, f"Bad Request: {detail}")


NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


@dataclass(frozen=True)
class Button:
    """One inline keyboard button, flattened for easy assertions."""

    text: str
    callback_data: str | None = None
    url: str | None = None
    row: int = 0
    column: int = 0


@dataclass(frozen=True)
class Document:
    """A file the bot sent, with its bytes so tests can read what was generated."""

    file_id: str
    filename: str
    data: bytes
    mime_type: str | None


@dataclass(frozen=True)
class Revision:
    """A previous state of a message, kept so edit history can be asserted."""

    text: str | None
    entities: list[JSON]
    reply_markup: JSON | None
    at: float


@dataclass
class SentMessage:
    """A message the bot sent into a chat, in its current (possibly edited) state."""

    chat_id: int
    message_id: int
    date: int
    text: str | None = None
    entities: list[JSON] = field(default_factory=list)
    parse_mode: str | None = None
    raw_text: str | None = None
    reply_markup: JSON | None = None
    reply_to_message_id: int | None = None
    document: Document | None = None
    caption: str | None = None
    edits: list[Revision] = field(default_factory=list)
    deleted: bool = False

    @property
    def buttons(self) -> list[Button]:
        """Inline keyboard buttons in reading order (row by row)."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [
            Button(
                text=str(b.get("text", "")),
                callback_data=b.get("callback_data"),
                url=b.get("url"),
                row=r,
                column=c,
            )
            for r, row in enumerate(rows)
            for c, b in enumerate(row)
        ]

    @property
    def documents(self) -> list[Document]:
        """Documents attached to this message (zero or one), as a list for uniform access."""
        return [self.document] if self.document else []

    @property
    def edited(self) -> bool:
        """Whether the bot changed this message after sending it."""
        return bool(self.edits)

    @property
    def content(self) -> str:
        """Text or caption, whichever the message carries."""
        return self.text if self.text is not None else (self.caption or "")


@dataclass(frozen=True)
class Draft:
    """One sendMessageDraft call (Bot API 9.5 streaming preview)."""

    chat_id: int
    draft_id: int
    text: str
    entities: list[JSON]
    at: float = field(default_factory=time.time)


@dataclass(frozen=True)
class CallbackAnswer:
    """One answerCallbackQuery call."""

    callback_query_id: str
    text: str | None
    show_alert: bool
    url: str | None


@dataclass(frozen=True)
class StoredFile:
    """A file the emulator can serve through getFile and the /file/ download route."""

    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    filename: str
    mime_type: str | None
    file_size: int


@dataclass
class RateLimits:
    """Flood-control budgets; Telegram allows about 30 msg/s overall and 1 msg/s per chat."""

    global_per_second: float = 30.0
    global_burst: float = 30.0
    per_chat_per_second: float = 1.0
    per_chat_burst: float = 3.0
    enabled: bool = True
